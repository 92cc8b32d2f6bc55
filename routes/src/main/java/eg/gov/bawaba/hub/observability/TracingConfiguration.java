package eg.gov.bawaba.hub.observability;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * OpenTelemetry for Camel's tracer (camel-opentelemetry2, on with {@code bawaba.tracing.enabled}), configured as any
 * OpenTelemetry SDK is: by the standard {@code OTEL_*} environment variables (docs/tracing-and-logs.md).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bawaba.tracing.enabled", havingValue = "true")
public class TracingConfiguration {

    /** Instrumentation scope of the hub's spans. */
    public static final String SCOPE = "eg.gov.bawaba.hub";

    /**
     * The SDK, from {@code OTEL_*} variables over the hub's defaults. {@code otel.*} properties of the hub's own
     * configuration win over both (tests set them); {@link SpanProcessor} beans are added to the exporter's.
     */
    @Bean(destroyMethod = "close")
    OpenTelemetrySdk openTelemetry(ConfigurableEnvironment environment, ObjectProvider<SpanProcessor> processors) {
        Map<String, String> defaults = Map.of(
                "otel.service.name", environment.getProperty("spring.application.name", "bawaba"),
                // the JDK's HTTP client is the only sender on the class path: OTLP over HTTP, not gRPC
                "otel.exporter.otlp.protocol", "http/protobuf",
                // metrics stay with Micrometer (/actuator/prometheus) and logs with the console
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none");
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .addPropertiesCustomizer(config -> otelProperties(environment))
                .addTracerProviderCustomizer((builder, config) -> {
                    processors.orderedStream().forEach(builder::addSpanProcessor);
                    return builder;
                })
                // Spring closes the bean, after Camel's last span
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    /** Found by Camel's tracer in the registry. */
    @Bean
    Tracer openTelemetryTracer(OpenTelemetrySdk sdk) {
        return sdk.getTracer(SCOPE);
    }

    /** Found by Camel's tracer in the registry: W3C trace context (and baggage) in and out of HTTP and JMS. */
    @Bean
    ContextPropagators openTelemetryPropagators(OpenTelemetrySdk sdk) {
        return sdk.getPropagators();
    }

    private static Map<String, String> otelProperties(ConfigurableEnvironment environment) {
        Map<String, String> properties = new HashMap<>();
        environment.getPropertySources().stream()
                .filter(EnumerablePropertySource.class::isInstance)
                .map(EnumerablePropertySource.class::cast)
                .flatMap(source -> java.util.Arrays.stream(source.getPropertyNames()))
                .filter(name -> name.startsWith("otel."))
                .forEach(name -> properties.putIfAbsent(name, environment.getProperty(name)));
        return properties;
    }
}
