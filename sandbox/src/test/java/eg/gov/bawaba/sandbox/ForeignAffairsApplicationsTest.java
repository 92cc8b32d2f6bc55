package eg.gov.bawaba.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.DeliveryFailures;
import eg.gov.bawaba.connectors.definition.ApplicationsFeed;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.soap.SoapApplicationDelivery;
import eg.gov.bawaba.connectors.soap.SoapCatalogueConnector;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated Ministry of Foreign Affairs' e-application intake (SubmitConsularApplication): by hand over SOAP, with
 * its signed status reports to the hub, and through the hub's own delivery kind soap following the demo definition.
 */
class ForeignAffairsApplicationsTest {

    private static final String USER = "consular-test";
    private static final String PASSWORD = "pa55-" + System.nanoTime();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String NS = "http://www.mfa.gov.eg/ws/consular/2019";
    private static final String YEAR = String.valueOf(Year.now(ZoneOffset.UTC).getValue());
    private static final String CALLBACK_SECRET = "mfa-callback-" + System.nanoTime();

    /** Status reports the simulated Ministry sent to the stand-in hub: path, body and whether the signature held. */
    private static final List<String[]> REPORTS = new CopyOnWriteArrayList<>();
    private static HttpServer server;
    private static HttpServer hub;
    private static AutoCloseable ministry;

    @BeforeAll
    static void start() throws IOException {
        InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        hub.createContext("/callbacks/v1/entities/", exchange -> {
            boolean signed;
            try (InputStream body = exchange.getRequestBody()) {
                String path = exchange.getRequestURI().getRawPath();
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                String timestamp = exchange.getRequestHeaders().getFirst("X-Bawaba-Timestamp");
                signed = timestamp != null && ("sha256=" + hmac(timestamp + ".POST " + path + "." + text))
                        .equals(exchange.getRequestHeaders().getFirst("X-Bawaba-Signature"));
                REPORTS.add(new String[] {path, text, String.valueOf(signed)});
            }
            exchange.sendResponseHeaders(signed ? 204 : 401, -1);
            exchange.close();
        });
        hub.start();
        server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        ministry = ForeignAffairsConsularServices.publish(server,
                () -> Optional.of(new UsernameTokenCheck.Credentials(USER, PASSWORD)),
                () -> "http://127.0.0.1:" + hub.getAddress().getPort(), () -> Optional.of(CALLBACK_SECRET),
                List.of(Duration.ofMillis(200), Duration.ofMillis(600)));
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop(0);
        ministry.close();
        hub.stop(0);
    }

    @Test
    void publishesTheOperationInItsWsdl() throws Exception {
        HttpResponse<String> wsdl = HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl() + "?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(wsdl.body()).contains("SubmitConsularApplication").contains("SubmitConsularApplicationResponse")
                .contains("requestId");
    }

    @Test
    void takesAnApplicationOncePerRequestIdAndAnswersWithItsReference() throws Exception {
        HttpResponse<String> first = submit("req-once", "req-once", application("req-once", "PSP-RENEW-01", true));
        HttpResponse<String> again = submit("req-once", null, application("req-once", "PSP-RENEW-01", true));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String reference = reference(first.body());
        assertThat(reference).matches("MFA-" + YEAR + "-\\d{6}");
        assertThat(reference(again.body())).as("the same application, the same reference").isEqualTo(reference);

        String other = reference(submit("req-other", "req-other", application("req-other", "PSP-RENEW-01", true)).body());
        assertThat(other).isNotEqualTo(reference);
    }

    @Test
    void reportsTheApplicationsProgressToTheHubByItsReference() throws Exception {
        String reference = reference(submit("req-progress", "req-progress",
                application("req-progress", "PSP-RENEW-01", true)).body());
        String path = "/callbacks/v1/entities/foreign-affairs/applications/" + reference + "/status";

        await().atMost(Duration.ofSeconds(30)).until(() -> REPORTS.stream().filter(r -> r[0].equals(path)).count() == 2);
        List<String> statuses = REPORTS.stream().filter(r -> r[0].equals(path))
                .map(r -> status(r[1])).toList();
        assertThat(statuses).containsExactly("IN_REVIEW", "APPROVED");
        assertThat(REPORTS.stream().filter(r -> r[0].equals(path)).map(r -> r[2])).as("signed").containsOnly("true");
    }

    private static String hmac(String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(CALLBACK_SECRET.getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesAMalformedApplicationWithAClientFault() throws Exception {
        assertClientFault(submit("req-bad-1", null, application("req-bad-1", "VISA-01", true)),
                "Unknown consular service 'VISA-01'");
        assertClientFault(submit("req-bad-2", null, application("req-bad-2", "MARR-REG-01", true)),
                "MARR-REG-01 does not take e-applications");
        assertClientFault(submit("req-bad-3", null, application("req-bad-3", "PSP-RENEW-01", false)),
                "formField 'renewalReason' is required");
        assertClientFault(submit("", null, application("", "PSP-RENEW-01", true)), "requestId is required");
        assertClientFault(submit("req-bad-4", "another-key", application("req-bad-4", "PSP-RENEW-01", true)),
                "does not match requestId");
        assertClientFault(submit("req-bad-5", null, application("req-bad-5", "PSP-RENEW-01", true)
                .replace("29001011234567", "123")), "applicant/nationalId");
    }

    @Test
    void refusesAnApplicationWithoutTheUsernameToken() throws Exception {
        HttpResponse<String> response = call(envelope("", application("req-anon", "PSP-RENEW-01", true)), null);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("FailedAuthentication").doesNotContain("reference");
    }

    @Test
    @SuppressWarnings("unchecked")
    void followingTheDefinitionTheHubsSoapDeliveryKindDeliversAnApplication() throws Exception {
        SoapApplicationDelivery kind = new SoapApplicationDelivery();
        EntityDefinitionLoader loader = new EntityDefinitionLoader(EntityConfig.directory(),
                text -> text.replace("${FOREIGN_AFFAIRS_WSDL:http://127.0.0.1:8091/foreign-affairs/consular-services?wsdl}",
                        serviceUrl() + "?wsdl"), List.of(new SoapCatalogueConnector()), List.of(kind));
        ApplicationsFeed feed = loader.load(EntityConfig.directory().resolve("foreign-affairs.yaml")).applications();
        JsonNode canonical = JsonExchange.MAPPER.readTree("""
                {"applicationId": "0c9d6a52-3f43-4d0a-9a57-bf1f4b0e8f11", "entryId": "foreign-affairs.PSP-RENEW-01",
                 "entryCode": "PSP-RENEW-01", "entityId": "foreign-affairs", "submittedAt": "2026-01-05T09:30:00Z",
                 "applicant": {"nationalId": "29001011234567", "passportNumber": "A12345678",
                               "name": {"ar": "أحمد محمد علي", "en": "Ahmed Mohamed Aly"},
                               "countryOfResidence": "SA", "contact": {"phone": "+966501234567"}},
                 "fields": {"passportNumber": "A12345678", "nationalId": "29001011234567",
                            "renewalReason": "PAGES_FULL", "deliveryByPost": false}}
                """);
        Properties secrets = new Properties();
        secrets.setProperty(ForeignAffairsConsularServices.USER, USER);
        secrets.setProperty(ForeignAffairsConsularServices.PASSWORD, PASSWORD);
        List<Map<String, Object>> outcomes = new CopyOnWriteArrayList<>();

        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setInitialProperties(secrets);
            // the hub's queue is not part of this test: "jms" here is a direct endpoint that ignores JMS options
            camel.addComponent("jms", new DirectComponent() {
                @Override
                protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
                        throws Exception {
                    parameters.clear();
                    return super.createEndpoint(uri, remaining, parameters);
                }
            });
            camel.getRegistry().bind("fa-breaker", CircuitBreaker.ofDefaults("fa-breaker"));
            camel.addRoutes(kind);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // the hub's side, as ApplicationDeliverySteps does it: the mapping's result is the body
                    from(ApplicationConnector.PREPARE).process(e -> {
                        e.setProperty(ApplicationConnector.APPLICATION_ID, e.getIn().getBody(String.class));
                        e.getIn().setBody(feed.mapping().toEntityRequest(canonical).toString());
                    });
                    for (String step : new String[] {ApplicationConnector.ACCEPTED, ApplicationConnector.REJECTED,
                            DeliveryFailures.DEAD_LETTER, DeliveryFailures.ATTEMPT_FAILED}) {
                        from(step).process(e -> outcomes.add(Map.of("step", step,
                                "properties", new java.util.HashMap<>(e.getProperties()))));
                    }
                }
            });
            camel.start();
            Map<String, Object> parameters = new java.util.LinkedHashMap<>(
                    kind.templateParameters("foreign-affairs", feed.connector()));
            parameters.put("entityId", "foreign-affairs");
            parameters.put("queue", "applications-foreign-affairs");
            parameters.put("breaker", "fa-breaker");
            parameters.put("maxAttempts", "3");
            TemplatedRouteBuilder.builder(camel, kind.templateId()).routeId("foreign-affairs-applications-deliver")
                    .parameters(parameters).add();

            Exchange done = camel.createProducerTemplate().send("jms:queue:applications-foreign-affairs",
                    e -> e.getIn().setBody("0c9d6a52-3f43-4d0a-9a57-bf1f4b0e8f11"));

            assertThat(done.getException()).isNull();
            assertThat(outcomes).singleElement().satisfies(outcome -> {
                assertThat(outcome.get("step")).isEqualTo(ApplicationConnector.ACCEPTED);
                assertThat(((Map<String, Object>) outcome.get("properties")).get(ApplicationConnector.ENTITY_REFERENCE))
                        .asString().matches("MFA-" + YEAR + "-\\d{6}");
            });
        }
    }

    private static String status(String report) {
        try {
            return JsonExchange.MAPPER.readTree(report).get("status").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + report, e);
        }
    }

    private static void assertClientFault(HttpResponse<String> response, String text) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        assertThat(response.body()).contains("soap:Client").contains(text);
    }

    private static String reference(String responseBody) {
        int start = responseBody.indexOf("reference>") + "reference>".length();
        return responseBody.substring(start, responseBody.indexOf('<', start));
    }

    private static String application(String requestId, String serviceCode, boolean completeForm) {
        return """
                <cs:SubmitConsularApplication xmlns:cs="%s">
                  <cs:requestId>%s</cs:requestId>
                  <cs:serviceCode>%s</cs:serviceCode>
                  <cs:applicant>
                    <cs:nationalId>29001011234567</cs:nationalId>
                    <cs:fullName lang="ar">أحمد محمد علي</cs:fullName>
                    <cs:fullName lang="en">Ahmed Mohamed Aly</cs:fullName>
                    <cs:countryOfResidence>SA</cs:countryOfResidence>
                  </cs:applicant>
                  <cs:formField name="passportNumber">A12345678</cs:formField>
                  <cs:formField name="nationalId">29001011234567</cs:formField>
                  %s
                </cs:SubmitConsularApplication>
                """.formatted(NS, requestId, serviceCode,
                completeForm ? "<cs:formField name=\"renewalReason\">EXPIRED</cs:formField>" : "");
    }

    private static HttpResponse<String> submit(String requestId, String idempotencyKey, String application)
            throws IOException, InterruptedException {
        return call(envelope(token(), application), idempotencyKey);
    }

    private static String envelope(String header, String body) {
        return """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
                  <soap:Header>%s</soap:Header>
                  <soap:Body>%s</soap:Body>
                </soap:Envelope>
                """.formatted(header, body);
    }

    private static String token() {
        return """
                <wsse:Security soap:mustUnderstand="1"
                    xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
                  <wsse:UsernameToken>
                    <wsse:Username>%s</wsse:Username>
                    <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">%s</wsse:Password>
                  </wsse:UsernameToken>
                </wsse:Security>""".formatted(USER, PASSWORD);
    }

    private static HttpResponse<String> call(String envelope, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serviceUrl()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"http://www.mfa.gov.eg/ws/consular/2019/SubmitConsularApplication\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String serviceUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + ForeignAffairsConsularServices.PATH;
    }
}
