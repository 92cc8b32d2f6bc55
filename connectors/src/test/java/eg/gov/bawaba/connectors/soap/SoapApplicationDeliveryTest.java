package eg.gov.bawaba.connectors.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.DeliveryFailures;
import eg.gov.bawaba.connectors.definition.ApplicationsFeed;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.definition.InvalidEntityDefinitionException;
import eg.gov.bawaba.mappings.MappingDefinitionException;
import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.apache.camel.Exchange;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.headers.Header;
import org.apache.cxf.staxutils.StaxUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * Delivery kind soap: its parameter schema, the template parameters it derives, how it builds the request from the
 * application mapping's result, reads the entity's reference, and which faults refuse an application for good.
 */
class SoapApplicationDeliveryTest {

    private static final String NS = "http://www.mfa.gov.eg/ws/consular/2019";
    private static final Path REAL = Path.of("..", "config", "entities");
    private static final Path SANDBOX_WSDL =
            Path.of("..", "sandbox", "src", "main", "resources", "foreign-affairs", "consular-services.wsdl");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SoapApplicationDelivery delivery = new SoapApplicationDelivery();
    private final DefaultCamelContext camel = new DefaultCamelContext();

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
        loader = new EntityDefinitionLoader(entities, text -> text.replaceAll("\\$\\{([^:}]+):([^}]*)}", "$2"),
                List.of(new SoapCatalogueConnector()), List.of(delivery));
    }

    @AfterEach
    void closeCamel() throws Exception {
        camel.close();
    }

    @Test
    void theDemoDefinitionDeliversApplicationsOverSoap() throws IOException {
        Files.copy(REAL.resolve("foreign-affairs.yaml"), entities.resolve("foreign-affairs.yaml"));

        ApplicationsFeed feed = loader.load(entities.resolve("foreign-affairs.yaml")).applications();

        assertThat(feed.connectorKind()).isEqualTo("soap");
        assertThat(delivery.parameterSchema()).isEqualTo("/schema/connectors/soap-applications.schema.json");
        assertThat(delivery.templateParameters("foreign-affairs", feed.connector()))
                .containsEntry("wsdl", "http://127.0.0.1:8091/foreign-affairs/consular-services?wsdl")
                .containsEntry("operation", "SubmitConsularApplication")
                .containsEntry("referenceElement", "reference")
                .containsEntry("authType", "ws-security")
                .containsEntry("usernameEnv", "FOREIGN_AFFAIRS_USER")
                .containsEntry("secretEnv", "FOREIGN_AFFAIRS_PASSWORD")
                .containsEntry("timeoutMillis", "5000");
    }

    @Test
    void fillsDefaultsAndConvertsTheTimeout() throws Exception {
        Map<String, Object> p = delivery.templateParameters("consular", JSON.readTree("""
                {"kind":"soap","wsdl":" https://soap.mfa.gov.eg/consular?wsdl ","operation":"SubmitConsularApplication",
                 "timeout":"2s","consumers":3,"circuitBreaker":{"openFor":"2m"}}
                """));

        assertThat(p).containsEntry("wsdl", "https://soap.mfa.gov.eg/consular?wsdl")
                .containsEntry("operation", "SubmitConsularApplication")
                .containsEntry("address", "").containsEntry("service", "").containsEntry("port", "")
                .containsEntry("referenceElement", "reference")
                .containsEntry("authType", "none").containsEntry("usernameEnv", "").containsEntry("secretEnv", "")
                .containsEntry("timeoutMillis", "2000")
                .containsEntry("consumers", "3")
                // the breaker is the hub's to bind from the definition, not a template parameter
                .doesNotContainKeys("circuitBreaker", "openForMillis");
    }

    @Test
    void refusesADefinitionWithoutOperationOrWithCatalogueOnlyFieldsNamingThem() throws IOException {
        InvalidEntityDefinitionException e = invalid("""
                connector:
                  kind: soap
                  wsdl: "https://soap.mfa.gov.eg/consular?wsdl"
                  recordElement: consularService
                  referenceElement: "cs:reference"
                  auth: {type: ws-security, usernameEnv: MFA_USER}
                  timeout: soon
                """);

        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).contains("applications.connector").contains("operation"))
                .anySatisfy(p -> assertThat(p).contains("applications.connector").contains("recordElement"))
                .anySatisfy(p -> assertThat(p).contains("applications.connector.referenceElement"))
                .anySatisfy(p -> assertThat(p).contains("applications.connector.auth").contains("secretEnv"))
                .anySatisfy(p -> assertThat(p).contains("applications.connector.timeout"));
    }

    @Test
    void anObjectBecomesTheOperationsElementWithEscapedValuesInTheSchemasNamespace() throws Exception {
        Element input = SoapApplicationCall.requestElement("""
                {"requestId": "a-1", "serviceCode": "PSP-RENEW-01", "note": null,
                 "applicant": {"nationalId": "29001011234567",
                               "fullName": [{"@lang": "ar", "_text": "أحمد"}, {"@lang": "en", "_text": "Ahmed <&> Aly"}]},
                 "formField": [{"@name": "deliveryByPost", "_text": "true"}], "copies": 2}
                """);

        Element request = SoapDeliveryBinding.name(input, new QName(NS, "SubmitConsularApplication"), true);
        String xml = StaxUtils.toString(request);

        assertThat(request.getNamespaceURI()).isEqualTo(NS);
        assertThat(request.getLocalName()).isEqualTo("SubmitConsularApplication");
        assertThat(request.getElementsByTagNameNS(NS, "nationalId").item(0).getTextContent()).isEqualTo("29001011234567");
        Element english = (Element) request.getElementsByTagNameNS(NS, "fullName").item(1);
        assertThat(english.getAttribute("lang")).isEqualTo("en");
        assertThat(english.getTextContent()).isEqualTo("Ahmed <&> Aly");
        assertThat(xml).contains("Ahmed &lt;&amp;&gt; Aly").contains(">أحمد<").doesNotContain("note")
                .contains(">2<").contains("name=\"deliveryByPost\"");
        assertThat(request.getElementsByTagNameNS(NS, "formField").getLength()).isEqualTo(1);
    }

    @Test
    void anUnqualifiedSchemaKeepsTheChildrenOutOfTheNamespace() {
        Element input = SoapApplicationCall.requestElement("{\"requestId\": \"a-1\"}");

        Element request = SoapDeliveryBinding.name(input, new QName(NS, "Submit"), false);

        assertThat(request.getNamespaceURI()).isEqualTo(NS);
        Element child = (Element) request.getFirstChild();
        assertThat(child.getLocalName()).isEqualTo("requestId");
        assertThat(child.getNamespaceURI()).isNull();
    }

    @Test
    void anXmlStringIsSentAsItIs() {
        Element request = SoapApplicationCall.requestElement("""
                 <cs:SubmitConsularApplication xmlns:cs="%s"><cs:requestId>a-1</cs:requestId></cs:SubmitConsularApplication>
                """.formatted(NS));

        assertThat(request.getNamespaceURI()).isEqualTo(NS);
        assertThat(request.getTextContent()).isEqualTo("a-1");
    }

    @Test
    void aRequestThatCannotBeBuiltIsDeadLetteredWithoutCallingTheEntity() {
        for (String mapped : new String[] {"<cs:Submit xmlns:cs='urn:x'>", "{\"bad name\": 1}", "[1, 2]",
                "just text", "{\"matrix\": [[1]]}"}) {
            Exchange exchange = exchange(mapped);

            new SoapApplicationCall("reference").prepareRequest(exchange);

            assertThat(exchange.getProperty(DeliveryFailures.OUTCOME)).as(mapped).isEqualTo("DEAD_LETTER");
            assertThat(exchange.getProperty(DeliveryFailures.FAILURE, String.class)).as(mapped)
                    .startsWith("the application mapping's request cannot be sent");
        }
    }

    @Test
    void aFailingMappingIsDeadLetteredUnlessItRanOutOfTime() {
        Exchange broken = exchangeFailedWith(new MappingDefinitionException(
                "application mapping of entity 'foreign-affairs' returned nothing"));
        new SoapApplicationCall("reference").unmappable(broken);
        assertThat(broken.getProperty(DeliveryFailures.OUTCOME)).isEqualTo("DEAD_LETTER");
        assertThat(broken.getProperty(DeliveryFailures.FAILURE, String.class)).contains("returned nothing");

        Exchange slow = exchangeFailedWith(new MappingDefinitionException(
                "application mapping of entity 'foreign-affairs' failed: Expression evaluation timeout"));
        new SoapApplicationCall("reference").unmappable(slow);
        assertThat(slow.getProperty(DeliveryFailures.OUTCOME)).isEqualTo("RETRY");
    }

    @Test
    void theRequestCarriesTheApplicationIdAsIdempotencyKeyAndNoOtherHeader() {
        Exchange exchange = exchange("{\"requestId\": \"app-42\"}");
        exchange.getIn().setHeader("JMSMessageID", "ID:broker-1");
        exchange.getIn().setHeader("CamelHttpUri", "http://elsewhere.example");

        new SoapApplicationCall("reference").prepareRequest(exchange);

        assertThat(exchange.getProperty(DeliveryFailures.OUTCOME)).isEqualTo("ACCEPTED");
        assertThat(exchange.getIn().getHeaders()).containsOnlyKeys("Idempotency-Key")
                .containsEntry("Idempotency-Key", "app-42");
        assertThat(exchange.getIn().getBody()).isInstanceOf(CxfPayload.class);
    }

    @Test
    void theReferenceIsTheFirstElementWithItsNameAtAnyDepth() throws Exception {
        Exchange exchange = exchange(null);
        List<Source> body = new ArrayList<>();
        body.add(new DOMSource(parse("""
                <cs:SubmitConsularApplicationResponse xmlns:cs="%s">
                  <cs:receipt><cs:reference> MFA-2026-000042 </cs:reference></cs:receipt>
                </cs:SubmitConsularApplicationResponse>""".formatted(NS)).getDocumentElement()));
        exchange.getIn().setBody(new CxfPayload<Header>(new ArrayList<>(), body, null));

        new SoapApplicationCall("reference").takeReference(exchange);

        assertThat(exchange.getProperty(ApplicationConnector.ENTITY_REFERENCE)).isEqualTo("MFA-2026-000042");
    }

    @Test
    void onlyClientAndSenderFaultsRejectTheApplication() {
        assertThat(classify(new SoapFaultException(Soap11.getInstance().getSender(), "serviceCode is required")))
                .isEqualTo("REJECTED");
        Exchange rejected = exchangeFailedWith(new SoapFaultException(Soap11.getInstance().getSender(),
                "Unknown consular service 'VISA-01'"));
        DeliveryFailures.classify(rejected);
        assertThat(rejected.getProperty(ApplicationConnector.REJECTION_REASON))
                .isEqualTo("SOAP fault soap:Client: Unknown consular service 'VISA-01'");
        assertThat(classify(new SoapFaultException(Soap12.getInstance().getSender(), "bad"))).isEqualTo("REJECTED");
        assertThat(classify(new SoapFaultException(new QName(SoapFaultException.SOAP_11_ENVELOPE, "Client.Form"),
                "missing field"))).isEqualTo("REJECTED");

        assertThat(classify(new SoapFaultException(Soap11.getInstance().getReceiver(), "database down")))
                .isEqualTo("RETRY");
        assertThat(classify(new SoapFaultException(Soap12.getInstance().getReceiver(), "busy"))).isEqualTo("RETRY");
        // our credentials, not the application: retried (and dead-lettered after maxAttempts), never rejected
        assertThat(classify(new SoapFaultException(new QName(SoapCredentials.WSSE, "FailedAuthentication", "wsse"),
                "The security token could not be authenticated"))).isEqualTo("RETRY");
        assertThat(classify(new DeliveryFailures.EntityDeliveryException(
                "HTTP 401 Unauthorized without a SOAP fault from http://127.0.0.1:9/consular"))).isEqualTo("RETRY");
        assertThat(classify(new org.apache.cxf.interceptor.Fault(new ConnectException("Connection refused"))))
                .isEqualTo("RETRY");
    }

    @Test
    void anHttpErrorWithoutAFaultIsRetriedNotRejected() throws Exception {
        Exchange exchange = exchange(null);
        exchange.setException(new org.apache.cxf.interceptor.Fault(new org.apache.cxf.transport.http.HTTPException(
                401, "Unauthorized", new java.net.URL("http://127.0.0.1:9/consular"))));

        new SoapDeliveryBinding(new SoapCredentials("none", "", "")).populateExchangeFromCxfResponse(exchange, null, null);

        assertThat(exchange.getException()).isInstanceOf(DeliveryFailures.EntityDeliveryException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("without a SOAP fault");
        assertThat(classify(exchange.getException())).isEqualTo("RETRY");
    }

    @Test
    void theDemoMappingBuildsARequestTheSandboxWsdlAccepts() throws Exception {
        Files.copy(REAL.resolve("foreign-affairs.yaml"), entities.resolve("foreign-affairs.yaml"));
        ApplicationsFeed feed = loader.load(entities.resolve("foreign-affairs.yaml")).applications();
        JsonNode canonical = JSON.readTree("""
                {"applicationId": "0c9d6a52-3f43-4d0a-9a57-bf1f4b0e8f11", "entryId": "foreign-affairs.PSP-RENEW-01",
                 "entryCode": "PSP-RENEW-01", "entityId": "foreign-affairs", "submittedAt": "2026-01-05T09:30:00Z",
                 "applicant": {"nationalId": "29001011234567", "passportNumber": "A12345678",
                               "name": {"ar": "أحمد محمد علي", "en": "Ahmed Mohamed Aly"},
                               "countryOfResidence": "SA", "contact": {"email": "ahmed@example.com"}},
                 "fields": {"passportNumber": "A12345678", "nationalId": "29001011234567",
                            "renewalReason": "EXPIRED", "deliveryByPost": true}}
                """);

        JsonNode mapped = feed.mapping().toEntityRequest(canonical);
        Element request = SoapDeliveryBinding.name(SoapApplicationCall.requestElement(mapped.toString()),
                new QName(NS, "SubmitConsularApplication"), true);

        String xml = StaxUtils.toString(request);
        assertThat(xml).contains("0c9d6a52-3f43-4d0a-9a57-bf1f4b0e8f11").contains("أحمد محمد علي")
                .contains("name=\"renewalReason\">EXPIRED<").contains("name=\"deliveryByPost\">true<")
                .doesNotContain("mobile");
        sandboxSchema().newValidator().validate(new DOMSource(request));
    }

    private static javax.xml.validation.Schema sandboxSchema() throws Exception {
        // the xsd:schema inside the sandbox Ministry's WSDL is the contract the request must meet
        Document wsdl = parse(Files.readString(SANDBOX_WSDL, StandardCharsets.UTF_8));
        Element schema = (Element) wsdl.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "schema").item(0);
        schema.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:cs", NS);
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new StreamSource(new StringReader(StaxUtils.toString(schema))));
    }

    private String classify(Exception failure) {
        Exchange exchange = exchangeFailedWith(failure);
        DeliveryFailures.classify(exchange);
        return exchange.getProperty(DeliveryFailures.OUTCOME, String.class);
    }

    private Exchange exchangeFailedWith(Exception failure) {
        Exchange exchange = exchange(null);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        exchange.setProperty(DeliveryFailures.BREAKER, "no-such-breaker");
        exchange.setProperty(DeliveryFailures.MAX_ATTEMPTS, 5);
        exchange.setProperty(ApplicationConnector.DELIVERY_COUNT, 1);
        return exchange;
    }

    private Exchange exchange(String body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(ApplicationConnector.APPLICATION_ID, "app-42");
        exchange.getIn().setBody(body);
        return exchange;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private InvalidEntityDefinitionException invalid(String applications) throws IOException {
        Path file = entities.resolve("foreign-affairs.yaml");
        Files.writeString(file, """
                id: foreign-affairs
                names: {ar: وزارة الخارجية, en: Ministry of Foreign Affairs}
                applications:
                %s  mapping: foreign-affairs/application.jsonata
                """.formatted(applications.indent(2)), StandardCharsets.UTF_8);
        return catchThrowableOfType(InvalidEntityDefinitionException.class, () -> loader.load(file));
    }
}
