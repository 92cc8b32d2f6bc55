package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.CanonicalJson;

/**
 * The app-facing form of a canonical entry: {@code title}, {@code summary} and (on content) {@code content.body}
 * flattened to the chosen language, both languages kept under {@code i18n}; every other field exactly as in the
 * canonical model.
 */
public final class EntryRepresentation {

    private EntryRepresentation() {}

    public static ObjectNode of(String canonicalJson, String language) {
        try {
            ObjectNode entry = (ObjectNode) CanonicalJson.mapper().readTree(canonicalJson);
            ObjectNode i18n = entry.putObject("i18n");
            for (String field : new String[] {"title", "summary"}) {
                JsonNode both = entry.get(field);
                i18n.set(field, both);
                entry.put(field, pick(both, language));
            }
            if (entry.path("content").isObject()) {
                // the body of an announcement, guide or news item is shown like its title: in the chosen language
                ObjectNode content = (ObjectNode) entry.get("content");
                JsonNode both = content.get("body");
                i18n.set("body", both);
                content.put("body", pick(both, language));
            }
            entry.put("language", language);
            return entry;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored catalogue entry is not JSON", e);
        }
    }

    private static String pick(JsonNode both, String language) {
        String other = "ar".equals(language) ? "en" : "ar";
        JsonNode text = both.path(language);
        return text.isTextual() && !text.asText().isBlank() ? text.asText() : both.path(other).asText(null);
    }
}
