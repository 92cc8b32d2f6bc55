package eg.gov.bawaba.mappings;

/** Thrown when an entity's payload cannot be read at all (not JSON, broken or unsafe XML, no CSV header), so no record in it can be trusted. */
public class NativeFormatException extends RuntimeException {

    public NativeFormatException(String message) {
        super(message);
    }

    public NativeFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
