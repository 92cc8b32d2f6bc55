package eg.gov.bawaba.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault switch over real HTTP: each mode and scope faults exactly the part it names. Application requests here
 * are ones the entities refuse (422, soap:Client), so no application is accepted and no status callback goes out.
 */
class SandboxFaultsTest {

    private static final String KEY = "faults-key-" + System.nanoTime();
    private static final String USER = "consular-faults";
    private static final String PASSWORD = "pa55-" + System.nanoTime();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String NS = "http://www.mfa.gov.eg/ws/consular/2019";

    private static SandboxEntities sandbox;

    @BeforeAll
    static void start() {
        sandbox = SandboxEntities.start(0, () -> Optional.of(KEY),
                () -> Optional.of(new UsernameTokenCheck.Credentials(USER, PASSWORD)));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void resetFaults() throws Exception {
        assertThat(send(control("DELETE", "", null)).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutFaultsEveryEntityAnswersAsUsualAndTheSwitchListsThemOk() throws Exception {
        JsonNode faults = json(send(control("GET", "", null)), 200).path("faults");

        assertThat(faults.path("emigration").path("catalogue").path("mode").asText()).isEqualTo("ok");
        assertThat(faults.path("emigration").path("applications").path("mode").asText()).isEqualTo("ok");
        assertThat(faults.path("foreign-affairs").path("catalogue").path("mode").asText()).isEqualTo("ok");
        assertThat(faults.path("foreign-affairs").path("applications").path("mode").asText()).isEqualTo("ok");
        assertThat(faults.path("digital-egypt").path("catalogue").path("mode").asText()).isEqualTo("ok");
        assertThat(faults.path("digital-egypt").has("applications")).isFalse();
        assertThat(faults.has("nosi")).as("a file drop, not served over HTTP").isFalse();
        assertNormal();
    }

    @Test
    void downOnTheApplicationsScopeAnswers503ToApplicationsOnly() throws Exception {
        JsonNode state = json(put("emigration", "{\"mode\":\"down\",\"scope\":\"applications\"}"), 200);
        assertThat(state.path("applications").path("mode").asText()).isEqualTo("down");
        assertThat(state.path("catalogue").path("mode").asText()).isEqualTo("ok");

        HttpResponse<String> application = send(emigrationApplication("app-1"));
        assertThat(application.statusCode()).isEqualTo(503);
        assertThat(application.body()).contains("Service Unavailable");
        assertThat(send(privileges()).statusCode()).isEqualTo(200);
        assertThat(send(digitalEgypt()).statusCode()).isEqualTo(200);
        assertThat(soapFaultCode(send(consular(submitWithoutRequestId(), null)))).isEqualTo("soap:Client");
    }

    @Test
    void errorOnTheCatalogueScopeAnswers500WithAnInternalErrorToTheFeedOnly() throws Exception {
        json(put("emigration", "{\"mode\":\"error\",\"scope\":\"catalogue\"}"), 200);

        JsonNode error = json(send(privileges()), 500);
        assertThat(error.path("error").asText()).isEqualTo("internal");
        assertThat(error.path("message").asText()).contains("NullPointerException");
        assertThat(send(emigrationApplication("app-2")).statusCode()).as("reaches the ministry").isEqualTo(422);
        assertThat(send(digitalEgypt()).statusCode()).isEqualTo(200);
    }

    @Test
    void scopeDefaultsToAllOfTheEntity() throws Exception {
        JsonNode state = json(put("emigration", "{\"mode\":\"error\"}"), 200);
        assertThat(state.path("catalogue").path("mode").asText()).isEqualTo("error");
        assertThat(state.path("applications").path("mode").asText()).isEqualTo("error");

        assertThat(send(privileges()).statusCode()).isEqualTo(500);
        assertThat(send(emigrationApplication("app-3")).statusCode()).isEqualTo(500);
        assertThat(send(digitalEgypt()).statusCode()).as("another entity").isEqualTo(200);
        assertThat(send(consular(list(), null)).statusCode()).as("another entity").isEqualTo(200);
    }

    @Test
    void downOnAnEntityWithACatalogueOnly() throws Exception {
        json(put("digital-egypt", "{\"mode\":\"down\",\"scope\":\"all\"}"), 200);

        assertThat(send(digitalEgypt()).statusCode()).isEqualTo(503);
        assertThat(send(privileges()).statusCode()).isEqualTo(200);
        assertThat(json(send(control("GET", "/digital-egypt", null)), 200).path("catalogue").path("mode").asText())
                .isEqualTo("down");
    }

    @Test
    void slowHoldsTheAnswerPastTheCallersTimeoutWithoutDelayingAnythingElse() throws Exception {
        JsonNode state = json(put("emigration", "{\"mode\":\"slow\",\"scope\":\"catalogue\",\"delaySeconds\":5}"), 200);
        assertThat(state.path("catalogue").path("delaySeconds").asInt()).isEqualTo(5);

        HttpRequest impatient = HttpRequest.newBuilder(privileges().uri()).header("X-Api-Key", KEY)
                .timeout(Duration.ofSeconds(1)).GET().build();
        assertThatThrownBy(() -> send(impatient)).isInstanceOf(HttpTimeoutException.class);
        assertThat(send(emigrationApplication("app-4")).statusCode()).isEqualTo(422);
        assertThat(send(digitalEgypt()).statusCode()).isEqualTo(200);
    }

    @Test
    void slowStillAnswersNormallyOnceTheDelayHasPassed() throws Exception {
        json(put("digital-egypt", "{\"mode\":\"slow\",\"delaySeconds\":1}"), 200);

        long started = System.nanoTime();
        HttpResponse<String> response = send(HttpRequest.newBuilder(digitalEgypt().uri())
                .timeout(Duration.ofSeconds(30)).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"data\"");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void slowIsFifteenSecondsUnlessToldOtherwise() throws Exception {
        JsonNode state = json(put("foreign-affairs", "{\"mode\":\"slow\",\"scope\":\"applications\"}"), 200);

        assertThat(state.path("applications").path("delaySeconds").asInt()).isEqualTo(15);
        assertThatThrownBy(() -> send(consular(submitWithoutRequestId(), Duration.ofSeconds(1))))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(send(consular(list(), null)).statusCode()).isEqualTo(200);
    }

    @Test
    void soapErrorIsAServerFaultForTheOperationsOfItsScopeOnly() throws Exception {
        json(put("foreign-affairs", "{\"mode\":\"error\",\"scope\":\"catalogue\"}"), 200);

        HttpResponse<String> list = send(consular(list(), null));
        assertThat(list.statusCode()).isEqualTo(500);
        assertThat(list.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("xml"));
        assertThat(soapFaultCode(list)).isEqualTo("soap:Server");
        assertThat(soapFaultCode(send(consular(submitWithoutRequestId(), null)))).as("reaches the ministry")
                .isEqualTo("soap:Client");
    }

    @Test
    void soapDownOnOneScopeStillServesTheWsdlButDownOnAllDoesNot() throws Exception {
        json(put("foreign-affairs", "{\"mode\":\"down\",\"scope\":\"applications\"}"), 200);

        assertThat(send(consular(submitWithoutRequestId(), null)).statusCode()).isEqualTo(503);
        assertThat(send(consular(list(), null)).statusCode()).isEqualTo(200);
        assertThat(send(wsdl()).statusCode()).isEqualTo(200);

        json(put("foreign-affairs", "{\"mode\":\"down\"}"), 200);

        assertThat(send(consular(list(), null)).statusCode()).isEqualTo(503);
        assertThat(send(wsdl()).statusCode()).isEqualTo(503);
    }

    @Test
    void aFaultCanBeNarrowedToOneApplication() throws Exception {
        JsonNode state = json(put("emigration", "{\"mode\":\"error\",\"application\":\"poison-1\"}"), 200);
        assertThat(state.path("applications").path("application").asText()).isEqualTo("poison-1");
        assertThat(state.path("catalogue").path("mode").asText()).isEqualTo("ok");

        assertThat(send(emigrationApplication("poison-1")).statusCode()).isEqualTo(500);
        assertThat(send(emigrationApplication("healthy-1")).statusCode()).isEqualTo(422);
        assertThat(send(privileges()).statusCode()).isEqualTo(200);
    }

    @Test
    void okClearsOnlyTheScopeItNames() throws Exception {
        json(put("emigration", "{\"mode\":\"down\"}"), 200);
        JsonNode state = json(put("emigration", "{\"mode\":\"ok\",\"scope\":\"catalogue\"}"), 200);

        assertThat(state.path("catalogue").path("mode").asText()).isEqualTo("ok");
        assertThat(state.path("applications").path("mode").asText()).isEqualTo("down");
        assertThat(send(privileges()).statusCode()).isEqualTo(200);
        assertThat(send(emigrationApplication("app-5")).statusCode()).isEqualTo(503);
    }

    @Test
    void deleteResetsEveryEntityToOk() throws Exception {
        json(put("emigration", "{\"mode\":\"error\"}"), 200);
        json(put("digital-egypt", "{\"mode\":\"down\"}"), 200);
        json(put("foreign-affairs", "{\"mode\":\"slow\",\"delaySeconds\":30}"), 200);

        JsonNode faults = json(send(control("DELETE", "", null)), 200).path("faults");

        faults.forEach(entity -> entity.forEach(part -> assertThat(part.path("mode").asText()).isEqualTo("ok")));
        assertNormal();
    }

    @Test
    void refusesBadInputWithA400AndChangesNothing() throws Exception {
        assertBadRequest(put("nosi", "{\"mode\":\"down\"}"), "unknown entity 'nosi'");
        assertBadRequest(put("nowhere", "{\"mode\":\"down\"}"), "unknown entity");
        assertBadRequest(send(control("GET", "/nowhere", null)), "unknown entity");
        assertBadRequest(put("emigration", "{\"mode\":\"broken\"}"), "unknown mode 'broken'");
        assertBadRequest(put("emigration", "{\"scope\":\"all\"}"), "mode is required");
        assertBadRequest(put("emigration", "{\"mode\":\"down\",\"scope\":\"everything\"}"), "unknown scope");
        assertBadRequest(put("emigration", "mode=down"), "not JSON");
        assertBadRequest(put("emigration", ""), "JSON object");
        assertBadRequest(put("emigration", "[\"down\"]"), "JSON object");
        assertBadRequest(put("emigration", "{\"mode\":\"down\",\"delay\":3}"), "unknown field 'delay'");
        assertBadRequest(put("emigration", "{\"mode\":\"down\",\"delaySeconds\":3}"), "slow only");
        assertBadRequest(put("emigration", "{\"mode\":\"slow\",\"delaySeconds\":0}"), "delaySeconds");
        assertBadRequest(put("emigration", "{\"mode\":\"slow\",\"delaySeconds\":\"3\"}"), "delaySeconds");
        assertBadRequest(put("digital-egypt", "{\"mode\":\"down\",\"scope\":\"applications\"}"), "no applications");
        assertBadRequest(put("emigration", "{\"mode\":\"error\",\"scope\":\"catalogue\",\"application\":\"a\"}"),
                "scope applications");

        JsonNode faults = json(send(control("GET", "", null)), 200).path("faults");
        faults.forEach(entity -> entity.forEach(part -> assertThat(part.path("mode").asText()).isEqualTo("ok")));
        assertNormal();
    }

    @Test
    void answersOnlyItsOwnMethodsAndPaths() throws Exception {
        HttpResponse<String> post = send(control("POST", "", "{}"));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, DELETE");
        assertThat(send(control("DELETE", "/emigration", null)).statusCode()).isEqualTo(405);
        assertThat(json(send(control("GET", "/emigration/extra", null)), 404).path("error").asText())
                .isEqualTo("not_found");
    }

    private static void assertNormal() throws Exception {
        assertThat(send(privileges()).statusCode()).isEqualTo(200);
        assertThat(send(emigrationApplication("app-0")).statusCode()).isEqualTo(422);
        assertThat(send(digitalEgypt()).statusCode()).isEqualTo(200);
        assertThat(send(consular(list(), null)).statusCode()).isEqualTo(200);
        assertThat(soapFaultCode(send(consular(submitWithoutRequestId(), null)))).isEqualTo("soap:Client");
        assertThat(send(wsdl()).statusCode()).isEqualTo(200);
    }

    private static void assertBadRequest(HttpResponse<String> response, String message) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response, 400);
        assertThat(body.path("error").asText()).isEqualTo("bad_request");
        assertThat(body.path("message").asText()).contains(message);
    }

    private static HttpResponse<String> put(String entity, String body) throws Exception {
        return send(control("PUT", "/" + entity, body));
    }

    private static HttpRequest control(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + SandboxFaultsApi.PATH + path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest privileges() {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + EmigrationPrivilegesApi.PATH + "?size=2"))
                .timeout(Duration.ofSeconds(5)).header("X-Api-Key", KEY).GET().build();
    }

    /** An application without the citizen's national id: the ministry refuses it with 422 when it gets it. */
    private static HttpRequest emigrationApplication(String applicationId) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + EmigrationApplicationsApi.PATH))
                .timeout(Duration.ofSeconds(5)).header("X-Api-Key", KEY).header("Idempotency-Key", applicationId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"privilegeCode\":\"CAR-IMPORT-01\",\"citizen\":{}}"))
                .build();
    }

    private static HttpRequest digitalEgypt() {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + DigitalEgyptServicesApi.PATH + "?limit=2"))
                .timeout(Duration.ofSeconds(5)).GET().build();
    }

    private static HttpRequest wsdl() {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + ForeignAffairsConsularServices.PATH + "?wsdl"))
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    private static String list() {
        return "<cs:ListConsularServices xmlns:cs=\"" + NS + "\"><cs:status>ACTIVE</cs:status>"
                + "</cs:ListConsularServices>";
    }

    /** A consular application the ministry refuses with a soap:Client fault when it gets it. */
    private static String submitWithoutRequestId() {
        return "<cs:SubmitConsularApplication xmlns:cs=\"" + NS + "\"><cs:serviceCode>PSP-RENEW-01</cs:serviceCode>"
                + "</cs:SubmitConsularApplication>";
    }

    private static HttpRequest consular(String operation, Duration timeout) {
        String envelope = """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
                  <soap:Header>
                    <wsse:Security soap:mustUnderstand="1"
                        xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
                      <wsse:UsernameToken>
                        <wsse:Username>%s</wsse:Username>
                        <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">%s</wsse:Password>
                      </wsse:UsernameToken>
                    </wsse:Security>
                  </soap:Header>
                  <soap:Body>%s</soap:Body>
                </soap:Envelope>
                """.formatted(USER, PASSWORD, operation);
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + ForeignAffairsConsularServices.PATH))
                .timeout(timeout == null ? Duration.ofSeconds(10) : timeout)
                .header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build();
    }

    private static String soapFaultCode(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        String body = response.body();
        int start = body.indexOf("<faultcode>");
        assertThat(start).as(body).isNotNegative();
        return body.substring(start + "<faultcode>".length(), body.indexOf("</faultcode>"));
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int expectedStatus) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return EntityConfig.JSON.readTree(response.body());
    }
}
