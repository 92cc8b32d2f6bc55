package eg.gov.bawaba.connectors.definition;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.SecretSource;
import eg.gov.bawaba.mappings.ApplicationMapping;
import java.time.Duration;

/**
 * How applications reach an entity: a delivery connector kind with its parameters, the mapping from the canonical
 * application to the entity's request, and how many delivery attempts a technical failure gets before the
 * application is dead-lettered (or, when {@code retryFor} is set, for how long after its first counted failure it is
 * retried instead); and how the entity reports status ({@code statusMode}, with the whole
 * {@code applications.status} section in {@code status}, e.g. the folder of {@code mode: files}, or the callback
 * secret of {@code mode: callback}).
 */
public record ApplicationsFeed(String connectorKind, JsonNode connector, String mappingFile, ApplicationMapping mapping,
                               int maxAttempts, String statusMode, JsonNode status, Duration retryFor) {

    /** A feed whose retry budget is counted in attempts only. */
    public ApplicationsFeed(String connectorKind, JsonNode connector, String mappingFile, ApplicationMapping mapping,
                            int maxAttempts, String statusMode, JsonNode status) {
        this(connectorKind, connector, mappingFile, mapping, maxAttempts, statusMode, status, Duration.ZERO);
    }

    /** A feed whose status section holds nothing but the mode. */
    public ApplicationsFeed(String connectorKind, JsonNode connector, String mappingFile, ApplicationMapping mapping,
                            int maxAttempts, String statusMode) {
        this(connectorKind, connector, mappingFile, mapping, maxAttempts, statusMode,
                com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    /**
     * Where the secret the entity signs its status callbacks with is kept ({@code applications.status.callback});
     * {@link SecretSource#NONE} when the entity has none, or reports status another way: its callbacks are refused.
     */
    public SecretSource callbackSecret() {
        return "callback".equals(statusMode) ? SecretSource.of(status.path("callback"), "secret") : SecretSource.NONE;
    }
}
