package eg.gov.bawaba.hub.scaffold;

import java.util.List;
import java.util.Map;

/**
 * What a reader made of the entity's contract or sample: the connector it implies, the fields of one record, and
 * what the engineer should know about the guesses (printed and written into the definition as comments).
 *
 * @param connector  the connector section in the order it is written; values may hold the entity's placeholders
 * @param fields     the fields of one record
 * @param textual    every value arrives as text (XML, CSV), so numbers need {@code $number}
 * @param listSeparator the separator of lists inside one text value (CSV cells), or null
 * @param describedAs how the source names itself (operation, path, file), for the mapping's header
 * @param englishName the entity's English name if the source gives one, else null
 */
record ScaffoldSource(String kind, Map<String, Object> connector, List<SourceField> fields, boolean textual,
                      String listSeparator, String describedAs, String englishName, List<String> notes) {

    ScaffoldSource {
        fields = List.copyOf(fields);
        notes = List.copyOf(notes);
    }
}
