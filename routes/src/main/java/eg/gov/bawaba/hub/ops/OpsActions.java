package eg.gov.bawaba.hub.ops;

import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.catalogue.SyncAlreadyRunningException;
import eg.gov.bawaba.hub.entities.UnknownEntityException;
import eg.gov.bawaba.hub.security.Callers;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Runs an operations action and records it in the audit log however it ends: done, refused or failed. */
@Component
public class OpsActions {

    private static final Pattern UNSAFE = Pattern.compile("[^\\p{L}\\p{N} ._@-]");

    /** The work of an action; answers the detail the audit record keeps. */
    @FunctionalInterface
    public interface Action {
        String run(String operator) throws Exception;
    }

    private final OpsAudit audit;

    public OpsActions(OpsAudit audit) {
        this.audit = audit;
    }

    public void run(Exchange exchange, String action, String entityId, String target, Action work) throws Exception {
        String operator = operator(exchange);
        try {
            String detail = work.run(operator);
            audit.record(operator, action, entityId, target, OpsAudit.Outcome.DONE, detail);
        } catch (ApiProblem | UnknownEntityException | SyncAlreadyRunningException refused) {
            audit.record(operator, action, entityId, target, OpsAudit.Outcome.REFUSED, refused.getMessage());
            throw refused;
        } catch (Exception failed) {
            audit.record(operator, action, entityId, target, OpsAudit.Outcome.FAILED,
                    failed.getClass().getSimpleName() + ": " + failed.getMessage());
            throw failed;
        }
    }

    /**
     * The operator: who the caller's verified token names ({@code preferred_username}, else its subject), made safe to
     * store and show; "anonymous" for an action that came with no token. No request header is believed.
     */
    public static String operator(Exchange exchange) {
        return Callers.name(exchange).map(OpsActions::safe).orElse("anonymous");
    }

    private static String safe(String name) {
        String safe = UNSAFE.matcher(name.strip()).replaceAll("_");
        return safe.length() > 100 ? safe.substring(0, 100) : safe;
    }
}
