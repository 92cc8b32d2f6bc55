package eg.gov.bawaba.hub.applications;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import eg.gov.bawaba.connectors.SecretSource;
import eg.gov.bawaba.connectors.definition.ApplicationsFeed;
import eg.gov.bawaba.hub.api.ApiProblem;
import eg.gov.bawaba.hub.entities.EntityRegistry;
import eg.gov.bawaba.hub.entities.UnknownEntityException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Authenticates an entity's status callback: {@code X-Bawaba-Signature: sha256=<hex>} must be the HMAC-SHA256, with
 * the secret of the entity named in the path ({@code applications.status.callback}), of
 * {@code <X-Bawaba-Timestamp>.<METHOD> <path>.<body>}; the timestamp (epoch seconds) must be within the replay window
 * of now, and a signature is accepted once, by any hub instance sharing the database ({@link SpentCallbackSignatures}).
 * Anything else is refused with 401, before the body is looked at.
 */
@Component
public class CallbackSignatures {

    public static final String SIGNATURE = "X-Bawaba-Signature";
    public static final String TIMESTAMP = "X-Bawaba-Timestamp";
    /** The signed path starts here, whatever prefix a reverse proxy or servlet context puts before it. */
    static final String PATH_START = "/callbacks/v1/";

    private static final Logger LOG = LoggerFactory.getLogger(CallbackSignatures.class);
    private static final Pattern SIGNATURE_FORMAT = Pattern.compile("sha256=[0-9a-fA-F]{64}");
    private static final Pattern TIMESTAMP_FORMAT = Pattern.compile("\\d{1,12}");

    private final EntityRegistry entities;
    private final Environment environment;
    private final Clock clock;
    private final Duration window;
    private final Cache<String, Boolean> seen;
    private final SpentCallbackSignatures spent;

    public CallbackSignatures(EntityRegistry entities, Environment environment, Clock clock,
                              SpentCallbackSignatures spent,
                              @Value("${bawaba.callbacks.replay-window:300s}") Duration window,
                              @Value("${bawaba.callbacks.replay-cache-size:1000000}") long replayCacheSize) {
        this.entities = entities;
        this.environment = environment;
        this.clock = clock;
        this.window = window;
        this.spent = spent;
        // a timestamp may be up to one window ahead of the hub's clock, so a signature must be remembered for two
        this.seen = Caffeine.newBuilder().expireAfterWrite(window.multipliedBy(2)).maximumSize(replayCacheSize).build();
    }

    /**
     * Refuses the callback with a 401 problem unless it is signed, fresh and new for this entity.
     *
     * @param requestUri the request's path as received (percent-encoding kept, no query)
     */
    public void verify(String entityId, String method, String requestUri, String timestamp, String signature,
                       byte[] body) {
        String secret = secretOf(entityId);
        if (timestamp == null || signature == null) {
            throw refused(entityId, "the callback is not signed: send " + TIMESTAMP + " and " + SIGNATURE);
        }
        if (!TIMESTAMP_FORMAT.matcher(timestamp).matches() || !SIGNATURE_FORMAT.matcher(signature).matches()) {
            throw refused(entityId, TIMESTAMP + " must be epoch seconds and " + SIGNATURE + " sha256=<64 hex digits>");
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
        if (Math.abs(age) > window.toSeconds()) {
            throw refused(entityId, TIMESTAMP + " is " + Math.abs(age) + " s " + (age > 0 ? "old" : "ahead")
                    + "; it must be within " + window.toSeconds() + " s of now");
        }
        byte[] expected = hmac(secret, timestamp + "." + method + " " + signedPath(requestUri) + ".", body);
        byte[] presented = HexFormat.of().parseHex(signature.substring("sha256=".length()));
        if (!MessageDigest.isEqual(expected, presented)) {
            throw refused(entityId, "the signature does not match the request and the entity's callback secret");
        }
        // only a valid signature is remembered, so no one can spend an entity's future signatures in advance; the
        // local cache answers an obvious replay without a query, the database every instance and every restart
        String hex = signature.substring("sha256=".length()).toLowerCase();
        if (seen.asMap().putIfAbsent(entityId + ":" + hex, Boolean.TRUE) != null
                || !spent.spend(entityId, hex, clock.instant())) {
            throw refused(entityId, "this signature was already used: a callback is accepted once");
        }
    }

    /** Forgets spent signatures older than two replay windows: their timestamps are refused as too old anyway. */
    public int forgetExpired() {
        return spent.forgetBefore(clock.instant().minus(window.multipliedBy(2)));
    }

    /** The part of the request path an entity signs: from {@code /callbacks/v1/} on. */
    static String signedPath(String requestUri) {
        String path = requestUri == null ? "" : requestUri;
        int start = path.indexOf(PATH_START);
        return start < 0 ? path : path.substring(start);
    }

    /** HMAC-SHA256 of {@code prefix} then {@code body}, as bytes: what the entity computed over the same bytes. */
    public static byte[] hmac(String secret, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body == null ? new byte[0] : body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String secretOf(String entityId) {
        ApplicationsFeed applications;
        try {
            applications = entities.running(entityId).definition().applications();
        } catch (UnknownEntityException e) {
            throw refused(entityId, "no running entity '" + entityId + "' takes callbacks");
        }
        SecretSource source = applications == null ? SecretSource.NONE : applications.callbackSecret();
        if (!source.configured()) {
            throw refused(entityId, "callbacks are disabled for entity '" + entityId + "': its definition names no "
                    + "callback secret (applications.status.callback)");
        }
        Optional<String> secret;
        try {
            secret = source.read(name -> Optional.ofNullable(environment.getProperty(name)));
        } catch (IllegalStateException e) {
            LOG.warn("Callbacks of entity {} refused: {}", entityId, e.getMessage());
            secret = Optional.empty();
        }
        if (secret.isEmpty()) {
            LOG.warn("Callbacks of entity {} refused: its {} is not set on the hub", entityId, source.describe());
            throw refused(entityId, "callbacks are disabled for entity '" + entityId + "': its callback secret is not "
                    + "set on the hub");
        }
        return secret.get();
    }

    private static ApiProblem refused(String entityId, String detail) {
        LOG.info("Callback for entity {} refused: {}", entityId, detail);
        return new ApiProblem(401, "callback-unauthenticated", "Callback not authenticated", detail);
    }
}
