package eg.gov.bawaba.connectors.file;

import org.apache.camel.spi.IdempotentRepository;

/**
 * Where the file-drop kinds remember the files they have applied: the hub supplies one as a bean (by default named
 * {@value #DEFAULT_BEAN}), so the connectors stay free of any storage; the hub's keeps them in its database
 * (docs/decisions/0005-file-drop-idempotency.md).
 *
 * <p>Contract of the repository {@link #forEntity} returns: keys are {@code <URL-encoded file name>:<SHA-256 of the
 * content>}; the route template asks {@code contains} before it applies a file, {@code add}s the key only once the file
 * was applied and {@code remove}s it when the file failed; keys of one entity never answer for another's.
 */
public interface ProcessedFileStores {

    /** The bean name the route template looks up unless its parameter {@code processedFileStores} names another. */
    String DEFAULT_BEAN = "bawabaProcessedFileStores";

    /** The repository of one entity's processed files; the route starts and stops it with itself. */
    IdempotentRepository forEntity(String entityId);
}
