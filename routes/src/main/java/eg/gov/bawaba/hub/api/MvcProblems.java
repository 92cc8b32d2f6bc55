package eg.gov.bawaba.hub.api;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own errors (a console file that does not exist) as the hub's problems: Spring writes RFC 9457 problems
 * already ({@code spring.mvc.problemdetails}), typed {@code about:blank}; this gives them a type under
 * {@link Problems#TYPE_BASE} like every other answer.
 */
@RestControllerAdvice
public class MvcProblems extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(ex, body, headers, status, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            String type = status.value() == 404 ? "not-found" : status.value() == 400 ? "invalid-request"
                    : known == null ? "http-" + status.value() : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
            problem.setType(URI.create(Problems.TYPE_BASE + type));
        }
        return answer;
    }
}
