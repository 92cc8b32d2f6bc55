package eg.gov.bawaba.connectors.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.mappings.NativeFormatException;
import eg.gov.bawaba.mappings.NativeRecords;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps one status file goes through: read whole into status lines (an unreadable file applies nothing), each
 * line reported to the hub, then concluded — done when every line was applied (or had been before), otherwise
 * explained line by line in a {@code <name>.reason} file beside it in the error folder.
 */
public class StatusFiles {

    /** The statuses an entity may report. */
    public static final Set<String> STATUSES = Set.of("IN_REVIEW", "APPROVED", "REJECTED", "COMPLETED");
    static final long MAX_BYTES = 5L * 1024 * 1024;
    private static final String FILE_NAME = "bawabaStatusFileName";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern REFERENCE = Pattern.compile("^[^\\p{Cntrl}]{1,200}$");
    private static final Logger LOG = LoggerFactory.getLogger(StatusFiles.class);

    private final String entityId;
    private final String format;
    private final String doneFolder;
    private final String errorFolder;

    StatusFiles(Map<String, Object> parameters) {
        this.entityId = String.valueOf(parameters.get("entityId"));
        this.format = String.valueOf(parameters.get("format"));
        this.doneFolder = String.valueOf(parameters.get("doneFolder"));
        this.errorFolder = String.valueOf(parameters.get("errorFolder"));
    }

    /** Names the file by its last name segment (never a path an entity could steer). */
    public void identify(Exchange exchange) {
        exchange.setProperty(FILE_NAME,
                DroppedFiles.plainName(exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class)));
    }

    /** The file's status lines; throws {@link NativeFormatException}, before any line is applied, if one is bad. */
    public void read(Exchange exchange) throws Exception {
        Long length = exchange.getIn().getHeader(Exchange.FILE_LENGTH, Long.class);
        if (length != null && length > MAX_BYTES) {
            throw new NativeFormatException("status file is larger than " + MAX_BYTES / (1024 * 1024)
                    + " MB; split it into smaller files");
        }
        byte[] content = exchange.getIn().getMandatoryBody(byte[].class);
        List<StatusLine> lines = parse(entityId, format, content);
        exchange.getIn().setBody(lines);
        LOG.info("Entity {}: read {} status lines from {}", entityId, lines.size(), name(exchange));
    }

    static List<StatusLine> parse(String entityId, String format, byte[] content) {
        List<JsonNode> records = switch (format) {
            case "csv" -> csvRecords(content);
            case "jsonl" -> jsonLines(content);
            default -> throw new IllegalStateException("unknown status file format '" + format + "'");
        };
        if (records.isEmpty()) {
            throw new NativeFormatException("status file has no status lines");
        }
        List<StatusLine> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            int number = i + 1;
            JsonNode record = records.get(i);
            String reference = text(record, "reference");
            if (reference == null) {
                reference = text(record, "applicationId");
            }
            String status = text(record, "status");
            String note = text(record, "note");
            if (reference == null) {
                problems.add("line " + number + ": reference (or applicationId) is missing");
            } else if (!REFERENCE.matcher(reference).matches()) {
                problems.add("line " + number + ": reference must be 1 to 200 characters without control characters");
            }
            if (status == null || !STATUSES.contains(status)) {
                problems.add("line " + number + ": status must be one of IN_REVIEW, APPROVED, REJECTED, COMPLETED"
                        + (status == null ? "" : ", not '" + abbreviate(status) + "'"));
            }
            lines.add(new StatusLine(entityId, number, reference, status, note));
        }
        if (!problems.isEmpty()) {
            throw new NativeFormatException(String.join("; ", problems.subList(0, Math.min(problems.size(), 20)))
                    + (problems.size() > 20 ? "; and " + (problems.size() - 20) + " more" : ""));
        }
        return lines;
    }

    /** Fails the file when a line was refused, so it moves to the error folder with the lines explained. */
    @SuppressWarnings("unchecked")
    public void conclude(Exchange exchange) {
        List<StatusLine> lines = exchange.getIn().getBody(List.class);
        List<StatusLine> refused = lines.stream().filter(l -> l.outcome() != StatusLine.Outcome.APPLIED
                && l.outcome() != StatusLine.Outcome.UNCHANGED).toList();
        long unchanged = lines.stream().filter(l -> l.outcome() == StatusLine.Outcome.UNCHANGED).count();
        if (!refused.isEmpty()) {
            StringBuilder text = new StringBuilder(refused.size() + " of " + lines.size()
                    + " status lines could not be applied:");
            refused.forEach(l -> text.append("\n  line ").append(l.number()).append(" (").append(l.reference())
                    .append(" -> ").append(l.status()).append("): ")
                    .append(l.problem() == null ? "not processed" : l.problem()));
            throw new StatusLinesRefusedException(text.toString());
        }
        LOG.info("Entity {}: {} applied ({} lines, {} of them already applied before), moving it to {}/", entityId,
                name(exchange), lines.size(), unchanged, doneFolder);
    }

    /** The failure as the text of {@code <name>.reason} (body and file name header), for the error folder's producer. */
    public void explainFailure(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String name = name(exchange);
        String header;
        String advice;
        if (cause instanceof NativeFormatException) {
            header = name + " could not be read";
            advice = "Nothing in it was applied. Fix the file and drop it again.";
        } else if (cause instanceof StatusLinesRefusedException) {
            header = name + " was read, but not every line could be applied";
            advice = "The other lines were applied. Fix the lines above and drop the file again: lines already "
                    + "applied are recognised and skipped.";
        } else {
            header = name + " could not be processed";
            advice = "Lines before the failure may have been applied. Drop the file again once the cause is fixed: "
                    + "lines already applied are recognised and skipped.";
        }
        String reason = cause instanceof NativeFormatException || cause instanceof StatusLinesRefusedException
                ? cause.getMessage() : DroppedFiles.describe(cause);
        String text = header + " (entity " + entityId + ", " + Instant.now() + ").\n"
                + "Reason: " + reason + "\n" + advice + "\n";
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.FILE_NAME, name + DroppedFiles.REASON_SUFFIX);
        exchange.getIn().setBody(text.getBytes(StandardCharsets.UTF_8));
        LOG.warn("Entity {}: status file {} moved to {}/: {}", entityId, name, errorFolder, reason);
    }

    /** Fails the exchange again, so the consumer moves the file to the error folder. */
    public void rethrow(Exchange exchange) throws Exception {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        throw cause instanceof Exception e ? e : new IllegalStateException(cause);
    }

    private static List<JsonNode> csvRecords(byte[] content) {
        List<JsonNode> records = NativeRecords.fromCsv(content);
        for (JsonNode record : records) {
            NativeRecords.unreadableReason(record).ifPresent(reason -> {
                throw new NativeFormatException(reason);
            });
        }
        return records;
    }

    private static List<JsonNode> jsonLines(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new NativeFormatException("status file is not valid UTF-8; save it as UTF-8", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<JsonNode> records = new ArrayList<>();
        String[] physical = text.split("\r?\n", -1);
        for (int i = 0; i < physical.length; i++) {
            if (physical[i].isBlank()) {
                continue;
            }
            try {
                JsonNode record = JSON.readTree(physical[i]);
                if (record == null || !record.isObject()) {
                    throw new NativeFormatException("line " + (i + 1) + " of the file is not a JSON object");
                }
                records.add(record);
            } catch (JsonProcessingException e) {
                throw new NativeFormatException("line " + (i + 1) + " of the file is not JSON: " + e.getOriginalMessage());
            }
        }
        return records;
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static String name(Exchange exchange) {
        return exchange.getProperty(FILE_NAME, "(unnamed)", String.class);
    }

    /** Some lines of a readable status file could not be applied. */
    static final class StatusLinesRefusedException extends RuntimeException {
        StatusLinesRefusedException(String message) {
            super(message);
        }
    }
}
