package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.observability.Correlation;
import eg.gov.bawaba.mappings.CanonicalJson;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes RFC 9457 problem details ({@code application/problem+json}) as the response of an exchange. */
public final class Problems {

    public static final String TYPE_BASE = "https://bawaba.gov.eg/problems/";
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    public static void respond(Exchange exchange, int status, String type, String title, String detail) {
        ObjectNode problem = CanonicalJson.mapper().createObjectNode();
        problem.put("type", TYPE_BASE + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        String path = exchange.getIn().getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null) {
            path = exchange.getIn().getHeader(Exchange.HTTP_URI, String.class);
        }
        if (path != null) {
            problem.put("instance", path);
        }
        Message out = exchange.getMessage();
        // Request headers (query parameters among them) would otherwise be echoed back as response headers.
        out.removeHeaders("*", "Camel*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, MEDIA_TYPE);
        String correlationId = exchange.getProperty(Correlation.PROPERTY, String.class);
        if (correlationId != null) {
            out.setHeader(Correlation.HEADER, correlationId);
        }
        out.setBody(CanonicalJson.toJson(problem));
    }
}
