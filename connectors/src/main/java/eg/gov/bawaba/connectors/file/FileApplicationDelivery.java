package eg.gov.bawaba.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Delivery kind {@code file}: each application, as the entity's application mapping shaped it, is written as one
 * file (JSON, CSV or XML, UTF-8) into a folder on the hub's machine or a share mounted there. The file is written under
 * a hidden temporary name ({@code .<name>.part}), forced to disk and renamed, so the entity never reads half a file;
 * only then is the application DELIVERED, with the file name as the entity's reference.
 *
 * <p>Template parameters (docs/_drafts/onboarding-file-applications.md has the definition fields they come from):
 * <table>
 * <tr><th>parameter</th><th>required</th><th>default</th><th>example</th></tr>
 * <tr><td>entityId, queue, breaker, maxAttempts</td><td>yes (added by the hub)</td><td></td><td>nosi</td></tr>
 * <tr><td>directory</td><td>yes (absolute; relative paths resolve from the hub's working folder)</td><td></td>
 *     <td>/srv/bawaba/var/drops/nosi/applications</td></tr>
 * <tr><td>format</td><td>yes</td><td></td><td>json | csv | xml</td></tr>
 * <tr><td>fileName</td><td>no</td><td>{applicationId}.{ext}</td><td>nosi-{timestamp}-{applicationId}.{ext}</td></tr>
 * <tr><td>rootElement</td><td>no (xml)</td><td>application</td><td>nosiApplication</td></tr>
 * <tr><td>timeoutMillis</td><td>no</td><td>10000</td><td>5000</td></tr>
 * <tr><td>consumers</td><td>no</td><td>1</td><td>4</td></tr>
 * </table>
 */
@Component
public class FileApplicationDelivery extends FileDropDelivery {

    public static final String TEMPLATE_ID = "file-application-deliver";

    @Override
    public String kind() {
        return "file";
    }

    @Override
    public String templateId() {
        return TEMPLATE_ID;
    }

    @Override
    protected void putKindParameters(String entityId, JsonNode c, Map<String, Object> p) {
        // resolved once here, so the hub's working folder at start decides
        p.put("directory", Path.of(c.get("directory").asText()).toAbsolutePath().normalize().toString());
    }

    @Override
    protected Map<String, String> kindDefaults() {
        return Map.of();
    }

    @Override
    protected String[] kindRequiredParameters() {
        return new String[] {"directory"};
    }

    @Override
    protected String writeUri() {
        return "bean:{{deliveryFiles}}?method=writeLocal";
    }
}
