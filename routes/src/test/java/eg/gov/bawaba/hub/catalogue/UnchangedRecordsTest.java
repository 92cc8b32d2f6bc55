package eg.gov.bawaba.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.CatalogueMapping;
import eg.gov.bawaba.mappings.QuarantinedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnchangedRecordsTest {

    @Test
    void runawayMappingStopsTheFeedAfterAFewTimeoutsInsteadOfOnePerRecord() {
        // tail recursion never grows the depth: only the mapping's time budget stops it
        CatalogueMapping runaway = CatalogueMapping.compile("lab",
                "( $forever := function($n) { $n < 0 ? $n : $forever($n + 1) }; "
                        + "{ \"code\": privilegeNo, \"kind\": $forever(0) } )", Map.of());
        CatalogueFeed feed = new CatalogueFeed("rest", CanonicalJson.mapper().createObjectNode(), Duration.ofHours(1),
                Duration.ZERO, true, "lab/catalogue.jsonata", runaway);
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            records.add(CanonicalJson.mapper().createObjectNode().put("privilegeNo", "P-" + i));
        }

        MappedFeed mapped = new UnchangedRecords().map("lab", feed, "REST", records, Instant.now(), Map.of());

        assertThat(mapped.entries()).isEmpty();
        List<String> reasons = mapped.quarantined().stream().map(QuarantinedRecord::reason).toList();
        assertThat(reasons).hasSize(8);
        assertThat(reasons.subList(0, 3)).allSatisfy(r -> assertThat(r).containsIgnoringCase("timeout"));
        assertThat(reasons.subList(3, 8)).allSatisfy(r -> assertThat(r).contains("the rest was skipped"));
    }
}
