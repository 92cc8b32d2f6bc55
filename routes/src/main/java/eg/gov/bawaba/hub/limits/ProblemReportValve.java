package eg.gov.bawaba.hub.limits;

import eg.gov.bawaba.hub.api.Problems;
import eg.gov.bawaba.hub.limits.ServletProblems.Problem;
import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * Tomcat's error report in the hub's format: a request the container refuses before any filter sees it (a request
 * line with raw non-ASCII bytes, headers over the limit, an encoded slash), or an error no route answered, gets an RFC
 * 9457 problem instead of Tomcat's HTML page; a client's fault is logged as one WARN line, without a stack trace.
 */
public class ProblemReportValve extends ErrorReportValve {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemReportValve.class);
    /** How much of Tomcat's own reason goes into the log line: it quotes what the client sent. */
    private static final int MAX_REASON = 300;

    private final DataSize maxHeaderSize;

    /** @param maxHeaderSize the connector's limit of a request's headers, named when a request exceeds it */
    public ProblemReportValve(DataSize maxHeaderSize) {
        this.maxHeaderSize = maxHeaderSize;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as ErrorReportValve: only an error nobody has answered yet, and only once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        if (throwable == null) {
            throwable = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        }
        String instance = request.getRequestURI();
        // a filter that refused the request logged it already; after a failed read Tomcat dropped its answer
        boolean refusedByFilter = request.getAttribute(ServletProblems.PROBLEM) instanceof Problem;
        Problem problem = refusedByFilter ? (Problem) request.getAttribute(ServletProblems.PROBLEM)
                : describe(status, response.getMessage(), throwable);
        if (!refusedByFilter && problem.status() < 500) {
            LOG.warn("Refused {} {} from {} before any route: {} {}: {}{}", request.getMethod(), instance,
                    request.getRemoteAddr(), problem.status(), problem.type(), problem.detail(),
                    reason(response, throwable));
        }
        try {
            try {
                response.setStatus(problem.status());
                response.setContentType(Problems.MEDIA_TYPE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            } catch (Throwable t) {
                ExceptionUtils.handleThrowable(t);
            }
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ServletProblems.json(problem.status(), problem.type(), problem.title(), problem.detail(),
                        instance));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException gone) {
            // the client left, or the response cannot take a body any more: nothing more to tell it
        }
    }

    /** The problem for an error of this status, with Tomcat's message and the exception it recorded, if any. */
    Problem describe(int status, String message, Throwable throwable) {
        String cause = throwable == null || throwable.getMessage() == null ? "" : throwable.getMessage();
        String said = message == null ? "" : message;
        if (status >= 500) {
            return new Problem(status, "internal-error", "Internal error",
                    "the request could not be completed; the failure is logged");
        }
        if (cause.startsWith("Invalid character found in the request target")) {
            return malformed("the request target (path and query) holds a character that must be percent-encoded, "
                    + "such as a non-ASCII letter, a space or one of \"<>\\^`{|}: encode it as UTF-8 (RFC 3986), e.g. "
                    + "q=%D8%B3%D9%8A%D8%A7%D8%B1%D8%A9 for q=سيارة; curl does it with -G --data-urlencode 'q=سيارة'");
        }
        if (cause.startsWith("Request header is too large")) {
            return new Problem(status, "request-header-too-large", "Request header too large",
                    "the request's headers are larger than " + maxHeaderSize.toKilobytes() + " KB together, the hub's "
                            + "limit; no header it reads needs that much (Idempotency-Key takes at most 200 "
                            + "characters)");
        }
        if (cause.startsWith("Invalid character found in method name")) {
            return malformed("the request line does not start with an HTTP method");
        }
        if (cause.startsWith("Invalid character found in the HTTP protocol")) {
            return malformed("the request line does not end with an HTTP version");
        }
        if (cause.contains("does not conform to RFC")) {
            return malformed("a header line is not a valid field of the form Name: value (RFC 9110)");
        }
        if (said.startsWith("Invalid URI")) {
            return malformed("the path cannot be decoded: an encoded slash (%2F), an invalid percent-encoding or "
                    + "percent-encoded bytes that are not UTF-8 are refused");
        }
        if (cause.toLowerCase(Locale.ROOT).contains("content-length")) {
            return malformed("the request must carry at most one Content-Length, and a number");
        }
        if (status == 400) {
            return malformed("the request is not well-formed HTTP/1.1 (RFC 9112)");
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return new Problem(status, title.toLowerCase(Locale.ROOT).replace(' ', '-'), title,
                said.isBlank() ? title : said);
    }

    private static Problem malformed(String detail) {
        return new Problem(400, "malformed-request", "Malformed request", detail);
    }

    /** Tomcat's own words, shortened, for the log line. */
    private static String reason(Response response, Throwable throwable) {
        String text = throwable != null ? throwable.getMessage() : response.getMessage();
        if (text == null || text.isBlank()) {
            return "";
        }
        return " (" + (text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "…" : text) + ")";
    }
}
