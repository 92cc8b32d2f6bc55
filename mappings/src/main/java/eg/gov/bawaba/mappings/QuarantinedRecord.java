package eg.gov.bawaba.mappings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A native record that was not published, with why.
 *
 * @param entityId     the entity whose feed carried the record
 * @param sourceRecord the native record as JSON text (for an unreadable CSV row, a JSON array of its cells); written
 *                     to JSON as the JSON value itself ({@link #sourceJson()}), not as a string holding JSON
 * @param reason       human-readable problems naming the failing fields, several joined with {@code "; "}; once the
 *                     hub knows where the record was, it starts with that ({@code file x.csv, row 4: …})
 */
public record QuarantinedRecord(String entityId, @JsonIgnore String sourceRecord, String reason) {

    // numbers stay exactly as the entity sent them, as JsonRecordReader reads them
    private static final ObjectReader SOURCE = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build()
            .reader();

    /**
     * The same record with its reason starting with where it was ({@code file x.csv, row 4}); a reader's reason that
     * already names the last part ({@code row 4: expected 6 columns…}) gets only the part before it.
     */
    public QuarantinedRecord at(String location) {
        if (location == null || location.isBlank()) {
            return this;
        }
        int comma = location.lastIndexOf(", ");
        String last = comma < 0 ? location : location.substring(comma + 2);
        if (reason.startsWith(last + ":") || reason.startsWith(last + " ")) {
            return comma < 0 ? this
                    : new QuarantinedRecord(entityId, sourceRecord, location.substring(0, comma + 2) + reason);
        }
        return new QuarantinedRecord(entityId, sourceRecord, location + ": " + reason);
    }

    /** The source record as a JSON value; as a JSON string only if the stored text is not JSON. */
    @JsonProperty("sourceRecord")
    public JsonNode sourceJson() {
        return sourceJson(sourceRecord);
    }

    /** Stored source text as a JSON value; text that is not JSON (e.g. cut short) stays a JSON string. */
    public static JsonNode sourceJson(String sourceRecord) {
        if (sourceRecord == null) {
            return null;
        }
        try {
            return SOURCE.readTree(sourceRecord);
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(sourceRecord);
        }
    }
}
