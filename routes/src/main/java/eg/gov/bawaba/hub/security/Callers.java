package eg.gov.bawaba.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The verified token of the caller of an HTTP route. Camel runs platform-http routes on a thread of its own, where
 * Spring Security's thread-bound context is empty, so {@link Filter} hands the token over as a request attribute.
 */
public final class Callers {

    static final String ATTRIBUTE = Callers.class.getName() + ".token";

    private Callers() {}

    /** The caller's verified token, if the exchange came in over HTTP with one. */
    public static Optional<Jwt> token(Exchange exchange) {
        return request(exchange.getIn()).or(() -> request(exchange.getMessage()))
                .map(request -> request.getAttribute(ATTRIBUTE))
                .filter(Jwt.class::isInstance).map(Jwt.class::cast);
    }

    /** Who the token names: its {@code preferred_username} when it has one, else its subject. */
    public static Optional<String> name(Exchange exchange) {
        return token(exchange).map(jwt -> {
            String preferred = jwt.getClaimAsString("preferred_username");
            return preferred == null || preferred.isBlank() ? jwt.getSubject() : preferred;
        }).filter(name -> name != null && !name.isBlank());
    }

    private static Optional<HttpServletRequest> request(Message message) {
        return message instanceof PlatformHttpMessage http ? Optional.ofNullable(http.getRequest()) : Optional.empty();
    }

    /** Puts the authenticated token on the request, where a route finds it whatever thread it runs on. */
    static final class Filter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication instanceof JwtAuthenticationToken token) {
                request.setAttribute(ATTRIBUTE, token.getToken());
            }
            chain.doFilter(request, response);
        }
    }
}
