package eg.gov.bawaba.hub.limits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Answers a client over its rate limit with 429 and {@code Retry-After}, before the request reaches any route. */
public class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimits limits;

    public RateLimitFilter(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long retryAfter = limits.admit(request);
        if (retryAfter == 0) {
            chain.doFilter(request, response);
            return;
        }
        RateLimits.Settings settings = limits.settings();
        response.setHeader("Retry-After", String.valueOf(retryAfter));
        ServletProblems.respond(request, response, 429, "rate-limited", "Too many requests",
                limits.who() + " sent more than " + format(settings.requestsPerSecond()) + " requests a second (at most "
                        + settings.burst() + " at once); retry after " + retryAfter + " s");
    }

    private static String format(double perSecond) {
        return perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond);
    }
}
