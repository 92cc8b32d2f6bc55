package eg.gov.bawaba.mappings;

import static eg.gov.bawaba.mappings.Fixtures.dollarCertificates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.model.Bilingual;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.EntryStatus;
import eg.gov.bawaba.mappings.model.Fee;
import eg.gov.bawaba.mappings.model.Provenance;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The shared JSON form of entries and the content hash that decides whether an entry changed. */
class CanonicalJsonTest {

    private static final Instant MONDAY = Instant.parse("2025-11-24T03:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2025-11-25T03:00:00Z");

    @Test
    void contentHashIsSha256HexWithPrefix() {
        assertThat(CanonicalJson.contentHash(dollarCertificates(MONDAY))).matches("^sha256:[0-9a-f]{64}$");
    }

    @Test
    void contentHashIgnoresProvenanceSoSyncTimeNeverChangesIt() {
        CatalogueEntry monday = dollarCertificates(MONDAY);
        CatalogueEntry tuesday = dollarCertificates(TUESDAY)
                .withProvenance(new Provenance("SFTP", TUESDAY, "sha256:" + "f".repeat(64), 7, EntryStatus.WITHDRAWN));

        assertThat(CanonicalJson.contentHash(tuesday)).isEqualTo(CanonicalJson.contentHash(monday));
    }

    @Test
    void contentHashChangesWhenContentChanges() {
        CatalogueEntry original = dollarCertificates(MONDAY);
        CatalogueEntry retitled = new CatalogueEntry(original.id(), original.entityId(), original.kind(),
                new Bilingual(original.title().ar(), "US dollar savings certificates"), original.summary(),
                original.category(), original.eligibility(), original.fee(), original.requiredDocuments(),
                original.channels(), original.applicationForm(), original.validity(), original.officialUrl(),
                original.provenance());

        assertThat(CanonicalJson.contentHash(retitled)).isNotEqualTo(CanonicalJson.contentHash(original));
    }

    @Test
    void contentHashTreatsEqualAmountsWrittenDifferentlyAlike() {
        CatalogueEntry plain = withFee(dollarCertificates(MONDAY), new BigDecimal("1000"));
        CatalogueEntry withCents = withFee(dollarCertificates(MONDAY), new BigDecimal("1000.00"));
        CatalogueEntry other = withFee(dollarCertificates(MONDAY), new BigDecimal("1000.01"));

        assertThat(CanonicalJson.contentHash(withCents)).isEqualTo(CanonicalJson.contentHash(plain));
        assertThat(CanonicalJson.contentHash(other)).isNotEqualTo(CanonicalJson.contentHash(plain));
    }

    @Test
    void contentHashIgnoresKeyOrderInsideTheApplicationForm() throws Exception {
        JsonNode form = CanonicalJson.mapper().readTree(
                "{\"type\":\"object\",\"properties\":{\"passportNumber\":{\"type\":\"string\"},\"modelYear\":{\"type\":\"integer\"}}}");
        JsonNode reordered = CanonicalJson.mapper().readTree(
                "{\"properties\":{\"modelYear\":{\"type\":\"integer\"},\"passportNumber\":{\"type\":\"string\"}},\"type\":\"object\"}");

        assertThat(CanonicalJson.contentHash(withForm(dollarCertificates(MONDAY), reordered)))
                .isEqualTo(CanonicalJson.contentHash(withForm(dollarCertificates(MONDAY), form)));
    }

    @Test
    void writesEntriesWithIsoDatesInDeclarationOrderAndReadsThemBack() {
        CatalogueEntry entry = dollarCertificates(MONDAY);

        String json = CanonicalJson.toJson(entry);

        assertThat(json).startsWith("{\"id\":\"emigration.EMG-BNK-03\",\"entityId\":\"emigration\",\"kind\":\"PRIVILEGE\"");
        assertThat(json).contains("\"validity\":{\"from\":\"2025-01-01\",\"to\":null}");
        assertThat(json).contains("\"syncedAt\":\"2025-11-24T03:00:00Z\"");
        assertThat(json).contains("\"applicationForm\":null");
        assertThat(json).contains("شهادات ادخار دولارية");
        assertThat(CanonicalJson.entryFromJson(json)).isEqualTo(entry);
    }

    @Test
    void rejectsTextThatIsNoEntry() {
        assertThatThrownBy(() -> CanonicalJson.entryFromJson("[1,2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a catalogue entry");
    }

    @Test
    void requestMapperRefusesJsonBeyondEachLimitNamingIt() throws Exception {
        String deep = "{\"a\":".repeat(33) + "1" + "}".repeat(33);
        String longString = "{\"a\":\"" + "x".repeat(65_537) + "\"}";
        String longNumber = "{\"a\":" + "9".repeat(101) + "}";
        String longName = "{\"" + "n".repeat(257) + "\":1}";

        assertThatThrownBy(() -> CanonicalJson.requestMapper().readTree(deep))
                .isInstanceOf(StreamConstraintsException.class).hasMessageContaining("nesting depth").hasMessageContaining("32");
        assertThatThrownBy(() -> CanonicalJson.requestMapper().readTree(longString))
                .isInstanceOf(StreamConstraintsException.class).hasMessageContaining("String value length");
        assertThatThrownBy(() -> CanonicalJson.requestMapper().readTree(longNumber))
                .isInstanceOf(StreamConstraintsException.class).hasMessageContaining("Number value length");
        assertThatThrownBy(() -> CanonicalJson.requestMapper().readTree(longName))
                .isInstanceOf(StreamConstraintsException.class).hasMessageContaining("Name length");
        // the hub's own documents are read without these limits
        assertThat(CanonicalJson.mapper().readTree(longString).get("a").asText()).hasSize(65_537);
    }

    @Test
    void requestMapperReadsJsonWithinTheLimitsAsTheSharedMapperDoes() throws Exception {
        String within = "{\"a\":".repeat(31) + "1.50" + "}".repeat(31);

        JsonNode read = CanonicalJson.requestMapper().readTree(within);

        assertThat(read).isEqualTo(CanonicalJson.mapper().readTree(within));
        assertThat(read.at("/a".repeat(31)).decimalValue()).isEqualByComparingTo("1.50");
    }

    private static CatalogueEntry withFee(CatalogueEntry e, BigDecimal amount) {
        return new CatalogueEntry(e.id(), e.entityId(), e.kind(), e.title(), e.summary(), e.category(), e.eligibility(),
                new Fee(amount, "USD"), e.requiredDocuments(), e.channels(), e.applicationForm(), e.validity(),
                e.officialUrl(), e.provenance());
    }

    private static CatalogueEntry withForm(CatalogueEntry e, JsonNode form) {
        return new CatalogueEntry(e.id(), e.entityId(), e.kind(), e.title(), e.summary(), e.category(), e.eligibility(),
                e.fee(), e.requiredDocuments(), e.channels(), form, e.validity(), e.officialUrl(), e.provenance());
    }
}
