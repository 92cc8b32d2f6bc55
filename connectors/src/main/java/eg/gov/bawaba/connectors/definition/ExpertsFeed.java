package eg.gov.bawaba.connectors.definition;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.ApplicationMapping;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * How an entity subscribed to expert profiles receives them: which profiles (taxonomy fields and countries of
 * residence, each any-of; empty means every consenting profile), the delivery connector kind with its parameters, the
 * mapping from the canonical expert event to the entity's request, and the delivery attempts before a dead letter (or how long a delivery is retried, {@code retryFor}).
 */
public record ExpertsFeed(List<String> fields, List<String> countries, String connectorKind, JsonNode connector,
                          String mappingFile, ApplicationMapping mapping, int maxAttempts, Duration retryFor) {

    /** Whether a profile in these fields, living in this country, is one the entity subscribed to. */
    public boolean wants(Collection<String> profileFields, String countryOfResidence) {
        return (fields.isEmpty() || profileFields.stream().anyMatch(fields::contains))
                && (countries.isEmpty() || countries.contains(countryOfResidence));
    }
}
