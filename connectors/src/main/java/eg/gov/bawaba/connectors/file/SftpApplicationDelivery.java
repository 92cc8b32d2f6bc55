package eg.gov.bawaba.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Delivery kind {@code sftp}: as {@link FileApplicationDelivery}, into a directory on the entity's own SFTP server.
 * The file is uploaded under a hidden temporary name ({@code .<name>.part}) and renamed once complete; only then is
 * the application DELIVERED, with the file name as the entity's reference.
 *
 * <p>Connection and credentials exactly as the {@code sftp} catalogue kind ({@link SftpCatalogueConnector}): the
 * definition names the environment variables holding user name, password or private key, resolved when the route
 * starts; the host key is checked against a known_hosts file unless the definition explicitly turns checking off. The
 * remote directory must exist: the hub does not create it. One application is uploaded at a time.
 *
 * <p>Template parameters: those of {@link FileApplicationDelivery} except consumers (directory here is remote,
 * relative to the SFTP user's login folder), plus host, port, username, password, privateKeyFile,
 * privateKeyPassphrase, preferredAuthentications, knownHostsFile, useUserKnownHostsFile, strictHostKeyChecking and
 * connectTimeoutMillis as in {@link SftpCatalogueConnector}.
 */
@Component
public class SftpApplicationDelivery extends FileDropDelivery {

    public static final String TEMPLATE_ID = "sftp-application-deliver";

    // the catalogue kind's definition-to-parameters rules, so credentials are handled in exactly one way
    private static final SftpCatalogueConnector CONNECTION_RULES = new SftpCatalogueConnector();

    // as the catalogue kind's connection; every value is a template placeholder
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
    protected void putKindParameters(String entityId, JsonNode c, Map<String, Object> p) {
        CONNECTION_RULES.putKindParameters(entityId, c, p);
    }

    @Override
    protected Map<String, String> kindDefaults() {
        return CONNECTION_RULES.kindDefaults();
    }

    @Override
    protected String[] kindRequiredParameters() {
        return new String[] {"directory", "host", "username", "preferredAuthentications"};
    }

    @Override
    protected String[] kindOptionalParameters() {
        return CONNECTION_RULES.kindOptionalParameters();
    }

    @Override
    protected String writeUri() {
        return "sftp:{{host}}:{{port}}/{{directory}}?" + CONNECTION
                // written complete under a dot name first, then renamed; an existing file of that name (a redelivery)
                // is replaced only at the rename
                + "&tempFileName=.${file:onlyname}.part"
                + "&fileExist=Override"
                + "&eagerDeleteTargetFile=false"
                + "&autoCreate=false";
    }
}
