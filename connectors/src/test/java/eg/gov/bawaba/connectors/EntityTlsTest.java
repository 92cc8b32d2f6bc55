package eg.gov.bawaba.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds an entity's SSL context from its tls section, with passwords from variables or files and clear failures. */
class EntityTlsTest {

    private static final String PASSWORD = "store-password-" + System.nanoTime();

    @TempDir
    static Path dir;
    static Path keys;
    static Path passwordFile;

    @BeforeAll
    static void stores() throws Exception {
        keys = dir.resolve("client.p12");
        for (String alias : new String[] {"first", "second"}) {
            keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                    "CN=" + alias, "-validity", "2", "-keystore", keys.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
        }
        passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void buildsAContextWithTheKeyAndTrustStoresAndTheirPasswords() throws Exception {
        SSLContext fromVariable = EntityTls.context("ministry", tls("{\"keyStore\":\"%s\",\"keyStorePasswordEnv\":\"PW\","
                + "\"trustStore\":\"%s\",\"trustStorePasswordFile\":\"%s\",\"keyAlias\":\"second\"}", keys, keys,
                passwordFile), name -> Optional.ofNullable(Map.of("PW", PASSWORD).get(name)));

        assertThat(fromVariable.getProtocol()).isEqualTo("TLS");
        assertThat(fromVariable.getSocketFactory()).isNotNull();
        assertThat(EntityTls.context("ministry", tls("{}"), name -> Optional.empty()).getSocketFactory()).isNotNull();
    }

    @Test
    void failsNamingTheStoreButNeverThePassword() {
        assertThatThrownBy(() -> EntityTls.context("ministry", tls("{\"keyStore\":\"%s\",\"keyStorePasswordEnv\":\"PW\"}", keys),
                name -> Optional.of("wrong-password")))
                .hasMessageContaining(keys.toString()).hasMessageNotContaining("wrong-password");
        assertThatThrownBy(() -> EntityTls.context("ministry", tls("{\"keyStore\":\"%s\",\"keyStorePasswordEnv\":\"PW\"}", keys),
                name -> Optional.empty()))
                .hasMessageContaining("tls.keyStore").hasMessageContaining("secret 'PW'").hasMessageContaining("not set");
        assertThatThrownBy(() -> EntityTls.context("ministry", tls("{\"keyStore\":\"%s\",\"keyStorePasswordFile\":\"%s\","
                + "\"keyAlias\":\"third\"}", keys, passwordFile), name -> Optional.empty()))
                .hasMessageContaining("has no key 'third'");
        assertThatThrownBy(() -> EntityTls.context("ministry", tls("{\"trustStore\":\"%s\"}", dir.resolve("missing.p12")),
                name -> Optional.empty()))
                .hasMessageContaining("missing.p12").hasMessageContaining("cannot be read");
    }

    @Test
    void readsASecretFromAFileWithoutItsLineBreakAndAtEachUse() throws IOException {
        Path file = dir.resolve("api-key");
        Files.writeString(file, "first-key\r\n", StandardCharsets.UTF_8);
        SecretSource source = new SecretSource("", file.toString());

        assertThat(source.read(name -> Optional.empty())).contains("first-key");
        Files.writeString(file, "rotated-key", StandardCharsets.UTF_8);
        assertThat(source.read(name -> Optional.empty())).contains("rotated-key");
        assertThat(new SecretSource("API_KEY", "").read(name -> Optional.of("from-env"))).contains("from-env");
        assertThatThrownBy(() -> new SecretSource("", dir.resolve("none").toString()).read(name -> Optional.empty()))
                .hasMessageContaining("secret file").hasMessageContaining("cannot be read");
    }

    private static JsonNode tls(String json, Object... paths) throws IOException {
        return new ObjectMapper().readTree(json.formatted(paths));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0).as(output).isTrue();
    }
}
