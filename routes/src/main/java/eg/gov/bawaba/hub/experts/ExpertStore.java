package eg.gov.bawaba.hub.experts;

import eg.gov.bawaba.hub.security.Owner;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Expert profiles (personal data only encrypted) and calls for experts, in the hub's database. */
@Repository
public class ExpertStore {

    /** What a purged profile keeps instead of the hash of its request, which was computed over personal data. */
    static final String PURGED = "purged";

    private static final String COLUMNS = "id, idempotency_key, request_hash, status, consent_scope, consent_given_at, "
            + "consent_withdrawn_at, personal_data, personal_data_purged_at, created_at, updated_at, owner_client_id, "
            + "owner_citizen_hash";

    /**
     * A profile as stored; {@code encryptedProfile} is null once purged. It belongs to the client that registered it
     * and, if that client acted for a signed-in citizen, to that citizen (the keyed hash of the national id, else null).
     */
    public record StoredExpert(String id, String idempotencyKey, String requestHash, ExpertStatus status,
                               List<String> consentScope, Instant consentGivenAt, Instant consentWithdrawnAt,
                               String encryptedProfile, Instant purgedAt, Instant createdAt, Instant updatedAt,
                               String ownerClientId, String ownerCitizenHash) {}

    /** A call for experts as stored: its request body as JSON. */
    public record StoredCall(String id, String entityId, String body, Instant closesAt, Instant createdAt) {}

    private final JdbcTemplate jdbc;

    public ExpertStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a new profile; a second one with the same owner client and idempotency key fails with a
     * DuplicateKeyException.
     */
    public void insert(StoredExpert e) {
        jdbc.update("INSERT INTO expert (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e.id(),
                e.idempotencyKey(), e.requestHash(), e.status().name(), String.join(",", e.consentScope()),
                utc(e.consentGivenAt()), null, e.encryptedProfile(), null, utc(e.createdAt()), utc(e.updatedAt()),
                e.ownerClientId(), e.ownerCitizenHash());
    }

    /**
     * Replaces an active profile and its consent, only for the caller that may change it ({@link Owner#mayAccess});
     * false when it is not active (withdrawn or unknown) or not the caller's.
     */
    public boolean update(Owner caller, String id, List<String> scope, Instant givenAt, String encryptedProfile,
                          Instant at) {
        List<Object> args = new ArrayList<>(List.of(String.join(",", scope), utc(givenAt), encryptedProfile, utc(at),
                id, ExpertStatus.ACTIVE.name()));
        String owned = owned(caller, args);
        return jdbc.update("UPDATE expert SET consent_scope = ?, consent_given_at = ?, personal_data = ?, updated_at = ? "
                + "WHERE id = ? AND status = ?" + owned, args.toArray()) == 1;
    }

    /** Records the withdrawal of consent, only for the caller that may; false when it was not active or not theirs. */
    public boolean withdraw(Owner caller, String id, Instant at) {
        List<Object> args = new ArrayList<>(List.of(ExpertStatus.WITHDRAWN.name(), utc(at), utc(at), id,
                ExpertStatus.ACTIVE.name()));
        String owned = owned(caller, args);
        return jdbc.update("UPDATE expert SET status = ?, consent_withdrawn_at = ?, updated_at = ? WHERE id = ? "
                + "AND status = ?" + owned, args.toArray()) == 1;
    }

    /** The SQL condition (its arguments added) that a row is one the caller may change. */
    private static String owned(Owner caller, List<Object> args) {
        args.add(caller.clientId());
        if (caller.citizenHash() == null) {
            return " AND owner_client_id = ?";
        }
        args.add(caller.citizenHash());
        return " AND owner_client_id = ? AND owner_citizen_hash = ?";
    }

    /** Removes the personal data of profiles whose consent was withdrawn before the cut-off; how many. */
    public int purgeWithdrawnBefore(Instant cutoff, Instant at) {
        // the keyed hash of the citizen's national id goes too: it still singles out a person
        return jdbc.update("UPDATE expert SET personal_data = NULL, request_hash = ?, owner_citizen_hash = NULL, "
                        + "personal_data_purged_at = ?, updated_at = ? WHERE status = ? AND consent_withdrawn_at < ? AND personal_data IS NOT NULL",
                PURGED, utc(at), utc(at), ExpertStatus.WITHDRAWN.name(), utc(cutoff));
    }

    public Optional<StoredExpert> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM expert WHERE id = ?", ExpertStore::row, id).stream().findFirst();
    }

    /** The profile this client registered with this idempotency key: each client's keys are its own. */
    public Optional<StoredExpert> findByIdempotencyKey(String clientId, String key) {
        return jdbc.query("SELECT " + COLUMNS + " FROM expert WHERE owner_client_id = ? AND idempotency_key = ?",
                ExpertStore::row, clientId, key).stream().findFirst();
    }

    /** Streams every active profile, for rebuilding the search index. */
    public void eachActive(Consumer<StoredExpert> consumer) {
        jdbc.query("SELECT " + COLUMNS + " FROM expert WHERE status = ?",
                rs -> {
                    consumer.accept(row(rs, 0));
                }, ExpertStatus.ACTIVE.name());
    }

    /** Streams the profiles written at or after {@code since}, whatever their status, oldest first. */
    public void eachChangedSince(Instant since, Consumer<StoredExpert> consumer) {
        jdbc.query("SELECT " + COLUMNS + " FROM expert WHERE updated_at >= ? ORDER BY updated_at",
                rs -> {
                    consumer.accept(row(rs, 0));
                }, utc(since));
    }

    public void insertCall(StoredCall call) {
        jdbc.update("INSERT INTO expert_call (id, entity_id, body, closes_at, created_at) VALUES (?, ?, ?, ?, ?)",
                call.id(), call.entityId(), call.body(), utc(call.closesAt()), utc(call.createdAt()));
    }

    public Optional<StoredCall> findCall(String id) {
        return jdbc.query("SELECT id, entity_id, body, closes_at, created_at FROM expert_call WHERE id = ?",
                (rs, n) -> new StoredCall(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                        instant(rs, 5)), id).stream().findFirst();
    }

    private static StoredExpert row(ResultSet rs, int rowNum) throws SQLException {
        return new StoredExpert(rs.getString(1), rs.getString(2), rs.getString(3), ExpertStatus.valueOf(rs.getString(4)),
                Arrays.asList(rs.getString(5).split(",")), instant(rs, 6), instant(rs, 7), rs.getString(8),
                instant(rs, 9), instant(rs, 10), instant(rs, 11), rs.getString(12), rs.getString(13));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    // For the key rotation (ExpertProfileKeys): read, rewrite and count the ciphertexts of profiles by key prefix.

    /** Profiles holding personal data whose ciphertext does not start with {@code prefix}, by id after {@code afterId}. */
    public List<eg.gov.bawaba.hub.applications.SealedPersonalData.Sealed> personalDataNotUnder(String prefix,
                                                                                        String afterId, int limit) {
        return jdbc.query("SELECT id, personal_data FROM expert WHERE id > ? AND personal_data IS NOT NULL "
                        + "AND personal_data NOT LIKE ? ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
                (rs, n) -> new eg.gov.bawaba.hub.applications.SealedPersonalData.Sealed(rs.getString(1), rs.getString(2)),
                afterId, prefix + "%");
    }

    /** Replaces a profile's ciphertext only if it is still {@code expected}: never over a purge or an update. */
    public boolean replacePersonalData(String id, String expected, String replacement) {
        return jdbc.update("UPDATE expert SET personal_data = ? WHERE id = ? AND personal_data = ?", replacement, id,
                expected) == 1;
    }

    /** How many profiles hold personal data whose ciphertext starts with one of the prefixes (all: none given). */
    public long countPersonalData(java.util.Collection<String> prefixes) {
        if (prefixes.isEmpty()) {
            return jdbc.queryForObject("SELECT COUNT(*) FROM expert WHERE personal_data IS NOT NULL", Long.class);
        }
        String where = String.join(" OR ", prefixes.stream().map(p -> "personal_data LIKE ?").toList());
        return jdbc.queryForObject("SELECT COUNT(*) FROM expert WHERE " + where, Long.class,
                prefixes.stream().map(p -> p + "%").toArray());
    }
}
