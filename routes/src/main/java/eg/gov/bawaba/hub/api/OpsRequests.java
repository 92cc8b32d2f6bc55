package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import org.apache.camel.Exchange;

/** Reads the optional JSON object an ops action may carry; none is an empty object, anything else a 400 problem. */
final class OpsRequests {

    private OpsRequests() {}

    static JsonNode body(Exchange exchange) {
        String text = exchange.getIn().getBody(String.class);
        if (text == null || text.isBlank()) {
            return CanonicalJson.mapper().createObjectNode();
        }
        return JsonBodies.object(text);
    }
}
