package eg.gov.bawaba.hub.limits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.api.Problems;
import eg.gov.bawaba.mappings.CanonicalJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes an RFC 9457 problem in the hub's format from a servlet filter, before the request reaches any route. */
final class ServletProblems {

    /** The request attribute that keeps a refusal's problem for {@link ProblemReportValve}. */
    static final String PROBLEM = ServletProblems.class.getName() + ".problem";

    private static final Logger LOG = LoggerFactory.getLogger(ServletProblems.class);

    private ServletProblems() {}

    /** What the hub answers, as a problem. */
    record Problem(int status, String type, String title, String detail) {}

    /**
     * Answers a client's fault with a problem and logs it as one WARN line, without a stack trace: the hub did nothing
     * wrong, yet an operator should see who sends what it refuses.
     */
    static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String type, String title,
                       String detail) {
        LOG.warn("Refused {} {} from {}: {} {}: {}", request.getMethod(), request.getRequestURI(),
                request.getRemoteAddr(), status, type, detail);
        // after a failed read Tomcat drops what is written here and reports the error itself: the valve writes this
        request.setAttribute(PROBLEM, new Problem(status, type, title, detail));
        try {
            respond(request, response, status, type, title, detail);
        } catch (IOException gone) {
            // the client left before its answer: nothing more to tell it
            LOG.debug("The {} answer to {} could not be written: {}", status, request.getRequestURI(), gone.toString());
        }
    }

    static void respond(HttpServletRequest request, HttpServletResponse response, int status, String type, String title,
                        String detail) throws IOException {
        byte[] body = json(status, type, title, detail, request.getRequestURI()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** The problem document; {@code instance} is left out when null. */
    static String json(int status, String type, String title, String detail, String instance) {
        ObjectNode problem = CanonicalJson.mapper().createObjectNode();
        problem.put("type", Problems.TYPE_BASE + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        return CanonicalJson.toJson(problem);
    }
}
