package eg.gov.bawaba.connectors.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.EntityTls;
import eg.gov.bawaba.connectors.definition.DurationText;
import eg.gov.bawaba.connectors.file.FileApplicationStatus;
import eg.gov.bawaba.connectors.file.StatusLine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.stereotype.Component;

/**
 * Status by polling ({@code applications.status.mode: poll}) for entities reached over REST: every {@code every},
 * asks the hub which of the entity's applications are still open ({@link #OPEN_APPLICATIONS}), GETs each one's
 * status resource, and reports the status found to the hub with the rules of the status callback.
 *
 * <p>Template parameters: entityId (required); baseUrl, authType, authHeader, secretEnv, usernameEnv, secretFile,
 * usernameFile, tls, tlsOption (from the
 * entity's {@code applications.connector}); path (required, with {@code {reference}}), statusPointer (default
 * {@code /status}), notePointer (default {@code /note}), everyMillis (default 300000).
 */
@Component
public class RestApplicationStatusPoll extends RouteBuilder {

    public static final String TEMPLATE_ID = "rest-application-status-poll";
    /** In: property {@code bawabaEntityId}; out: a list of {applicationId, reference, correlationId}. */
    public static final String OPEN_APPLICATIONS = "direct:application-open-for-polling";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String routeId(String entityId) {
        return entityId + "-applications-status-poll";
    }

    /** Template parameters from the entity's delivery connector and its {@code applications.status} section. */
    public static Map<String, Object> templateParameters(String entityId, JsonNode connector, JsonNode status) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("entityId", entityId);
        p.put("baseUrl", connector.get("baseUrl").asText().replaceAll("/+$", ""));
        JsonNode auth = connector.path("auth");
        p.put("authType", auth.path("type").asText("none"));
        p.put("authHeader", auth.path("header").asText("X-Api-Key"));
        p.put("secretEnv", auth.path("secretEnv").asText(""));
        p.put("usernameEnv", auth.path("usernameEnv").asText(""));
        p.put("secretFile", auth.path("secretFile").asText(""));
        p.put("usernameFile", auth.path("usernameFile").asText(""));
        p.put("tls", EntityTls.parameter(connector));
        p.put("tlsOption", EntityTls.httpOption(connector));
        p.put("path", status.get("path").asText());
        p.put("statusPointer", status.path("statusPointer").asText("/status"));
        p.put("notePointer", status.path("notePointer").asText("/note"));
        p.put("everyMillis", String.valueOf(status.has("every")
                ? DurationText.parse(status.get("every").asText()).toMillis() : 300_000));
        return p;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE_ID)
                .templateParameter("entityId").templateParameter("baseUrl").templateParameter("path")
                .templateParameter("authType").templateParameter("authHeader").templateParameter("secretEnv")
                .templateParameter("usernameEnv").templateParameter("statusPointer").templateParameter("notePointer")
                .templateParameter("everyMillis")
                .templateParameter("secretFile", "").templateParameter("usernameFile", "").templateParameter("tls", "{}")
                .templateParameter("tlsOption", "")
                // a prefix of the timer: a hub of a cluster sets it (master:...) so one hub only polls
                .templateParameter("singleton", "")
                .templateBean(EntityTls.BEAN, SSLContextParameters.class,
                        rtc -> EntityTls.parameters((String) rtc.getParameters().get("entityId"),
                                (String) rtc.getParameters().get("tls"), rtc.getCamelContext()))
                .from("{{singleton}}timer:{{entityId}}-status-poll?period={{everyMillis}}&delay={{everyMillis}}")
                .setProperty("bawabaEntityId", constant("{{entityId}}"))
                .setProperty(EntityCalls.AUTH_TYPE, constant("{{authType}}"))
                .setProperty(EntityCalls.AUTH_HEADER, constant("{{authHeader}}"))
                .setProperty(EntityCalls.SECRET_ENV, constant("{{secretEnv}}"))
                .setProperty(EntityCalls.USERNAME_ENV, constant("{{usernameEnv}}"))
                .setProperty(EntityCalls.SECRET_FILE, constant("{{secretFile}}"))
                .setProperty(EntityCalls.USERNAME_FILE, constant("{{usernameFile}}"))
                .setProperty("bawabaStatusPath", constant("{{path}}"))
                .setProperty("bawabaStatusPointer", constant("{{statusPointer}}"))
                .setProperty("bawabaNotePointer", constant("{{notePointer}}"))
                .to(OPEN_APPLICATIONS)
                .split(body())
                    .doTry()
                        .process(RestApplicationStatusPoll::prepareGet)
                        .to("{{baseUrl}}{{tlsOption}}")
                        .process(RestApplicationStatusPoll::toStatusLine)
                        .to(FileApplicationStatus.REPORT)
                    .doCatch(Exception.class)
                        // one unreachable status must not stop the others; the next round asks again
                        .log(org.apache.camel.LoggingLevel.WARN, "Status poll of ${exchangeProperty.bawabaEntityId} "
                                + "application ${exchangeProperty.bawabaApplicationId} failed: ${exception.message}")
                    .end()
                .end();
    }

    @SuppressWarnings("unchecked")
    static void prepareGet(Exchange exchange) {
        Map<String, String> open = exchange.getIn().getBody(Map.class);
        exchange.setProperty(ApplicationConnector.APPLICATION_ID, open.get("applicationId"));
        exchange.setProperty(ApplicationConnector.ENTITY_REFERENCE, open.get("reference"));
        exchange.setProperty(ApplicationConnector.CORRELATION_ID, open.get("correlationId"));
        String path = exchange.getProperty("bawabaStatusPath", String.class)
                .replace("{reference}", URLEncoder.encode(open.get("reference"), StandardCharsets.UTF_8));
        EntityCalls.prepareJsonPost(exchange);
        exchange.getIn().removeHeader("Idempotency-Key");
        exchange.getIn().removeHeader(Exchange.CONTENT_TYPE);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
        exchange.getIn().setHeader(Exchange.HTTP_PATH, path);
        exchange.getIn().setBody(null);
    }

    static void toStatusLine(Exchange exchange) throws Exception {
        JsonNode answer = JSON.readTree(exchange.getIn().getBody(String.class));
        JsonNode note = answer.at(exchange.getProperty("bawabaNotePointer", String.class));
        exchange.getIn().setBody(new StatusLine(exchange.getProperty("bawabaEntityId", String.class), 1,
                exchange.getProperty(ApplicationConnector.ENTITY_REFERENCE, String.class),
                answer.at(exchange.getProperty("bawabaStatusPointer", String.class)).asText(null),
                note.isMissingNode() || note.isNull() ? null : note.asText()));
    }
}
