package eg.gov.bawaba.hub.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.File;
import java.nio.charset.StandardCharsets;
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
}
