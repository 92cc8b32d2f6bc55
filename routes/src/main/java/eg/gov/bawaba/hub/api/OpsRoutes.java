package eg.gov.bawaba.hub.api;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The operations API under /ops/v1, apart from the app's API and left out of its OpenAPI document: connector
 * states, syncs, suspend and resume, the deliberate withdrawal of an entity's catalogue, dead letters, the quarantine, dry runs, the audit log of every action and its
 * verification, personal data (keys, re-encryption, retention, anonymous statistics), and expert profile deliveries.
 */
@Component
public class OpsRoutes extends RouteBuilder {

    private final OpsApi ops;
    private final ConnectorsApi connectors;
    private final DeadLettersApi deadLetters;
    private final AuditApi audit;
    private final PersonalDataApi personalData;
    private final ExpertDeliveriesApi expertDeliveries;

    public OpsRoutes(OpsApi ops, ConnectorsApi connectors, DeadLettersApi deadLetters, AuditApi audit,
                     PersonalDataApi personalData, ExpertDeliveriesApi expertDeliveries) {
        this.expertDeliveries = expertDeliveries;
        this.ops = ops;
        this.connectors = connectors;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.personalData = personalData;
    }

    @Override
    public void configure() {
        rest("/ops/v1").description("Operations (integration engineers)")
                .get("/connectors").id("ops-connectors-api").apiDocs(false).to("direct:ops-connectors")
                .get("/connectors/{id}").id("ops-connector-api").apiDocs(false).to("direct:ops-connector")
                .post("/entities/{id}/sync").id("ops-sync-api").apiDocs(false).to("direct:ops-sync")
                .get("/entities/{id}/syncs").id("ops-syncs-api").apiDocs(false).to("direct:ops-syncs")
                .post("/entities/{id}/suspend").id("ops-suspend-api").apiDocs(false).to("direct:ops-suspend")
                .post("/entities/{id}/resume").id("ops-resume-api").apiDocs(false).to("direct:ops-resume")
                .post("/entities/{id}/catalogue/withdraw").id("ops-catalogue-withdraw-api").apiDocs(false)
                    .to("direct:ops-catalogue-withdraw")
                .get("/entities/{id}/dead-letters").id("ops-dead-letters-api").apiDocs(false)
                    .to("direct:ops-dead-letters")
                .post("/entities/{id}/dead-letters/replay").id("ops-dead-letters-replay-api").apiDocs(false)
                    .to("direct:ops-dead-letters-replay")
                .post("/entities/{id}/dead-letters/{applicationId}/replay").id("ops-dead-letter-replay-api")
                    .apiDocs(false).to("direct:ops-dead-letter-replay")
                .post("/entities/{id}/dead-letters/{applicationId}/discard").id("ops-dead-letter-discard-api")
                    .apiDocs(false).to("direct:ops-dead-letter-discard")
                .get("/quarantine").id("ops-quarantine-api").apiDocs(false).to("direct:ops-quarantine")
                .post("/dry-run").id("ops-dry-run-api").apiDocs(false).to("direct:ops-dry-run")
                .get("/audit").id("ops-audit-api").apiDocs(false).to("direct:ops-audit")
                .get("/audit/verify").id("ops-audit-verify-api").apiDocs(false).to("direct:ops-audit-verify")
                .get("/personal-data/keys").id("ops-personal-data-keys-api").apiDocs(false)
                    .to("direct:ops-personal-data-keys")
                .post("/personal-data/re-encrypt").id("ops-personal-data-re-encrypt-api").apiDocs(false)
                    .to("direct:ops-personal-data-re-encrypt")
                .post("/personal-data/retention/run").id("ops-personal-data-retention-api").apiDocs(false)
                    .to("direct:ops-personal-data-retention")
                .get("/applications/statistics").id("ops-applications-statistics-api").apiDocs(false)
                    .to("direct:ops-applications-statistics")
                .get("/experts/deliveries").id("ops-expert-deliveries-api").apiDocs(false)
                    .to("direct:ops-expert-deliveries")
                .post("/experts/deliveries/{id}/replay").id("ops-expert-delivery-replay-api").apiDocs(false)
                    .to("direct:ops-expert-delivery-replay")
                .post("/experts/deliveries/{id}/discard").id("ops-expert-delivery-discard-api").apiDocs(false)
                    .to("direct:ops-expert-delivery-discard")
                .post("/entities/{id}/experts/dead-letters/replay").id("ops-expert-dead-letters-replay-api")
                    .apiDocs(false).to("direct:ops-expert-dead-letters-replay")
                .post("/entities/{id}/experts/resend").id("ops-experts-resend-api").apiDocs(false)
                    .to("direct:ops-experts-resend");

        step("ops-connectors", connectors, "list");
        step("ops-connector", connectors, "get");
        step("ops-sync", ops, "sync");
        step("ops-syncs", ops, "syncs");
        step("ops-suspend", connectors, "suspend");
        step("ops-resume", connectors, "resume");
        step("ops-catalogue-withdraw", ops, "withdrawCatalogue");
        step("ops-dead-letters", deadLetters, "browse");
        step("ops-dead-letters-replay", deadLetters, "replay");
        step("ops-dead-letter-replay", deadLetters, "replayOne");
        step("ops-dead-letter-discard", deadLetters, "discard");
        step("ops-quarantine", ops, "quarantine");
        step("ops-dry-run", ops, "dryRun");
        step("ops-audit", audit, "list");
        step("ops-audit-verify", audit, "verify");
        step("ops-personal-data-keys", personalData, "keys");
        step("ops-personal-data-re-encrypt", personalData, "reEncrypt");
        step("ops-personal-data-retention", personalData, "runRetention");
        step("ops-applications-statistics", personalData, "statistics");
        step("ops-expert-deliveries", expertDeliveries, "list");
        step("ops-expert-delivery-replay", expertDeliveries, "replay");
        step("ops-expert-delivery-discard", expertDeliveries, "discard");
        step("ops-expert-dead-letters-replay", expertDeliveries, "replayAll");
        step("ops-experts-resend", expertDeliveries, "resend");
    }

    private void step(String routeId, Object bean, String method) {
        from("direct:" + routeId).routeId(routeId).routeConfigurationId(ApiErrorHandling.ID).bean(bean, method);
    }
}
