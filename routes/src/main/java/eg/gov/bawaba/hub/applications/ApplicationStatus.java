package eg.gov.bawaba.hub.applications;

import java.util.Set;

/**
 * Where an application stands. RECEIVED → QUEUED → DELIVERED (the entity accepted it and gave its reference) →
 * IN_REVIEW / APPROVED / REJECTED / COMPLETED as the entity reports; REJECTED_BY_ENTITY when the entity refused
 * the delivery itself; DELIVERY_FAILED when technical failures outlasted the retry policy (dead-lettered).
 */
public enum ApplicationStatus {
    RECEIVED, QUEUED, DELIVERED, IN_REVIEW, APPROVED, REJECTED, COMPLETED, REJECTED_BY_ENTITY, DELIVERY_FAILED;

    /** Statuses an entity may report once it holds the application. */
    public static final Set<ApplicationStatus> REPORTED_BY_ENTITY = Set.of(IN_REVIEW, APPROVED, REJECTED, COMPLETED);

    public boolean closed() {
        return this == APPROVED || this == REJECTED || this == COMPLETED || this == REJECTED_BY_ENTITY;
    }
}
