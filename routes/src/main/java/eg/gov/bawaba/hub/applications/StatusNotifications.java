package eg.gov.bawaba.hub.applications;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.connectors.ApplicationConnector;
import eg.gov.bawaba.hub.observability.Correlation;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Queues a notification of every status change for the app backend's webhook, on a durable queue so that it is
 * retried until acknowledged ({@link WebhookRoutes}). A notification carries no personal data; its JMS properties name
 * the application, its entity and its correlation id, for the webhook's call and log lines.
 */
@Component
public class StatusNotifications {

    private final ProducerTemplate producer;
    private final ApplicationStore store;
    private final String queue;
    private final boolean enabled;

    public StatusNotifications(ProducerTemplate producer, ApplicationStore store,
                               @Value("${bawaba.webhook.queue:bawaba.webhooks}") String queue,
                               @Value("${bawaba.webhook.url:}") String url) {
        this.producer = producer;
        this.store = store;
        this.queue = queue;
        this.enabled = !url.isBlank();
    }

    public void changed(String applicationId) {
        if (!enabled) {
            return;
        }
        StoredApplication application = store.find(applicationId).orElseThrow();
        ObjectNode event = CanonicalJson.mapper().createObjectNode();
        event.put("applicationId", application.id());
        event.put("entryId", application.entryId());
        event.put("status", application.status().name());
        if (application.entityReference() != null) {
            event.put("entityReference", application.entityReference());
        }
        event.put("changedAt", application.updatedAt().toString());
        event.put("correlationId", application.correlationId());
        Map<String, Object> headers = Correlation.traceHeaders();
        headers.put(Correlation.JMS_PROPERTY, application.correlationId());
        headers.put(ApplicationConnector.APPLICATION_ID, application.id());
        headers.put(ApplicationConnector.ENTITY_ID, application.entityId());
        producer.sendBodyAndHeaders("jms:queue:" + queue + "?deliveryPersistent=true", event.toString(), headers);
    }
}
