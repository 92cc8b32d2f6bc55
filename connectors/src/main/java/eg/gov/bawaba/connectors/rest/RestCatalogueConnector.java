package eg.gov.bawaba.connectors.rest;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.ConnectorErrorHandling;
import eg.gov.bawaba.connectors.EntityCallThreads;
import eg.gov.bawaba.connectors.EntityTls;
import eg.gov.bawaba.connectors.definition.DurationText;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Resilience4jConfigurationDefinition;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.stereotype.Component;

/**
 * Connector kind {@code rest}: reads an entity's catalogue from a paged HTTP/JSON API, behind a per-entity
 * Resilience4j circuit breaker with a call time limit, retried by {@link ConnectorErrorHandling}.
 *
 * <p>Template parameters (docs/onboarding.md has the definition fields they come from):
 * <table>
 * <tr><th>parameter</th><th>required</th><th>default</th><th>example</th></tr>
 * <tr><td>entityId</td><td>yes</td><td></td><td>emigration</td></tr>
 * <tr><td>baseUrl</td><td>yes</td><td></td><td>http://127.0.0.1:8091/emigration</td></tr>
 * <tr><td>path</td><td>yes</td><td></td><td>/api/v1/privileges</td></tr>
 * <tr><td>recordsPointer</td><td>no</td><td>(the body is the array)</td><td>/items</td></tr>
 * <tr><td>pagingStyle</td><td>no</td><td>none</td><td>page | offset | next-link | cursor | link-header</td></tr>
 * <tr><td>pageParam, sizeParam, firstPage</td><td>no</td><td>page, size, 0</td><td></td></tr>
 * <tr><td>offsetParam, limitParam</td><td>no</td><td>offset, limit</td><td></td></tr>
 * <tr><td>pageSize, maxPages</td><td>no</td><td>100, 10000</td><td></td></tr>
 * <tr><td>nextPointer</td><td>with next-link</td><td></td><td>/links/next</td></tr>
 * <tr><td>cursorParam, cursorPointer</td><td>cursorPointer with cursor</td><td>cursor</td><td>/meta/nextCursor</td></tr>
 * <tr><td>authType</td><td>no</td><td>none</td><td>api-key | basic</td></tr>
 * <tr><td>authHeader, secretEnv, usernameEnv</td><td>with auth</td><td>X-Api-Key</td><td>EMIGRATION_API_KEY</td></tr>
 * <tr><td>secretFile, usernameFile</td><td>instead of the *Env</td><td></td><td>/run/secrets/emigration-api-key</td></tr>
 * <tr><td>tls</td><td>no</td><td>{} (the JVM's trust, no client certificate)</td><td>the tls section as JSON ({@link EntityTls})</td></tr>
 * <tr><td>tlsOption</td><td>with tls</td><td>(none)</td><td>{@link EntityTls#httpOption}</td></tr>
 * <tr><td>timeoutMillis</td><td>no</td><td>10000</td><td>5000</td></tr>
 * <tr><td>retries</td><td>no</td><td>2</td><td>3</td></tr>
 * <tr><td>failureRateThreshold, minimumCalls, openForMillis</td><td>no</td><td>50, 4, 60000</td><td></td></tr>
 * </table>
 */
@Component
public class RestCatalogueConnector extends RouteBuilder implements CatalogueConnector {

    public static final String TEMPLATE_ID = "rest-catalogue-fetch";

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("recordsPointer", ""),
            Map.entry("pagingStyle", "none"),
            Map.entry("pageParam", "page"),
            Map.entry("sizeParam", "size"),
            Map.entry("firstPage", "0"),
            Map.entry("offsetParam", "offset"),
            Map.entry("limitParam", "limit"),
            Map.entry("pageSize", "100"),
            Map.entry("maxPages", "10000"),
            Map.entry("nextPointer", ""),
            Map.entry("cursorParam", "cursor"),
            Map.entry("cursorPointer", ""),
            Map.entry("authType", "none"),
            Map.entry("authHeader", "X-Api-Key"),
            Map.entry("secretEnv", ""),
            Map.entry("usernameEnv", ""),
            Map.entry("secretFile", ""),
            Map.entry("usernameFile", ""),
            Map.entry("tls", "{}"),
            Map.entry("tlsOption", ""),
            Map.entry("timeoutMillis", "10000"),
            Map.entry("retries", "2"),
            Map.entry("failureRateThreshold", "50"),
            Map.entry("minimumCalls", "4"),
            Map.entry("openForMillis", "60000"));

    @Override
    public String kind() {
        return "rest";
    }

    @Override
    public String templateId() {
        return TEMPLATE_ID;
    }

    @Override
    public String sourceProtocol() {
        return "REST";
    }

    @Override
    public Map<String, Object> templateParameters(String entityId, JsonNode c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("entityId", entityId);
        p.put("baseUrl", c.get("baseUrl").asText().replaceAll("/+$", ""));
        p.put("path", c.get("path").asText());
        putText(p, "recordsPointer", c.path("recordsPointer"));
        JsonNode paging = c.path("paging");
        putText(p, "pagingStyle", paging.path("style"));
        for (String key : new String[] {"pageParam", "sizeParam", "firstPage", "offsetParam", "limitParam", "pageSize", "maxPages",
                "nextPointer", "cursorParam", "cursorPointer"}) {
            putText(p, key, paging.path(key));
        }
        JsonNode auth = c.path("auth");
        putText(p, "authType", auth.path("type"));
        putText(p, "authHeader", auth.path("header"));
        putText(p, "secretEnv", auth.path("secretEnv"));
        putText(p, "usernameEnv", auth.path("usernameEnv"));
        putText(p, "secretFile", auth.path("secretFile"));
        putText(p, "usernameFile", auth.path("usernameFile"));
        p.put("tls", EntityTls.parameter(c));
        p.put("tlsOption", EntityTls.httpOption(c));
        if (c.has("timeout")) {
            p.put("timeoutMillis", String.valueOf(DurationText.parse(c.get("timeout").asText()).toMillis()));
        }
        putText(p, "retries", c.path("retries"));
        JsonNode breaker = c.path("circuitBreaker");
        putText(p, "failureRateThreshold", breaker.path("failureRateThreshold"));
        putText(p, "minimumCalls", breaker.path("minimumCalls"));
        if (breaker.has("openFor")) {
            p.put("openForMillis", String.valueOf(DurationText.parse(breaker.get("openFor").asText()).toMillis()));
        }
        DEFAULTS.forEach(p::putIfAbsent);
        return p;
    }

    @Override
    public void configure() {
        var template = routeTemplate(TEMPLATE_ID)
                .templateParameter("entityId")
                .templateParameter("baseUrl")
                .templateParameter("path");
        DEFAULTS.forEach(template::templateParameter);

        Resilience4jConfigurationDefinition breaker = new Resilience4jConfigurationDefinition();
        breaker.setFailureRateThreshold("{{failureRateThreshold}}");
        breaker.setMinimumNumberOfCalls("{{minimumCalls}}");
        breaker.setSlidingWindowSize("{{minimumCalls}}");
        breaker.setWaitDurationInOpenState("{{openForMillis}}");
        // An open breaker must fail the sync, not let an empty page through as if the entity had answered.
        breaker.setThrowExceptionWhenHalfOpenOrOpenState("true");
        breaker.setTimeoutEnabled("true");
        breaker.setTimeoutDuration("{{timeoutMillis}}");
        EntityCallThreads.use(breaker);
        EntityCallThreads.registerFor(template);

        template.templateBean("pager", RestPager.class,
                        rtc -> RestPager.of(rtc.getParameters()))
                // built when the entity starts: a missing store or password disables the entity, naming it
                .templateBean(EntityTls.BEAN, SSLContextParameters.class,
                        rtc -> EntityTls.parameters((String) rtc.getParameters().get("entityId"),
                                (String) rtc.getParameters().get("tls"), rtc.getCamelContext()))
                .from("direct:{{entityId}}-catalogue-fetch")
                .routeConfigurationId(ConnectorErrorHandling.ID)
                .bean("{{pager}}", "start")
                .loopDoWhile(exchangeProperty(RestPager.MORE_PAGES))
                    .bean("{{pager}}", "prepareRequest")
                    .circuitBreaker().resilience4jConfiguration(breaker)
                        .to("{{baseUrl}}{{path}}{{tlsOption}}")
                    .end()
                    .bean("{{pager}}", "collectPage")
                .end()
                .bean("{{pager}}", "finish");
    }

    private static void putText(Map<String, Object> p, String key, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            p.put(key, value.asText());
        }
    }
}
