package eg.gov.bawaba.mappings;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.internal.JsonataEvaluator;
import java.util.Map;

/**
 * An entity's compiled application mapping: a JSONata expression that turns one canonical application (see
 * {@code schema/canonical-application.schema.json}) into the request the entity's system expects.
 */
public final class ApplicationMapping {

    private static final long TIMEOUT_MILLIS = 2_000;
    private static final int MAX_DEPTH = 300;

    private final String entityId;
    private final JsonataEvaluator evaluator;

    private ApplicationMapping(String entityId, JsonataEvaluator evaluator) {
        this.entityId = entityId;
        this.evaluator = evaluator;
    }

    /** @throws MappingDefinitionException when the expression is not valid JSONata */
    public static ApplicationMapping compile(String entityId, String jsonataExpression, Map<String, ?> codeLists) {
        return new ApplicationMapping(entityId,
                JsonataEvaluator.compile(entityId, jsonataExpression, codeLists, TIMEOUT_MILLIS, MAX_DEPTH));
    }

    /**
     * The entity's request for one canonical application.
     *
     * @throws MappingDefinitionException when the mapping fails or returns nothing, so the application is rejected
     *                                    as a problem of the entity's configuration, never sent half-built
     */
    public JsonNode toEntityRequest(JsonNode canonicalApplication) {
        JsonataEvaluator.Evaluation evaluation = evaluator.evaluate(canonicalApplication);
        if (evaluation.failed()) {
            throw new MappingDefinitionException("application mapping of entity '" + entityId + "' failed: "
                    + evaluation.failure());
        }
        if (evaluation.result() == null) {
            throw new MappingDefinitionException("application mapping of entity '" + entityId + "' returned nothing");
        }
        return CanonicalJson.mapper().valueToTree(evaluation.result());
    }
}
