package eg.gov.bawaba.hub.applications;

import java.time.Instant;

/**
 * An application as stored: its personal data still encrypted, or null once the retention policy purged it (then
 * {@code personalDataPurgedAt} says when); the client that submitted it, and the keyed hash of its applicant's national
 * id (null for applications of earlier versions and once purged), which together decide who may read it.
 */
public record StoredApplication(String id, String idempotencyKey, String requestHash, String entryId, String entityId,
                                ApplicationStatus status, String entityReference, String correlationId,
                                String encryptedPersonalData, Instant createdAt, Instant updatedAt,
                                Instant personalDataPurgedAt, String ownerClientId, String ownerCitizenHash) {

    /** A new application of this client and citizen, its personal data present. */
    public StoredApplication(String id, String ownerClientId, String ownerCitizenHash, String idempotencyKey,
                             String requestHash, String entryId, String entityId, ApplicationStatus status,
                             String entityReference, String correlationId, String encryptedPersonalData,
                             Instant createdAt, Instant updatedAt) {
        this(id, idempotencyKey, requestHash, entryId, entityId, status, entityReference, correlationId,
                encryptedPersonalData, createdAt, updatedAt, null, ownerClientId, ownerCitizenHash);
    }

    public boolean personalDataPurged() {
        return encryptedPersonalData == null;
    }
}
