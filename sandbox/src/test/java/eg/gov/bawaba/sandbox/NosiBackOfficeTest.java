package eg.gov.bawaba.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's NOSI back office takes each application file and answers IN_REVIEW, then APPROVED, in status files. */
class NosiBackOfficeTest {

    @TempDir
    Path drops;

    @Test
    void takesEachApplicationFileAndAnswersInReviewThenApproved() throws IOException {
        try (NosiBackOffice office = NosiBackOffice.start(drops, Duration.ofMillis(200))) {
            Files.writeString(drops.resolve("applications/.app-1.json.part"), "{}");
            Files.writeString(drops.resolve("applications/app-1.json"), "{\"applicationId\":\"app-1\"}");

            await().atMost(Duration.ofSeconds(20)).until(() -> statusFiles().size() == 2);

            assertThat(drops.resolve("applications/received/app-1.json")).exists();
            assertThat(drops.resolve("applications/app-1.json")).doesNotExist();
            assertThat(drops.resolve("applications/.app-1.json.part")).as("a file still being written").exists();
            List<String> answers = statusFiles().stream().map(NosiBackOfficeTest::read).toList();
            assertThat(answers).allSatisfy(a -> assertThat(a).startsWith("reference,status,note\r\napp-1.json,"));
            assertThat(answers).anySatisfy(a -> assertThat(a).contains(",IN_REVIEW,"))
                    .anySatisfy(a -> assertThat(a).contains(",APPROVED,"));
        }
    }

    private List<Path> statusFiles() throws IOException {
        try (Stream<Path> files = Files.list(drops.resolve("status"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
