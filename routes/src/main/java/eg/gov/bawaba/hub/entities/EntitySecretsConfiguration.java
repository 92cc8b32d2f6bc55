package eg.gov.bawaba.hub.entities;

import eg.gov.bawaba.connectors.definition.DefinitionSecrets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Where entity definitions may take their secrets from, shared by the running entities and the dry run. */
@Configuration(proxyBeanMethods = false)
public class EntitySecretsConfiguration {

    @Bean
    DefinitionSecrets definitionSecrets(@Value("${bawaba.secrets-dir}") Path secretsDir,
                                        @Value("${bawaba.data-dir}") Path dataDir, Environment environment) {
        // the data folder's keys (personal-data and development token keys); bin/dry-run runs with a throw-away data
        // folder, so the configured one (BAWABA_DATA_DIR, else ./var) is kept out too
        Set<Path> keyDirs = new LinkedHashSet<>();
        keyDirs.add(dataDir.resolve("keys"));
        keyDirs.add(Path.of(environment.getProperty("BAWABA_DATA_DIR", "./var")).resolve("keys"));
        return new DefinitionSecrets(secretsDir, keyDirs);
    }
}
