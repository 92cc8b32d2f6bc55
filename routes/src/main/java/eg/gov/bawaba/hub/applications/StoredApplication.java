package eg.gov.bawaba.hub.applications;

import java.time.Instant;

/** An application as stored: its personal data still encrypted. */
public record StoredApplication(String id, String idempotencyKey, String requestHash, String entryId, String entityId,
                                ApplicationStatus status, String entityReference, String correlationId,
                                String encryptedPersonalData, Instant createdAt, Instant updatedAt) {}
