package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.ops.OpsAudit;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Answers GET /ops/v1/audit: the operations audit log, newest first, optionally for one entity. */
@Component
public class AuditApi {

    private static final Pattern ENTITY = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final OpsAudit audit;

    public AuditApi(OpsAudit audit) {
        this.audit = audit;
    }

    public void list(Exchange exchange) {
        String entityId = CatalogueApi.matching(exchange.getIn(), "entity", ENTITY, "an entity id");
        int limit = CatalogueApi.number(exchange.getIn(), "limit", 50, 1, 1000);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        ArrayNode records = body.putArray("records");
        for (OpsAudit.AuditRecord r : audit.latest(entityId, limit)) {
            ObjectNode record = records.addObject();
            record.put("id", r.id());
            record.put("at", r.at().toString());
            record.put("actor", r.actor());
            record.put("action", r.action());
            record.put("entityId", r.entityId());
            record.put("target", r.target());
            record.put("outcome", r.outcome().name());
            record.put("detail", r.detail());
        }
        CatalogueApi.ok(exchange, body, null, null);
    }
}
