package eg.gov.bawaba.hub.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The documented command, bin/scaffold-entity, run as an engineer runs it: a separate process on the packaged hub. */
class ScaffoldCommandIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Process run(Path config, String... args) throws Exception {
        String[] command = new String[args.length + 4];
        command[0] = "bash";
        command[1] = "bin/scaffold-entity";
        System.arraycopy(args, 0, command, 2, args.length);
        command[args.length + 2] = "--config-dir";
        command[args.length + 3] = config.toString();
        return new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectError(new File("target/scaffold-command.err")).start();
    }

    @Test
    void writesTheFilesPrintsTheTodosAndTheDryRunAndRefusesToOverwrite() throws Exception {
        Path config = Files.createDirectories(Path.of("target", "scaffold-it-" + UUID.randomUUID())).toAbsolutePath();
        Process first = run(config, "social-insurance", "--sample", "sandbox/src/main/resources/nosi/services.csv");
        String stdout = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(first.waitFor(180, TimeUnit.SECONDS)).isTrue();

        assertThat(first.exitValue()).as(stdout).isZero();
        assertThat(stdout).contains("Wrote " + config.resolve("social-insurance.yaml"))
                .contains("TODO applicationForm (optional): not mapped; candidates: form_fields")
                .contains("\"id\" : \"social-insurance.VOL-INS-01\"")
                .contains("7 records read, 7 entries, 0 quarantined, 0 problems");
        assertThat(config.resolve("social-insurance/catalogue.jsonata")).exists();

        Process second = run(config, "social-insurance", "--sample", "sandbox/src/main/resources/nosi/services.csv");
        second.getInputStream().readAllBytes();
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(Files.readString(Path.of("target/scaffold-command.err"), StandardCharsets.UTF_8))
                .contains("scaffold-entity: not overwriting").contains("--force");
    }
}
