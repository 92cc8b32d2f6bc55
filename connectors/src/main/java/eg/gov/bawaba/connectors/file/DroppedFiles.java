package eg.gov.bawaba.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.SafeNames;
import eg.gov.bawaba.mappings.LocatedRecords;
import eg.gov.bawaba.mappings.NativeFormatException;
import eg.gov.bawaba.mappings.NativeRecords;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps one dropped file goes through: identified by name and checksum, read into native records, and — when it
 * cannot be read or applied — explained in a {@code <name>.reason} file beside it in the error folder.
 */
public class DroppedFiles {

    /** Exchange property: the file's idempotency key, {@code <url-encoded name>:<sha-256 of the content>}. */
    static final String FILE_KEY = "bawabaDroppedFileKey";
    static final String REASON_SUFFIX = ".reason";
    private static final String FILE_NAME = "bawabaDroppedFileName";
    private static final Logger LOG = LoggerFactory.getLogger(DroppedFiles.class);

    private final FileDropSettings settings;

    public DroppedFiles(FileDropSettings settings) {
        this.settings = settings;
    }

    /** Reads the file once into memory and keys it by name and content, so a changed file of the same name is new. */
    public void identify(Exchange exchange) throws Exception {
        String name = plainName(exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class));
        byte[] content = exchange.getIn().getMandatoryBody(byte[].class);
        exchange.getIn().setBody(content);
        exchange.setProperty(FILE_NAME, name);
        // URL-encoded because the repository stores one key per line and a file name may hold any character
        exchange.setProperty(FILE_KEY, URLEncoder.encode(name, StandardCharsets.UTF_8) + ":" + sha256(content));
        exchange.setProperty(CatalogueConnector.ENTITY_ID, settings.entityId());
        exchange.setProperty(CatalogueConnector.TRIGGER, settings.trigger());
    }

    /** The file's native records; throws {@link NativeFormatException} before anything is applied if it is unreadable. */
    public void read(Exchange exchange) throws Exception {
        byte[] content = exchange.getIn().getMandatoryBody(byte[].class);
        List<String> warnings = new ArrayList<>();
        List<JsonNode> records;
        List<String> locations = null;
        switch (settings.format()) {
            case "csv" -> {
                LocatedRecords rows = NativeRecords.fromCsvLocated(content);
                records = rows.records();
                locations = rows.locations();
            }
            case "xml" -> {
                String text = utf8(content);
                records = NativeRecords.fromXml(text, settings.recordElement());
                NativeRecords.unmatchedRecordElement(text, settings.recordElement(), records.size())
                        .ifPresent(warnings::add);
            }
            case "json" -> records = NativeRecords.fromJson(utf8(content), settings.recordsPointer());
            default -> throw new IllegalStateException("unknown file format '" + settings.format() + "'");
        }
        exchange.getIn().setBody(records);
        exchange.setProperty(CatalogueConnector.SOURCE_NAME, name(exchange));
        exchange.setProperty(CatalogueConnector.WARNINGS, warnings);
        if (locations != null) {
            exchange.setProperty(CatalogueConnector.RECORD_LOCATIONS, locations);
        }
        LOG.info("Entity {}: read {} records from {}", settings.entityId(), records.size(), name(exchange));
    }

    public void synced(Exchange exchange) {
        LOG.info("Entity {}: {} synced, moving it to {}/", settings.entityId(), name(exchange), settings.doneFolder());
    }

    public void skipDuplicate(Exchange exchange) {
        LOG.info("Entity {}: {} was already synced with exactly this content; moving it to {}/ without syncing again",
                settings.entityId(), name(exchange), settings.doneFolder());
    }

    /**
     * Turns the failure into the text of {@code <name>.reason} (body and file name header), for the error folder's
     * producer; the file itself is moved there by the consumer when the exchange fails.
     */
    public void explainFailure(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean unreadable = cause instanceof NativeFormatException;
        String name = name(exchange);
        String reason = describe(cause);
        String text = name + (unreadable ? " could not be read" : " could not be applied to the catalogue")
                + " (entity " + settings.entityId() + ", " + Instant.now() + ").\n"
                + "Reason: " + reason + "\n"
                + "Nothing in it was applied. "
                + (unreadable ? "Fix the file and drop it again." : "Drop it again once the cause is fixed.") + "\n";
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.FILE_NAME, name + REASON_SUFFIX);
        // bytes, so the .reason file is UTF-8 whatever the producer's default charset
        exchange.getIn().setBody(text.getBytes(StandardCharsets.UTF_8));
        LOG.warn("Entity {}: {} moved to {}/: {}", settings.entityId(), name, settings.errorFolder(), reason);
    }

    /** Fails the exchange again, so the consumer moves the file to the error folder and forgets its key. */
    public void rethrow(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        throw cause instanceof Exception e ? e : new IllegalStateException(cause);
    }

    /**
     * The last segment of a name reported by a folder or an SFTP server, so a name such as {@code ../../etc/x} can
     * never direct a write outside the drop's folders.
     */
    static String plainName(String reported) {
        return SafeNames.lastSegment(reported);
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        if (cause instanceof NativeFormatException) {
            return cause.getMessage();
        }
        StringBuilder text = new StringBuilder(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        for (Throwable c = cause.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            text.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return text.toString();
    }

    private static String name(Exchange exchange) {
        return exchange.getProperty(FILE_NAME, "(unnamed)", String.class);
    }

    private static String utf8(byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
            // editors on Windows save UTF-8 with a BOM, which neither the XML nor the JSON reader accepts
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new NativeFormatException("file is not valid UTF-8; save or export it as UTF-8", e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
