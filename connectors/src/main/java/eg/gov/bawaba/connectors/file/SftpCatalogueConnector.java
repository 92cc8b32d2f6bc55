package eg.gov.bawaba.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.SecretFilePlaceholders;
import eg.gov.bawaba.connectors.definition.DurationText;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Connector kind {@code sftp}: the entity drops its catalogue files into a directory on its own SFTP server; the hub
 * polls it, syncs each file once and moves it to {@code done/}, or to {@code error/} beside a {@code .reason} file.
 *
 * <p>Credentials are never written in the definition: it names the environment variables (or hub properties) that
 * hold them, resolved when the route starts. The server's host key is checked against a known_hosts file unless the
 * definition explicitly turns checking off.
 *
 * <p>Template parameters, besides those of {@link FileCatalogueConnector} (directory here is remote, relative to the
 * SFTP user's login folder; docs/_drafts/onboarding-files.md has the definition fields they come from):
 * <table>
 * <tr><th>parameter</th><th>required</th><th>default</th><th>example</th></tr>
 * <tr><td>host</td><td>yes</td><td></td><td>sftp.nosi.gov.eg</td></tr>
 * <tr><td>port</td><td>no</td><td>22</td><td>2222</td></tr>
 * <tr><td>username</td><td>yes</td><td></td><td>RAW({{NOSI_SFTP_USER}}) or RAW({{bawaba-secret-file:/run/secrets/nosi-user}})</td></tr>
 * <tr><td>password</td><td>one of password, privateKeyFile</td><td></td><td>RAW({{NOSI_SFTP_PASSWORD}})</td></tr>
 * <tr><td>privateKeyFile, privateKeyPassphrase</td><td>one of password, privateKeyFile</td><td></td><td>RAW({{NOSI_SFTP_KEY}})</td></tr>
 * <tr><td>knownHostsFile</td><td>no</td><td>(~/.ssh/known_hosts of the hub's user)</td><td>/etc/bawaba/known_hosts</td></tr>
 * <tr><td>strictHostKeyChecking</td><td>no</td><td>yes</td><td>no (only when the definition says so)</td></tr>
 * <tr><td>connectTimeoutMillis</td><td>no</td><td>10000</td><td>5000</td></tr>
 * </table>
 */
@Component
public class SftpCatalogueConnector extends FileDropConnector {

    public static final String TEMPLATE_ID = "sftp-catalogue-drop";
    private static final Logger LOG = LoggerFactory.getLogger(SftpCatalogueConnector.class);

    private static final Map<String, String> DEFAULTS = Map.of(
            "port", "22",
            "strictHostKeyChecking", "yes",
            "useUserKnownHostsFile", "true",
            "connectTimeoutMillis", "10000");

    // one connection setting for the consumer and the .reason producer; every value is a template placeholder
    private static final String CONNECTION = "username={{username}}"
            + "&password={{?password}}"
            + "&privateKeyFile={{?privateKeyFile}}"
            + "&privateKeyPassphrase={{?privateKeyPassphrase}}"
            + "&preferredAuthentications={{preferredAuthentications}}"
            + "&knownHostsFile={{?knownHostsFile}}"
            + "&useUserKnownHostsFile={{useUserKnownHostsFile}}"
            + "&strictHostKeyChecking={{strictHostKeyChecking}}"
            + "&connectTimeout={{connectTimeoutMillis}}"
            + "&binary=true";

    @Override
    public String kind() {
        return "sftp";
    }

    @Override
    public String templateId() {
        return TEMPLATE_ID;
    }

    @Override
    public String sourceProtocol() {
        return "SFTP";
    }

    /** The placeholder of a credential kept in {@code <prefix>Env} (a variable) or {@code <prefix>File} (a file). */
    private static String credential(JsonNode c, String prefix) {
        return c.hasNonNull(prefix + "Env") ? "RAW({{" + c.get(prefix + "Env").asText() + "}})"
                : SecretFilePlaceholders.raw(Path.of(c.get(prefix + "File").asText()).toAbsolutePath().normalize()
                        .toString());
    }

    @Override
    protected void putKindParameters(String entityId, JsonNode c, Map<String, Object> p) {
        p.put("host", c.get("host").asText());
        putText(p, "port", c.path("port"));
        p.put("directory", c.get("directory").asText().replaceAll("^/+|/+$", ""));
        // nested placeholders: the value is looked up in the environment when the route starts, never kept here
        // or the content of a secret file, read by SecretFilePlaceholders when the route starts
        p.put("username", credential(c, "username"));
        boolean password = c.hasNonNull("secretEnv") || c.hasNonNull("secretFile");
        if (password) {
            p.put("password", credential(c, "secret"));
        }
        boolean key = c.hasNonNull("privateKeyFileEnv") || c.hasNonNull("privateKeyFile");
        if (c.hasNonNull("privateKeyFileEnv")) {
            p.put("privateKeyFile", "RAW({{" + c.get("privateKeyFileEnv").asText() + "}})");
        } else if (c.hasNonNull("privateKeyFile")) {
            p.put("privateKeyFile", Path.of(c.get("privateKeyFile").asText()).toAbsolutePath().normalize().toString());
        }
        if (c.hasNonNull("privateKeyPassphraseEnv") || c.hasNonNull("privateKeyPassphraseFile")) {
            p.put("privateKeyPassphrase", credential(c, "privateKeyPassphrase"));
        }
        p.put("preferredAuthentications", key ? (password ? "publickey,password" : "publickey") : "password");
        if (c.hasNonNull("knownHostsFile")) {
            p.put("knownHostsFile", Path.of(c.get("knownHostsFile").asText()).toAbsolutePath().normalize().toString());
            // the configured file is the whole truth; a key in the hub user's own known_hosts must not widen it
            p.put("useUserKnownHostsFile", "false");
        }
        if (c.path("strictHostKeyChecking").isBoolean() && !c.get("strictHostKeyChecking").asBoolean()) {
            p.put("strictHostKeyChecking", "no");
            LOG.warn("Entity {}: SFTP host key checking is OFF (strictHostKeyChecking: false); any server answering at "
                    + "{} is trusted with the credentials", entityId, c.get("host").asText());
        }
        if (c.hasNonNull("connectTimeout")) {
            p.put("connectTimeoutMillis", String.valueOf(DurationText.parse(c.get("connectTimeout").asText()).toMillis()));
        }
    }

    @Override
    protected Map<String, String> kindDefaults() {
        return DEFAULTS;
    }

    @Override
    protected String[] kindRequiredParameters() {
        return new String[] {"host", "username", "preferredAuthentications"};
    }

    @Override
    protected String[] kindOptionalParameters() {
        return new String[] {"password", "privateKeyFile", "privateKeyPassphrase", "knownHostsFile"};
    }

    @Override
    protected String sourceUri() {
        return "sftp:{{host}}:{{port}}/{{directory}}?" + CONNECTION + "&" + commonConsumerOptions();
    }

    @Override
    protected String reasonUri() {
        return "sftp:{{host}}:{{port}}/{{directory}}/{{errorFolder}}?" + CONNECTION + "&fileExist=Override";
    }
}
