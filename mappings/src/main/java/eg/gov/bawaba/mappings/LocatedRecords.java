package eg.gov.bawaba.mappings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Native records with where each one was in its payload, e.g. {@code row 4} of a CSV file as a spreadsheet numbers it.
 *
 * @param records   the records, as {@link NativeRecords} reads them
 * @param locations one per record, in the same order
 */
public record LocatedRecords(List<JsonNode> records, List<String> locations) {

    public LocatedRecords {
        records = List.copyOf(records);
        locations = List.copyOf(locations);
        if (records.size() != locations.size()) {
            throw new IllegalArgumentException("one location per record: " + records.size() + " records, "
                    + locations.size() + " locations");
        }
    }
}
