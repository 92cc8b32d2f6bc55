package eg.gov.bawaba.hub.dryrun;

import com.fasterxml.jackson.databind.SerializationFeature;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The dry-run command ({@code bin/dry-run}): when {@code bawaba.dry-run.definition} is set, the hub starts with the
 * {@code dry-run} profile, prints the report of one dry run as JSON on standard output and exits with its code.
 */
@Component
@ConditionalOnProperty("bawaba.dry-run.definition")
public class DryRunCommand implements ApplicationRunner {

    private final DryRunService dryRun;
    private final Environment environment;
    private final ConfigurableApplicationContext context;

    public DryRunCommand(DryRunService dryRun, Environment environment, ConfigurableApplicationContext context) {
        this.dryRun = dryRun;
        this.environment = environment;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        String sample = environment.getProperty("bawaba.dry-run.sample");
        DryRunReport report = dryRun.run(Path.of(environment.getRequiredProperty("bawaba.dry-run.definition")),
                sample == null || sample.isBlank() ? null : Path.of(sample), overrides());
        System.out.println(CanonicalJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(report));
        System.err.printf("dry run of %s: %d records read, %d entries, %d quarantined, %d problems%n",
                report.entityId(), report.received(), report.entries().size(), report.quarantined().size(),
                report.problems().size());
        int code = report.exitCode();
        System.exit(SpringApplication.exit(context, (ExitCodeGenerator) () -> code));
    }

    private Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        String url = environment.getProperty("bawaba.dry-run.url");
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url);
            overrides.put("baseUrl", uri.getScheme() + "://" + uri.getRawAuthority());
            overrides.put("path", uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        }
        for (String key : new String[] {"wsdl", "operation"}) {
            String value = environment.getProperty("bawaba.dry-run." + key);
            if (value != null && !value.isBlank()) {
                overrides.put(key, value);
            }
        }
        return overrides;
    }
}
