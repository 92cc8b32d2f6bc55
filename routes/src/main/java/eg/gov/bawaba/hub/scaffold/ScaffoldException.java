package eg.gov.bawaba.hub.scaffold;

/** Input the scaffold cannot work from (not a WSDL, an unreadable URL, no list operation), said so a person can act. */
public class ScaffoldException extends RuntimeException {

    public ScaffoldException(String message) {
        super(message);
    }

    public ScaffoldException(String message, Throwable cause) {
        super(message, cause);
    }
}
