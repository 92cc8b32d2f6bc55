package eg.gov.bawaba.hub.applications;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Status callbacks signed as docs/security.md tells an entity to sign them, computed here independently of the hub's
 * own code: HMAC-SHA256 of {@code <timestamp>.POST <path>.<body>} with the entity's callback secret.
 */
public final class SignedCallbacks {

    /** The lab entity's callback secret (LAB_CALLBACK_SECRET in HubTestSupport). */
    public static final String LAB_SECRET = "test-lab-callback-secret";

    private SignedCallbacks() {}

    /** The callback path of an application of an entity, by the entity's reference. */
    public static String path(String entityId, String reference) {
        return "/callbacks/v1/entities/" + entityId + "/applications/" + reference + "/status";
    }

    /** A JSON request for {@code path}, signed now with the secret. */
    public static HttpEntity<String> signed(String secret, String path, String body) {
        return signed(secret, path, body, Instant.now());
    }

    /** A JSON request for {@code path}, signed with the secret as if sent at {@code at}. */
    public static HttpEntity<String> signed(String secret, String path, String body, Instant at) {
        String timestamp = String.valueOf(at.getEpochSecond());
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("X-Bawaba-Timestamp", timestamp);
        headers.add("X-Bawaba-Signature", "sha256=" + hmac(secret, timestamp + ".POST " + path + "." + body));
        return new HttpEntity<>(body, headers);
    }

    /** A JSON request for {@code path} without any signature. */
    public static HttpEntity<String> unsigned(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
