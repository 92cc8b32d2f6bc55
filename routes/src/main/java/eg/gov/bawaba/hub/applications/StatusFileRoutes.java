package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.connectors.file.FileApplicationStatus;
import eg.gov.bawaba.connectors.file.StatusLine;
import eg.gov.bawaba.hub.metrics.HubMetrics;
import eg.gov.bawaba.hub.metrics.StatusSource;
import eg.gov.bawaba.hub.observability.Correlation;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The hub's side of status files ({@code applications.status.mode: files}): applies one status line an entity's
 * status file reported, with the rules of the status callback ({@code POST /callbacks/v1/entities/{entity}/
 * applications/{reference}/status}): the application is found by the entity's reference or, failing that, by
 * Bawaba's id within that entity, and may only move forward (IN_REVIEW from DELIVERED; APPROVED or REJECTED from
 * DELIVERED or IN_REVIEW; COMPLETED from DELIVERED, IN_REVIEW or APPROVED).
 *
 * <p>Unlike the callback, a line whose status the application has already reached is not a conflict but a line
 * applied before: a status file read twice (dropped again, or re-read after a crash) changes nothing the second time.
 */
@Component
public class StatusFileRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(StatusFileRoutes.class);

    private final ApplicationStore store;
    private final StatusNotifications notifications;
    private final Clock clock;
    private final HubMetrics metrics;

    public StatusFileRoutes(ApplicationStore store, StatusNotifications notifications, Clock clock,
                            HubMetrics metrics) {
        this.store = store;
        this.notifications = notifications;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void configure() {
        from(FileApplicationStatus.REPORT).routeId("application-status-file-line").process(this::report);
    }

    void report(Exchange exchange) throws Exception {
        StatusLine line = exchange.getIn().getMandatoryBody(StatusLine.class);
        ApplicationStatus status;
        try {
            status = ApplicationStatus.valueOf(line.status());
        } catch (IllegalArgumentException | NullPointerException e) {
            status = null;
        }
        if (status == null || !ApplicationStatus.REPORTED_BY_ENTITY.contains(status)) {
            line.refused("status: one of " + ApplicationStatus.REPORTED_BY_ENTITY);
            return;
        }
        String entityId = line.entityId();
        String reference = line.reference();
        Optional<StoredApplication> found = store.findByReference(entityId, reference)
                .or(() -> store.find(reference).filter(a -> a.entityId().equals(entityId)));
        if (found.isEmpty()) {
            line.refused("entity '" + entityId + "' has no application '" + reference + "'");
            return;
        }
        StoredApplication application = found.get();
        try (Correlation.Scope ignored = Correlation.open(application.correlationId(), application.id(), entityId)) {
            apply(exchange, line, application, status);
        }
    }

    /** Applies a status the entity reported for an application, logged with the application's correlation id. */
    private void apply(Exchange exchange, StatusLine line, StoredApplication application, ApplicationStatus status) {
        Correlation.tagSpan(application.correlationId());
        if (store.history(application.id()).stream().anyMatch(event -> event.status() == status)) {
            LOG.info("Entity {} reports {} for application {}, applied before", line.entityId(), status,
                    application.id());
            line.unchanged();
            return;
        }
        if (store.transition(application.id(), allowedBefore(status), status, null, line.note(), clock.instant())) {
            LOG.info("Entity {} reports {} for application {}", line.entityId(), status, application.id());
            notifications.changed(application.id());
            line.applied();
            metrics.statusReported(line.entityId(), StatusSource.ofStatusLine(exchange, line.entityId()));
        } else {
            ApplicationStatus now = store.find(application.id()).orElseThrow().status();
            LOG.info("Entity {} reports {} for application {}, which is {}: refused", line.entityId(), status,
                    application.id(), now);
            line.refused("application is " + now + "; cannot become " + status);
        }
    }

    /** As the status callback: statuses only move forward. */
    private static List<ApplicationStatus> allowedBefore(ApplicationStatus to) {
        return switch (to) {
            case IN_REVIEW -> List.of(ApplicationStatus.DELIVERED);
            case APPROVED, REJECTED -> List.of(ApplicationStatus.DELIVERED, ApplicationStatus.IN_REVIEW);
            default -> List.of(ApplicationStatus.DELIVERED, ApplicationStatus.IN_REVIEW, ApplicationStatus.APPROVED);
        };
    }
}
