package eg.gov.bawaba.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A status report to the hub's callback endpoint, signed the way docs/security.md tells a real entity to sign it:
 * {@code X-Bawaba-Timestamp} (epoch seconds) and {@code X-Bawaba-Signature: sha256=<hex>}, the HMAC-SHA256 with the
 * entity's callback secret of {@code <timestamp>.POST <path>.<body>}.
 */
final class HubCallbacks {

    static final String TIMESTAMP = "X-Bawaba-Timestamp";
    static final String SIGNATURE = "X-Bawaba-Signature";

    private HubCallbacks() {
    }

    /** The callback path of one application, by the entity's own reference. */
    static String path(String entityId, String reference) {
        return "/callbacks/v1/entities/" + entityId + "/applications/"
                + URLEncoder.encode(reference, StandardCharsets.UTF_8) + "/status";
    }

    /** The POST of {@code body}, signed at {@code now} when there is a secret, unsigned (and refused) without one. */
    static HttpRequest request(String hubUrl, String entityId, String reference, String body, Optional<String> secret,
                               Instant now) {
        String path = path(entityId, reference);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hubUrl.replaceAll("/+$", "") + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        secret.ifPresent(s -> {
            String timestamp = String.valueOf(now.getEpochSecond());
            request.header(TIMESTAMP, timestamp)
                    .header(SIGNATURE, "sha256=" + hmac(s, timestamp + ".POST " + path + "." + body));
        });
        return request.build();
    }

    static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
