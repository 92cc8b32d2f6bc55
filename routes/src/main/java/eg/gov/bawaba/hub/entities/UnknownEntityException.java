package eg.gov.bawaba.hub.entities;

/** No running entity has the given id. */
public class UnknownEntityException extends RuntimeException {

    public UnknownEntityException(String entityId, String why) {
        super("entity '" + entityId + "' " + why);
    }
}
