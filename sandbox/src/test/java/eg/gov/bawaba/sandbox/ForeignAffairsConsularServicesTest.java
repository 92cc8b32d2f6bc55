package eg.gov.bawaba.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.ConnectorErrorHandling;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.soap.SoapApplicationDelivery;
import eg.gov.bawaba.connectors.soap.SoapCatalogueConnector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Talks SOAP to the simulated Ministry of Foreign Affairs, by hand and through the hub's own SOAP connector. */
class ForeignAffairsConsularServicesTest {

    private static final String USER = "consular-test";
    private static final String PASSWORD = "pa55-" + System.nanoTime();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ENVELOPE = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
              <soap:Header>%s</soap:Header>
              <soap:Body>
                <cs:ListConsularServices xmlns:cs="http://www.mfa.gov.eg/ws/consular/2019">%s</cs:ListConsularServices>
              </soap:Body>
            </soap:Envelope>
            """;

    private static SandboxEntities sandbox;

    @BeforeAll
    static void start() {
        sandbox = SandboxEntities.start(0, Optional::empty,
                () -> Optional.of(new UsernameTokenCheck.Credentials(USER, PASSWORD)));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void publishesTheHandWrittenWsdlWithTheAddressItIsReallyServedAt() throws Exception {
        HttpResponse<String> wsdl = HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl() + "?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("ListConsularServices").contains("consularService")
                .contains("location=\"" + serviceUrl() + "\"");
    }

    @Test
    void listsEveryActiveServiceInTheMinistrysOwnXmlShape() throws Exception {
        HttpResponse<String> response = call(token(USER, PASSWORD), "<cs:status>ACTIVE</cs:status>");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("ListConsularServicesResponse")
                .contains("count=\"" + ForeignAffairsMappingTest.records().size() + "\"")
                .contains("categoryCode=\"PSP\"")
                .contains("تجديد جواز السفر المصري بالخارج");
    }

    @Test
    void filtersByCategoryCodeWhenAsked() throws Exception {
        HttpResponse<String> response = call(token(USER, PASSWORD), "<cs:categoryCode>CIV</cs:categoryCode>");

        assertThat(response.body()).contains("count=\"2\"").contains("BIRTH-REG-01").contains("MARR-REG-01")
                .doesNotContain("PSP-RENEW-01");
    }

    @Test
    void refusesACallWithoutAUsernameToken() throws Exception {
        HttpResponse<String> response = call("", "");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("FailedAuthentication").doesNotContain("consularService ");
    }

    @Test
    void refusesAWrongPassword() throws Exception {
        HttpResponse<String> response = call(token(USER, PASSWORD + "x"), "");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("FailedAuthentication");
    }

    @Test
    void answersAnUnknownStatusWithAClientFault() throws Exception {
        HttpResponse<String> response = call(token(USER, PASSWORD), "<cs:status>MAYBE</cs:status>");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("soap:Client").contains("Unknown status 'MAYBE'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void followingTheDefinitionTheHubsSoapConnectorReadsEveryService() throws Exception {
        SoapCatalogueConnector kind = new SoapCatalogueConnector();
        EntityDefinitionLoader loader = new EntityDefinitionLoader(EntityConfig.directory(),
                text -> text.replace("${FOREIGN_AFFAIRS_WSDL:http://127.0.0.1:8091/foreign-affairs/consular-services?wsdl}",
                        serviceUrl() + "?wsdl"), List.of(kind), List.of(new SoapApplicationDelivery()));
        CatalogueFeed feed = loader.load(EntityConfig.directory().resolve("foreign-affairs.yaml")).catalogue();
        Properties secrets = new Properties();
        secrets.setProperty(ForeignAffairsConsularServices.USER, USER);
        secrets.setProperty(ForeignAffairsConsularServices.PASSWORD, PASSWORD);

        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setInitialProperties(secrets);
            camel.addRoutes(new ConnectorErrorHandling());
            camel.addRoutes(kind);
            camel.start();
            TemplatedRouteBuilder.builder(camel, kind.templateId()).routeId("foreign-affairs-catalogue-fetch")
                    .parameters(kind.templateParameters("foreign-affairs", feed.connector())).add();

            List<JsonNode> records = camel.createProducerTemplate()
                    .requestBody("direct:foreign-affairs-catalogue-fetch", null, List.class);

            assertThat(records).hasSameSizeAs(ForeignAffairsMappingTest.records());
            assertThat(feed.mapping().map(records, kind.sourceProtocol(), java.time.Instant.now()).quarantined())
                    .isEmpty();
        }
    }

    private static String serviceUrl() {
        return sandbox.baseUrl() + ForeignAffairsConsularServices.PATH;
    }

    private static String token(String user, String password) {
        return """
                <wsse:Security soap:mustUnderstand="1"
                    xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
                  <wsse:UsernameToken>
                    <wsse:Username>%s</wsse:Username>
                    <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">%s</wsse:Password>
                  </wsse:UsernameToken>
                </wsse:Security>""".formatted(user, password);
    }

    private static HttpResponse<String> call(String header, String parameters) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"http://www.mfa.gov.eg/ws/consular/2019/ListConsularServices\"")
                .POST(HttpRequest.BodyPublishers.ofString(ENVELOPE.formatted(header, parameters)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
