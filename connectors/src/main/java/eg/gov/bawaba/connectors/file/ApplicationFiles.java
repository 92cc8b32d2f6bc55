package eg.gov.bawaba.connectors.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.connectors.SafeNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * How one application becomes one file: its name (from the application id and a timestamp only, never from what the
 * applicant typed) and its content in the entity's format (json, csv or xml), all UTF-8.
 *
 * <p>CSV is one header row and one data row, CRLF line ends, RFC 4180 quoting. Nested objects become dotted column
 * names ({@code form.countryOfWork}); an array cannot be one cell and is refused. Every cell (header cells too) that
 * starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is prefixed with a single quote, so
 * a spreadsheet opening the file never runs an applicant's text as a formula.
 */
public final class ApplicationFiles {

    /** The default file name pattern: one file per application, named after it. */
    public static final String DEFAULT_FILE_NAME = "{applicationId}.{ext}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILE_NAME_PATTERN = Pattern.compile(
            "^(?!\\.)(?:[A-Za-z0-9._-]|\\{applicationId}|\\{timestamp}|\\{ext})+$");
    private static final Pattern SAFE_NAME = Pattern.compile("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$");
    private static final Pattern APPLICATION_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
    private static final Pattern XML_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9._-]*$");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private ApplicationFiles() {}

    /** The extension of a format's files. */
    public static String extension(String format) {
        return switch (format) {
            case "json", "csv", "xml" -> format;
            default -> throw new IllegalArgumentException("unknown application file format '" + format + "'");
        };
    }

    /**
     * Checks a file name pattern from a definition: literal letters, digits, {@code .}, {@code _} and {@code -}, and the
     * tokens {@code {applicationId}} (required, so two applications never share a file), {@code {timestamp}} and
     * {@code {ext}}; not starting with a dot (the hub's temporary files do).
     */
    public static String checkPattern(String pattern) {
        if (pattern == null || !FILE_NAME_PATTERN.matcher(pattern).matches()) {
            throw new IllegalArgumentException("fileName '" + pattern + "': only letters, digits, '.', '_', '-' and the "
                    + "tokens {applicationId}, {timestamp}, {ext} are allowed, and it must not start with '.'");
        }
        if (!pattern.contains("{applicationId}")) {
            throw new IllegalArgumentException("fileName '" + pattern + "' must contain {applicationId}, so that two "
                    + "applications never share a file name");
        }
        return pattern;
    }

    /**
     * The name of an application's file. Only the hub's application id and the time go into it, and the result is
     * checked again: one plain name segment, no separator, never {@code .} or {@code ..}.
     */
    public static String fileName(String pattern, String applicationId, String extension, Instant at) {
        checkPattern(pattern);
        if (applicationId == null || !APPLICATION_ID.matcher(applicationId).matches()) {
            throw new UnwritableApplicationException("application id '" + applicationId + "' cannot name a file");
        }
        String name = pattern.replace("{applicationId}", applicationId)
                .replace("{timestamp}", TIMESTAMP.format(at))
                .replace("{ext}", extension);
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new UnwritableApplicationException("file name '" + name + "' is not one plain name");
        }
        try {
            return SafeNames.plainName(name);
        } catch (SafeNames.UnsafeNameException e) {
            throw new UnwritableApplicationException(e.getMessage());
        }
    }

    /** The file's path inside the folder; refuses anything that would land elsewhere. */
    static Path inside(Path folder, String name) {
        try {
            return SafeNames.child(folder, name);
        } catch (SafeNames.UnsafeNameException e) {
            throw new UnwritableApplicationException(e.getMessage());
        }
    }

    /**
     * The file content for the entity's request as the application mapping produced it (JSON text).
     *
     * @throws UnwritableApplicationException when the request cannot be written in the format: a problem of the
     *                                        entity's mapping, never solved by trying again
     */
    public static byte[] render(String format, String request, String rootElement) {
        JsonNode node;
        try {
            node = request == null || request.isBlank() ? null : JSON.readTree(request);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new UnwritableApplicationException("the application mapping must return a JSON object for a " + format
                    + " file; it returned " + describe(request, node));
        }
        if (node.isEmpty()) {
            throw new UnwritableApplicationException("the application mapping returned an empty object");
        }
        return switch (format) {
            case "json" -> (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
            case "csv" -> csv(node).getBytes(StandardCharsets.UTF_8);
            case "xml" -> xml(node, rootElement);
            default -> throw new IllegalArgumentException("unknown application file format '" + format + "'");
        };
    }

    /** One header row and one data row; nested objects flattened to dotted column names. */
    static String csv(JsonNode request) {
        Map<String, String> columns = new LinkedHashMap<>();
        flatten("", request, columns);
        List<String> header = new ArrayList<>();
        List<String> row = new ArrayList<>();
        columns.forEach((name, value) -> {
            header.add(cell(name));
            row.add(cell(value));
        });
        return String.join(",", header) + "\r\n" + String.join(",", row) + "\r\n";
    }

    /** One CSV cell: neutralised against formula injection, then quoted when it holds a comma, quote or line break. */
    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            text = '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> columns) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(name + ".", value, columns);
            } else if (value.isArray()) {
                throw new UnwritableApplicationException("CSV: '" + name + "' is an array, which one cell cannot hold; "
                        + "join it in the application mapping, e.g. $join(" + field.getKey() + ", \"|\")");
            } else if (columns.put(name, value.isNull() ? "" : value.asText()) != null) {
                throw new UnwritableApplicationException("CSV: column '" + name + "' would appear twice");
            }
        }
    }

    /** The request as one XML element, nested objects as child elements and arrays as repeated elements. */
    static byte[] xml(JsonNode request, String rootElement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            element(xml, rootElement, request);
            xml.writeEndDocument();
            xml.flush();
            xml.close();
            out.write('\n');
        } catch (XMLStreamException e) {
            throw new UnwritableApplicationException("XML: " + e.getMessage());
        }
        return out.toByteArray();
    }

    private static void element(XMLStreamWriter xml, String name, JsonNode value) throws XMLStreamException {
        if (!XML_NAME.matcher(name).matches()) {
            throw new UnwritableApplicationException("XML: '" + name + "' is not a valid element name; rename the field "
                    + "in the application mapping");
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                element(xml, name, item);
            }
            return;
        }
        xml.writeStartElement(name);
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                element(xml, field.getKey(), field.getValue());
            }
        } else if (!value.isNull()) {
            xml.writeCharacters(xmlText(value.asText()));
        }
        xml.writeEndElement();
    }

    /** Characters XML 1.0 cannot hold (most control characters) replaced by U+FFFD. */
    private static String xmlText(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)
                ? c : 0xFFFD));
        return safe.toString();
    }

    /** What the mapping returned, by kind only: its text may hold personal data, which no failure message carries. */
    private static String describe(String request, JsonNode node) {
        if (request == null || request.isBlank()) {
            return "nothing";
        }
        if (node == null) {
            return "text that is not JSON";
        }
        return node.isArray() ? "an array" : "a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** An application whose mapped request cannot be written as the entity's file: a permanent failure. */
    public static final class UnwritableApplicationException extends RuntimeException {
        public UnwritableApplicationException(String message) {
            super(message);
        }
    }
}
