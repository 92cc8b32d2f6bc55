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
    /**
     * The claim in which the app backend, acting for a signed-in citizen, names that citizen's national id; when a
     * token has it, the caller sees and changes only that citizen's records (docs/security.md).
     */
    public static final String CITIZEN_CLAIM = "bawaba_citizen_id";
    /** The claims that name the client, in the order looked at: the first one present and not blank is the client. */
    static final java.util.List<String> CLIENT_CLAIMS = java.util.List.of("azp", "client_id", "sub");

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

    /**
     * The client the token was issued to, which owns what it creates: {@code azp} (OAuth2 authorised party, as
     * Keycloak sets it), else {@code client_id} (RFC 9068), else {@code sub}. Tokens without any are refused before a
     * route runs ({@link TokenVerification}).
     */
    public static Optional<String> client(Exchange exchange) {
        return token(exchange).flatMap(Callers::clientOf);
    }

    /** The client identity of a token, if it has one. */
    static Optional<String> clientOf(Jwt jwt) {
        for (String claim : CLIENT_CLAIMS) {
            Object value = jwt.getClaims().get(claim);
            if (value instanceof String text && !text.isBlank()) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /** The national id of the citizen the app backend acts for ({@value #CITIZEN_CLAIM}), if the token names one. */
    public static Optional<String> citizen(Exchange exchange) {
        return token(exchange).map(jwt -> jwt.getClaims().get(CITIZEN_CLAIM))
                .filter(String.class::isInstance).map(String.class::cast);
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
