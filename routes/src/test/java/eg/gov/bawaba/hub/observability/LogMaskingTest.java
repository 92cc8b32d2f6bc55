package eg.gov.bawaba.hub.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.applications.ApplicationDeliverySteps;
import eg.gov.bawaba.hub.applications.SampleApplications;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The hub's console as configured (logback-spring.xml): no national id, passport or phone number gets through. */
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingTest extends HubTestSupport {

    static final String PHONE = "+966501234567";

    @Test
    void aLogLineNamingAnApplicantsIdentifiersShowsThemMasked(CapturedOutput output) throws Exception {
        Logger log = LoggerFactory.getLogger(ApplicationDeliverySteps.class);
        String marker = "masking-" + UUID.randomUUID();
        MDC.put(Correlation.MDC_CORRELATION_ID, SampleApplications.NATIONAL_ID);
        try {
            log.warn("{}: the entity answered 422 for citizen {} (passport {}, phone {})", marker,
                    SampleApplications.NATIONAL_ID, SampleApplications.PASSPORT, PHONE,
                    new IllegalStateException("nationalId=" + SampleApplications.NATIONAL_ID + " is already registered",
                            new IllegalArgumentException("passport " + SampleApplications.PASSPORT)));
        } finally {
            MDC.remove(Correlation.MDC_CORRELATION_ID);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(marker));
        String line = output.getOut().lines().filter(l -> l.contains(marker)).findFirst().orElseThrow();
        JsonNode json = CanonicalJson.mapper().readTree(line);
        assertThat(json.get("message").asText()).isEqualTo(marker
                + ": the entity answered 422 for citizen ••••••••••••67 (passport •••••••78, phone +••••••••••67)");
        assertThat(json.at("/error/message").asText()).contains("nationalId=••••••••••••67");
        assertThat(json.at("/error/stack_trace").asText()).contains("passport •••••••78")
                .contains("at eg.gov.bawaba.hub.observability.LogMaskingTest");
        assertThat(json.get(Correlation.MDC_CORRELATION_ID).asText()).isEqualTo("••••••••••••67");
        assertThat(output.getAll()).doesNotContain(SampleApplications.NATIONAL_ID)
                .doesNotContain(SampleApplications.PASSPORT).doesNotContain("501234567");
    }
}
