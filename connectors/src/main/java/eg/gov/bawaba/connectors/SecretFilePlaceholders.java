package eg.gov.bawaba.connectors;

import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesFunction;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * The Camel placeholder function {@code {{bawaba-secret-file:<path>}}}: the content of a secret file (a mounted
 * Kubernetes or Docker secret), read when the route using it starts, so an endpoint option such as an SFTP password
 * comes from a file the same way {@code {{NAME}}} takes it from a variable. A file that is missing or empty fails the
 * route's start, naming the file, never its content.
 */
@Component
public class SecretFilePlaceholders implements PropertiesFunction, CamelContextConfiguration {

    public static final String NAME = "bawaba-secret-file";

    /** The placeholder reading the secret in this file, wrapped in RAW so no character of it is URI-decoded. */
    public static String raw(String path) {
        return "RAW({{" + NAME + ":" + path + "}})";
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String path) {
        SecretSource source = new SecretSource("", path);
        Optional<String> secret = source.read(name -> Optional.empty());
        return secret.orElseThrow(() -> new IllegalStateException(source.describe() + " is empty"));
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        camel.getPropertiesComponent().addPropertiesFunction(this);
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once started
    }
}
