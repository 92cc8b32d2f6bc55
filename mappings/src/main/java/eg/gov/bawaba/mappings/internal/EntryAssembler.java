package eg.gov.bawaba.mappings.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the canonical entry document from what a mapping returned: derives {@code id} from the entity and the mapped
 * {@code code}, evens out JSONata's habits, and leaves everything else for the schema to judge.
 *
 * <p>JSONata collapses a one-element sequence into the element and drops fields whose value is undefined, so a mapping
 * cannot reliably produce {@code []} or {@code [x]}. List fields are therefore wrapped or defaulted to empty here, and
 * optional fields default to null, so a mapping author does not have to fight the language for the common case.
 */
public final class EntryAssembler {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Fields the engine sets; a mapping that returns them is wrong about the contract. */
    private static final List<String> ENGINE_FIELDS = List.of("id", "entityId", "provenance");
    private static final List<String> MAPPED_FIELDS = List.of("kind", "title", "summary", "category", "eligibility",
            "fee", "requiredDocuments", "channels", "applicationForm", "validity", "officialUrl", "training", "content");
    private static final List<String> LIST_FIELDS = List.of("requiredDocuments", "channels");
    private static final List<String> NULLABLE_FIELDS = List.of("fee", "applicationForm", "validity", "officialUrl");
    /** Kind-specific sections: absent, not null, when the mapping leaves them out, so other kinds' JSON is unchanged. */
    private static final List<String> SECTION_FIELDS = List.of("training", "content");
    private static final List<String> NULLABLE_TRAINING_FIELDS = List.of("endsOn", "registrationUrl", "seats");

    private EntryAssembler() {}

    /** The canonical document without provenance, the entity's code if the mapping gave a usable one, and contract breaches. */
    public record Assembly(ObjectNode document, String code, List<String> problems) {}

    public static Assembly assemble(String entityId, JsonNode mapped) {
        List<String> problems = new ArrayList<>();
        String code = code(mapped.get("code"), problems);
        for (String field : ENGINE_FIELDS) {
            if (mapped.has(field)) {
                problems.add(field + ": is set by the engine, the mapping must not return it"
                        + (field.equals("id") ? " (return the entity's own code as 'code')" : ""));
            }
        }

        ObjectNode document = NODES.objectNode();
        if (code != null) {
            document.put("id", entityId + "." + code);
        }
        document.put("entityId", entityId);
        for (String field : MAPPED_FIELDS) {
            JsonNode value = mapped.get(field);
            if (field.equals("eligibility")) {
                value = eligibility(value);
            } else if (LIST_FIELDS.contains(field)) {
                value = asList(value);
            } else if (field.equals("fee")) {
                value = fee(value);
            } else if (SECTION_FIELDS.contains(field)) {
                value = value == null || value.isNull() ? null : field.equals("training") ? training(value) : value;
            } else if (value == null && NULLABLE_FIELDS.contains(field)) {
                value = NODES.nullNode();
            }
            if (value != null) {
                document.set(field, value);
            }
        }
        // anything else the mapping returned is kept so the schema names it as an unknown field
        for (Iterator<Map.Entry<String, JsonNode>> it = mapped.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!name.equals("code") && !ENGINE_FIELDS.contains(name) && !MAPPED_FIELDS.contains(name)) {
                document.set(name, field.getValue());
            }
        }
        return new Assembly(document, code, problems);
    }

    private static String code(JsonNode code, List<String> problems) {
        if (code == null || code.isNull() || (code.isTextual() && code.asText().isBlank())) {
            problems.add("code: is missing but required");
            return null;
        }
        if (code.isTextual()) {
            return code.asText().strip();
        }
        if (code.isIntegralNumber()) {
            // numeric ids are common in JSON feeds; their decimal text is the natural code
            return code.bigIntegerValue().toString();
        }
        problems.add("code: must be a string, found " + code.getNodeType().name().toLowerCase(Locale.ROOT));
        return null;
    }

    private static JsonNode eligibility(JsonNode value) {
        if (value == null || value.isNull()) {
            ObjectNode empty = NODES.objectNode();
            empty.set("countries", NODES.arrayNode());
            empty.set("conditions", NODES.arrayNode());
            return empty;
        }
        if (!value.isObject()) {
            return value;
        }
        ObjectNode copy = ((ObjectNode) value).deepCopy();
        copy.set("countries", asList(copy.get("countries")));
        copy.set("conditions", asList(copy.get("conditions")));
        return copy;
    }

    private static JsonNode training(JsonNode value) {
        if (!value.isObject()) {
            return value;
        }
        ObjectNode copy = ((ObjectNode) value).deepCopy();
        for (String field : NULLABLE_TRAINING_FIELDS) {
            if (!copy.has(field)) {
                copy.putNull(field);
            }
        }
        return copy;
    }

    private static JsonNode asList(JsonNode value) {
        if (value == null || value.isNull()) {
            return NODES.arrayNode();
        }
        if (value.isArray()) {
            return value;
        }
        ArrayNode single = NODES.arrayNode(1);
        single.add(value);
        return single;
    }

    private static JsonNode fee(JsonNode value) {
        if (value == null || value.isNull()) {
            return NODES.nullNode();
        }
        if (value.isObject() && value.path("amount").isNumber()) {
            ObjectNode copy = ((ObjectNode) value).deepCopy();
            // DecimalNode directly: the node factory would strip zeros into 1.5E+3, which reads back with a negative scale
            copy.set("amount", DecimalNode.valueOf(plain(copy.get("amount").decimalValue())));
            return copy;
        }
        return value;
    }

    /** 1500.0 from JSONata's doubles reads back as 1500, and 12.50 as 12.5. */
    private static BigDecimal plain(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
