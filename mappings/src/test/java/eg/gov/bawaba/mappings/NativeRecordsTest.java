package eg.gov.bawaba.mappings;

import static eg.gov.bawaba.mappings.Fixtures.bytes;
import static eg.gov.bawaba.mappings.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads JSON, XML and CSV payloads into records, keeping bad records in the feed and refusing unsafe or unreadable payloads. */
class NativeRecordsTest {


    @Test
    void readsRecordsFromTheArrayAtTheJsonPointer() {
        List<JsonNode> records = NativeRecords.fromJson(text("feeds/emigration-privileges.json"), "/data/privileges");

        assertThat(records).extracting(r -> r.get("privilegeNo").asText())
                .containsExactly("EMG-CAR-01", "EMG-HSG-07", "EMG-BNK-03", "EMG-EDU-12");
        assertThat(records.get(0).get("nameAr").asText()).startsWith("استيراد سيارة");
        assertThat(records).allSatisfy(r -> assertThat(NativeRecords.unreadableReason(r)).isEmpty());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = "/")
    void readsRootArrayWhenPointerIsEmptyOrSlash(String pointer) {
        List<JsonNode> records = NativeRecords.fromJson("[{\"code\":\"A\"},{\"code\":\"B\"}]", pointer);

        assertThat(records).extracting(r -> r.get("code").asText()).containsExactly("A", "B");
    }

    @Test
    void treatsSingleObjectAtPointerAsOneRecord() {
        List<JsonNode> records = NativeRecords.fromJson("{\"privilege\":{\"privilegeNo\":\"EMG-CAR-01\"}}", "/privilege");

        assertThat(records).singleElement().extracting(r -> r.get("privilegeNo").asText()).isEqualTo("EMG-CAR-01");
    }

    @Test
    void keepsExactNumbersOfTheSource() {
        List<JsonNode> records = NativeRecords.fromJson("[{\"fee\":1000.50}]", "");

        assertThat(records.get(0).toString()).isEqualTo("{\"fee\":1000.50}");
    }

    @Test
    void failsWithClearMessageWhenNothingIsAtThePointer() {
        assertThatThrownBy(() -> NativeRecords.fromJson(text("feeds/emigration-privileges.json"), "/data/items"))
                .isInstanceOf(NativeFormatException.class)
                .hasMessageContaining("'/data/items'")
                .hasMessageContaining("no field 'items'")
                .hasMessageContaining("privileges");
    }

    @Test
    void failsWhenThePointerFindsNeitherArrayNorObject() {
        assertThatThrownBy(() -> NativeRecords.fromJson("{\"data\":{\"total\":4,\"privileges\":null}}", "/data/total"))
                .isInstanceOf(NativeFormatException.class)
                .hasMessageContaining("found a number");
        assertThatThrownBy(() -> NativeRecords.fromJson("{\"data\":{\"privileges\":null}}", "/data/privileges"))
                .as("null is not an empty feed: treating it as one would withdraw every entry")
                .isInstanceOf(NativeFormatException.class)
                .hasMessageContaining("found null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>502 Bad Gateway</html>", "{\"data\": [", "{\"a\":1} trailing", "   "})
    void failsOnPayloadThatIsNotJson(String body) {
        assertThatThrownBy(() -> NativeRecords.fromJson(body, "/data"))
                .isInstanceOf(NativeFormatException.class);
    }

    @Test
    void rejectsPointerThatIsNotAJsonPointer() {
        assertThatThrownBy(() -> NativeRecords.fromJson("[]", "data.items"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON Pointer");
    }

    @Test
    void marksArrayElementThatIsNoObjectAsUnreadable() {
        List<JsonNode> records = NativeRecords.fromJson("[{\"code\":\"A\"}, 42, {\"code\":\"C\"}]", "");

        assertThat(records).hasSize(3);
        assertThat(NativeRecords.unreadableReason(records.get(1))).hasValue("record 2 is a number, not an object");
        assertThat(NativeRecords.unreadableReason(records.get(2))).isEmpty();
    }


    @Test
    void readsEveryRecordElementAnywhereInTheXmlDocument() {
        List<JsonNode> records = NativeRecords.fromXml(text("feeds/nuca-offers.xml"), "offer");

        assertThat(records).extracting(r -> r.get("id").asText()).containsExactly("BW9-APT", "BW9-VILLA", "BW9-LAND");
        JsonNode apartments = records.get(0);
        assertThat(apartments.get("titleAr").asText()).isEqualTo("شقق سكنية بمدينة الشيخ زايد - المرحلة التاسعة");
        assertThat(apartments.at("/bookingFee/currency").asText()).isEqualTo("USD");
        assertThat(apartments.at("/bookingFee/_text").asText()).isEqualTo("1000");
        assertThat(apartments.at("/documents/document")).hasSize(2);
    }

    @Test
    void matchesRecordElementsAtAnyDepthAndIgnoresNamespaces() {
        String xml = """
                <catalogue xmlns:e="urn:eg:emigration">
                  <e:privilege><code>A</code></e:privilege>
                  <group><privilege><code>B</code></privilege></group>
                </catalogue>""";

        assertThat(NativeRecords.fromXml(xml, "privilege")).extracting(r -> r.get("code").asText())
                .containsExactly("A", "B");
        assertThat(NativeRecords.fromXml(xml, "e:privilege")).hasSize(2);
    }

    @Test
    void readsTextOnlyAndEmptyRecordElementsAsObjects() {
        List<JsonNode> records = NativeRecords.fromXml("<offers><offer>B</offer><offer/></offers>", "offer");

        assertThat(records).extracting(JsonNode::toString).containsExactly("{\"_text\":\"B\"}", "{}");
    }

    @Test
    void rejectsXmlWithExternalEntity() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE offers [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
                <offers><offer><titleEn>&secret;</titleEn></offer></offers>""";

        assertThatThrownBy(() -> NativeRecords.fromXml(xxe, "offer"))
                .isInstanceOf(NativeFormatException.class)
                .hasMessageContaining("DTD");
    }

    @Test
    void rejectsBillionLaughs() {
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [
                  <!ENTITY lol "lol">
                  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
                  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
                  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
                  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
                  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
                  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
                ]>
                <offers><offer><titleEn>&lol9;</titleEn></offer></offers>""";

        assertThatThrownBy(() -> NativeRecords.fromXml(laughs, "offer"))
                .isInstanceOf(NativeFormatException.class);
    }

    @Test
    void failsOnXmlThatIsNotWellFormed() {
        assertThatThrownBy(() -> NativeRecords.fromXml("<offers><offer><id>1</id></offers>", "offer"))
                .isInstanceOf(NativeFormatException.class)
                .hasMessageStartingWith("payload is not well-formed XML");
    }


    @Test
    void readsCsvBytesWithBomAndArabicText() {
        List<JsonNode> records = NativeRecords.fromCsv(bytes("feeds/mohe-programmes.csv"));

        assertThat(records).hasSize(4);
        JsonNode first = records.get(0);
        assertThat(first.has("code")).as("the BOM must not end up in the first header name").isTrue();
        assertThat(first.get("code").asText()).isEqualTo("MOHE-UNI-01");
        assertThat(first.get("title_ar").asText()).isEqualTo("قبول أبناء المصريين بالخارج بالجامعات الحكومية");
    }

    @Test
    void readsCsvStringWithOrWithoutBomAlike() {
        String csv = new String(bytes("feeds/mohe-programmes.csv"), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFF");

        assertThat(NativeRecords.fromCsv(csv)).isEqualTo(NativeRecords.fromCsv(csv.substring(1)));
    }

    @Test
    void readsQuotedCsvCellsWithCommasAndLineBreaks() {
        JsonNode first = NativeRecords.fromCsv(bytes("feeds/mohe-programmes.csv")).get(0);

        assertThat(first.get("summary_ar").asText())
                .isEqualTo("التقدم للالتحاق بالجامعات الحكومية، بنظام الوافدين المصريين.\nيتم التنسيق إلكترونيًا.");
        assertThat(first.get("title_en").asText()).isEqualTo("Admission of expats' children to public universities");
        assertThat(first.get("summary_en").asText()).contains("university, under");
    }

    @Test
    void keepsRowWithWrongColumnCountAsUnreadableAndReadsTheRest() {
        List<JsonNode> records = NativeRecords.fromCsv(bytes("feeds/mohe-programmes.csv"));

        assertThat(records).extracting(r -> NativeRecords.unreadableReason(r).orElse("ok"))
                .containsExactly("ok", "ok", "row 4: expected 15 columns, found 16", "ok");
        assertThat(records.get(3).get("code").asText()).isEqualTo("MOHE-LNG-04");
    }

    @Test
    void reportsShortRowsToo() {
        List<JsonNode> records = NativeRecords.fromCsv("code,title_ar,title_en\nA,أ,A\nB,ب\n");

        assertThat(NativeRecords.unreadableReason(records.get(1))).hasValue("row 3: expected 3 columns, found 2");
    }

    @Test
    void skipsBlankRowsButCountsThemInRowNumbers() {
        List<JsonNode> records = NativeRecords.fromCsv("code,title\r\nA,a\r\n\r\n,\r\nB,b,extra\r\n");

        assertThat(records).hasSize(2);
        assertThat(NativeRecords.unreadableReason(records.get(1))).hasValue("row 5: expected 2 columns, found 3");
    }

    @Test
    void rejectsCsvBytesThatAreNotUtf8() {
        byte[] windows1256 = "code,title_ar\nA,جواز سفر\n".getBytes(Charset.forName("windows-1256"));

        assertThatThrownBy(() -> NativeRecords.fromCsv(windows1256))
                .isInstanceOf(NativeFormatException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void rejectsCsvWithoutUsableHeader() {
        assertThatThrownBy(() -> NativeRecords.fromCsv("\uFEFF")).isInstanceOf(NativeFormatException.class)
                .hasMessageContaining("header");
        assertThatThrownBy(() -> NativeRecords.fromCsv("code,title,code\nA,a,A\n"))
                .isInstanceOf(NativeFormatException.class)
                .hasMessageContaining("'code' twice");
        assertThatThrownBy(() -> NativeRecords.fromCsv("code,,title\nA,x,a\n"))
                .isInstanceOf(NativeFormatException.class)
                .hasMessageContaining("column 2 has no name");
    }

    @Test
    void readsHeaderOnlyCsvAsEmptyFeed() {
        assertThat(NativeRecords.fromCsv("code,title_ar,title_en\r\n")).isEmpty();
    }
}
