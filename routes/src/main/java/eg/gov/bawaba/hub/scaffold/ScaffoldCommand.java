package eg.gov.bawaba.hub.scaffold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import eg.gov.bawaba.hub.dryrun.DryRunCommand;
import eg.gov.bawaba.hub.dryrun.DryRunReport;
import eg.gov.bawaba.hub.dryrun.DryRunService;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.QuarantinedRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
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
 * The scaffold command ({@code bin/scaffold-entity}): in the {@code dry-run} profile, when
 * {@code bawaba.scaffold.entity} is set, writes the entity's starting definition and mapping, prints what is left to
 * do, runs the dry run of the result and exits (0 written, 1 refused input).
 */
@Component
@ConditionalOnProperty("bawaba.scaffold.entity")
public class ScaffoldCommand implements ApplicationRunner {

    private final DryRunService dryRun;
    private final Environment environment;
    private final ConfigurableApplicationContext context;

    public ScaffoldCommand(DryRunService dryRun, Environment environment, ConfigurableApplicationContext context) {
        this.dryRun = dryRun;
        this.environment = environment;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        int code = scaffoldAndTry(request(), dryRun, System.out, System.err);
        System.exit(SpringApplication.exit(context, (ExitCodeGenerator) () -> code));
    }

    /** Scaffolds, prints the result and the dry run of it; the exit code: 0 when written, 1 when the input was refused. */
    public static int scaffoldAndTry(EntityScaffolder.Request request, DryRunService dryRun, PrintStream out,
                                     PrintStream err) {
        EntityScaffolder.Result result;
        try {
            result = EntityScaffolder.scaffold(request);
        } catch (ScaffoldException e) {
            err.println("scaffold-entity: " + e.getMessage());
            return 1;
        }
        out.println("Wrote " + String.join(", ", result.written().stream().map(Path::toString).toList()));
        result.notes().forEach(n -> out.println("  note: " + n));
        out.println("To do (" + result.todos().size() + "):");
        result.todos().forEach(t -> out.println("  TODO " + t));
        if (result.drySample() == null && !result.liveDryRun()) {
            out.println("No dry run: give --sample FILE (records as the entity sends them) or --base-url URL, or run "
                    + "bin/dry-run " + result.definition() + " --sample FILE");
            return 0;
        }
        out.println();
        out.println("Dry run (" + (result.drySample() != null ? "sample " + result.drySample().getFileName()
                : "live fetch") + "):");
        DryRunReport report = dryRun.run(result.definition(), result.drySample(), Map.of());
        List<JsonNode> quarantined = report.quarantined().stream().map(QuarantinedRecord::sourceJson)
                .filter(JsonNode::isObject).toList();
        if (!quarantined.isEmpty() && result.codeLists().learnFrom(quarantined)) {
            // the spec named no codes; the records just fetched do, so the code lists get their first guesses
            out.println("(code lists filled in from the codes of the " + quarantined.size() + " records the first "
                    + "run quarantined; fetching again)");
            report = dryRun.run(result.definition(), result.drySample(), Map.of());
        }
        try {
            out.println(CanonicalJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(report));
        } catch (Exception e) {
            out.println(report);
        }
        out.print(DryRunCommand.summary(result.definition(), report));
        return 0;
    }

    private EntityScaffolder.Request request() {
        return new EntityScaffolder.Request(environment.getRequiredProperty("bawaba.scaffold.entity"),
                property("wsdl"), property("openapi"), property("sample"), property("operation"),
                property("base-url"), property("auth"), property("name-ar"), property("name-en"),
                Path.of(environment.getProperty("bawaba.scaffold.config-dir", "config/entities")),
                environment.getProperty("bawaba.scaffold.force", Boolean.class, false));
    }

    private String property(String name) {
        String value = environment.getProperty("bawaba.scaffold." + name);
        return value == null || value.isBlank() ? null : value;
    }
}
