package eg.gov.bawaba.hub.applications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.api.JsonBodies;
import eg.gov.bawaba.hub.metrics.HubMetrics;
import eg.gov.bawaba.hub.metrics.StatusSource;
import eg.gov.bawaba.hub.observability.Correlation;
import eg.gov.bawaba.hub.security.Owners;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Answers the applications API: submit, follow, and the entities' status callbacks. */
@Component
public class ApplicationsApi {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationsApi.class);

    private final ApplicationIntake intake;
    private final ApplicationStore store;
    private final PersonalDataCipher cipher;
    private final StatusNotifications notifications;
    private final Clock clock;
    private final HubMetrics metrics;
    private final CallbackSignatures signatures;
    private final Owners owners;

    public ApplicationsApi(ApplicationIntake intake, ApplicationStore store, PersonalDataCipher cipher,
                           StatusNotifications notifications, Clock clock, HubMetrics metrics,
                           CallbackSignatures signatures, Owners owners) {
        this.intake = intake;
        this.store = store;
        this.cipher = cipher;
        this.notifications = notifications;
        this.clock = clock;
        this.metrics = metrics;
        this.signatures = signatures;
        this.owners = owners;
    }

    /**
     * POST /api/v1/applications. The caller's {@code X-Correlation-Id} becomes the application's correlation id when it
     * is 1 to 64 of {@code [A-Za-z0-9._:-]}, with what looks like a personal identifier in it masked
     * ({@link Correlation#masked}); otherwise (or without one) the application gets a new one. The answer, errors
     * included, carries the id in the same header.
     */
    public void submit(Exchange exchange) {
        Message in = exchange.getIn();
        String incoming = in.getHeader(Correlation.HEADER, String.class);
        String correlation = Correlation.acceptOrCreate(incoming);
        // a problem answer (ApiErrorHandling) echoes it too
        exchange.setProperty(Correlation.PROPERTY, correlation);
        try (Correlation.Scope scope = Correlation.open(correlation, null, null)) {
            if (incoming != null && !Correlation.valid(incoming)) {
                // the refused value itself is not logged: a caller controls it
                LOG.info("The request's {} is not 1 to 64 of [A-Za-z0-9._:-]; the application gets {} instead",
                        Correlation.HEADER, correlation);
            } else if (incoming != null && !incoming.equals(correlation)) {
                LOG.info("The request's {} holds what looks like a personal identifier; the application carries it "
                        + "masked, as {}", Correlation.HEADER, correlation);
            }
            ApplicationIntake.Receipt receipt = intake.submit(owners.of(exchange),
                    in.getHeader("Idempotency-Key", String.class), jsonBody(in), correlation);
            StoredApplication a = receipt.application();
            // a repeated request answers with the first one's application, and so with its correlation id
            exchange.setProperty(Correlation.PROPERTY, a.correlationId());
            scope.put(Correlation.MDC_CORRELATION_ID, a.correlationId())
                    .put(Correlation.MDC_APPLICATION_ID, a.id())
                    .put(Correlation.MDC_ENTITY_ID, a.entityId());
            Correlation.tagSpan(a.correlationId());
            if (receipt.created()) {
                LOG.info("Application {} for {} received and queued for {}", a.id(), a.entryId(), a.entityId());
            } else {
                LOG.info("Application {} for {} submitted again with its Idempotency-Key; answered as the first time",
                        a.id(), a.entryId());
            }
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            body.put("id", a.id());
            body.put("entryId", a.entryId());
            body.put("status", a.status().name());
            body.put("receivedAt", a.createdAt().toString());
            String location = "/api/v1/applications/" + a.id();
            body.put("href", location);
            respond(exchange, 202, body);
            exchange.getMessage().setHeader("Location", location);
            exchange.getMessage().setHeader(Correlation.HEADER, a.correlationId());
        }
    }

    /**
     * GET /api/v1/applications/{id}: status and whole history; the applicant as the app backend sent it, or null with
     * {@code personalDataPurgedAt} once the retention policy removed it. Only for the client that submitted it (and,
     * for a token acting for a citizen, only that citizen's); 404 for anyone else.
     */
    public void get(Exchange exchange) throws Exception {
        String id = exchange.getIn().getHeader("id", String.class);
        // another client's application, or another citizen's, is answered as one that does not exist
        StoredApplication a = store.findFor(owners.of(exchange), id)
                .orElseThrow(() -> ApiProblem.notFound("no application has id '" + id + "'"));
        exchange.setProperty(Correlation.PROPERTY, a.correlationId());
        // purged under the retention policy: the application stays, nobody's data with it
        JsonNode personal = a.personalDataPurged() ? CanonicalJson.mapper().createObjectNode()
                : CanonicalJson.mapper().readTree(cipher.decrypt(a.encryptedPersonalData(),
                        ApplicationState.binding(a.id())));
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("id", a.id());
        body.put("entryId", a.entryId());
        body.put("entityId", a.entityId());
        body.put("status", a.status().name());
        body.put("entityReference", a.entityReference());
        body.put("receivedAt", a.createdAt().toString());
        body.put("updatedAt", a.updatedAt().toString());
        body.put("correlationId", a.correlationId());
        body.set("applicant", personal.get("applicant"));
        body.set("fields", personal.get("fields"));
        if (a.personalDataPurged()) {
            body.put("personalDataPurgedAt", a.personalDataPurgedAt().toString());
        }
        ArrayNode history = body.putArray("history");
        for (ApplicationEvent e : store.history(id)) {
            ObjectNode step = history.addObject();
            step.put("status", e.status().name());
            step.put("at", e.at().toString());
            if (e.detail() != null) {
                step.put("detail", e.detail());
            }
        }
        respond(exchange, 200, body);
        exchange.getMessage().setHeader(Correlation.HEADER, a.correlationId());
    }

    /**
     * POST /callbacks/v1/entities/{entityId}/applications/{reference}/status: an entity reports a status, signed with
     * its own callback secret ({@link CallbackSignatures}); only the applications of the entity in the path are found.
     */
    public void statusCallback(Exchange exchange) {
        Message in = exchange.getIn();
        String entityId = in.getHeader("entityId", String.class);
        String reference = in.getHeader("reference", String.class);
        byte[] raw = in.getBody(byte[].class);
        signatures.verify(entityId, in.getHeader(Exchange.HTTP_METHOD, "POST", String.class),
                in.getHeader(Exchange.HTTP_URI, String.class), in.getHeader(CallbackSignatures.TIMESTAMP, String.class),
                in.getHeader(CallbackSignatures.SIGNATURE, String.class), raw);
        in.setBody(raw == null ? null : new String(raw, java.nio.charset.StandardCharsets.UTF_8));
        JsonNode report = jsonBody(in);
        ApplicationStatus status;
        try {
            status = ApplicationStatus.valueOf(report.path("status").asText());
        } catch (IllegalArgumentException e) {
            status = null;
        }
        if (status == null || !ApplicationStatus.REPORTED_BY_ENTITY.contains(status)) {
            throw ApiProblem.badRequest("status: one of " + ApplicationStatus.REPORTED_BY_ENTITY);
        }
        // an entity may refer to an application by its own reference or, before it gave one, by Bawaba's id
        StoredApplication a = store.findByReference(entityId, reference)
                .or(() -> store.find(reference).filter(found -> found.entityId().equals(entityId)))
                .orElseThrow(() -> ApiProblem.notFound("entity '" + entityId + "' has no application '" + reference + "'"));
        exchange.setProperty(Correlation.PROPERTY, a.correlationId());
        try (Correlation.Scope ignored = Correlation.open(a.correlationId(), a.id(), entityId)) {
            Correlation.tagSpan(a.correlationId());
            if (!store.transition(a.id(), allowedBefore(status), status, null, report.path("note").asText(null),
                    clock.instant())) {
                ApplicationStatus now = store.find(a.id()).orElseThrow().status();
                LOG.info("Entity {} called back {} for application {}, which is {}: refused", entityId, status, a.id(),
                        now);
                throw new ApiProblem(409, "status-conflict", "Status cannot change that way",
                        "application is " + now + "; cannot become " + status);
            }
            LOG.info("Entity {} called back {} for application {}", entityId, status, a.id());
            metrics.statusReported(entityId, StatusSource.CALLBACK);
            notifications.changed(a.id());
        }
        exchange.getMessage().removeHeaders("*", "Camel*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setHeader(Correlation.HEADER, a.correlationId());
        exchange.getMessage().setBody(null);
    }

    private static List<ApplicationStatus> allowedBefore(ApplicationStatus to) {
        return switch (to) {
            case IN_REVIEW -> List.of(ApplicationStatus.DELIVERED);
            case APPROVED, REJECTED -> List.of(ApplicationStatus.DELIVERED, ApplicationStatus.IN_REVIEW);
            default -> List.of(ApplicationStatus.DELIVERED, ApplicationStatus.IN_REVIEW, ApplicationStatus.APPROVED);
        };
    }

    private static JsonNode jsonBody(Message in) {
        return JsonBodies.object(in.getBody(String.class));
    }

    private static void respond(Exchange exchange, int status, JsonNode body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*", "Camel*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(CanonicalJson.toJson(body));
    }
}
