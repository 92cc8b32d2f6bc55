package eg.gov.bawaba.hub.applications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * The retention policy (default P180D): closed applications unchanged for longer lose their personal data, nothing
 * else does, and the anonymous statistics stay as they were.
 */
class RetentionTest extends HubTestSupport {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Instant RECEIVED = NOW.minus(Duration.ofDays(400));
    static final Instant LONG_AGO = NOW.minus(Duration.ofDays(200));

    @Autowired
    ApplicationStore store;
    @Autowired
    PersonalDataCipher cipher;

    @BeforeEach
    @AfterEach
    void emptyAuditChain() {
        jdbc.update("DELETE FROM ops_audit");
        jdbc.update("UPDATE audit_chain_head SET head_hash = NULL, record_count = 0");
    }

    @Test
    void purgesThePersonalDataOfLongClosedApplicationsAndLeavesTheStatistics() {
        Map<String, ApplicationStatus> due = new LinkedHashMap<>();
        for (ApplicationStatus closed : PersonalDataRetention.CLOSED) {
            due.put(application(closed, LONG_AGO), closed);
        }
        String open = application(ApplicationStatus.IN_REVIEW, LONG_AGO);
        String queued = application(ApplicationStatus.QUEUED, LONG_AGO);
        String closedRecently = application(ApplicationStatus.APPROVED, NOW.minus(Duration.ofDays(2)));
        String month = YearMonth.from(RECEIVED.atOffset(ZoneOffset.UTC)).toString();
        String statistics = "/ops/v1/applications/statistics?from=" + month + "&to=" + month;
        JsonNode before = json(get(statistics));

        ResponseEntity<String> run = post("/ops/v1/personal-data/retention/run");

        assertThat(run.getStatusCode().value()).isEqualTo(200);
        assertThat(json(run).get("purged").asInt()).isEqualTo(due.size());
        assertThat(json(run).get("retention").asText()).isEqualTo("P180D");
        assertThat(json(get(statistics))).isEqualTo(before);
        assertThat(before.get("total").asInt()).isEqualTo(due.size() + 3);
        assertThat(before.get("counts")).anySatisfy(c -> {
            assertThat(c.get("month").asText()).isEqualTo(month);
            assertThat(c.get("entityId").asText()).isEqualTo("lab");
            assertThat(c.get("entryId").asText()).isEqualTo("lab.CAR-IMPORT-01");
            assertThat(c.get("status").asText()).isEqualTo("APPROVED");
            assertThat(c.get("count").asInt()).isEqualTo(2);
        });
        for (Map.Entry<String, ApplicationStatus> purged : due.entrySet()) {
            JsonNode application = json(get("/api/v1/applications/" + purged.getKey()));
            assertThat(application.get("status").asText()).isEqualTo(purged.getValue().name());
            assertThat(application.get("applicant").isNull()).isTrue();
            assertThat(application.get("fields").isNull()).isTrue();
            assertThat(Instant.parse(application.get("personalDataPurgedAt").asText())).isAfter(NOW.minusSeconds(1));
            assertThat(application.get("history").findValuesAsText("detail"))
                    .anySatisfy(d -> assertThat(d).startsWith("personal data removed under the retention policy"));
            assertThat(jdbc.queryForMap("SELECT personal_data, request_hash FROM application WHERE id = ?",
                    purged.getKey())).containsEntry("PERSONAL_DATA", null).containsEntry("REQUEST_HASH", "purged");
        }
        for (String kept : new String[] {open, queued, closedRecently}) {
            JsonNode application = json(get("/api/v1/applications/" + kept));
            assertThat(application.at("/applicant/nationalId").asText()).isEqualTo(SampleApplications.NATIONAL_ID);
            assertThat(application.has("personalDataPurgedAt")).isFalse();
        }
        JsonNode record = json(get("/ops/v1/audit?limit=1")).at("/records/0");
        assertThat(record.get("action").asText()).isEqualTo("purge-personal-data");
        assertThat(record.get("detail").asText()).startsWith("personal data of " + due.size() + " closed applications");
        assertThat(json(get("/ops/v1/audit/verify")).get("intact").asBoolean()).as("the purge is part of the history")
                .isTrue();
        assertThat(json(post("/ops/v1/personal-data/retention/run")).get("purged").asInt()).as("once only").isZero();
    }

    @Test
    void refusesStatisticsForAPeriodThatIsNotOne() {
        assertThat(get("/ops/v1/applications/statistics?from=2026-05&to=2026-01").getStatusCode().value())
                .isEqualTo(400);
        assertThat(get("/ops/v1/applications/statistics?from=last-year").getStatusCode().value()).isEqualTo(400);
    }

    /** An application received long ago that reached {@code status} at {@code changed} (nothing queues it). */
    private String application(ApplicationStatus status, Instant changed) {
        String id = UUID.randomUUID().toString();
        String personal = "{\"applicant\":" + SampleApplications.carImport().get("applicant") + ",\"fields\":{}}";
        store.insert(new StoredApplication(id, TestTokens.SUBJECT, null, "retention-" + id, "hash", "lab.CAR-IMPORT-01",
                "lab", status, null, "retention-test", cipher.encrypt(personal, ApplicationState.binding(id)), RECEIVED,
                changed));
        return id;
    }

    private ResponseEntity<String> post(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.AUTHORIZATION, bearer("karim", "ops:read", "ops:write"));
        return http.postForEntity(path, new HttpEntity<>("", headers), String.class);
    }
}
