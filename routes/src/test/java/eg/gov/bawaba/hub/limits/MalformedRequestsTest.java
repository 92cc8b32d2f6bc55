package eg.gov.bawaba.hub.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.security.Scopes;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests an HTTP client would never send, sent byte for byte over a socket: a body that is not UTF-8 or shorter than
 * its Content-Length, raw non-ASCII in the request line, headers over the limit, an encoded slash, a {@code ;} path
 * parameter. Each gets a 400 RFC 9457 problem in the hub's format, never Tomcat's or Spring's HTML or JSON page, is
 * logged as one WARN line without a stack trace, and changes nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestsTest extends HubTestSupport {

    /** {"status":"APPROVED","note":"<invalid>"}: 0xC3 0x28 is a broken two-byte sequence, 0xFF never UTF-8. */
    private static final byte[] NOT_UTF8 = join("{\"status\":\"APPROVED\",\"note\":\"".getBytes(StandardCharsets.US_ASCII),
            new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}".getBytes(StandardCharsets.US_ASCII));
    private static final int FIRST_BAD_BYTE = 29;

    @LocalServerPort
    private int port;
    private String token;

    @BeforeEach
    void labCatalogue() {
        sync("lab");
        token = bearer("malformed-test", Scopes.ALL.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/applications", "/api/v1/experts", "/api/v1/insights/events",
            "/ops/v1/entities/lab/suspend", "/ops/v1/dry-run", "/callbacks/v1/entities/lab/applications/LAB-1/status"})
    void bodyThatIsNotUtf8Gets400ProblemOnEveryApiWithOneWarnLine(String path, CapturedOutput output) throws Exception {
        int logged = output.getOut().length();

        // the callback is not even signed: its body is refused before anyone is asked who sent it
        RawHttp.Answer answer = RawHttp.send(port, "POST " + path + " HTTP/1.1\r\nHost: hub\r\n"
                + "Content-Type: application/json\r\nIdempotency-Key: " + UUID.randomUUID() + "\r\n"
                + (path.startsWith("/callbacks/") ? "" : "Authorization: " + token + "\r\n")
                + "Content-Length: " + NOT_UTF8.length, NOT_UTF8);

        JsonNode problem = assertProblem(answer, 400, "malformed-body");
        assertThat(problem.get("detail").asText()).contains("not UTF-8").contains("offset " + FIRST_BAD_BYTE + " (0xC3)");
        assertThat(problem.get("instance").asText()).isEqualTo(path);
        assertNothingHappened();
        assertOneWarnLineAndNoStackTrace(output, logged, "malformed-body");
    }

    @Test
    void chunkedBodyThatIsNotUtf8IsRefusedAlike(CapturedOutput output) throws Exception {
        int logged = output.getOut().length();
        byte[] chunked = join((Integer.toHexString(NOT_UTF8.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                NOT_UTF8, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        RawHttp.Answer answer = RawHttp.send(port, "POST /api/v1/applications HTTP/1.1\r\nHost: hub\r\n"
                + "Content-Type: application/json\r\nIdempotency-Key: chunked-1\r\nAuthorization: " + token + "\r\n"
                + "Transfer-Encoding: chunked", chunked);

        assertProblem(answer, 400, "malformed-body");
        assertNothingHappened();
        assertOneWarnLineAndNoStackTrace(output, logged, "malformed-body");
    }

    @Test
    void utf8BodyDeclaredInAnotherCharsetIsReadAsUtf8() throws Exception {
        // JSON is UTF-8 whatever a charset parameter says (RFC 8259): an unknown one no longer fails the request
        byte[] body = "{\"reason\":\"صيانة\"}".getBytes(StandardCharsets.UTF_8);

        RawHttp.Answer answer = RawHttp.send(port, "POST /ops/v1/entities/lab/suspend HTTP/1.1\r\nHost: hub\r\n"
                + "Content-Type: application/json; charset=no-such-charset\r\nAuthorization: " + token + "\r\n"
                + "Content-Length: " + body.length, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(json(get("/ops/v1/connectors/lab")).get("state").asText()).isEqualTo("SUSPENDED");
        assertThat(RawHttp.send(port, "POST /ops/v1/entities/lab/resume HTTP/1.1\r\nHost: hub\r\nAuthorization: "
                + token + "\r\nContent-Length: 0", new byte[0]).status()).isEqualTo(200);
    }

    @Test
    void bodyShorterThanItsContentLengthGets400Problem(CapturedOutput output) throws Exception {
        int logged = output.getOut().length();

        RawHttp.Answer answer = RawHttp.sendAndStop(port, "POST /api/v1/applications HTTP/1.1\r\nHost: hub\r\n"
                + "Content-Type: application/json\r\nIdempotency-Key: short-1\r\nAuthorization: " + token + "\r\n"
                + "Content-Length: 100", "{\"entryId\":".getBytes(StandardCharsets.US_ASCII));

        JsonNode problem = assertProblem(answer, 400, "incomplete-body");
        assertThat(problem.get("detail").asText()).contains("100 bytes");
        assertNothingHappened();
        assertOneWarnLineAndNoStackTrace(output, logged, "incomplete-body");
    }

    @Test
    void rawArabicInTheQueryGets400ProblemSayingHowToEncodeIt(CapturedOutput output) throws Exception {
        int logged = output.getOut().length();

        RawHttp.Answer answer = RawHttp.send(port, "GET /api/v1/catalogue?q=سيارة HTTP/1.1\r\nHost: hub\r\n"
                + "Authorization: " + token, new byte[0]);

        JsonNode problem = assertProblem(answer, 400, "malformed-request");
        assertThat(problem.get("detail").asText()).contains("percent-encoded").contains("--data-urlencode");
        assertOneWarnLineAndNoStackTrace(output, logged, "malformed-request");
        // the same question, encoded as the answer says, is answered
        RawHttp.Answer encoded = RawHttp.send(port, "GET /api/v1/catalogue?q=%D8%B3%D9%8A%D8%A7%D8%B1%D8%A9 "
                + "HTTP/1.1\r\nHost: hub\r\nAuthorization: " + token, new byte[0]);
        assertThat(encoded.status()).isEqualTo(200);
        assertThat(encoded.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void rawArabicInThePathGets400Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.send(port, "GET /api/v1/catalogue/سيارة HTTP/1.1\r\nHost: hub\r\n"
                + "Authorization: " + token, new byte[0]);

        assertProblem(answer, 400, "malformed-request");
    }

    @Test
    void idempotencyKeyOf8000CharactersGets400ProblemNamingTheHeader(CapturedOutput output) throws Exception {
        int logged = output.getOut().length();

        RawHttp.Answer answer = RawHttp.send(port, "POST /api/v1/applications HTTP/1.1\r\nHost: hub\r\n"
                + "Content-Type: application/json\r\nIdempotency-Key: " + "k".repeat(8000) + "\r\n"
                + "Authorization: " + token + "\r\nContent-Length: 2", "{}".getBytes(StandardCharsets.US_ASCII));

        JsonNode problem = assertProblem(answer, 400, "request-header-too-large");
        assertThat(problem.get("detail").asText()).contains("8 KB").contains("Idempotency-Key");
        assertNothingHappened();
        assertOneWarnLineAndNoStackTrace(output, logged, "request-header-too-large");
    }

    @Test
    void idempotencyKeyWithinTheHeaderLimitButTooLongForTheHubGets400NamingIt() throws Exception {
        RawHttp.Answer answer = RawHttp.send(port, "POST /api/v1/applications HTTP/1.1\r\nHost: hub\r\n"
                + "Content-Type: application/json\r\nIdempotency-Key: " + "k".repeat(201) + "\r\n"
                + "Authorization: " + token + "\r\nContent-Length: 2", "{}".getBytes(StandardCharsets.US_ASCII));

        JsonNode problem = assertProblem(answer, 400, "invalid-request");
        assertThat(problem.get("detail").asText()).contains("Idempotency-Key").contains("200 characters");
        assertNothingHappened();
    }

    @Test
    void encodedSlashGets400Problem(CapturedOutput output) throws Exception {
        int logged = output.getOut().length();

        RawHttp.Answer answer = RawHttp.send(port, "GET /api/v1/catalogue/lab%2FX-1 HTTP/1.1\r\nHost: hub\r\n"
                + "Authorization: " + token, new byte[0]);

        JsonNode problem = assertProblem(answer, 400, "malformed-request");
        assertThat(problem.get("detail").asText()).contains("%2F");
        assertOneWarnLineAndNoStackTrace(output, logged, "malformed-request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/catalogue;jsessionid=1", "/api/v1//catalogue", "/api/v1/catalogue/%2e%2e/entities"})
    void pathTheFirewallRejectsGets400Problem(String path, CapturedOutput output) throws Exception {
        int logged = output.getOut().length();

        RawHttp.Answer answer = RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: hub\r\nAuthorization: "
                + token, new byte[0]);

        JsonNode problem = assertProblem(answer, 400, "malformed-request");
        assertThat(problem.get("detail").asText()).startsWith("the request was refused before any route");
        assertOneWarnLineAndNoStackTrace(output, logged, "malformed-request");
    }

    @Test
    void headerWithAControlCharacterGets400ProblemThatNeitherEchoesNorLogsTheValue(CapturedOutput output)
            throws Exception {
        int logged = output.getOut().length();

        // U+0085 (next line) is a C1 control character: valid UTF-8, read by Tomcat as two ISO-8859-1 characters
        RawHttp.Answer answer = RawHttp.send(port, "GET /api/v1/catalogue HTTP/1.1\r\nHost: hub\r\nAuthorization: "
                + token + "\u0085", new byte[0]);

        JsonNode problem = assertProblem(answer, 400, "malformed-request");
        assertThat(problem.get("detail").asText()).isEqualTo("the request was refused before any route: the header: "
                + "\"Authorization \" has a value that is not allowed.");
        assertOneWarnLineAndNoStackTrace(output, logged, "malformed-request");
        // the refused value is the caller's bearer token: neither echoed nor logged
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat(answer.body()).doesNotContain(signature);
        assertThat(output.getOut().substring(logged)).doesNotContain(signature);
    }

    @ParameterizedTest
    @ValueSource(strings = {"G(T /api/v1/catalogue HTTP/1.1\r\nHost: hub",
            "GET /api/v1/catalogue HTTP/1.1\r\nHost: hub\r\nBad Header: x",
            "GET /api/v1/catalogue?q=a|b HTTP/1.1\r\nHost: hub"})
    void requestTheContainerCannotParseGets400Problem(String head) throws Exception {
        assertProblem(RawHttp.send(port, head, new byte[0]), 400, "malformed-request");
    }

    @Test
    void missingConsoleFileGets404ProblemOfTheHub() throws Exception {
        // served by Spring MVC, not by a route: its problem gets the hub's type too
        RawHttp.Answer answer = RawHttp.send(port, "GET /ops/console/no-such-file.js HTTP/1.1\r\nHost: hub",
                new byte[0]);

        assertProblem(answer, 404, "not-found");
    }

    private static JsonNode assertProblem(RawHttp.Answer answer, int status, String type) throws Exception {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContainIgnoringCase("<html").doesNotContain("Whitelabel")
                .doesNotContain("timestamp");
        JsonNode problem = CanonicalJson.mapper().readTree(answer.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://bawaba.gov.eg/problems/" + type);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        return problem;
    }

    /** Since {@code from}: exactly one WARN line naming the problem type, no ERROR line, no stack trace. */
    private static void assertOneWarnLineAndNoStackTrace(CapturedOutput output, int from, String type) {
        List<String> lines = output.getOut().substring(from).lines().toList();
        assertThat(lines.stream().filter(l -> l.contains("\"level\":\"WARN\"") && l.contains(type)))
                .as("one WARN line for the refusal").hasSize(1);
        assertThat(lines).noneMatch(l -> l.contains("\"level\":\"ERROR\""));
        assertThat(lines).noneMatch(l -> l.contains("stack_trace") || l.contains("\tat "));
    }

    private void assertNothingHappened() throws Exception {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM application", Integer.class)).isZero();
        assertThat(json(get("/ops/v1/connectors/lab")).get("state").asText()).isEqualTo("RUNNING");
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
