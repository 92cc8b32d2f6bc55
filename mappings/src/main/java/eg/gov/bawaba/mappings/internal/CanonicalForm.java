package eg.gov.bawaba.mappings.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Writes a JSON tree in one deterministic form (sorted keys, normalised numbers, compact) for hashing. */
public final class CanonicalForm {

    private static final ObjectMapper WRITER = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private CanonicalForm() {}

    /** The tree as compact JSON with object keys sorted and numbers in their shortest plain decimal form. */
    public static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(normalise(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write canonical JSON", e);
        }
    }

    private static JsonNode normalise(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            // String.compareTo orders by UTF-16 code unit, which is stable whatever the JVM locale
            Collections.sort(names);
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                sorted.set(name, normalise(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(item -> copy.add(normalise(item)));
            return copy;
        }
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            // BigDecimal's zero keeps its scale through stripTrailingZeros on old JDKs; make 0.00 and 0 alike
            return JsonNodeFactory.instance.numberNode(value.signum() == 0 ? BigDecimal.ZERO : value);
        }
        return node;
    }
}
