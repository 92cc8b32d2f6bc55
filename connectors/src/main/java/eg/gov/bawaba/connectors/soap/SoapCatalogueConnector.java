package eg.gov.bawaba.connectors.soap;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.ConnectorErrorHandling;
import eg.gov.bawaba.connectors.EntityCallThreads;
import eg.gov.bawaba.connectors.EntityTls;
import eg.gov.bawaba.connectors.definition.DurationText;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.model.Resilience4jConfigurationDefinition;
import org.springframework.stereotype.Component;

/**
 * Connector kind {@code soap}: calls one operation of an entity's SOAP service, described by its WSDL alone, and
 * takes every element with a given name in the response as a record, behind a per-entity Resilience4j circuit breaker
 * with a call time limit, retried by {@link ConnectorErrorHandling}.
 *
 * <p>Template parameters (docs/onboarding.md has the definition fields they come from):
 * <table>
 * <tr><th>parameter</th><th>required</th><th>default</th><th>example</th></tr>
 * <tr><td>entityId</td><td>yes</td><td></td><td>foreign-affairs</td></tr>
 * <tr><td>wsdl</td><td>yes</td><td></td><td>http://127.0.0.1:8091/foreign-affairs/consular-services?wsdl</td></tr>
 * <tr><td>address</td><td>no</td><td>(the WSDL's soap:address)</td><td>https://soap.mfa.gov.eg/consular</td></tr>
 * <tr><td>service, port</td><td>no</td><td>(the WSDL's first)</td><td>{http://www.mfa.gov.eg/ws/consular/2019}ConsularServices</td></tr>
 * <tr><td>operation</td><td>yes</td><td></td><td>ListConsularServices, or {ns}ListConsularServices</td></tr>
 * <tr><td>request</td><td>no</td><td>(the operation's element, empty)</td><td>&lt;cs:ListConsularServices …&gt;…</td></tr>
 * <tr><td>recordElement</td><td>yes</td><td></td><td>consularService</td></tr>
 * <tr><td>authType</td><td>no</td><td>none</td><td>basic | ws-security</td></tr>
 * <tr><td>usernameEnv, secretEnv</td><td>with auth</td><td></td><td>FOREIGN_AFFAIRS_USER, FOREIGN_AFFAIRS_PASSWORD</td></tr>
 * <tr><td>usernameFile, secretFile</td><td>instead of the *Env</td><td></td><td>/run/secrets/mfa-password</td></tr>
 * <tr><td>tls</td><td>no</td><td>{} (the JVM's trust, no client certificate)</td><td>the tls section as JSON</td></tr>
 * <tr><td>timeoutMillis</td><td>no</td><td>10000</td><td>5000</td></tr>
 * <tr><td>retries</td><td>no</td><td>2</td><td>3</td></tr>
 * <tr><td>failureRateThreshold, minimumCalls, openForMillis</td><td>no</td><td>50, 4, 60000</td><td></td></tr>
 * </table>
 */
@Component
public class SoapCatalogueConnector extends RouteBuilder implements CatalogueConnector {

    public static final String TEMPLATE_ID = "soap-catalogue-fetch";

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("address", ""),
            Map.entry("service", ""),
            Map.entry("port", ""),
            Map.entry("request", ""),
            Map.entry("authType", "none"),
            Map.entry("usernameEnv", ""),
            Map.entry("secretEnv", ""),
            Map.entry("usernameFile", ""),
            Map.entry("secretFile", ""),
            Map.entry("tls", "{}"),
            Map.entry("timeoutMillis", "10000"),
            Map.entry("retries", "2"),
            Map.entry("failureRateThreshold", "50"),
            Map.entry("minimumCalls", "4"),
            Map.entry("openForMillis", "60000"));

    @Override
    public String kind() {
        return "soap";
    }

    @Override
    public String templateId() {
        return TEMPLATE_ID;
    }

    @Override
    public String sourceProtocol() {
        return "SOAP";
    }

    @Override
    public Map<String, Object> templateParameters(String entityId, JsonNode c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("entityId", entityId);
        p.put("wsdl", c.get("wsdl").asText().strip());
        p.put("operation", c.get("operation").asText().strip());
        p.put("recordElement", c.get("recordElement").asText().strip());
        for (String key : new String[] {"address", "service", "port", "request", "retries"}) {
            putText(p, key, c.path(key));
        }
        JsonNode auth = c.path("auth");
        putText(p, "authType", auth.path("type"));
        putText(p, "usernameEnv", auth.path("usernameEnv"));
        putText(p, "secretEnv", auth.path("secretEnv"));
        putText(p, "usernameFile", auth.path("usernameFile"));
        putText(p, "secretFile", auth.path("secretFile"));
        p.put("tls", EntityTls.parameter(c));
        if (c.has("timeout")) {
            p.put("timeoutMillis", String.valueOf(DurationText.parse(c.get("timeout").asText()).toMillis()));
        }
        JsonNode breaker = c.path("circuitBreaker");
        putText(p, "failureRateThreshold", breaker.path("failureRateThreshold"));
        putText(p, "minimumCalls", breaker.path("minimumCalls"));
        if (breaker.has("openFor")) {
            p.put("openForMillis", String.valueOf(DurationText.parse(breaker.get("openFor").asText()).toMillis()));
        }
        DEFAULTS.forEach(p::putIfAbsent);
        // a broken request disables the entity when it starts, naming the parameter, rather than failing every sync
        SoapCatalogueCall.checkRequest((String) p.get("request"));
        return p;
    }

    @Override
    public void configure() {
        var template = routeTemplate(TEMPLATE_ID)
                .templateParameter("entityId")
                .templateParameter("wsdl")
                .templateParameter("operation")
                .templateParameter("recordElement");
        DEFAULTS.forEach(template::templateParameter);

        Resilience4jConfigurationDefinition breaker = new Resilience4jConfigurationDefinition();
        breaker.setFailureRateThreshold("{{failureRateThreshold}}");
        breaker.setMinimumNumberOfCalls("{{minimumCalls}}");
        breaker.setSlidingWindowSize("{{minimumCalls}}");
        breaker.setWaitDurationInOpenState("{{openForMillis}}");
        // An open breaker must fail the sync, not let an empty response through as if the entity had answered.
        breaker.setThrowExceptionWhenHalfOpenOrOpenState("true");
        breaker.setTimeoutEnabled("true");
        breaker.setTimeoutDuration("{{timeoutMillis}}");
        EntityCallThreads.use(breaker);
        EntityCallThreads.registerFor(template);

        template.templateBean("call", SoapCatalogueCall.class,
                        rtc -> new SoapCatalogueCall(SoapFetchSettings.from(rtc.getParameters())))
                .templateBean("soapEndpoint", CxfEndpoint.class,
                        rtc -> SoapEndpoints.create((String) rtc.getParameters().get("entityId"),
                                SoapFetchSettings.from(rtc.getParameters()), rtc.getCamelContext()))
                .from("direct:{{entityId}}-catalogue-fetch")
                .routeConfigurationId(ConnectorErrorHandling.ID)
                .bean("{{call}}", "start")
                .bean("{{call}}", "prepareRequest")
                // Camel keeps its error handler out of a circuit breaker: without this, no call would be retried
                .circuitBreaker().inheritErrorHandler(true).resilience4jConfiguration(breaker)
                    // the endpoint is a local bean built from the parameters: no address or secret in the URI.
                    // Lazy: the client reads the WSDL when it starts, so an entity that is down when the hub starts
                    // fails its syncs (retried, journaled) instead of being disabled until a restart.
                    .to("cxf:bean:{{soapEndpoint}}?lazyStartProducer=true")
                .end()
                .bean("{{call}}", "collectRecords");
    }

    private static void putText(Map<String, Object> p, String key, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            p.put(key, value.asText());
        }
    }
}
