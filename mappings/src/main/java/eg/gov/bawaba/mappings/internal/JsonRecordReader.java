package eg.gov.bawaba.mappings.internal;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import eg.gov.bawaba.mappings.NativeFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the records of a JSON payload found at a JSON Pointer. */
public final class JsonRecordReader {

    // BigDecimal keeps numbers exactly as the entity sent them, e.g. in a quarantined record's source text
    private static final ObjectReader READER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build()
            .reader();

    private JsonRecordReader() {}

    public static List<JsonNode> read(String body, String recordsPointer) {
        JsonPointer pointer = pointer(recordsPointer);
        return recordsAt(parse(body), pointer, recordsPointer);
    }

    /** The payload as one JSON tree, numbers kept exactly as sent. */
    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new NativeFormatException("JSON payload is empty");
        }
        try {
            return READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new NativeFormatException("payload is not valid JSON: " + e.getOriginalMessage()
                    + location(e), e);
        }
    }

    /** The records of a payload {@link #parse parsed} already. */
    public static List<JsonNode> read(JsonNode root, String recordsPointer) {
        return recordsAt(root, pointer(recordsPointer), recordsPointer);
    }

    private static List<JsonNode> recordsAt(JsonNode root, JsonPointer pointer, String recordsPointer) {
        JsonNode found = root.at(pointer);
        if (found.isMissingNode()) {
            throw new NativeFormatException("no records at JSON pointer '" + recordsPointer + "': "
                    + describeMissing(root, pointer));
        }
        if (found.isObject()) {
            return List.of(found);
        }
        if (!found.isArray()) {
            throw new NativeFormatException("expected an array of records at JSON pointer '" + display(recordsPointer)
                    + "' but found " + kind(found));
        }
        List<JsonNode> records = new ArrayList<>(found.size());
        int number = 0;
        for (JsonNode item : found) {
            number++;
            records.add(item.isObject() ? item
                    : UnreadableRecords.of("record " + number + " is " + kind(item) + ", not an object", item));
        }
        return records;
    }

    private static JsonPointer pointer(String recordsPointer) {
        if (recordsPointer == null || recordsPointer.isEmpty() || recordsPointer.equals("/")) {
            return JsonPointer.empty();
        }
        try {
            return JsonPointer.compile(recordsPointer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("records pointer '" + recordsPointer
                    + "' is not a JSON Pointer (RFC 6901), e.g. /items or /data/services", e);
        }
    }

    private static String describeMissing(JsonNode root, JsonPointer pointer) {
        JsonNode parent = root.at(pointer.head() == null ? JsonPointer.empty() : pointer.head());
        if (parent.isObject()) {
            List<String> names = new ArrayList<>();
            parent.fieldNames().forEachRemaining(names::add);
            return "there is no field '" + pointer.last().getMatchingProperty() + "'"
                    + (names.isEmpty() ? "" : " (fields there: " + String.join(", ", names) + ")");
        }
        return "the payload has no such path";
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String display(String recordsPointer) {
        return recordsPointer == null ? "" : recordsPointer;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
