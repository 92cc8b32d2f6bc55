package eg.gov.bawaba.hub.security;

/**
 * Who a record belongs to, or who is asking for one: the client that created it, and, when the app backend acted for a
 * signed-in citizen, the keyed hash of that citizen's national id ({@link Owners#citizenHash}), else null.
 */
public record Owner(String clientId, String citizenHash) {

    /**
     * The owner of records of earlier versions (migration V13), which no token can name: {@link TokenVerification}
     * refuses a token whose client identity is this value.
     */
    public static final String LEGACY_CLIENT = "bawaba:legacy";

    /**
     * Whether this caller may see a record stored with that owner: the same client, and, when the caller acts for a
     * citizen, that citizen's record too (a record without a citizen is no citizen's).
     */
    public boolean mayAccess(String recordClientId, String recordCitizenHash) {
        return clientId.equals(recordClientId) && (citizenHash == null || citizenHash.equals(recordCitizenHash));
    }
}
