package eg.gov.bawaba.hub.applications;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The callback signatures already accepted, in the hub's database, so a replay is refused by every instance. */
@Repository
public class SpentCallbackSignatures {

    private final JdbcTemplate jdbc;

    public SpentCallbackSignatures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the signature as spent; false when it already was (a replay). */
    public boolean spend(String entityId, String signatureHex, Instant at) {
        try {
            jdbc.update("INSERT INTO callback_signature (entity_id, signature, spent_at) VALUES (?, ?, ?)", entityId,
                    signatureHex, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            return true;
        } catch (DuplicateKeyException replay) {
            return false;
        }
    }

    /** Forgets signatures spent before the cut-off, which their timestamps could no longer pass anyway; how many. */
    public int forgetBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM callback_signature WHERE spent_at < ?",
                OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
    }
}
