package eg.gov.bawaba.hub.applications;

import java.util.Collection;
import java.util.List;

/**
 * One kind of stored record whose personal data {@link PersonalDataCipher} seals (applications, expert profiles), as
 * the key rotation reads, rewrites and counts it.
 */
public interface SealedPersonalData {

    /** One record's ciphertext. */
    record Sealed(String id, String encrypted) {}

    /** The kind's name in the ops answers, e.g. {@code applications}. */
    String kind();

    /** What a record's ciphertext is bound to (AES-GCM associated data): the record and the field. */
    PersonalDataCipher.Binding binding(String id);

    /**
     * Records holding personal data not starting with {@code prefix} (another key, or not bound), by id, after
     * {@code afterId}.
     */
    List<Sealed> notUnder(String prefix, String afterId, int limit);

    /** Replaces a record's ciphertext only if it is still {@code expected}: never over a concurrent purge or update. */
    boolean replace(String id, String expected, String replacement);

    /** How many records hold personal data starting with one of the prefixes (all that hold any: none given). */
    long count(Collection<String> prefixes);
}
