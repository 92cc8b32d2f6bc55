package eg.gov.bawaba.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A connector kind that delivers applications to an entity, implemented as a Camel route template consuming the
 * entity's durable application queue transactionally.
 *
 * <p>The template's route consumes from the queue named by its {@code queue} parameter (each message's body is
 * an application id, never personal data), sends it to {@link #PREPARE} (the hub loads the application and replies
 * with the entity's request), calls the entity inside the entity's circuit breaker (a Resilience4j instance bound in
 * the registry under the {@code breaker} parameter), then sends the entity's answer to {@link #ACCEPTED}, or to
 * {@link #REJECTED} for a permanent refusal. Any other failure is thrown, so the message goes back to the queue for
 * redelivery ({@link DeliveryFailures}).
 *
 * <p>The same templates deliver expert profiles to the entities subscribed to them: the optional template parameter
 * {@link #HUB_STEPS} names the family of hub steps the route calls ({@code direct:<hubSteps>-prepare},
 * {@code -accepted}, {@code -rejected}, {@code -attempt-failed}, {@code -dead-letter}); default
 * {@value #DEFAULT_HUB_STEPS}, whose steps are {@link #PREPARE}, {@link #ACCEPTED}, {@link #REJECTED} and
 * {@link DeliveryFailures}' two. The body is then the id of one profile delivery, used as the idempotency key and file
 * name as an application id is.
 */
public interface ApplicationConnector {

    /**
     * In: body the application id, header {@code bawabaCorrelationId} when the queue message carried it. Out:
     * properties {@link #APPLICATION_ID}, {@link #CORRELATION_ID} and {@link #ENTITY_ID}, body the entity's request.
     */
    String PREPARE = "direct:application-prepare";
    /** In: property {@link #APPLICATION_ID}, property {@link #ENTITY_REFERENCE} when the entity gave one. */
    String ACCEPTED = "direct:application-accepted";
    /** In: property {@link #APPLICATION_ID}, property {@link #REJECTION_REASON}. */
    String REJECTED = "direct:application-rejected";
    /** Exchange properties: kept off message headers so that nothing of them is sent to an entity. */
    String APPLICATION_ID = "bawabaApplicationId";
    String ENTITY_REFERENCE = "bawabaEntityReference";
    String REJECTION_REASON = "bawabaRejectionReason";
    /** Exchange property: the application's correlation id, sent to the entity as {@link #CORRELATION_HEADER}. */
    String CORRELATION_ID = "bawabaCorrelationId";
    /** Exchange property: the entity the application is for. */
    String ENTITY_ID = CatalogueConnector.ENTITY_ID;
    /** HTTP header carrying the correlation id on every call to an entity (REST, SOAP, status polls). */
    String CORRELATION_HEADER = "X-Correlation-Id";
    /** Exchange property: the broker's delivery count of the message being delivered (1 on the first attempt). */
    String DELIVERY_COUNT = "bawabaDeliveryCount";

    /** Template parameter: which hub steps the route calls (see the class comment). */
    String HUB_STEPS = "hubSteps";
    String DEFAULT_HUB_STEPS = "application";
    String HUB_PREPARE = "direct:{{hubSteps}}-prepare";
    String HUB_ACCEPTED = "direct:{{hubSteps}}-accepted";
    String HUB_REJECTED = "direct:{{hubSteps}}-rejected";
    String HUB_ATTEMPT_FAILED = "direct:{{hubSteps}}-attempt-failed";
    String HUB_DEAD_LETTER = "direct:{{hubSteps}}-dead-letter";

    /** The {@code kind} value in the definition's {@code applications.connector} (or {@code experts.connector}). */
    String kind();

    String templateId();

    /** Template parameters for one entity; the hub adds {@code entityId}, {@code queue} and {@code breaker}. */
    Map<String, Object> templateParameters(String entityId, JsonNode connector);

    default String parameterSchema() {
        return "/schema/connectors/" + kind() + "-applications.schema.json";
    }

    static String deliveryRouteId(String entityId) {
        return entityId + "-applications-deliver";
    }
}
