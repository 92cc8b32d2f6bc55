package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.mappings.CanonicalJson;

/**
 * Reads the JSON object a request carries within {@link CanonicalJson#REQUEST_LIMITS}; anything else is a 400 problem,
 * raised before any of it is used or stored.
 */
public final class JsonBodies {

    private JsonBodies() {}

    /** The body as a JSON object, read with {@link CanonicalJson#requestMapper()}. */
    public static JsonNode object(String text) {
        return object(text, CanonicalJson.requestMapper());
    }

    /** The body as a JSON object, read with a mapper that has limits of its own. */
    public static JsonNode object(String text, ObjectMapper mapper) {
        JsonNode body;
        try {
            body = text == null ? null : mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            // Jackson's text names the limit and its value; the name of its own getter means nothing to a caller
            throw new ApiProblem(400, "json-limit-exceeded", "JSON limit exceeded",
                    "the body exceeds a JSON limit: " + e.getOriginalMessage().replaceAll(", from `[^`]*`", ""));
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object");
        }
        return body;
    }
}
