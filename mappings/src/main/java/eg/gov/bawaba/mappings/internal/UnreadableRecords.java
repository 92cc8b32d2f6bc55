package eg.gov.bawaba.mappings.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Marker records standing in for native records that could not be read, so they travel with the feed to the mapping
 * and are quarantined there instead of silently disappearing.
 *
 * <p>The field names start with {@code $}, which a JSONata expression cannot address as a plain path, so a mapping
 * never reads a marker by accident.
 */
public final class UnreadableRecords {

    static final String REASON_FIELD = "$unreadable";
    static final String SOURCE_FIELD = "$source";

    private UnreadableRecords() {}

    public static JsonNode of(String reason, JsonNode source) {
        ObjectNode marker = JsonNodeFactory.instance.objectNode();
        marker.put(REASON_FIELD, reason);
        marker.set(SOURCE_FIELD, source == null ? JsonNodeFactory.instance.nullNode() : source);
        return marker;
    }

    public static Optional<String> reason(JsonNode record) {
        if (record != null && record.isObject() && record.size() == 2 && record.path(REASON_FIELD).isTextual()
                && record.has(SOURCE_FIELD)) {
            return Optional.of(record.get(REASON_FIELD).asText());
        }
        return Optional.empty();
    }

    /** The unreadable native content carried by a marker; the record itself when it is no marker. */
    public static JsonNode source(JsonNode record) {
        return reason(record).isPresent() ? record.get(SOURCE_FIELD) : record;
    }
}
