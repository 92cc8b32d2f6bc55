package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.hub.audit.HashChain;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The fields of an application row that a citizen or an entity relies on, as one digest: each history record carries
 * the digest of the row as its transaction left it, and the audit verifier recomputes it from the row, so a field
 * changed outside the hub no longer matches the last record of the application's history.
 */
public final class ApplicationState {

    /**
     * The columns the digest covers, one a line: a column that matters is one more line here (and the migration that
     * adds it fills it for existing rows only together with re-binding them, see docs/security.md). The id is always
     * covered.
     */
    public static final List<String> COLUMNS = List.of(
            "idempotency_key",
            "request_hash",
            "entry_id",
            "entity_id",
            "status",
            "entity_reference",
            "correlation_id",
            "personal_data",
            "personal_data_purged_at",
            "created_at",
            "updated_at",
            // who may read it through the API (V13): a changed owner hands an application to another client
            "owner_client_id",
            "owner_citizen_hash");

    /** What an application's personal data ciphertext is bound to: the application and the column. */
    public static PersonalDataCipher.Binding binding(String applicationId) {
        return new PersonalDataCipher.Binding("application", applicationId, "personal_data");
    }

    private static final String TAG = "bawaba-application-state-v1";
    private static final String LABEL = "st_";

    private ApplicationState() {}

    /** The covered columns of the table aliased {@code alias}, labelled so that they never clash with a joined table's. */
    public static String select(String alias) {
        return String.join(", ", COLUMNS.stream().map(c -> alias + c + " AS " + LABEL + c).toList());
    }

    /** The digest of the row read with {@link #select}. */
    public static String digest(String id, ResultSet rs) throws SQLException {
        return digest(id, values(rs)::get);
    }

    /** The covered columns of the row read with {@link #select}, by name; a null column maps to null. */
    public static Map<String, Object> values(ResultSet rs) throws SQLException {
        Map<String, Object> values = new HashMap<>();
        for (String column : COLUMNS) {
            values.put(column, rs.getObject(LABEL + column));
        }
        return values;
    }

    /**
     * The digest of one row: its id, then each covered column that holds a value, by name in alphabetical order, as
     * name and value. A null column is left out, so a column added later and still empty on older rows changes no
     * digest already recorded.
     */
    public static String digest(String id, Function<String, Object> column) {
        List<Object> fields = new ArrayList<>();
        fields.add(id);
        for (String name : new TreeSet<>(COLUMNS)) {
            String value = canonical(column.apply(name));
            if (value != null) {
                fields.add(name);
                fields.add(value);
            }
        }
        return HashChain.digest(TAG, fields.toArray());
    }

    /** A value as text whatever type the driver gave it: times as the instant the database keeps (microseconds). */
    private static String canonical(Object value) {
        if (value == null) {
            return null;
        }
        Instant at = value instanceof OffsetDateTime o ? o.toInstant()
                : value instanceof Timestamp t ? t.toInstant()
                : value instanceof Instant i ? i : null;
        return at != null ? HashChain.stored(at).toString() : value.toString();
    }
}
