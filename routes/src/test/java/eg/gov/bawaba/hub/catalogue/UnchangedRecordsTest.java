package eg.gov.bawaba.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.CatalogueMapping;
import eg.gov.bawaba.mappings.QuarantinedRecord;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.EntryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UnchangedRecordsTest {

    @Test
    void readsTheStoredStatesOnlyWhenTheLastSyncLeftRecordsToSkip() {
        CatalogueMapping mapping = CatalogueMapping.compile("lab",
                "{ \"code\": privilegeNo, \"kind\": \"SERVICE\", \"title\": { \"ar\": \"خدمة\", \"en\": \"Service\" },"
                        + " \"summary\": { \"ar\": \"خدمة\", \"en\": \"Service\" }, \"category\": \"OTHER\" }", Map.of());
        CatalogueFeed feed = new CatalogueFeed("rest", CanonicalJson.mapper().createObjectNode(), Duration.ofHours(1),
                Duration.ZERO, true, "lab/catalogue.jsonata", mapping);
        List<JsonNode> records = List.of(CanonicalJson.mapper().createObjectNode().put("privilegeNo", "P-1"));
        UnchangedRecords unchanged = new UnchangedRecords();
        AtomicInteger reads = new AtomicInteger();

        MappedFeed first = unchanged.map("lab", feed, "REST", records, Instant.now(), () -> {
            reads.incrementAndGet();
            return Map.of();
        });
        assertThat(first.quarantined()).isEmpty();
        assertThat(first.entries()).hasSize(1);
        assertThat(reads).hasValue(0);

        unchanged.remember("lab", feed, first);
        CatalogueEntry entry = first.entries().get(0);
        MappedFeed second = unchanged.map("lab", feed, "REST", records, Instant.now(), () -> {
            reads.incrementAndGet();
            return Map.of(entry.id(), new CatalogueStore.Stored(entry.id(), EntryStatus.ACTIVE, 1,
                    entry.provenance().contentHash()));
        });
        assertThat(reads).hasValue(1);
        assertThat(second.entries()).isEmpty();
        assertThat(second.unchangedIds()).containsExactly(entry.id());
    }

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

        MappedFeed mapped = new UnchangedRecords().map("lab", feed, "REST", records, Instant.now(), Map::of);

        assertThat(mapped.entries()).isEmpty();
        List<String> reasons = mapped.quarantined().stream().map(QuarantinedRecord::reason).toList();
        assertThat(reasons).hasSize(8);
        assertThat(reasons.subList(0, 3)).allSatisfy(r -> assertThat(r).containsIgnoringCase("timeout"));
        assertThat(reasons.subList(3, 8)).allSatisfy(r -> assertThat(r).contains("the rest was skipped"));
    }
}
