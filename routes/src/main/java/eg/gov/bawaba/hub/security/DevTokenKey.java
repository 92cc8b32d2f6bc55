package eg.gov.bawaba.hub.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.UUID;

/**
 * The development token key of profile {@code dev}: an RSA key pair made on first use under
 * {@code <data-dir>/keys/dev-jwt.jwk}, whose tokens (issuer {@code bawaba-dev}) only a hub in profile dev trusts.
 */
public final class DevTokenKey {

    public static final String ISSUER = "bawaba-dev";
    public static final String FILE = "keys/dev-jwt.jwk";

    private final RSAKey key;
    private final Path file;

    private DevTokenKey(RSAKey key, Path file) {
        this.key = key;
        this.file = file;
    }

    /** The key kept under the data folder, made there first if there is none yet. */
    public static DevTokenKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return new DevTokenKey(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development token key " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the development token key " + file + " is not an RSA JWK: delete it and "
                    + "a new one is made", e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        RSAKey fresh;
        try {
            fresh = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
        Path part = Files.createTempFile(file.getParent(), ".dev-jwt", ".part");
        try {
            try {
                Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the folder's own permissions protect it
            }
            Files.writeString(part, fresh.toJSONString(), StandardCharsets.UTF_8);
            // never replaces: the hub and bin/dev-token may both make one at the same moment, and the first one stays
            Files.move(part, file);
        } catch (FileAlreadyExistsException madeMeanwhile) {
            // the other one's key is used
        } finally {
            Files.deleteIfExists(part);
        }
    }

    public Path file() {
        return file;
    }

    public String keyId() {
        return key.getKeyID();
    }

    public RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException("the development token key has no usable public key", e);
        }
    }

    /** A token of issuer {@code bawaba-dev} for the subject with these scopes, valid from now for {@code validity}. */
    public String mint(String subject, Collection<String> scopes, Duration validity) {
        return sign(claims(subject, scopes, validity).build());
    }

    /**
     * The claims {@link #mint} signs, to add to before signing: e.g. {@code azp}, the client that owns what the token
     * creates (without it, the subject is the client), or the citizen claim {@value Callers#CITIZEN_CLAIM}.
     */
    public JWTClaimsSet.Builder claims(String subject, Collection<String> scopes, Duration validity) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** Signs any claims with this key (RS256): tests use it for tokens a hub must refuse, e.g. of another issuer. */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with the development token key", e);
        }
        return jwt.serialize();
    }
}
