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
        Path definition = Path.of(environment.getRequiredProperty("bawaba.dry-run.definition"));
        DryRunReport report = dryRun.run(definition, sample == null || sample.isBlank() ? null : Path.of(sample),
                overrides());
        System.out.println(CanonicalJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(report));
        System.err.print(summary(definition, report));
        int code = report.exitCode();
        System.exit(SpringApplication.exit(context, (ExitCodeGenerator) () -> code));
    }

    /**
     * The lines for a person on standard error: what was tried, then every problem and warning on a line of its own;
     * a definition that could not be read is named by its file, since it has no entity id to show.
     */
    public static String summary(Path definition, DryRunReport report) {
        StringBuilder text = new StringBuilder();
        if (report.entityId() == null) {
            text.append("dry run of ").append(definition).append(": the definition is invalid (")
                    .append(report.problems().size()).append(report.problems().size() == 1 ? " problem" : " problems")
                    .append(")").append(System.lineSeparator());
        } else {
            text.append(String.format("dry run of %s (%s): %d records read, %d entries, %d quarantined, %d problems,"
                            + " %d warnings%n", report.entityId(), definition, report.received(),
                    report.entries().size(), report.quarantined().size(), report.problems().size(),
                    report.warnings().size()));
        }
        report.problems().forEach(p -> text.append("  problem: ").append(p).append(System.lineSeparator()));
        report.warnings().forEach(w -> text.append("  warning: ").append(w).append(System.lineSeparator()));
        return text.toString();
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
