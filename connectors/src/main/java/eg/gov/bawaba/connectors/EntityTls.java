package eg.gov.bawaba.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS an entity's connector uses ({@code connector.tls}): the servers it trusts (a trust store; default the JVM's
 * trusted authorities) and the client certificate it presents for mutual TLS (a key store; default none). Stores are
 * files and their passwords come from the environment or files, read when the entity starts.
 */
public final class EntityTls {

    /** The name of the route template's local bean holding the entity's SSLContextParameters. */
    public static final String BEAN = "tlsContext";

    private static final Logger LOG = LoggerFactory.getLogger(EntityTls.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long after a certificate request Bawaba could not answer a failed call is put down to it. */
    private static final Duration HINT_WINDOW = Duration.ofMinutes(1);
    private static final Map<String, Instant> UNANSWERED_REQUESTS = new ConcurrentHashMap<>();

    private EntityTls() {}

    /** The tls section as one template parameter ({@code {}} without one), so a route template can build it. */
    public static String parameter(JsonNode connector) {
        JsonNode tls = connector.path("tls");
        return tls.isObject() ? tls.toString() : "{}";
    }

    /**
     * The camel-http endpoint option that gives an https entity its own SSL context, or nothing for an http one:
     * camel-http calls over https whenever an endpoint has SSLContextParameters.
     */
    public static String httpOption(JsonNode connector) {
        boolean https = connector.path("baseUrl").asText("").startsWith("https://");
        // the placeholder inside is resolved in turn, to the name Camel gives the route's own local bean
        return connector.path("tls").isObject() || https ? "?sslContextParameters=#{{" + BEAN + "}}" : "";
    }

    /**
     * The SSL context of an entity's tls section; without a section, the context camel-http uses by default (the
     * JVM's trusted authorities, no client certificate). Either way a certificate request from the entity that Bawaba
     * cannot answer is noted, so that the failure it causes can be explained ({@link #hint}).
     *
     * @throws IllegalStateException naming the store and what is wrong, never a password
     */
    public static SSLContext context(String entityId, JsonNode tls, Function<String, Optional<String>> properties) {
        try {
            X509KeyManager keys = null;
            TrustManager[] trust = null;
            if (tls.hasNonNull("keyStore")) {
                String path = tls.get("keyStore").asText();
                char[] password = password(tls, "keyStorePassword", properties, "keyStore");
                KeyStore store = load(path, tls.path("keyStoreType").asText("PKCS12"), password);
                if (tls.hasNonNull("keyAlias")) {
                    store = onlyAlias(store, tls.get("keyAlias").asText(), password, path);
                }
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, password);
                keys = Arrays.stream(factory.getKeyManagers()).filter(X509KeyManager.class::isInstance)
                        .map(X509KeyManager.class::cast).findFirst().orElse(null);
            }
            if (tls.hasNonNull("trustStore")) {
                char[] password = tls.has("trustStorePasswordEnv") || tls.has("trustStorePasswordFile")
                        ? password(tls, "trustStorePassword", properties, "trustStore") : null;
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(load(tls.get("trustStore").asText(), tls.path("trustStoreType").asText("PKCS12"),
                        password));
                trust = factory.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            // null trust managers: the JVM's default trust store, as without a tls section
            context.init(new KeyManager[] {new NotingKeyManager(entityId, keys)}, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("tls: " + e.getMessage(), e);
        }
    }

    /** {@link #context} read with Camel's properties, as SSLContextParameters for an endpoint option. */
    public static SSLContextParameters parameters(String entityId, String tlsParameter, CamelContext camel) {
        JsonNode tls;
        try {
            tls = JSON.readTree(tlsParameter == null || tlsParameter.isBlank() ? "{}" : tlsParameter);
        } catch (IOException e) {
            throw new IllegalArgumentException("tls: not a JSON object", e);
        }
        return new Fixed(context(entityId, tls, name -> camel.getPropertiesComponent().resolveProperty(name)));
    }

    /**
     * What to add to the description of a failed call to the entity when its server had just asked for a client
     * certificate Bawaba could not present: with TLS 1.3 the refusal surfaces only as a closed connection
     * ("Broken pipe", "Connection reset") or an alert, which alone do not say what to fix. Empty otherwise.
     */
    public static String hint(String entityId, Throwable failure) {
        Instant noted = entityId == null ? null : UNANSWERED_REQUESTS.get(entityId);
        boolean connectionFailed = ObjectHelper.getException(IOException.class, failure) != null
                || ObjectHelper.getException(SSLException.class, failure) != null;
        if (noted == null || !connectionFailed || noted.isBefore(Instant.now().minus(HINT_WINDOW))) {
            return "";
        }
        return " (the entity asked for a client certificate and Bawaba presented none: set tls.keyStore with a key"
                + " the entity accepts)";
    }

    private static char[] password(JsonNode tls, String prefix, Function<String, Optional<String>> properties,
                                   String store) {
        SecretSource source = SecretSource.of(tls, prefix);
        if (!source.configured()) {
            throw new IllegalStateException("tls." + store + ": needs " + prefix + "Env or " + prefix + "File");
        }
        return source.read(properties).orElseThrow(() -> new IllegalStateException(
                "tls." + store + ": the password (" + source.describe() + ") is not set")).toCharArray();
    }

    private static KeyStore load(String path, String type, char[] password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (IOException e) {
            // a wrong password surfaces as an IOException of the store's format
            throw new IllegalStateException("tls: " + type + " store '" + path + "' cannot be read: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
    }

    /** A store holding only the chosen key, so the key manager can present no other certificate. */
    private static KeyStore onlyAlias(KeyStore store, String alias, char[] password, String path)
            throws GeneralSecurityException {
        if (!store.isKeyEntry(alias)) {
            throw new IllegalStateException("tls.keyAlias: key store '" + path + "' has no key '" + alias + "'");
        }
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
        KeyStore single = KeyStore.getInstance("PKCS12");
        try {
            single.load(null, password);
        } catch (IOException e) {
            throw new IllegalStateException("tls: cannot create an in-memory key store", e);
        }
        single.setEntry(alias, store.getEntry(alias, protection), protection);
        return single;
    }

    /** SSLContextParameters that hand camel-http the context built here rather than building their own. */
    static final class Fixed extends SSLContextParameters {

        private final SSLContext context;

        Fixed(SSLContext context) {
            this.context = context;
        }

        @Override
        public SSLContext createSSLContext(CamelContext camelContext) {
            return context;
        }
    }

    /** Presents the entity's key, if any, and notes a certificate request it cannot answer. */
    static final class NotingKeyManager extends X509ExtendedKeyManager {

        private final String entityId;
        private final X509KeyManager keys;

        NotingKeyManager(String entityId, X509KeyManager keys) {
            this.entityId = entityId;
            this.keys = keys;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return noted(keys == null ? null : keys.chooseClientAlias(keyType, issuers, socket), issuers);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            String alias = keys instanceof X509ExtendedKeyManager extended
                    ? extended.chooseEngineClientAlias(keyType, issuers, engine)
                    : keys == null ? null : keys.chooseClientAlias(keyType, issuers, null);
            return noted(alias, issuers);
        }

        private String noted(String alias, Principal[] issuers) {
            if (alias == null) {
                // logged once per refusal streak, not per call
                if (UNANSWERED_REQUESTS.put(entityId, Instant.now()) == null) {
                    LOG.warn("Entity {} asks for a client certificate {} and Bawaba has none for it (tls.keyStore)",
                            entityId, issuers == null || issuers.length == 0 ? "" : "issued by one of ["
                                    + Arrays.stream(issuers).map(Principal::getName).collect(Collectors.joining("; "))
                                    + "]");
                }
            } else {
                UNANSWERED_REQUESTS.remove(entityId);
            }
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys == null ? null : keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys == null ? null : keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys == null ? null : keys.getPrivateKey(alias);
        }
    }
}
