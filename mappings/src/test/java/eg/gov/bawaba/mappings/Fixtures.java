package eg.gov.bawaba.mappings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.model.Bilingual;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.Category;
import eg.gov.bawaba.mappings.model.Eligibility;
import eg.gov.bawaba.mappings.model.EntryKind;
import eg.gov.bawaba.mappings.model.EntryStatus;
import eg.gov.bawaba.mappings.model.Fee;
import eg.gov.bawaba.mappings.model.Provenance;
import eg.gov.bawaba.mappings.model.Validity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test fixtures: the realistic feeds, mappings and code lists under src/test/resources. */
final class Fixtures {

    static final Instant SYNCED_AT = Instant.parse("2025-11-28T08:00:00Z");
    static final String EMIGRATION_POINTER = "/data/privileges";

    private Fixtures() {}

    static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    static Map<String, Object> codeLists(String resource) {
        try {
            return CanonicalJson.mapper().readValue(bytes(resource), new TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CatalogueMapping emigrationMapping() {
        return CatalogueMapping.compile("emigration", text("mappings/emigration-privileges.jsonata"),
                codeLists("codelists/emigration.json"));
    }

    static CatalogueMapping emigrationMapping(String expression) {
        return CatalogueMapping.compile("emigration", expression, codeLists("codelists/emigration.json"));
    }

    static List<JsonNode> emigrationRecords() {
        return NativeRecords.fromJson(text("feeds/emigration-privileges.json"), EMIGRATION_POINTER);
    }

    /** A modifiable copy of one privilege of the emigration feed. */
    static ObjectNode emigrationRecord(String privilegeNo) {
        return emigrationRecords().stream()
                .filter(r -> r.path("privilegeNo").asText().equals(privilegeNo))
                .map(r -> (ObjectNode) r.deepCopy())
                .findFirst()
                .orElseThrow();
    }

    /** The emigration feed with one privilege replaced by a modified copy. */
    static List<JsonNode> emigrationRecordsWith(ObjectNode replacement) {
        List<JsonNode> records = new ArrayList<>();
        for (JsonNode record : emigrationRecords()) {
            boolean replaced = record.path("privilegeNo").equals(replacement.path("privilegeNo"));
            records.add(replaced ? replacement : record);
        }
        return records;
    }

    static CatalogueEntry dollarCertificates(Instant syncedAt) {
        return new CatalogueEntry(
                "emigration.EMG-BNK-03",
                "emigration",
                EntryKind.PRIVILEGE,
                new Bilingual("شهادات ادخار دولارية للمصريين بالخارج", "Dollar savings certificates for Egyptians abroad"),
                new Bilingual("شهادات ادخار بالدولار الأمريكي لمدة ثلاث أو خمس سنوات.",
                        "Three- or five-year US dollar savings certificates."),
                Category.BANKING,
                new Eligibility(List.of("SA", "AE"), List.of(new Bilingual("أن يكون مقيمًا بالخارج", "Resident abroad"))),
                new Fee(new BigDecimal("1000"), "USD"),
                List.of(new Bilingual("جواز سفر مصري", "Egyptian passport")),
                List.of("MOBILE_APP", "CONSULATE"),
                null,
                new Validity(LocalDate.of(2025, 1, 1), null),
                "https://www.emigration.gov.eg/certificates",
                new Provenance("REST", syncedAt, "sha256:" + "0".repeat(64), 1, EntryStatus.ACTIVE));
    }
}
