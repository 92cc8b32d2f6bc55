package eg.gov.bawaba.connectors.soap;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.DeliveryFailures;
import eg.gov.bawaba.connectors.DeliveryRoute;
import eg.gov.bawaba.connectors.EntityTls;
import eg.gov.bawaba.connectors.definition.DurationText;
import eg.gov.bawaba.mappings.MappingDefinitionException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.model.ProcessorDefinition;
import org.springframework.stereotype.Component;

/**
 * Delivery kind {@code soap}: calls one operation of the entity's SOAP service, described by its WSDL alone (CXF in
 * PAYLOAD mode, as the catalogue kind {@code soap}), once per application, with the application id as the HTTP header
 * {@code Idempotency-Key}. The entity's answer is acceptance; its first element named {@code referenceElement} holds
 * the entity's reference. A {@code Client}/{@code Sender} fault is a permanent refusal (the application is rejected
 * with the fault's text); any other fault ({@code Server}/{@code Receiver}, security, custom codes), an HTTP error
 * without a fault, an I/O error or a timeout is retried through the queue ({@link DeliveryFailures}).
 *
 * <p>Template parameters (the hub adds entityId, queue, breaker, maxAttempts, retryFor):
 * <table>
 * <tr><th>parameter</th><th>required</th><th>default</th><th>example</th></tr>
 * <tr><td>wsdl</td><td>yes</td><td></td><td>http://127.0.0.1:8091/foreign-affairs/consular-services?wsdl</td></tr>
 * <tr><td>operation</td><td>yes</td><td></td><td>SubmitConsularApplication, or {ns}SubmitConsularApplication</td></tr>
 * <tr><td>address</td><td>no</td><td>(the WSDL's soap:address)</td><td>https://soap.mfa.gov.eg/consular</td></tr>
 * <tr><td>service, port</td><td>no</td><td>(the WSDL's first)</td><td>{http://www.mfa.gov.eg/ws/consular/2019}ConsularServices</td></tr>
 * <tr><td>referenceElement</td><td>no</td><td>reference</td><td>applicationReference</td></tr>
 * <tr><td>authType</td><td>no</td><td>none</td><td>basic | ws-security</td></tr>
 * <tr><td>usernameEnv, secretEnv</td><td>with auth</td><td></td><td>FOREIGN_AFFAIRS_USER, FOREIGN_AFFAIRS_PASSWORD</td></tr>
 * <tr><td>usernameFile, secretFile</td><td>instead of the *Env</td><td></td><td>/run/secrets/mfa-password</td></tr>
 * <tr><td>tls</td><td>no</td><td>{} (the JVM's trust, no client certificate)</td><td>the tls section as JSON</td></tr>
 * <tr><td>timeoutMillis</td><td>no</td><td>10000</td><td>5000</td></tr>
 * <tr><td>consumers</td><td>no</td><td>1</td><td>4</td></tr>
 * </table>
 * The definition's {@code circuitBreaker} configures the entity's delivery breaker, which the hub binds.
 */
@Component
public class SoapApplicationDelivery extends RouteBuilder implements ApplicationConnector {

    public static final String TEMPLATE_ID = "soap-application-deliver";

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("address", ""),
            Map.entry("service", ""),
            Map.entry("port", ""),
            Map.entry("referenceElement", "reference"),
            Map.entry("authType", "none"),
            Map.entry("usernameEnv", ""),
            Map.entry("secretEnv", ""),
            Map.entry("usernameFile", ""),
            Map.entry("secretFile", ""),
            Map.entry("tls", "{}"),
            Map.entry("timeoutMillis", "10000"),
            Map.entry("consumers", "1"));

    @Override
    public String kind() {
        return "soap";
    }

    @Override
    public String templateId() {
        return TEMPLATE_ID;
    }

    @Override
    public Map<String, Object> templateParameters(String entityId, JsonNode c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("wsdl", c.get("wsdl").asText().strip());
        p.put("operation", c.get("operation").asText().strip());
        for (String key : new String[] {"address", "service", "port", "referenceElement", "consumers"}) {
            put(p, key, c.path(key));
        }
        JsonNode auth = c.path("auth");
        put(p, "authType", auth.path("type"));
        put(p, "usernameEnv", auth.path("usernameEnv"));
        put(p, "secretEnv", auth.path("secretEnv"));
        put(p, "usernameFile", auth.path("usernameFile"));
        put(p, "secretFile", auth.path("secretFile"));
        p.put("tls", EntityTls.parameter(c));
        if (c.has("timeout")) {
            p.put("timeoutMillis", String.valueOf(DurationText.parse(c.get("timeout").asText()).toMillis()));
        }
        DEFAULTS.forEach(p::putIfAbsent);
        return p;
    }

    /**
     * True for a fault by which the entity refuses the application itself: SOAP 1.1 {@code Client} (or a refinement such
     * as {@code Client.InvalidRequest}), SOAP 1.2 {@code Sender}. Sending it again would be refused again.
     */
    public static boolean refusal(SoapFaultException fault) {
        String code = fault.faultCode();
        return code.equals("soap:Client") || code.startsWith("soap:Client.") || code.equals("soap:Sender");
    }

    @Override
    public void configure() {
        var template = routeTemplate(TEMPLATE_ID)
                .templateParameter("wsdl")
                .templateParameter("operation");
        DeliveryRoute.parameters(template);
        DEFAULTS.forEach(template::templateParameter);

        template.templateBean("call", SoapApplicationCall.class,
                        rtc -> new SoapApplicationCall(rtc.getParameters().get("referenceElement").toString().strip()))
                .templateBean("soapEndpoint", CxfEndpoint.class,
                        rtc -> endpoint(rtc.getParameters(), rtc.getCamelContext()));
        DeliveryRoute.deliver(DeliveryRoute.consume(template), new DeliveryRoute.Kind() {
            @Override
            public ProcessorDefinition<?> prepare(ProcessorDefinition<?> r) {
                return r.bean("{{call}}", "prepareRequest");
            }

            @Override
            public ProcessorDefinition<?> unmappable(ProcessorDefinition<?> r) {
                return r.bean("{{call}}", "unmappable");
            }

            @Override
            public ProcessorDefinition<?> call(ProcessorDefinition<?> r) {
                // a local bean built from the parameters: no address or secret in the URI. Lazy: the WSDL is read at
                // the first delivery, so an entity down when the hub starts keeps its route
                return r.to("cxf:bean:{{soapEndpoint}}?lazyStartProducer=true");
            }

            @Override
            public ProcessorDefinition<?> accepted(ProcessorDefinition<?> r) {
                return r.bean("{{call}}", "takeReference");
            }
        });
    }

    /** The entity's CXF client: the catalogue kind's, with the delivery binding. */
    static CxfEndpoint endpoint(Map<String, Object> p, org.apache.camel.CamelContext camel) {
        SoapFetchSettings settings = new SoapFetchSettings(str(p, "wsdl"), str(p, "address"), str(p, "service"),
                str(p, "port"), str(p, "operation"), "", str(p, "referenceElement"), str(p, "authType"),
                str(p, "usernameEnv"), str(p, "secretEnv"), Integer.parseInt(str(p, "timeoutMillis")), 0,
                str(p, "usernameFile"), str(p, "secretFile"), str(p, "tls"));
        CxfEndpoint endpoint = SoapEndpoints.create(str(p, "entityId"), settings, camel);
        endpoint.setCxfBinding(new SoapDeliveryBinding(settings.credentials()));
        return endpoint;
    }

    private static String str(Map<String, Object> p, String key) {
        Object v = p.get(key);
        return v == null ? "" : v.toString().strip();
    }

    private static void put(Map<String, Object> p, String key, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            p.put(key, value.asText());
        }
    }
}
