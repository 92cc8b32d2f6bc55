package eg.gov.bawaba.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The entities' ledger over real HTTP: the ministry's, read-only, and nothing for an entity that keeps none. */
class SandboxLedgerApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SandboxEntities sandbox;

    @BeforeAll
    static void start() {
        sandbox = SandboxEntities.start(0, () -> Optional.of("ledger-key"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void answersTheMinistrysLedgerEmptyBeforeAnyApplication() throws Exception {
        // no application is sent here: an accepted one would call a hub back (EmigrationApplicationsApiTest has those)
        HttpResponse<String> ledger = send(HttpRequest.newBuilder(uri("/sandbox/ledger/emigration")).GET());

        assertThat(ledger.statusCode()).isEqualTo(200);
        JsonNode body = JsonExchange.MAPPER.readTree(ledger.body());
        assertThat(body.get("entity").asText()).isEqualTo("emigration");
        assertThat(body.get("created").asInt()).isZero();
        assertThat(body.get("requests").asInt()).isZero();
        assertThat(body.get("applications")).isEmpty();
    }

    @Test
    void isReadOnlyAndKnowsOnlyTheEntitiesThatKeepOne() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/sandbox/ledger/emigration"))
                .DELETE()).statusCode()).isEqualTo(405);
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri("/sandbox/ledger/nosi")).GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("/sandbox/ledger/emigration");
    }

    private static URI uri(String path) {
        return URI.create(sandbox.baseUrl() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
