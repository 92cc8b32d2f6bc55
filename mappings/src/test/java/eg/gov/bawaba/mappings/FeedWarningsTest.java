package eg.gov.bawaba.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.mappings.internal.JsonataNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the readers and the mapping say about a feed that looks wrong although it can be read. */
class FeedWarningsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void namesReadCountPlainBacktickedAndLookedUpNamesButNotVariablesOrObjectKeys() {
        assertThat(JsonataNames.read("""
                /* code_old is only mentioned in a comment */
                {"code": code, "title": {"ar": `اسم الخدمة`, "en": `Service name`},
                 "category": $lookup($codeLists.category, type_code), "fee": $number($lookup($, "fee amount")) * 2}
                """)).hasValueSatisfying(names -> assertThat(names)
                .contains("code", "اسم الخدمة", "Service name", "type_code", "fee amount")
                .doesNotContain("code_old", "title", "ar", "lookup", "codeLists"));
    }

    @Test
    void aMappingThatReadsFieldsItDoesNotNameReadsEverything() {
        for (String expression : new String[] {"$keys($)", "$.*", "**.code", "$each($, function($v, $k) {$k})",
                "$merge([$, {'a': 1}])", "$lookup($, $name)", "* ", "$string($)"}) {
            assertThat(JsonataNames.read(expression)).as(expression).isEmpty();
        }
        assertThat(JsonataNames.read("{'total': price * quantity}")).hasValueSatisfying(names ->
                assertThat(names).contains("price", "quantity"));
        // building an object with $merge reads only what it names
        assertThat(JsonataNames.read("$merge([{'a': startDate}, endDate ? {'b': endDate}])")).hasValueSatisfying(
                names -> assertThat(names).contains("startDate", "endDate"));
    }

    @Test
    void unreadFieldsAreListedSortedAndCapped() throws Exception {
        CatalogueMapping mapping = CatalogueMapping.compile("lab", "{'code': code}", Map.of());
        StringBuilder many = new StringBuilder("{\"code\": \"A\"");
        for (int i = 0; i < 20; i++) {
            many.append(", \"f").append(String.format("%02d", i)).append("\": 1");
        }
        List<JsonNode> records = List.of(JSON.readTree("{\"code\": \"A\", \"nameAr\": \"x\"}"),
                JSON.readTree("{\"code\": \"B\", \"nameEn\": \"y\"}"));

        assertThat(mapping.unreadFieldsWarning(records)).hasValue("the records carry 2 fields the mapping never reads:"
                + " nameAr, nameEn (a misspelt name in the mapping, or data left out on purpose?)");
        assertThat(mapping.unreadFieldsWarning(List.of(JSON.readTree(many + "}")))).hasValueSatisfying(w ->
                assertThat(w).contains("20 fields").contains("f00, f01").contains("and 5 more").doesNotContain("f19"));
        assertThat(mapping.unreadFieldsWarning(List.of(JSON.readTree("{\"code\": \"A\"}")))).isEmpty();
        assertThat(CatalogueMapping.compile("lab", "$merge([$, {'code': code}])", Map.of())
                .unreadFieldsWarning(records)).isEmpty();
    }

    @Test
    void unreadableRecordsAreNotCountedAsFields() {
        CatalogueMapping mapping = CatalogueMapping.compile("lab", "{'code': code}", Map.of());
        List<JsonNode> rows = NativeRecords.fromCsv("code,extra\nA\n".getBytes(StandardCharsets.UTF_8));

        assertThat(mapping.unreadFieldsWarning(rows)).isEmpty();
    }

    @Test
    void csvRowsAreLocatedAsASpreadsheetNumbersThemSkippingBlankRowsAndQuotedLineBreaks() {
        LocatedRecords rows = NativeRecords.fromCsvLocated(("\uFEFFcode,عنوان الخدمة\nA,\"two\nlines\"\n\n,\nB,x\n")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(rows.locations()).containsExactly("row 2", "row 5");
        assertThat(rows.records().get(0).get("عنوان الخدمة").asText()).isEqualTo("two\nlines");
        assertThat(rows.records().get(0).has("code")).isTrue();
    }

    @Test
    void aRecordElementThatMatchesNothingIsExplainedWithTheElementsThere() {
        String xml = "<ns:catalogue xmlns:ns='urn:x'><ns:services><ns:service/></ns:services></ns:catalogue>";

        assertThat(NativeRecords.unmatchedRecordElement(xml, "servise", 0)).hasValue("recordElement 'servise' matched"
                + " no element of the payload (elements in it: catalogue, services, service); a misspelt"
                + " recordElement reads an empty feed");
        assertThat(NativeRecords.unmatchedRecordElement(xml, "ns:service", 0)).isEmpty();
        assertThat(NativeRecords.unmatchedRecordElement(xml, "servise", 1)).isEmpty();
        assertThat(NativeRecords.unmatchedRecordElement("", "servise", 0)).isEmpty();
    }

    @Test
    void aQuarantinedRecordNamesWhereItWasOnceAndShowsItsSourceAsJson() {
        QuarantinedRecord record = new QuarantinedRecord("lab", "{\"code\":\"A\",\"fee\":10.50}", "title: is missing");
        QuarantinedRecord row = new QuarantinedRecord("lab", "[\"A\",\"B\"]", "row 4: expected 1 columns, found 2");

        assertThat(record.at("page 2, record 3").reason()).isEqualTo("page 2, record 3: title: is missing");
        assertThat(row.at("row 4").reason()).isEqualTo("row 4: expected 1 columns, found 2");
        assertThat(row.at("file a.csv, row 4").reason()).isEqualTo("file a.csv, row 4: expected 1 columns, found 2");
        assertThat(new QuarantinedRecord("lab", "1", "record 3 is a number, not an object").at("page 2, record 3")
                .reason()).isEqualTo("page 2, record 3 is a number, not an object");
        assertThat(record.sourceJson().toString()).isEqualTo("{\"code\":\"A\",\"fee\":10.50}");
        assertThat(row.sourceJson().isArray()).isTrue();
        assertThat(QuarantinedRecord.sourceJson("{cut short…").asText()).isEqualTo("{cut short…");
        assertThat(CanonicalJson.toJson(record)).contains("\"sourceRecord\":{\"code\":\"A\"");
    }
}
