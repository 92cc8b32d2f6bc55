package eg.gov.bawaba.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the back office of the National Organization for Social Insurance (config/entities/nosi.yaml): it takes each
 * application file the hub writes into {@code <drops>/applications} (moving it to {@code applications/received/}),
 * and some seconds later drops a status file into {@code <drops>/status} saying IN_REVIEW, then another saying
 * APPROVED — the CSV status files the hub reads ({@code reference,status,note}, the reference being the file's name).
 */
public final class NosiBackOffice implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NosiBackOffice.class);

    private final Path applications;
    private final Path status;
    private final Duration delay;
    private final ScheduledExecutorService clerk;

    private NosiBackOffice(Path drops, Duration delay) {
        this.applications = drops.resolve("applications");
        this.status = drops.resolve("status");
        this.delay = delay;
        this.clerk = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-nosi-back-office");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts looking at {@code <drops>/applications} every second; status files follow after {@code delay} each. */
    public static NosiBackOffice start(Path drops, Duration delay) {
        NosiBackOffice office = new NosiBackOffice(drops, delay);
        try {
            // NOSI owns these folders; the hub never creates the one it delivers into
            Files.createDirectories(office.applications.resolve("received"));
            Files.createDirectories(office.status);
        } catch (IOException e) {
            LOG.warn("Sandbox NOSI back office cannot create its folders under {}: {}", drops, e.getMessage());
        }
        office.clerk.scheduleWithFixedDelay(office::takeNewApplications, 1, 1, TimeUnit.SECONDS);
        LOG.info("Sandbox NOSI back office takes applications from {} and answers in {}",
                office.applications.toAbsolutePath().normalize(), office.status.toAbsolutePath().normalize());
        return office;
    }

    /** As {@link #start(Path, Duration)} with the demo's pace: IN_REVIEW after 5 s, APPROVED 5 s later. */
    public static NosiBackOffice start(Path drops) {
        return start(drops, Duration.ofSeconds(5));
    }

    void takeNewApplications() {
        try (Stream<Path> files = Files.list(applications)) {
            // dot files are the hub's files still being written
            List<Path> arrived = files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
            for (Path file : arrived) {
                String reference = file.getFileName().toString();
                Files.move(file, applications.resolve("received").resolve(reference), StandardCopyOption.REPLACE_EXISTING);
                LOG.info("Sandbox NOSI received application file {}", reference);
                clerk.schedule(() -> answer(reference, "IN_REVIEW", "documents received and under review"),
                        delay.toMillis(), TimeUnit.MILLISECONDS);
                clerk.schedule(() -> answer(reference, "APPROVED", "approved; welcome to voluntary insurance"),
                        delay.toMillis() * 2, TimeUnit.MILLISECONDS);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Sandbox NOSI could not look at {}: {}", applications, e.getMessage());
        }
    }

    void answer(String reference, String newStatus, String note) {
        String name = "status-" + Instant.now().toEpochMilli() + "-" + newStatus.toLowerCase() + "-"
                + reference.replaceAll("[^A-Za-z0-9-]", "_") + ".csv";
        try {
            Files.createDirectories(status);
            // written under a hidden name, then renamed: the hub never reads a dot file, so never half of this one
            Path part = status.resolve("." + name + ".part");
            Files.writeString(part, "reference,status,note\r\n" + reference + "," + newStatus + "," + note + "\r\n",
                    StandardCharsets.UTF_8);
            Files.move(part, status.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Sandbox NOSI reported {} for {}", newStatus, reference);
        } catch (IOException e) {
            LOG.warn("Sandbox NOSI could not report {} for {}: {}", newStatus, reference, e.getMessage());
        }
    }

    @Override
    public void close() {
        clerk.shutdownNow();
    }
}
