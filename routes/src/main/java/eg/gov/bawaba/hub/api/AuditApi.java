package eg.gov.bawaba.hub.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.audit.AuditVerifier;
import eg.gov.bawaba.hub.ops.OpsAudit;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Answers GET /ops/v1/audit, the operations audit log, newest first, optionally for one entity; and
 * GET /ops/v1/audit/verify, the check of the hash chains of the audit log and of every application's history.
 */
@Component
public class AuditApi {

    private static final Pattern ENTITY = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final OpsAudit audit;
    private final AuditVerifier verifier;

    public AuditApi(OpsAudit audit, AuditVerifier verifier) {
        this.audit = audit;
        this.verifier = verifier;
    }

    /** GET /ops/v1/audit/verify: 200 with {"intact": true|false, ..., "problems": [{"chain","record","problem"}]} */
    public void verify(Exchange exchange) {
        CatalogueApi.ok(exchange, report(verifier.verify()), null, null);
    }

    /** The report as the endpoint and bin/verify-audit print it. */
    public static ObjectNode report(AuditVerifier.Report report) {
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("intact", report.intact());
        body.put("verifiedAt", report.verifiedAt().toString());
        body.putObject("opsAudit").put("records", report.auditRecords()).put("head", report.auditHead());
        body.putObject("applicationHistories").put("applications", report.applications())
                .put("records", report.historyRecords());
        // without the key ring, ciphertexts are covered by the chains only: say so rather than let it pass unnoticed
        body.putObject("personalData").put("keyRing", report.keyRing())
                .put("ciphertextsAuthenticated", report.ciphertextsAuthenticated());
        ArrayNode problems = body.putArray("problems");
        for (AuditVerifier.Problem p : report.problems()) {
            ObjectNode problem = problems.addObject().put("chain", p.chain());
            if (p.record() == null) {
                problem.putNull("record");
            } else {
                problem.put("record", p.record());
            }
            problem.put("problem", p.problem());
        }
        if (report.problemsCut()) {
            body.put("moreProblems", true);
        }
        return body;
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
