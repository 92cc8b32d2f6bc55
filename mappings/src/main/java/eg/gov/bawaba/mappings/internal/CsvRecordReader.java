package eg.gov.bawaba.mappings.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import eg.gov.bawaba.mappings.NativeFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a CSV payload with a header row into one record per row, keeping a row with the wrong number of cells as an
 * unreadable marker so the rest of the file still maps.
 *
 * <p>Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2, and a quoted cell
 * spanning several lines still counts as one row.
 */
public final class CsvRecordReader {

    private static final char BOM = '\uFEFF';

    // rows are read as plain arrays so a short or long row is seen and reported instead of failing the whole file
    private static final ObjectReader ROWS = new CsvMapper()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .readerFor(String[].class);

    private CsvRecordReader() {}

    public static List<JsonNode> read(byte[] utf8) {
        return readLocated(utf8).records();
    }

    /** As {@link #read(byte[])}, with each record's row number ({@code row 4}) as a spreadsheet shows it. */
    public static eg.gov.bawaba.mappings.LocatedRecords readLocated(byte[] utf8) {
        if (utf8 == null) {
            throw new NativeFormatException("CSV payload is empty");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
            return readLocated(text);
        } catch (CharacterCodingException e) {
            throw new NativeFormatException("CSV payload is not valid UTF-8; export it as \"CSV UTF-8\"", e);
        }
    }

    public static List<JsonNode> read(String body) {
        return readLocated(body).records();
    }

    public static eg.gov.bawaba.mappings.LocatedRecords readLocated(String body) {
        String text = body != null && !body.isEmpty() && body.charAt(0) == BOM ? body.substring(1) : body;
        if (text == null || text.isBlank()) {
            throw new NativeFormatException("CSV payload is empty: a header row is required");
        }
        List<JsonNode> records = new ArrayList<>();
        List<String> rowNames = new ArrayList<>();
        try (MappingIterator<String[]> rows = ROWS.readValues(text)) {
            List<String> header = header(rows);
            int rowNumber = 1;
            while (rows.hasNextValue()) {
                String[] cells = rows.nextValue();
                rowNumber++;
                if (isBlank(cells)) {
                    continue;
                }
                records.add(cells.length == header.size() ? record(header, cells)
                        : UnreadableRecords.of("row " + rowNumber + ": expected " + header.size() + " columns, found "
                                + cells.length, cellsAsJson(cells)));
                rowNames.add("row " + rowNumber);
            }
            return new eg.gov.bawaba.mappings.LocatedRecords(records, rowNames);
        } catch (IOException | RuntimeException e) {
            if (e instanceof NativeFormatException nativeFormat) {
                throw nativeFormat;
            }
            throw new NativeFormatException("CSV payload cannot be parsed after " + records.size() + " rows: "
                    + e.getMessage(), e);
        }
    }

    private static List<String> header(MappingIterator<String[]> rows) throws IOException {
        if (!rows.hasNextValue()) {
            throw new NativeFormatException("CSV payload is empty: a header row is required");
        }
        String[] cells = rows.nextValue();
        List<String> header = new ArrayList<>(cells.length);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cells.length; i++) {
            String name = cells[i] == null ? "" : cells[i].strip();
            if (name.isEmpty()) {
                throw new NativeFormatException("CSV header column " + (i + 1) + " has no name");
            }
            if (!seen.add(name)) {
                throw new NativeFormatException("CSV header names column '" + name + "' twice");
            }
            header.add(name);
        }
        return header;
    }

    private static ObjectNode record(List<String> header, String[] cells) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < cells.length; i++) {
            record.put(header.get(i), cells[i] == null ? "" : cells[i]);
        }
        return record;
    }

    private static ArrayNode cellsAsJson(String[] cells) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(cells.length);
        for (String cell : cells) {
            array.add(cell);
        }
        return array;
    }

    private static boolean isBlank(String[] cells) {
        for (String cell : cells) {
            if (cell != null && !cell.isBlank()) {
                return false;
            }
        }
        return true;
    }
}
