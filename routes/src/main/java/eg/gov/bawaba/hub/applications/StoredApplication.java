package eg.gov.bawaba.hub.applications;

import java.time.Instant;

/**
 * An application as stored: its personal data still encrypted, or null once the retention policy purged it (then
 * {@code personalDataPurgedAt} says when).
 */
public record StoredApplication(String id, String idempotencyKey, String requestHash, String entryId, String entityId,
                                ApplicationStatus status, String entityReference, String correlationId,
                                String encryptedPersonalData, Instant createdAt, Instant updatedAt,
                                Instant personalDataPurgedAt) {

    /** A new application, its personal data present. */
    public StoredApplication(String id, String idempotencyKey, String requestHash, String entryId, String entityId,
                             ApplicationStatus status, String entityReference, String correlationId,
                             String encryptedPersonalData, Instant createdAt, Instant updatedAt) {
        this(id, idempotencyKey, requestHash, entryId, entityId, status, entityReference, correlationId,
                encryptedPersonalData, createdAt, updatedAt, null);
    }

    public boolean personalDataPurged() {
        return encryptedPersonalData == null;
    }
}
