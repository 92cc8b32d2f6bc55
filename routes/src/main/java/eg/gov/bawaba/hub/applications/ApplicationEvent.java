package eg.gov.bawaba.hub.applications;

import java.time.Instant;

/** One step of an application's history: the status it reached, when, and the entity's words if any. */
public record ApplicationEvent(long seq, ApplicationStatus status, String detail, Instant at) {}
