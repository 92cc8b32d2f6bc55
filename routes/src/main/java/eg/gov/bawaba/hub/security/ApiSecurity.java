package eg.gov.bawaba.hub.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.config.annotation.ObjectPostProcessor;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call which part of the hub: every HTTP request passes this filter chain before Spring MVC hands it to a
 * Camel platform-http route, and needs a bearer JWT with the scope of its rule; what no rule names is refused.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiSecurity {

    /** One rule: requests of this method (any if null) under this path pattern need this scope (none if null). */
    record Rule(HttpMethod method, String pattern, String scope) {

        RequestMatcher matcher() {
            return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        }
    }

    /** In order; the first rule that matches decides. */
    static final List<Rule> RULES = List.of(
            // probes: open, details only for ops:read (management.endpoint.health.roles)
            new Rule(HttpMethod.GET, "/actuator/health", null),
            new Rule(HttpMethod.GET, "/actuator/health/**", null),
            new Rule(HttpMethod.GET, "/actuator/**", Scopes.OPS_READ),
            // the published contracts and their reference page hold no data
            new Rule(HttpMethod.GET, "/api/v1/openapi.json", null),
            new Rule(HttpMethod.GET, "/ops/v1/openapi.json", null),
            new Rule(HttpMethod.GET, "/api/docs", null),
            new Rule(HttpMethod.GET, "/api/docs/**", null),
            new Rule(HttpMethod.GET, "/webjars/swagger-ui/**", null),
            new Rule(HttpMethod.GET, "/api/v1/catalogue/**", Scopes.CATALOGUE_READ),
            new Rule(HttpMethod.GET, "/api/v1/entities", Scopes.CATALOGUE_READ),
            new Rule(HttpMethod.POST, "/api/v1/applications", Scopes.APPLICATIONS_WRITE),
            new Rule(HttpMethod.GET, "/api/v1/applications/**", Scopes.APPLICATIONS_READ),
            new Rule(HttpMethod.GET, "/api/v1/experts", Scopes.EXPERTS_READ),
            new Rule(HttpMethod.GET, "/api/v1/experts/**", Scopes.EXPERTS_READ),
            new Rule(HttpMethod.POST, "/api/v1/experts", Scopes.EXPERTS_WRITE),
            new Rule(HttpMethod.POST, "/api/v1/experts/**", Scopes.EXPERTS_WRITE),
            new Rule(HttpMethod.PUT, "/api/v1/experts/**", Scopes.EXPERTS_WRITE),
            new Rule(HttpMethod.DELETE, "/api/v1/experts/**", Scopes.EXPERTS_WRITE),
            new Rule(HttpMethod.POST, "/api/v1/insights/events", Scopes.INSIGHTS_WRITE),
            new Rule(HttpMethod.GET, "/api/v1/insights/**", Scopes.INSIGHTS_READ),
            // entities sign their callbacks with their own credentials, checked by the callback route itself
            new Rule(null, "/callbacks/v1/**", null),
            // the console's static files hold no data; every call it makes carries the operator's token
            new Rule(HttpMethod.GET, "/ops/console", null),
            new Rule(HttpMethod.GET, "/ops/console/**", null),
            new Rule(HttpMethod.GET, "/ops/v1/**", Scopes.OPS_READ),
            new Rule(HttpMethod.POST, "/ops/v1/**", Scopes.OPS_WRITE),
            new Rule(HttpMethod.PUT, "/ops/v1/**", Scopes.OPS_WRITE),
            new Rule(HttpMethod.DELETE, "/ops/v1/**", Scopes.OPS_WRITE));

    @Bean
    SecurityFilterChain apiFilterChain(HttpSecurity http, JwtDecoder tokens) throws Exception {
        TokenProblems problems = new TokenProblems(ApiSecurity::needs);
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                // a route that does not finish on the request thread answers from another one after the filter
                // chain returned (async servlet; SynchronousRoutes): headers written lazily at commit would race that
                // thread's writes and can emit an empty header line (spring-security#15384), so they are written
                // before the request goes on
                .headers(headers -> headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }))
                .authorizeHttpRequests(requests -> {
                    // the request itself was authorised; Camel's async answer, forwards and error pages follow it
                    requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.FORWARD, DispatcherType.ERROR)
                            .permitAll();
                    for (Rule rule : RULES) {
                        if (rule.scope() == null) {
                            requests.requestMatchers(rule.matcher()).permitAll();
                        } else {
                            requests.requestMatchers(rule.matcher()).hasAuthority(Scopes.authority(rule.scope()));
                        }
                    }
                    requests.anyRequest().denyAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(tokens))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .addFilterAfter(new Callers.Filter(), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * No observation of the filter chain, authentication or authorisation: with them each of the chain's filters is
     * wrapped in an observation on every request, even when their metrics are switched off by property
     * ({@code management.observations.enable.spring.security}), which still leaves the wrapping. The
     * {@code http.server.requests} metrics of every request stay (docs/decisions/0018-request-overhead.md).
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** What the first matching rule needs, in words, for the detail of a 403. */
    static String needs(HttpServletRequest request) {
        for (Rule rule : RULES) {
            if (rule.matcher().matches(request)) {
                return rule.scope() == null ? "no scope" : "scope " + rule.scope();
            }
        }
        return "a path the hub serves (nothing is served at " + request.getMethod() + " " + request.getRequestURI()
                + ")";
    }
}
