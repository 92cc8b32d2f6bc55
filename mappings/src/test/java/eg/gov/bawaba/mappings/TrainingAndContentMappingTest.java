package eg.gov.bawaba.mappings;

import static eg.gov.bawaba.mappings.Fixtures.SYNCED_AT;
import static eg.gov.bawaba.mappings.Fixtures.codeLists;
import static eg.gov.bawaba.mappings.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.ContentType;
import eg.gov.bawaba.mappings.model.EntryKind;
import eg.gov.bawaba.mappings.model.TrainingFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Training programmes and informational content map into the kinds TRAINING and CONTENT, and the schema guards them. */
class TrainingAndContentMappingTest {

    private static CatalogueMapping trainingMapping() {
        return CatalogueMapping.compile("digital-training", text("mappings/digital-training.jsonata"),
                codeLists("codelists/digital-training.json"));
    }

    private static CatalogueMapping contentMapping() {
        return CatalogueMapping.compile("mcit-content", text("mappings/mcit-content.jsonata"),
                codeLists("codelists/mcit-content.json"));
    }

    private static List<JsonNode> trainingRecords() {
        return NativeRecords.fromJson(text("feeds/digital-training-programmes.json"), "/data");
    }

    private static List<JsonNode> contentRecords() {
        return NativeRecords.fromJson(text("feeds/mcit-content.json"), "/items");
    }

    private static ObjectNode trainingRecord() {
        return ((ObjectNode) trainingRecords().get(0)).deepCopy();
    }

    @Test
    void mapsTrainingProgrammesIntoTrainingEntries() {
        MappingResult result = trainingMapping().map(trainingRecords(), "REST", SYNCED_AT);

        assertThat(result.quarantined()).isEmpty();
        assertThat(result.entries()).extracting(CatalogueEntry::kind).containsOnly(EntryKind.TRAINING);
        CatalogueEntry hybrid = result.entries().get(1);
        assertThat(hybrid.id()).isEqualTo("digital-training.DT-AI-2026-02");
        assertThat(hybrid.training().format()).isEqualTo(TrainingFormat.HYBRID);
        assertThat(hybrid.training().startsOn()).isEqualTo(LocalDate.parse("2026-03-15"));
        assertThat(hybrid.training().endsOn()).isEqualTo(LocalDate.parse("2026-05-10"));
        assertThat(hybrid.training().registrationUrl()).isEqualTo("https://training.example.gov.eg/programmes/DT-AI-2026-02");
        assertThat(hybrid.training().seats()).isEqualTo(60);
        assertThat(hybrid.eligibility().countries()).containsExactly("AE", "SA", "KW");
        assertThat(hybrid.content()).isNull();
        assertThat(hybrid.informational()).isTrue();
        assertThat(hybrid.provenance().contentHash()).isEqualTo(CanonicalJson.contentHash(hybrid));
    }

    @Test
    void leavesOptionalTrainingFieldsNullWhenTheFeedHasNone() {
        CatalogueEntry inPerson = trainingMapping().map(trainingRecords(), "REST", SYNCED_AT).entries().get(2);

        assertThat(inPerson.training().format()).isEqualTo(TrainingFormat.IN_PERSON);
        assertThat(inPerson.training().endsOn()).isNull();
        assertThat(inPerson.training().registrationUrl()).isNull();
        assertThat(inPerson.training().seats()).isNull();
    }

    @Test
    void mapsContentItemsIntoInformationalContentEntries() {
        MappingResult result = contentMapping().map(contentRecords(), "REST", SYNCED_AT);

        assertThat(result.quarantined()).isEmpty();
        assertThat(result.entries()).extracting(e -> e.content().contentType())
                .containsExactly(ContentType.ANNOUNCEMENT, ContentType.GUIDE, ContentType.NEWS);
        CatalogueEntry announcement = result.entries().get(0);
        assertThat(announcement.kind()).isEqualTo(EntryKind.CONTENT);
        assertThat(announcement.content().publishedAt()).isEqualTo(Instant.parse("2025-11-20T07:00:00Z"));
        assertThat(announcement.content().body().ar()).startsWith("أعلنت الوزارة");
        assertThat(announcement.training()).isNull();
        assertThat(announcement.informational()).isTrue();
        assertThat(result.entries().get(2).eligibility().countries()).containsExactly("SA");
    }

    @Test
    void writesKindSectionsOnlyOnTheirKindSoServiceJsonIsUnchanged() {
        CatalogueEntry training = trainingMapping().map(trainingRecords(), "REST", SYNCED_AT).entries().get(0);
        CatalogueEntry service = Fixtures.dollarCertificates(SYNCED_AT);

        JsonNode trainingJson = CanonicalJson.mapper().valueToTree(training);
        JsonNode serviceJson = CanonicalJson.mapper().valueToTree(service);

        assertThat(trainingJson.has("training")).isTrue();
        assertThat(trainingJson.has("content")).isFalse();
        assertThat(trainingJson.at("/training/endsOn").asText()).isEqualTo("2026-03-29");
        assertThat(serviceJson.has("training")).isFalse();
        assertThat(serviceJson.has("content")).isFalse();
        assertThat(CanonicalJson.entryFromJson(CanonicalJson.toJson(training))).isEqualTo(training);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "startDate | \"2026-02-30\" | training.startsOn: does not match the date pattern",
            "startDate | \"01/02/2026\" | training.startsOn: does not match the date pattern",
            "endDate   | \"2026-13-01\" | training.endsOn: does not match the date pattern",
            "endDate   | \"2026-01-15\" | training.endsOn: is before training.startsOn",
            "delivery  | \"webinar\"    | training.format: does not have a value in the enumeration",
            "capacity  | -1             | training.seats: must have a minimum value of 0",
            "registerAt | \"ftp://x.eg\" | training.registrationUrl: does not match the regex pattern"})
    void quarantinesTrainingWithInvalidDatesOrFormat(String field, String value, String expectedReason)
            throws Exception {
        ObjectNode record = trainingRecord();
        record.set(field, CanonicalJson.mapper().readTree(value));

        MappingResult result = trainingMapping().map(List.of(record), "REST", SYNCED_AT);

        assertThat(result.entries()).isEmpty();
        assertThat(result.quarantined()).singleElement()
                .satisfies(q -> assertThat(q.reason()).contains(expectedReason));
    }

    @Test
    void quarantinesTrainingWithoutItsTrainingSection() {
        CatalogueMapping mapping = CatalogueMapping.compile("digital-training",
                "{\"code\": programmeId, \"kind\": \"TRAINING\", \"title\": {\"ar\": name.arabic, \"en\": name.english},"
                        + " \"summary\": {\"ar\": brief.arabic, \"en\": brief.english}, \"category\": \"TRAINING\"}",
                codeLists("codelists/digital-training.json"));

        MappingResult result = mapping.map(List.of(trainingRecord()), "REST", SYNCED_AT);

        assertThat(result.quarantined()).singleElement()
                .satisfies(q -> assertThat(q.reason()).contains("training: is missing but required"));
    }

    @Test
    void quarantinesContentThatOffersAnApplicationForm() {
        String expression = text("mappings/mcit-content.jsonata").strip();
        CatalogueMapping mapping = CatalogueMapping.compile("mcit-content",
                "$merge([" + expression + ", {\"applicationForm\": {\"type\": \"object\"}}])",
                codeLists("codelists/mcit-content.json"));

        MappingResult result = mapping.map(contentRecords(), "REST", SYNCED_AT);

        assertThat(result.entries()).isEmpty();
        assertThat(result.quarantined()).hasSize(3)
                .allSatisfy(q -> assertThat(q.reason()).contains("applicationForm"));
    }

    @Test
    void quarantinesAServiceCarryingATrainingSection() {
        String expression = text("mappings/digital-training.jsonata").strip();
        CatalogueMapping mapping = CatalogueMapping.compile("digital-training",
                "$merge([" + expression + ", {\"kind\": \"SERVICE\"}])", codeLists("codelists/digital-training.json"));

        MappingResult result = mapping.map(List.of(trainingRecord()), "REST", SYNCED_AT);

        assertThat(result.entries()).isEmpty();
        assertThat(result.quarantined()).singleElement()
                .satisfies(q -> assertThat(q.reason()).contains("training"));
    }

    @Test
    void quarantinesContentWithAnUnknownTypeOrUnparseablePublicationTime() throws Exception {
        ObjectNode unknownType = ((ObjectNode) contentRecords().get(0)).deepCopy().put("type", "podcast");
        ObjectNode badTime = ((ObjectNode) contentRecords().get(1)).deepCopy().put("published", "20 Nov 2025");

        MappingResult result = contentMapping().map(List.of(unknownType, badTime), "REST", SYNCED_AT);

        assertThat(result.quarantined()).extracting(QuarantinedRecord::reason).satisfiesExactly(
                r -> assertThat(r).contains("content.contentType: does not have a value in the enumeration"),
                r -> assertThat(r).contains("content.publishedAt: does not match the date-time pattern"));
    }
}
