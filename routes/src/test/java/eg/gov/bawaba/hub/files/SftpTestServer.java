package eg.gov.bawaba.hub.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/** A real SFTP server (Apache MINA SSHD) on a free loopback port, one user with a password, files in a temp folder. */
public final class SftpTestServer {

    private final SshServer server;
    private final Path root;
    private final KeyPair hostKey;

    private SftpTestServer(SshServer server, Path root, KeyPair hostKey) {
        this.server = server;
        this.root = root;
        this.hostKey = hostKey;
    }

    public static SftpTestServer start(String user, String password) {
        try {
            Path root = Files.createTempDirectory("bawaba-sftp");
            KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
            SshServer server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            server.setPasswordAuthenticator((u, p, session) -> user.equals(u) && password.equals(p));
            server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            // the user's login folder is the temp folder, so "drops/x" in a definition is root/drops/x here
            server.setFileSystemFactory(new VirtualFileSystemFactory(root));
            server.start();
            return new SftpTestServer(server, root, hostKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** The server-side folder behind a path relative to the user's login folder. */
    public Path folder(String relative) {
        return root.resolve(relative);
    }

    /** A known_hosts file that lists this server's host key, as an operator would write it. */
    public Path knownHostsFile() {
        try {
            Path file = Files.createTempFile("bawaba-known-hosts", "");
            Files.writeString(file, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
