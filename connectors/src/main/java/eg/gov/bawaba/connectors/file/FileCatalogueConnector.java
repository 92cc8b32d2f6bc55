package eg.gov.bawaba.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Connector kind {@code file}: the entity drops its catalogue as CSV, XML or JSON files into a folder on the hub's
 * machine (or a share mounted there); each file is synced once and moved to {@code done/}, or to {@code error/}.
 *
 * <p>Template parameters (docs/_drafts/onboarding-files.md has the definition fields they come from):
 * <table>
 * <tr><th>parameter</th><th>required</th><th>default</th><th>example</th></tr>
 * <tr><td>entityId</td><td>yes</td><td></td><td>nosi</td></tr>
 * <tr><td>directory</td><td>yes (relative to the hub's working folder)</td><td></td><td>/srv/bawaba/var/drops/nosi</td></tr>
 * <tr><td>format</td><td>yes</td><td></td><td>csv | xml | json</td></tr>
 * <tr><td>recordElement</td><td>for xml</td><td></td><td>service</td></tr>
 * <tr><td>recordsPointer</td><td>no (json)</td><td>(the file is the array)</td><td>/services</td></tr>
 * <tr><td>include</td><td>no</td><td>(?i).*\.csv (by format)</td><td>services-.*\.csv</td></tr>
 * <tr><td>pollMillis</td><td>no</td><td>10000</td><td>5000</td></tr>
 * <tr><td>stableMillis</td><td>no</td><td>1000</td><td>3000</td></tr>
 * <tr><td>doneFolder, errorFolder</td><td>no</td><td>done, error</td><td>archive, rejected</td></tr>
 * <tr><td>singleton</td><td>no (set by the hub)</td><td>(empty)</td><td>master:bawaba-nosi-catalogue:</td></tr>
 * <tr><td>processedFileStores</td><td>no (the hub supplies the bean)</td><td>bawabaProcessedFileStores</td>
 *     <td>the name of a {@link ProcessedFileStores} bean in the Camel registry</td></tr>
 * </table>
 */
@Component
public class FileCatalogueConnector extends FileDropConnector {

    public static final String TEMPLATE_ID = "file-catalogue-drop";

    @Override
    public String kind() {
        return "file";
    }

    @Override
    public String templateId() {
        return TEMPLATE_ID;
    }

    @Override
    public String sourceProtocol() {
        return "FILE";
    }

    @Override
    protected void putKindParameters(String entityId, JsonNode connector, Map<String, Object> parameters) {
        // resolved once here, so the hub's working folder at start decides, not the folder of whoever reads the log
        parameters.put("directory", Path.of(connector.get("directory").asText()).toAbsolutePath().normalize().toString());
    }

    @Override
    protected Map<String, String> kindDefaults() {
        return Map.of();
    }

    @Override
    protected String sourceUri() {
        return "file:{{directory}}?" + commonConsumerOptions();
    }

    @Override
    protected String reasonUri() {
        return "file:{{directory}}/{{errorFolder}}?fileExist=Override";
    }
}
