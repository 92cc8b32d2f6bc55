package eg.gov.bawaba.hub.ops;

import eg.gov.bawaba.hub.privacy.Identifiers;

/**
 * Failure texts as operators may see them: an entity's error body can echo an applicant's national id, passport or
 * phone number or e-mail address, so each identifier is masked by the hub's one rule ({@link Identifiers}), keeping
 * its last two characters; shorter numbers (HTTP statuses, ports, counts) and UUIDs stay readable.
 */
public final class FailureText {

    private FailureText() {}

    public static String masked(String text) {
        return Identifiers.masked(text);
    }
}
