package eg.gov.bawaba.mappings;

/** Thrown when an entity's mapping itself is broken (e.g. a JSONata syntax error), as opposed to one record failing to map. */
public class MappingDefinitionException extends RuntimeException {

    public MappingDefinitionException(String message) {
        super(message);
    }

    public MappingDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
