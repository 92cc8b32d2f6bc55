package eg.gov.bawaba.hub.applications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.connectors.DeliveryFailures;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.observability.Correlation;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The hub's side of every delivery route: builds the entity's request and records what the entity answered. */
@Component
public class ApplicationDeliverySteps {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationDeliverySteps.class);

    private final ApplicationStore store;
    private final ApplicationQueues queues;
    private final EntityRegistry entities;
    private final PersonalDataCipher cipher;
    private final StatusNotifications notifications;
    private final Clock clock;
    private final GroupCommit commits;

    public ApplicationDeliverySteps(ApplicationStore store, ApplicationQueues queues, EntityRegistry entities,
                                    PersonalDataCipher cipher, StatusNotifications notifications, Clock clock,
                                    GroupCommit commits) {
        this.store = store;
        this.queues = queues;
        this.entities = entities;
        this.cipher = cipher;
        this.notifications = notifications;
        this.clock = clock;
        this.commits = commits;
    }

    /**
     * Loads the application named by the message and replaces the body with the entity's request; names the
     * application, its entity and its correlation id on the exchange, for the entity call and every later log line.
     */
    public void prepare(Exchange exchange) throws Exception {
        String id = exchange.getIn().getBody(String.class);
        exchange.setProperty(ApplicationConnector.APPLICATION_ID, id);
        ApplicationStore.ForDelivery found = store.findForDelivery(id).orElse(null);
        if (found == null) {
            // nothing to deliver, and retrying cannot make it appear: acknowledge, loudly
            LOG.error("Queued application {} is not stored; its message is dropped", id);
            exchange.setRouteStop(true);
            return;
        }
        StoredApplication application = found.application();
        String correlationId = correlationId(exchange, application);
        Correlation.onExchange(exchange, correlationId, id, application.entityId());
        try (Correlation.Scope ignored = Correlation.open(exchange)) {
            Correlation.tagSpan(correlationId);
            if (application.status() != ApplicationStatus.QUEUED
                    && application.status() != ApplicationStatus.RECEIVED) {
                // already delivered by an earlier attempt whose acknowledgement was lost: never send it twice
                LOG.info("Application {} is {} already; its redelivered message is acknowledged without a call",
                        id, application.status());
                exchange.setRouteStop(true);
                return;
            }
            if (application.personalDataPurged()) {
                // a dead letter replayed after the retention policy removed its data: nothing left to deliver
                LOG.error("Application {} has no personal data left (removed under the retention policy); "
                        + "its message is dropped", id);
                if (store.transition(id, List.of(ApplicationStatus.QUEUED, ApplicationStatus.RECEIVED),
                        ApplicationStatus.DELIVERY_FAILED, null,
                        "not delivered: its personal data was removed under the retention policy", clock.instant())) {
                    notifications.changed(id);
                }
                exchange.setRouteStop(true);
                return;
            }
            ApplicationStore.DeliveryAttempts attempts = found.attempts();
            exchange.setProperty(DeliveryFailures.ATTEMPTS_MADE, attempts.made());
            if (attempts.firstFailedAt() != null) {
                exchange.setProperty(DeliveryFailures.FIRST_FAILED_AT, attempts.firstFailedAt());
            }
            LOG.info("Delivering application {} to {} (attempt {})", id, application.entityId(), attempts.made() + 1);
            JsonNode personal = CanonicalJson.mapper().readTree(cipher.decrypt(application.encryptedPersonalData(),
                    ApplicationState.binding(application.id())));
            ObjectNode canonical = CanonicalJson.mapper().createObjectNode();
            canonical.put("applicationId", application.id());
            canonical.put("entryId", application.entryId());
            canonical.put("entryCode", application.entryId().substring(application.entityId().length() + 1));
            canonical.put("entityId", application.entityId());
            canonical.put("submittedAt", application.createdAt().toString());
            // for a format without headers (files): the entity's mapping may carry it as a field, column or element
            canonical.put("correlationId", correlationId);
            canonical.set("applicant", personal.get("applicant"));
            canonical.set("fields", personal.get("fields"));
            JsonNode request = entities.running(application.entityId()).definition().applications().mapping()
                    .toEntityRequest(canonical);
            exchange.getIn().setBody(request.isTextual() ? request.asText() : request.toString());
        }
    }

    /**
     * The id the queue message carried (a replayed dead letter keeps it); the stored one for an older message. Masked
     * again: a message queued before the hub masked ids at the door may carry an identifier.
     */
    private static String correlationId(Exchange exchange, StoredApplication application) {
        String carried = exchange.getIn().getHeader(Correlation.JMS_PROPERTY, String.class);
        return Correlation.masked(Correlation.valid(carried) ? carried : application.correlationId());
    }

    public void accepted(Exchange exchange) {
        String id = exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class);
        String reference = exchange.getProperty(ApplicationConnector.ENTITY_REFERENCE, String.class);
        // the message is acknowledged once this returns, so once the status is committed (with the other
        // deliveries' status changes of the moment: one commit for all)
        Instant at = clock.instant();
        if (commits.run(() -> store.transition(id, List.of(ApplicationStatus.QUEUED, ApplicationStatus.RECEIVED),
                ApplicationStatus.DELIVERED, reference, reference == null ? null : "entity reference " + reference,
                at))) {
            notifications.changed(id);
        }
    }

    public void rejected(Exchange exchange) {
        String id = exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class);
        String reason = exchange.getProperty(ApplicationConnector.REJECTION_REASON, String.class);
        Instant at = clock.instant();
        if (commits.run(() -> store.transition(id, List.of(ApplicationStatus.QUEUED, ApplicationStatus.RECEIVED),
                ApplicationStatus.REJECTED_BY_ENTITY, null, reason, at))) {
            notifications.changed(id);
        }
    }

    public void attemptFailed(Exchange exchange) {
        String id = exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class);
        String failure = exchange.getProperty(DeliveryFailures.FAILURE, String.class);
        Integer counted = exchange.getProperty(DeliveryFailures.COUNTED_ATTEMPT, Integer.class);
        String attempt = counted == null ? "the circuit breaker's trial call (not counted against the application)"
                : "delivery attempt " + counted;
        LOG.warn("{} of application {} failed: {}", attempt, id, failure);
        if (id != null) {
            store.attemptFailed(id, counted != null, attempt + " failed: " + failure, clock.instant());
        }
    }

    public void deadLetter(Exchange exchange) {
        String id = exchange.getProperty(ApplicationConnector.APPLICATION_ID, String.class);
        String failure = exchange.getProperty(DeliveryFailures.FAILURE, String.class);
        StoredApplication application = store.find(id).orElseThrow();
        queues.deadLetter(application.entityId(), id, failure);
        int attempts = exchange.getProperty(DeliveryFailures.COUNTED_ATTEMPT,
                exchange.getProperty(DeliveryFailures.ATTEMPTS_MADE, 0, Integer.class) + 1, Integer.class);
        if (store.transition(id, List.of(ApplicationStatus.QUEUED, ApplicationStatus.RECEIVED),
                ApplicationStatus.DELIVERY_FAILED, null, "dead-lettered after " + attempts + " attempts: " + failure,
                clock.instant())) {
            notifications.changed(id);
        }
        LOG.error("Application {} dead-lettered to {}: {}", id, queues.deadLetterQueue(application.entityId()), failure);
    }
}
