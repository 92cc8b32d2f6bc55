package eg.gov.bawaba.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.DeliveryFailures;
import eg.gov.bawaba.connectors.DeliveryRoute;
import eg.gov.bawaba.connectors.definition.DurationText;
import eg.gov.bawaba.mappings.MappingDefinitionException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteTemplateDefinition;

/**
 * The route template the file-drop delivery kinds share, built like {@code rest}'s: consume the entity's application
 * queue transactionally, let the hub prepare the entity's request, render it as one file, write it inside the entity's
 * circuit breaker, then record DELIVERED with the file name as the entity's reference — only once the file is complete
 * under its final name.
 *
 * <p>A request the mapping cannot produce, or the format cannot hold, is dead-lettered at once (trying again would
 * fail the same way); a write that fails (folder missing or not writable, SFTP server down) is retried through the
 * queue under {@link DeliveryFailures}' policy, like a failed HTTP call.
 *
 * <p>Only {@code mode: single} (one file per application) exists: a batch file per interval would hold several
 * applications in one write, which cannot be committed together with each application's own queue message.
 * docs/_drafts/onboarding-file-applications.md explains the trade-off.
 */
abstract class FileDropDelivery extends RouteBuilder implements ApplicationConnector {

    /** Template parameters both kinds have, with their defaults. */
    static final Map<String, String> COMMON_DEFAULTS = Map.of(
            "fileName", ApplicationFiles.DEFAULT_FILE_NAME,
            "rootElement", "application",
            "timeoutMillis", "10000",
            "consumers", "1");

    /** The kind's own parameters: where the file goes and how to reach it. */
    protected abstract void putKindParameters(String entityId, JsonNode connector, Map<String, Object> parameters);

    /** The kind's own optional parameters and their defaults. */
    protected abstract Map<String, String> kindDefaults();

    /** The kind's own required parameters, always set by {@link #putKindParameters}. */
    protected abstract String[] kindRequiredParameters();

    /** The kind's own parameters that may be absent ({@code {{?name}}} in the URI). */
    protected String[] kindOptionalParameters() {
        return new String[0];
    }

    /**
     * The endpoint that writes the rendered file (body bytes, name in {@code CamelFileName}) completely under its final
     * name, or fails.
     */
    protected abstract String writeUri();

    @Override
    public Map<String, Object> templateParameters(String entityId, JsonNode c) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("format", c.get("format").asText());
        if (c.hasNonNull("fileName")) {
            p.put("fileName", ApplicationFiles.checkPattern(c.get("fileName").asText()));
        }
        FileDropConnector.putText(p, "rootElement", c.path("rootElement"));
        // only the file kind's schema has it: an SFTP producer is not safe to share between threads
        FileDropConnector.putText(p, "consumers", c.path("consumers"));
        if (c.hasNonNull("timeout")) {
            p.put("timeoutMillis", String.valueOf(DurationText.parse(c.get("timeout").asText()).toMillis()));
        }
        putKindParameters(entityId, c, p);
        kindDefaults().forEach(p::putIfAbsent);
        COMMON_DEFAULTS.forEach(p::putIfAbsent);
        return p;
    }

    @Override
    public void configure() {
        RouteTemplateDefinition template = routeTemplate(templateId())
                .templateParameter("format");
        DeliveryRoute.parameters(template);
        COMMON_DEFAULTS.forEach(template::templateParameter);
        kindDefaults().forEach(template::templateParameter);
        for (String required : kindRequiredParameters()) {
            template.templateParameter(required);
        }
        for (String optional : kindOptionalParameters()) {
            template.templateOptionalParameter(optional);
        }

        template.templateBean("deliveryFiles", DeliveryFiles.class,
                rtc -> new DeliveryFiles(rtc.getParameters(), Clock.systemUTC()));
        DeliveryRoute.deliver(DeliveryRoute.consume(template), new DeliveryRoute.Kind() {
            @Override
            public ProcessorDefinition<?> prepare(ProcessorDefinition<?> r) {
                return r.bean("{{deliveryFiles}}", "render");
            }

            @Override
            public ProcessorDefinition<?> unmappable(ProcessorDefinition<?> r) {
                return r.bean("{{deliveryFiles}}", "unmappable");
            }

            @Override
            public ProcessorDefinition<?> call(ProcessorDefinition<?> r) {
                return r.to(writeUri());
            }
        });
    }
}
