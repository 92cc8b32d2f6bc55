package eg.gov.bawaba.hub.security;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.api.Problems;
import eg.gov.bawaba.mappings.CanonicalJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a refused caller as the API answers every error, RFC 9457 problem+json: 401 with {@code WWW-Authenticate:
 * Bearer ...} (RFC 6750) without a valid token, 403 when the token lacks the scope the request needs.
 */
final class TokenProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler insufficientScope = new BearerTokenAccessDeniedHandler();
    private final Function<HttpServletRequest, String> needs;

    /** @param needs what the request needs, in words, e.g. "scope ops:write", for the 403 detail */
    TokenProblems(Function<HttpServletRequest, String> needs) {
        this.needs = needs;
        bearer.setRealmName("bawaba");
        insufficientScope.setRealmName("bawaba");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException {
        // sets the status (401, or 400 for a malformed request) and WWW-Authenticate with the RFC 6750 error
        bearer.commence(request, response, refused);
        String detail = refused instanceof OAuth2AuthenticationException invalid
                ? "the bearer token was refused: " + description(invalid)
                : "this request needs a bearer token: Authorization: Bearer <access token>";
        write(request, response, response.getStatus() == 400 ? "invalid-token-request" : "unauthorized",
                response.getStatus() == 400 ? "Invalid token request" : "Unauthorized", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        insufficientScope.handle(request, response, denied);
        write(request, response, "insufficient-scope", "Insufficient scope",
                "the token does not grant this request; it needs " + needs.apply(request));
    }

    private static String description(OAuth2AuthenticationException invalid) {
        String text = invalid.getError().getDescription();
        return text == null || text.isBlank() ? invalid.getError().getErrorCode() : text;
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, String type, String title,
                              String detail) throws IOException {
        ObjectNode problem = CanonicalJson.mapper().createObjectNode();
        problem.put("type", Problems.TYPE_BASE + type);
        problem.put("title", title);
        problem.put("status", response.getStatus());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(CanonicalJson.toJson(problem));
    }
}
