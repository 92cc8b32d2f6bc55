package eg.gov.bawaba.connectors.file;

import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.DeliveryFailures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one entity's file delivery: the entity's request rendered as a file with a safe name, and — for the
 * {@code file} kind — written into the folder under a temporary dot name, flushed to disk, then renamed, so the entity
 * only ever sees complete files.
 */
public class DeliveryFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryFiles.class);

    private final String entityId;
    private final String format;
    private final String fileNamePattern;
    private final String rootElement;
    private final Path directory;
    private final Clock clock;

    DeliveryFiles(Map<String, Object> parameters, Clock clock) {
        this.entityId = text(parameters, "entityId");
        this.format = text(parameters, "format");
        this.fileNamePattern = ApplicationFiles.checkPattern(text(parameters, "fileName"));
        this.rootElement = text(parameters, "rootElement");
        String dir = text(parameters, "directory");
        this.directory = dir.isEmpty() ? null : Path.of(dir);
        this.clock = clock;
    }

    /**
     * Replaces the body (the entity's request as JSON text) with the file content, names the file (header
     * {@link Exchange#FILE_NAME}) and takes the name as the entity's reference. A request the format cannot hold is a
     * permanent failure: the outcome becomes DEAD_LETTER without any attempt to write.
     */
    public void render(Exchange exchange) {
        String applicationId = exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class);
        Message in = exchange.getIn();
        try {
            byte[] content = ApplicationFiles.render(format, in.getBody(String.class), rootElement);
            String name = ApplicationFiles.fileName(fileNamePattern, applicationId, ApplicationFiles.extension(format),
                    clock.instant());
            // JMS headers mean nothing to a file; the file name header is the only one the writer reads
            in.removeHeaders("*");
            in.setHeader(Exchange.FILE_NAME, name);
            in.setBody(content);
            exchange.setProperty(ApplicationConnector.ENTITY_REFERENCE, name);
        } catch (ApplicationFiles.UnwritableApplicationException e) {
            permanent(exchange, "cannot write the application as a " + format + " file: " + e.getMessage());
        }
    }

    /**
     * The application mapping failed. It fails the same way every time, so the application is dead-lettered at once;
     * a mapping that ran out of time may succeed later and is retried like any technical failure.
     */
    public void unmappable(Exchange exchange) {
        DeliveryFailures.unmappable(exchange);
    }

    /** Writes the file into the entity's folder: a hidden temporary file, forced to disk, then renamed atomically. */
    public void writeLocal(Exchange exchange) throws Exception {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        byte[] content = exchange.getIn().getMandatoryBody(byte[].class);
        if (!Files.isDirectory(directory)) {
            // never created here: a missing folder is most often a share that is not mounted, and a file written
            // into the empty mount point would be reported delivered while the entity never sees it
            throw new NoSuchFileException(directory.toString(), null, Files.exists(directory)
                    ? "the delivery folder is not a folder"
                    : "the delivery folder does not exist (not mounted?); Bawaba does not create it");
        }
        Path target = ApplicationFiles.inside(directory, name);
        Path temporary = ApplicationFiles.inside(directory, "." + name + ".part");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder();
        } finally {
            Files.deleteIfExists(temporary);
        }
        LOG.info("Entity {}: application {} written to {}", entityId,
                exchange.getProperty(ApplicationConnector.APPLICATION_ID), target);
    }

    /** Makes the rename itself durable where the platform allows it (Linux does; Windows cannot open a folder). */
    private void syncFolder() {
        try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the file itself is on disk already
        }
    }

    private static void permanent(Exchange exchange, String failure) {
        exchange.setProperty(DeliveryFailures.FAILURE, failure);
        exchange.setProperty(DeliveryFailures.OUTCOME, "DEAD_LETTER");
    }

    private static String text(Map<String, Object> parameters, String key) {
        Object value = parameters.get(key);
        return value == null ? "" : value.toString();
    }
}
