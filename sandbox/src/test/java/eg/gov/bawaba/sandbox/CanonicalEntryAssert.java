package eg.gov.bawaba.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks that a mapping result is a well-formed canonical catalogue entry, as the hub's model expects it. */
final class CanonicalEntryAssert {

    static final Set<String> CATEGORIES = Set.of("DOCUMENTS", "CONSULAR", "INSURANCE", "PENSIONS", "CUSTOMS",
            "HOUSING", "BANKING", "INVESTMENT", "EDUCATION", "EMPLOYMENT", "TRAINING", "HEALTH", "OTHER");
    static final Set<String> CHANNELS = Set.of("MOBILE_APP", "WEB", "CONSULATE", "ENTITY_OFFICE", "POST");
    static final Set<String> FIELDS = Set.of("code", "kind", "title", "summary", "category", "eligibility", "fee",
            "requiredDocuments", "channels", "applicationForm", "validity", "officialUrl", "training", "content");
    private static final Pattern ARABIC = Pattern.compile("\\p{IsArabic}");
    private static final Pattern LATIN = Pattern.compile("\\p{IsLatin}");
    private static final Pattern ISO_COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern ISO_CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final JsonSchema META_SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    private CanonicalEntryAssert() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> assertCanonical(Object result) {
        assertThat(result).as("a mapping must return one object per record").isInstanceOf(Map.class);
        Map<String, Object> entry = (Map<String, Object>) result;
        assertNoNulls(entry, "$");
        assertThat(entry.keySet()).as("only canonical fields").isSubsetOf(FIELDS);
        assertThat(entry).containsKeys("code", "kind", "title", "summary", "category", "eligibility",
                "requiredDocuments", "channels");

        assertThat(entry.get("code")).isInstanceOf(String.class).asString().isNotBlank();
        assertThat(entry.get("kind")).isIn("SERVICE", "PRIVILEGE", "TRAINING", "CONTENT");
        assertThat(entry.containsKey("training")).as("a training section exactly on kind TRAINING")
                .isEqualTo("TRAINING".equals(entry.get("kind")));
        assertThat(entry.containsKey("content")).as("a content section exactly on kind CONTENT")
                .isEqualTo("CONTENT".equals(entry.get("kind")));
        assertBilingual(entry.get("title"), "title");
        assertBilingual(entry.get("summary"), "summary");
        assertThat(entry.get("category")).isIn(CATEGORIES.toArray());

        Map<String, Object> eligibility = (Map<String, Object>) entry.get("eligibility");
        assertThat(eligibility).containsOnlyKeys("countries", "conditions");
        assertThat((List<Object>) eligibility.get("countries"))
                .allSatisfy(c -> assertThat((String) c).matches(ISO_COUNTRY))
                .doesNotHaveDuplicates();
        assertThat((List<Object>) eligibility.get("conditions")).allSatisfy(c -> assertBilingual(c, "condition"));
        assertThat((List<Object>) entry.get("requiredDocuments")).allSatisfy(d -> assertBilingual(d, "document"));
        assertThat((List<Object>) entry.get("channels")).isSubsetOf(CHANNELS).doesNotHaveDuplicates();

        if (entry.containsKey("fee")) {
            Map<String, Object> fee = (Map<String, Object>) entry.get("fee");
            assertThat(fee).containsOnlyKeys("amount", "currency");
            assertThat(fee.get("amount")).isInstanceOf(Number.class);
            assertThat(((Number) fee.get("amount")).doubleValue()).isGreaterThanOrEqualTo(0);
            assertThat((String) fee.get("currency")).matches(ISO_CURRENCY);
        }
        if (entry.containsKey("validity")) {
            Map<String, Object> validity = (Map<String, Object>) entry.get("validity");
            assertThat(validity).isNotEmpty();
            assertThat(validity.keySet()).isSubsetOf("from", "to");
            validity.values().forEach(date -> LocalDate.parse((String) date));
            if (validity.containsKey("from") && validity.containsKey("to")) {
                assertThat(LocalDate.parse((String) validity.get("from")))
                        .isBefore(LocalDate.parse((String) validity.get("to")));
            }
        }
        if (entry.containsKey("officialUrl")) {
            assertThat((String) entry.get("officialUrl")).startsWith("https://");
        }
        if (entry.containsKey("training")) {
            Map<String, Object> training = (Map<String, Object>) entry.get("training");
            assertThat(training.keySet()).isSubsetOf("startsOn", "endsOn", "format", "registrationUrl", "seats")
                    .contains("startsOn", "format");
            LocalDate startsOn = LocalDate.parse((String) training.get("startsOn"));
            if (training.containsKey("endsOn")) {
                assertThat(LocalDate.parse((String) training.get("endsOn"))).isAfterOrEqualTo(startsOn);
            }
            assertThat(training.get("format")).isIn("ONLINE", "IN_PERSON", "HYBRID");
            if (training.containsKey("registrationUrl")) {
                assertThat((String) training.get("registrationUrl")).startsWith("https://");
            }
            if (training.containsKey("seats")) {
                assertThat(((Number) training.get("seats")).intValue()).isNotNegative();
            }
        }
        if (entry.containsKey("content")) {
            Map<String, Object> content = (Map<String, Object>) entry.get("content");
            assertThat(content).containsOnlyKeys("contentType", "publishedAt", "body");
            assertThat(content.get("contentType")).isIn("ANNOUNCEMENT", "GUIDE", "NEWS");
            java.time.OffsetDateTime.parse((String) content.get("publishedAt"));
            assertBilingual(content.get("body"), "content body");
            assertThat(entry).as("content is informational").doesNotContainKey("applicationForm");
        }
        if (entry.containsKey("applicationForm")) {
            assertApplicationForm((Map<String, Object>) entry.get("applicationForm"));
        }
        return entry;
    }

    @SuppressWarnings("unchecked")
    private static void assertApplicationForm(Map<String, Object> form) {
        JsonNode schema = EntityConfig.JSON.valueToTree(form);
        assertThat(META_SCHEMA.validate(schema)).as("applicationForm must be a valid JSON Schema").isEmpty();
        assertThat(form.get("type")).isEqualTo("object");
        Map<String, Object> properties = (Map<String, Object>) form.get("properties");
        assertThat(properties).as("a form has at least one field").isNotEmpty();
        properties.forEach((name, property) -> {
            Map<String, Object> field = (Map<String, Object>) property;
            assertThat(field.get("type")).as(name).isIn("string", "integer", "number", "boolean");
            assertBilingual(field.get("x-title"), name + " label");
        });
        if (form.containsKey("required")) {
            assertThat((List<Object>) form.get("required")).isNotEmpty().isSubsetOf(properties.keySet());
        }
    }

    @SuppressWarnings("unchecked")
    static void assertBilingual(Object value, String what) {
        assertThat(value).as(what + " must be {ar, en}").isInstanceOf(Map.class);
        Map<String, Object> text = (Map<String, Object>) value;
        assertThat(text).as(what).containsOnlyKeys("ar", "en");
        assertThat((String) text.get("ar")).as(what + " in Arabic").containsPattern(ARABIC);
        assertThat((String) text.get("en")).as(what + " in English").containsPattern(LATIN)
                .doesNotContainPattern(ARABIC);
    }

    @SuppressWarnings("unchecked")
    private static void assertNoNulls(Object value, String path) {
        assertThat(value).as(path + " is null: missing values must be omitted").isNotNull()
                .isNotSameAs(Jsonata.NULL_VALUE);
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> assertNoNulls(child, path + "." + key));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertNoNulls(list.get(i), path + "[" + i + "]");
            }
        }
    }
}
