package eg.gov.bawaba.hub.limits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.api.Problems;
import eg.gov.bawaba.mappings.CanonicalJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes an RFC 9457 problem in the hub's format from a servlet filter, before the request reaches any route. */
final class ServletProblems {

    private ServletProblems() {}

    static void respond(HttpServletRequest request, HttpServletResponse response, int status, String type, String title,
                        String detail) throws IOException {
        ObjectNode problem = CanonicalJson.mapper().createObjectNode();
        problem.put("type", Problems.TYPE_BASE + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        byte[] body = CanonicalJson.toJson(problem).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
