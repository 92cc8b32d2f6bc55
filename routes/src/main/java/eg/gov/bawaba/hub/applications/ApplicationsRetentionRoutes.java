package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.hub.cluster.Singletons;
import eg.gov.bawaba.hub.ops.OpsAudit;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Runs the retention policy on a timer ({@code bawaba.retention.interval}); a run that removed personal data is
 * recorded in the ops audit, as the on-demand run operators start is.
 */
@Component
public class ApplicationsRetentionRoutes extends RouteBuilder {

    /** The actor of scheduled runs in the audit log. */
    public static final String ACTOR = "bawaba-retention";

    private final PersonalDataRetention retention;
    private final OpsAudit audit;
    private final CallbackSignatures signatures;
    private final Singletons singletons;

    public ApplicationsRetentionRoutes(PersonalDataRetention retention, OpsAudit audit, CallbackSignatures signatures,
                                       Singletons singletons) {
        this.singletons = singletons;
        this.retention = retention;
        this.audit = audit;
        this.signatures = signatures;
    }

    @Override
    public void configure() {
        from(singletons.from("applications-retention",
                "timer:applications-retention?period={{bawaba.retention.interval}}&delay={{bawaba.retention.interval}}"))
                .routeId("applications-retention")
                .autoStartup("{{bawaba.retention.scheduling}}")
                .process(exchange -> {
                    PersonalDataRetention.Outcome outcome = retention.purge();
                    if (outcome.purged() > 0) {
                        audit.record(ACTOR, "purge-personal-data", null, "closed applications",
                                OpsAudit.Outcome.DONE, detail(outcome));
                    }
                });

        // spent callback signatures are kept for two replay windows only (housekeeping, not personal data)
        from(singletons.from("callback-signatures-expiry", "timer:callback-signatures-expiry?period=60000&delay=60000"))
                .routeId("callback-signatures-expiry")
                .process(exchange -> signatures.forgetExpired());
    }

    /** The audit detail of a run: counts and dates only. */
    public static String detail(PersonalDataRetention.Outcome outcome) {
        return "personal data of " + outcome.purged() + " closed applications unchanged since " + outcome.cutoff()
                + " removed (retention " + PersonalDataRetention.describe(outcome.period()) + ")";
    }
}
