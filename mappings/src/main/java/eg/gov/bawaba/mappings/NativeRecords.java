package eg.gov.bawaba.mappings;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.internal.CsvRecordReader;
import eg.gov.bawaba.mappings.internal.JsonRecordReader;
import eg.gov.bawaba.mappings.internal.UnreadableRecords;
import eg.gov.bawaba.mappings.internal.XmlRecordReader;
import java.util.List;
import java.util.Optional;

/**
 * Turns an entity's native payload (JSON, XML or CSV) into the list of JSON object records a {@link CatalogueMapping}
 * maps one by one.
 *
 * <p>Two kinds of failure are kept apart. A payload that cannot be read at all (not JSON, broken XML, a DTD, no CSV
 * header) throws {@link NativeFormatException}: nothing in it can be trusted, so the sync must not treat it as an empty
 * feed. A single bad record inside a readable payload (a CSV row with the wrong number of cells, a JSON array element
 * that is not an object) does not abort the feed: it is returned in its place in the list as an <em>unreadable
 * record</em>, a marker that {@link CatalogueMapping#map} turns into a {@link QuarantinedRecord} with the reader's reason,
 * e.g. {@code row 4: expected 6 columns, found 7}. Use {@link #unreadableReason(JsonNode)} to recognise one.
 */
public final class NativeRecords {

    private NativeRecords() {}

    /**
     * The records of a JSON payload.
     *
     * @param body           the payload
     * @param recordsPointer JSON Pointer to the array of records, e.g. {@code /items}; {@code ""}, {@code "/"} or null
     *                       when the payload itself is the array. An object found there counts as one record.
     * @throws NativeFormatException when the body is not JSON or nothing is at the pointer
     */
    public static List<JsonNode> fromJson(String body, String recordsPointer) {
        return JsonRecordReader.read(body, recordsPointer);
    }

    /**
     * A JSON payload as one tree, for a caller that reads more of it than the records (a paged feed's links) and
     * then takes the records with {@link #fromJson(JsonNode, String)}, so the payload is parsed once.
     *
     * @throws NativeFormatException when the body is empty or not JSON
     */
    public static JsonNode parseJson(String body) {
        return JsonRecordReader.parse(body);
    }

    /** The records of a payload parsed with {@link #parseJson}; as {@link #fromJson(String, String)}. */
    public static List<JsonNode> fromJson(JsonNode payload, String recordsPointer) {
        return JsonRecordReader.read(payload, recordsPointer);
    }

    /**
     * The records of an XML payload: every element with the given name, wherever it occurs, becomes one JSON object
     * (child elements and attributes become fields, repeated children become arrays, texts stay strings).
     *
     * @param recordElement the record element's local name; namespaces are ignored, so {@code privilege} matches
     *                      {@code <privilege>} and {@code <ns2:privilege>} alike
     * @throws NativeFormatException when the body is not well-formed XML or declares a DTD
     */
    public static List<JsonNode> fromXml(String body, String recordElement) {
        return XmlRecordReader.read(body, recordElement);
    }

    /**
     * The records of a CSV payload with a header row, one object of header name to cell text per row. A leading BOM is
     * dropped, quoted cells may contain commas and line breaks, blank rows are skipped, and a row whose cell count
     * differs from the header becomes an unreadable record numbered as a spreadsheet shows it (the header is row 1).
     *
     * @throws NativeFormatException when there is no header row, the header has blank or duplicate names, or quoting is broken
     */
    public static List<JsonNode> fromCsv(String body) {
        return CsvRecordReader.read(body);
    }

    /**
     * As {@link #fromCsv(String)}, for raw bytes that must be UTF-8 (with or without BOM).
     *
     * @throws NativeFormatException also when the bytes are not valid UTF-8 (e.g. a Windows-1256 export)
     */
    public static List<JsonNode> fromCsv(byte[] utf8) {
        return CsvRecordReader.read(utf8);
    }

    /** As {@link #fromCsv(byte[])}, naming each record's row as a spreadsheet shows it ({@code row 2} is the first). */
    public static LocatedRecords fromCsvLocated(byte[] utf8) {
        return CsvRecordReader.readLocated(utf8);
    }

    /**
     * Why an XML payload yielded no records although it has content: the record element names nothing in it. Empty
     * when the payload has such an element (or records) or is not readable XML.
     *
     * @return e.g. {@code recordElement 'privilge' matched no element of the payload (elements in it: Envelope, Body,
     *         privileges, privilege)}
     */
    public static Optional<String> unmatchedRecordElement(String body, String recordElement, int records) {
        if (records > 0 || body == null || body.isBlank()) {
            return Optional.empty();
        }
        List<String> names = XmlRecordReader.elementNames(body, 12);
        if (names.isEmpty() || names.contains(recordElement.substring(recordElement.indexOf(':') + 1).strip())) {
            return Optional.empty();
        }
        return Optional.of("recordElement '" + recordElement + "' matched no element of the payload (elements in it: "
                + String.join(", ", names) + "); a misspelt recordElement reads an empty feed");
    }

    /** Why a record returned by a reader could not be read, or empty for an ordinary record. */
    public static Optional<String> unreadableReason(JsonNode record) {
        return UnreadableRecords.reason(record);
    }
}
