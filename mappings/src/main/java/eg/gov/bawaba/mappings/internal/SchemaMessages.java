package eg.gov.bawaba.mappings.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Rewrites validator messages into "field.path: problem" sentences an operator can act on without reading JSON Pointer. */
public final class SchemaMessages {

    private static final Set<String> SHOW_FOUND_VALUE =
            Set.of("enum", "pattern", "format", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                    "minLength", "maxLength");
    private static final int MAX_VALUE_LENGTH = 60;

    private SchemaMessages() {}

    /** One sentence per violation, sorted so the same document always yields the same text. */
    public static List<String> describe(Collection<ValidationMessage> messages) {
        Set<String> sentences = new TreeSet<>();
        for (ValidationMessage message : messages) {
            sentences.add(describe(message));
        }
        return List.copyOf(sentences);
    }

    private static String describe(ValidationMessage message) {
        String location = message.getInstanceLocation() == null ? "$" : message.getInstanceLocation().toString();
        String path = fieldPath(location);
        String type = message.getType() == null ? "" : message.getType();
        switch (type) {
            case "required":
                return child(path, property(message)) + ": is missing but required";
            case "additionalProperties":
                return child(path, property(message)) + ": is not allowed here (unknown field)";
            default:
                String text = stripLocation(message.getMessage(), location);
                if (SHOW_FOUND_VALUE.contains(type)) {
                    text += found(message.getInstanceNode());
                }
                return (path.isEmpty() ? "document" : path) + ": " + text;
        }
    }

    /** "$.title.ar" becomes "title.ar" and "$" becomes "". */
    static String fieldPath(String location) {
        if (location.startsWith("$.")) {
            return location.substring(2);
        }
        if (location.startsWith("$")) {
            return location.substring(1);
        }
        return location;
    }

    private static String child(String path, String property) {
        if (property == null || property.isEmpty()) {
            return path.isEmpty() ? "document" : path;
        }
        return path.isEmpty() ? property : path + "." + property;
    }

    private static String property(ValidationMessage message) {
        if (message.getProperty() != null) {
            return message.getProperty();
        }
        Object[] arguments = message.getArguments();
        return arguments != null && arguments.length > 0 && arguments[0] != null ? arguments[0].toString() : null;
    }

    private static String stripLocation(String text, String location) {
        if (text == null) {
            return "is invalid";
        }
        String prefix = location + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private static String found(JsonNode instance) {
        if (instance == null || !instance.isValueNode() || instance.isNull()) {
            return "";
        }
        String value = instance.isTextual() ? "\"" + instance.asText() + "\"" : instance.toString();
        if (value.length() > MAX_VALUE_LENGTH) {
            value = value.substring(0, MAX_VALUE_LENGTH) + "…";
        }
        return " (found " + value + ")";
    }
}
