package eg.gov.bawaba.hub.entities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * PKCS12 stores made with the JDK's keytool when the tests run, so no private key is ever committed: an entity's
 * server key (CN=localhost), Bawaba's client key, and the trust stores each side needs to accept the other. All share
 * one random password, also written to {@link #passwordFile()}.
 */
record TestKeyStores(Path dir, String password, Path serverKeys, Path serverTrust, Path clientKeys, Path hubTrust,
                     Path passwordFile) {

    static TestKeyStores create() {
        try {
            Path dir = Files.createTempDirectory("bawaba-tls");
            String password = "store-" + UUID.randomUUID();
            TestKeyStores stores = new TestKeyStores(dir, password, dir.resolve("entity-server.p12"),
                    dir.resolve("entity-trusts-bawaba.p12"), dir.resolve("bawaba-client.p12"),
                    dir.resolve("bawaba-trusts-entity.p12"), dir.resolve("store-password"));
            Files.writeString(stores.passwordFile, password + "\n", StandardCharsets.UTF_8);
            stores.keyPair(stores.serverKeys, "entity", "CN=localhost, O=Test Ministry",
                    "SAN=dns:localhost,ip:127.0.0.1");
            stores.keyPair(stores.clientKeys, "bawaba", "CN=bawaba-hub, O=Bawaba", null);
            stores.trust(stores.serverKeys, "entity", stores.hubTrust);
            stores.trust(stores.clientKeys, "bawaba", stores.serverTrust);
            return stores;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void keyPair(Path store, String alias, String dname, String extension) {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password));
        if (extension != null) {
            args.addAll(List.of("-ext", extension));
        }
        keytool(args);
    }

    private void trust(Path keys, String alias, Path trustStore) {
        Path certificate = dir.resolve(alias + ".crt");
        keytool(List.of("-exportcert", "-alias", alias, "-keystore", keys.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-file", certificate.toString()));
        keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-keystore",
                trustStore.toString(), "-storetype", "PKCS12", "-storepass", password));
    }

    private void keytool(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args.get(0) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
