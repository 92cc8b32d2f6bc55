package eg.gov.bawaba.hub.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The documented command, bin/dry-run, run as an engineer runs it: a separate process on the packaged hub. */
class DryRunCommandIT {

    @Test
    void printsEntriesAndQuarantineReasonsAndExitsWithTwoWhenRecordsAreQuarantined() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Process process = new ProcessBuilder("bash", "bin/dry-run", "config/entities/emigration.yaml",
                "--sample", "routes/src/test/resources/__files/emigration/privileges-bad-page-0.json")
                .directory(root.toFile())
                .redirectError(new File("target/dry-run-command.err"))
                .start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        JsonNode report = CanonicalJson.mapper().readTree(stdout);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(report.get("entityId").asText()).isEqualTo("emigration");
        assertThat(report.get("entries").findValuesAsText("id")).containsExactly(
                "emigration.CAR-IMPORT-01", "emigration.HOUSING-FX-01");
        assertThat(report.get("quarantined").findValuesAsText("reason")).singleElement().asString().contains("LOTTERY");
    }

    @Test
    void namesTheFileAndEachProblemOfAnInvalidDefinitionAndExitsWithOne() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path definition = Files.createDirectories(Path.of("target", "dry-run-invalid")).resolve("broken.yaml")
                .toAbsolutePath();
        Files.writeString(definition, """
                id: broken
                names: {ar: جهة معطوبة, en: Broken entity}
                catalogue:
                  connector: {kind: rest, baseUrl: "http://127.0.0.1:1", path: /items, recordPointer: /items}
                  mapping: missing.jsonata
                """);
        File stderr = new File("target/dry-run-invalid.err");
        Process process = new ProcessBuilder("bash", "bin/dry-run", definition.toString())
                .directory(root.toFile())
                .redirectError(stderr)
                .start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(1);
        String summary = Files.readString(stderr.toPath(), StandardCharsets.UTF_8);
        assertThat(summary).doesNotContain("dry run of null")
                .contains("dry run of " + definition + ": the definition is invalid")
                .contains("problem: ").contains("recordPointer");
        assertThat(CanonicalJson.mapper().readTree(stdout).get("problems")).isNotEmpty();
    }
}
