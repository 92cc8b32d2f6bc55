package eg.gov.bawaba.connectors.rest;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.DeliveryFailures;
import eg.gov.bawaba.connectors.DeliveryRoute;
import eg.gov.bawaba.connectors.EntityTls;
import eg.gov.bawaba.connectors.definition.DurationText;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.stereotype.Component;

/**
 * Delivery kind {@code rest}: POSTs each application, as the entity's mapping shaped it, to the entity's API, with
 * the application id as {@code Idempotency-Key} so a redelivered application is recognised, and its correlation id as
 * {@code X-Correlation-Id}. A 2xx answer is acceptance (its {@code referencePointer} field is the entity's reference),
 * a 4xx other than 408 and 429 is a permanent rejection, anything else is retried through the queue.
 *
 * <p>Template parameters: entityId, queue, breaker, maxAttempts, retryFor (added by the hub); baseUrl, path (required);
 * referencePointer (default {@code /reference}); authType, authHeader, secretEnv, usernameEnv, secretFile,
 * usernameFile, tls, tlsOption (as the catalogue kind); timeoutMillis (default 10000); consumers (default 1).
 */
@Component
public class RestApplicationDelivery extends RouteBuilder implements ApplicationConnector {

    public static final String TEMPLATE_ID = "rest-application-deliver";

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("referencePointer", "/reference"),
            Map.entry("authType", "none"),
            Map.entry("authHeader", "X-Api-Key"),
            Map.entry("secretEnv", ""),
            Map.entry("usernameEnv", ""),
            Map.entry("secretFile", ""),
            Map.entry("usernameFile", ""),
            Map.entry("tls", "{}"),
            Map.entry("tlsOption", ""),
            Map.entry("timeoutMillis", "10000"),
            Map.entry("consumers", "1"));

    @Override
    public String kind() {
        return "rest";
    }

    @Override
    public String templateId() {
        return TEMPLATE_ID;
    }

    @Override
    public Map<String, Object> templateParameters(String entityId, JsonNode c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("baseUrl", c.get("baseUrl").asText().replaceAll("/+$", ""));
        p.put("path", c.get("path").asText());
        JsonNode auth = c.path("auth");
        put(p, "authType", auth.path("type"));
        put(p, "authHeader", auth.path("header"));
        put(p, "secretEnv", auth.path("secretEnv"));
        put(p, "usernameEnv", auth.path("usernameEnv"));
        put(p, "secretFile", auth.path("secretFile"));
        put(p, "usernameFile", auth.path("usernameFile"));
        p.put("tls", EntityTls.parameter(c));
        p.put("tlsOption", EntityTls.httpOption(c));
        put(p, "referencePointer", c.path("referencePointer"));
        put(p, "consumers", c.path("consumers"));
        if (c.has("timeout")) {
            p.put("timeoutMillis", String.valueOf(DurationText.parse(c.get("timeout").asText()).toMillis()));
        }
        DEFAULTS.forEach(p::putIfAbsent);
        return p;
    }

    @Override
    public void configure() {
        var template = routeTemplate(TEMPLATE_ID)
                .templateParameter("baseUrl")
                .templateParameter("path");
        DeliveryRoute.parameters(template);
        DEFAULTS.forEach(template::templateParameter);

        template.templateBean(EntityTls.BEAN, SSLContextParameters.class,
                rtc -> EntityTls.parameters((String) rtc.getParameters().get("entityId"),
                        (String) rtc.getParameters().get("tls"), rtc.getCamelContext()));
        var route = DeliveryRoute.consume(template)
                .setProperty(EntityCalls.AUTH_TYPE, constant("{{authType}}"))
                .setProperty(EntityCalls.AUTH_HEADER, constant("{{authHeader}}"))
                .setProperty(EntityCalls.SECRET_ENV, constant("{{secretEnv}}"))
                .setProperty(EntityCalls.USERNAME_ENV, constant("{{usernameEnv}}"))
                .setProperty(EntityCalls.SECRET_FILE, constant("{{secretFile}}"))
                .setProperty(EntityCalls.USERNAME_FILE, constant("{{usernameFile}}"))
                .setProperty(EntityCalls.REFERENCE_POINTER, constant("{{referencePointer}}"));
        DeliveryRoute.deliver(route, new DeliveryRoute.Kind() {
            @Override
            public ProcessorDefinition<?> prepare(ProcessorDefinition<?> r) {
                return r.process(EntityCalls::prepareJsonPost);
            }

            @Override
            public ProcessorDefinition<?> unmappable(ProcessorDefinition<?> r) {
                return r.process(DeliveryFailures::unmappable);
            }

            @Override
            public ProcessorDefinition<?> call(ProcessorDefinition<?> r) {
                return r.to("{{baseUrl}}{{path}}{{tlsOption}}");
            }

            @Override
            public ProcessorDefinition<?> accepted(ProcessorDefinition<?> r) {
                return r.process(EntityCalls::takeReference);
            }
        });
    }

    private static void put(Map<String, Object> p, String key, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            p.put(key, value.asText());
        }
    }
}
