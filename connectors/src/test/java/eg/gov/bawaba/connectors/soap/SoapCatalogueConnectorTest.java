package eg.gov.bawaba.connectors.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.connectors.definition.EntityDefinition;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.definition.InvalidEntityDefinitionException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.transport.http.HTTPException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** Connector kind soap: its parameter schema, the template parameters it derives, and how it names what went wrong. */
class SoapCatalogueConnectorTest {

    private static final String NS = "http://www.mfa.gov.eg/ws/consular/2019";
    private static final Path REAL = Path.of("..", "config", "entities");

    private final SoapCatalogueConnector connector = new SoapCatalogueConnector();

    @TempDir
    Path config;
    Path entities;
    EntityDefinitionLoader loader;

    @BeforeEach
    void entitiesFolder() throws IOException {
        entities = Files.createDirectories(config.resolve("entities"));
        Files.createDirectories(entities.resolve("foreign-affairs"));
        for (String file : new String[] {"foreign-affairs/catalogue.jsonata", "foreign-affairs/code-lists.yaml",
                "foreign-affairs/application.jsonata"}) {
            Files.copy(REAL.resolve(file), entities.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        loader = new EntityDefinitionLoader(entities,
                text -> text.replaceAll("\\$\\{([^:}]+):([^}]*)}", "$2"), List.of(connector),
                List.of(new SoapApplicationDelivery()));
    }

    @Test
    void theDemoDefinitionIsAValidSoapDefinition() throws IOException {
        Files.copy(REAL.resolve("foreign-affairs.yaml"), entities.resolve("foreign-affairs.yaml"));

        EntityDefinition definition = loader.load(entities.resolve("foreign-affairs.yaml"));

        assertThat(definition.catalogue().connectorKind()).isEqualTo("soap");
        Map<String, Object> p = connector.templateParameters("foreign-affairs", definition.catalogue().connector());
        assertThat(p).containsEntry("wsdl", "http://127.0.0.1:8091/foreign-affairs/consular-services?wsdl")
                .containsEntry("operation", "ListConsularServices")
                .containsEntry("recordElement", "consularService")
                .containsEntry("authType", "ws-security")
                .containsEntry("usernameEnv", "FOREIGN_AFFAIRS_USER")
                .containsEntry("secretEnv", "FOREIGN_AFFAIRS_PASSWORD")
                .containsEntry("timeoutMillis", "5000");
        assertThat((String) p.get("request")).contains("<cs:status>ACTIVE</cs:status>");
    }

    @Test
    void fillsDefaultsAndConvertsDurations() throws Exception {
        Map<String, Object> p = connector.templateParameters("consular", new ObjectMapper().readTree("""
                {"kind":"soap","wsdl":" https://soap.mfa.gov.eg/consular?wsdl ","operation":"ListConsularServices",
                 "recordElement":"consularService","circuitBreaker":{"openFor":"2m","minimumCalls":10}}
                """));

        assertThat(p).containsEntry("entityId", "consular")
                .containsEntry("wsdl", "https://soap.mfa.gov.eg/consular?wsdl")
                .containsEntry("address", "")
                .containsEntry("service", "")
                .containsEntry("port", "")
                .containsEntry("request", "")
                .containsEntry("authType", "none")
                .containsEntry("timeoutMillis", "10000")
                .containsEntry("retries", "2")
                .containsEntry("minimumCalls", "10")
                .containsEntry("openForMillis", "120000");
    }

    @Test
    void anOperationMayNameItsOwnNamespace() {
        SoapFetchSettings settings = SoapFetchSettings.from(Map.ofEntries(
                Map.entry("operation", "{" + NS + "}ListConsularServices"), Map.entry("timeoutMillis", "1000"),
                Map.entry("retries", "0")));

        assertThat(settings.operationName()).isEqualTo("ListConsularServices");
        assertThat(settings.operationNamespace()).isEqualTo(NS);
    }

    @Test
    void rejectsADefinitionWithoutOperationOrRecordElementNamingTheFields() throws IOException {
        InvalidEntityDefinitionException e = invalid("""
                connector: {kind: soap, wsdl: "https://soap.mfa.gov.eg/consular?wsdl"}
                """);

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("catalogue.connector").contains("operation"))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector").contains("recordElement"));
    }

    @Test
    void rejectsCredentialsWithoutTheVariablesThatHoldThem() throws IOException {
        InvalidEntityDefinitionException e = invalid("""
                connector:
                  kind: soap
                  wsdl: "https://soap.mfa.gov.eg/consular?wsdl"
                  operation: ListConsularServices
                  recordElement: consularService
                  auth: {type: ws-security, usernameEnv: MFA_USER}
                """);

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("catalogue.connector.auth").contains("secretEnv"));
    }

    @Test
    void rejectsAPortWithoutItsNamespaceAndARequestThatIsNotXml() throws IOException {
        InvalidEntityDefinitionException e = invalid("""
                connector:
                  kind: soap
                  wsdl: "https://soap.mfa.gov.eg/consular?wsdl"
                  port: ConsularServicesSoapPort
                  operation: ListConsularServices
                  request: "status=ACTIVE"
                  recordElement: consularService
                  kerberos: true
                """);

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("catalogue.connector.port"))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.request"))
                .anySatisfy(p -> assertThat(p).contains("kerberos"));
    }

    @Test
    void aMalformedRequestFailsTheEntityAtStartNamingTheParameter() {
        assertThatThrownBy(() -> connector.templateParameters("consular", new ObjectMapper().readTree("""
                {"kind":"soap","wsdl":"https://soap.mfa.gov.eg/consular?wsdl","operation":"ListConsularServices",
                 "recordElement":"consularService","request":"<cs:ListConsularServices xmlns:cs='urn:x'>"}
                """)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("request is not well-formed XML");
    }

    @Test
    void faultsAreNamedAsTheEnvelopeWritesThemAndOnlyReceiverFaultsMayPass() {
        SoapFaultException server = new SoapFaultException(Soap11.getInstance().getReceiver(),
                "Registry database unavailable");
        SoapFaultException receiver = new SoapFaultException(Soap12.getInstance().getReceiver(), "busy");
        SoapFaultException refined = new SoapFaultException(
                new QName(SoapFaultException.SOAP_11_ENVELOPE, "Server.Database"), "down");
        SoapFaultException client = new SoapFaultException(Soap11.getInstance().getSender(), "Unknown status");
        SoapFaultException security = new SoapFaultException(new QName(SoapCredentials.WSSE, "FailedAuthentication",
                "wsse"), "The security token could not be authenticated");

        assertThat(server).hasMessage("SOAP fault soap:Server: Registry database unavailable");
        assertThat(server.receiverFault()).isTrue();
        assertThat(receiver.receiverFault()).isTrue();
        assertThat(refined.receiverFault()).isTrue();
        assertThat(client).hasMessage("SOAP fault soap:Client: Unknown status");
        assertThat(client.receiverFault()).isFalse();
        assertThat(security.faultCode()).isEqualTo("wsse:FailedAuthentication");
        assertThat(security.receiverFault()).isFalse();
    }

    @Test
    void anEntitysFaultBecomesASoapFaultExceptionWhileLocalIoErrorsStayRetryable() {
        Exception answered = SoapEntityBinding.translate(new SoapFault("Registry database unavailable",
                Soap11.getInstance().getReceiver()));
        Exception timedOut = new Fault(new SocketTimeoutException("Read timed out"));

        assertThat(answered).isInstanceOf(SoapFaultException.class)
                .hasMessage("SOAP fault soap:Server: Registry database unavailable");
        assertThat(SoapEntityBinding.translate(timedOut)).isSameAs(timedOut);
    }

    @Test
    void anHttpErrorWithoutAFaultKeepsItsStatusSoOnlyServerErrorsAreRetried() throws Exception {
        Exception failure = new Fault(new HTTPException(401, "Unauthorized", new URL("http://127.0.0.1:9/consular")));

        Exception translated = SoapEntityBinding.translate(failure);

        assertThat(translated).isInstanceOf(HttpOperationFailedException.class);
        assertThat(((HttpOperationFailedException) translated).getStatusCode()).isEqualTo(401);
    }

    @Test
    void theUsernameTokenCarriesThePasswordAsTextWithAFreshNonceEachTime() {
        SoapHeader first = SoapCredentials.usernameToken("bawaba", "s3cret");
        SoapHeader second = SoapCredentials.usernameToken("bawaba", "s3cret");

        assertThat(first.isMustUnderstand()).isTrue();
        assertThat(first.getName()).isEqualTo(SoapCredentials.SECURITY);
        Element security = (Element) first.getObject();
        Element password = (Element) security.getElementsByTagNameNS(SoapCredentials.WSSE, "Password").item(0);
        assertThat(password.getTextContent()).isEqualTo("s3cret");
        assertThat(password.getAttribute("Type")).isEqualTo(SoapCredentials.PASSWORD_TEXT);
        assertThat(nonce(first)).isNotBlank().isNotEqualTo(nonce(second));
        assertThat(security.getElementsByTagNameNS(SoapCredentials.WSU, "Created").getLength()).isEqualTo(1);
    }

    private static String nonce(SoapHeader header) {
        return ((Element) header.getObject()).getElementsByTagNameNS(SoapCredentials.WSSE, "Nonce").item(0)
                .getTextContent();
    }

    private InvalidEntityDefinitionException invalid(String catalogue) throws IOException {
        Path file = entities.resolve("foreign-affairs.yaml");
        Files.writeString(file, """
                id: foreign-affairs
                names: {ar: وزارة الخارجية, en: Ministry of Foreign Affairs}
                catalogue:
                %s  mapping: foreign-affairs/catalogue.jsonata
                """.formatted(catalogue.indent(2)), StandardCharsets.UTF_8);
        return catchThrowableOfType(InvalidEntityDefinitionException.class, () -> loader.load(file));
    }
}
