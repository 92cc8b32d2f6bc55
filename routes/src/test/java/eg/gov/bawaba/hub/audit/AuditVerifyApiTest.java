package eg.gov.bawaba.hub.audit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.applications.SampleApplications;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** GET /ops/v1/audit/verify on a live hub: clean after real work, and naming the record someone changed. */
class AuditVerifyApiTest extends HubTestSupport {

    @Autowired
    DeliveryBreakers breakers;

    @BeforeEach
    @AfterEach
    void emptyAuditChain() {
        jdbc.update("DELETE FROM ops_audit");
        jdbc.update("UPDATE audit_chain_head SET head_hash = NULL, record_count = 0");
    }

    @BeforeEach
    void labAccepting() {
        breakers.reset("lab");
        sync("lab");
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo("/emigration/lab/applications")).atPriority(5)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"reference\":\"LAB-VERIFY-1\"}")));
    }

    @Test
    void aDeliveredApplicationAndAnAuditedActionVerifyIntactUntilARecordIsChanged() {
        String id = submit();
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(
                json(get("/api/v1/applications/" + id)).get("status").asText()));
        // an action refused is audited too
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add(HttpHeaders.AUTHORIZATION, bearer("hoda", "ops:read", "ops:write"));
        http.postForEntity("/ops/v1/entities/lab/dead-letters/" + id + "/discard", new HttpEntity<>("{}", headers),
                String.class);

        JsonNode intact = json(get("/ops/v1/audit/verify"));

        assertThat(intact.get("intact").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.at("/opsAudit/records").asInt()).isEqualTo(1);
        assertThat(intact.at("/applicationHistories/applications").asInt()).isEqualTo(1);
        assertThat(intact.at("/applicationHistories/records").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(intact.get("problems")).isEmpty();

        List<Long> seqs = jdbc.queryForList("SELECT seq FROM application_event WHERE application_id = ? ORDER BY seq",
                Long.class, id);
        jdbc.update("UPDATE application_event SET status = 'REJECTED_BY_ENTITY' WHERE seq = ?", seqs.get(seqs.size() - 1));
        jdbc.update("UPDATE ops_audit SET actor = 'nobody'");

        JsonNode broken = json(get("/ops/v1/audit/verify"));

        assertThat(broken.get("intact").asBoolean()).isFalse();
        assertThat(broken.get("problems")).hasSize(2);
        assertThat(broken.get("problems").findValuesAsText("chain"))
                .containsExactlyInAnyOrder("application/" + id, AuditVerifier.OPS_AUDIT);
        assertThat(broken.get("problems").findValues("record")).extracting(JsonNode::asLong)
                .contains(seqs.get(seqs.size() - 1));
        assertThat(broken.toString()).doesNotContain(SampleApplications.NATIONAL_ID);
    }

    private String submit() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", "verify-" + UUID.randomUUID());
        return json(http.postForEntity("/api/v1/applications",
                new HttpEntity<>(SampleApplications.carImport().toString(), headers), String.class)).get("id").asText();
    }
}
