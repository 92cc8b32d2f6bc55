package eg.gov.bawaba.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eg.gov.bawaba.connectors.definition.DefinitionSecrets;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.definition.InvalidEntityDefinitionException;
import eg.gov.bawaba.connectors.file.SftpCatalogueConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {{bawaba-secret-file:path}} reads a mounted secret for an endpoint option, and says which file when it cannot. */
class SecretFilePlaceholdersTest {

    @TempDir
    Path dir;

    @Test
    void resolvesThePlaceholderToTheFileContentWithoutItsTrailingLineBreak() throws Exception {
        Path secret = Files.writeString(dir.resolve("sftp-password"), "s3cret with spaces\n");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            new SecretFilePlaceholders().beforeApplicationStart(camel);

            assertThat(camel.resolvePropertyPlaceholders("{{bawaba-secret-file:" + secret + "}}"))
                    .isEqualTo("s3cret with spaces");
        }
    }

    @Test
    void aMissingOrEmptyFileFailsNamingTheFileNeverAContent() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        SecretFilePlaceholders function = new SecretFilePlaceholders();

        assertThatThrownBy(() -> function.apply(dir.resolve("absent").toString()))
                .hasMessageContaining("absent").hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> function.apply(empty.toString())).hasMessageContaining("is empty");
    }

    @Test
    void aDefinitionNamesEachCredentialOnceAndSomeWayToLogIn() throws IOException {
        Files.createDirectories(dir.resolve("nosi"));
        Files.writeString(dir.resolve("nosi/catalogue.jsonata"), "{}");
        Path secrets = dir.resolve("secrets");
        EntityDefinitionLoader loader = new EntityDefinitionLoader(dir, text -> text,
                List.of(new SftpCatalogueConnector()), List.of(), new DefinitionSecrets(secrets, List.of()));
        Path both = Files.writeString(dir.resolve("nosi.yaml"), """
                id: nosi
                names: {ar: الهيئة, en: NOSI}
                catalogue:
                  connector: {kind: sftp, host: sftp.nosi.gov.eg, directory: out, format: csv,
                              usernameFile: user, secretEnv: NOSI_PASSWORD, secretFile: pw}
                  mapping: nosi/catalogue.jsonata
                """);
        assertThatThrownBy(() -> loader.load(both)).isInstanceOf(InvalidEntityDefinitionException.class)
                .hasMessageContaining("catalogue.connector");

        Path noWayIn = Files.writeString(dir.resolve("nosi.yaml"), """
                id: nosi
                names: {ar: الهيئة, en: NOSI}
                catalogue:
                  connector: {kind: sftp, host: sftp.nosi.gov.eg, directory: out, format: csv, usernameEnv: NOSI_USER}
                  mapping: nosi/catalogue.jsonata
                """);
        assertThatThrownBy(() -> loader.load(noWayIn)).isInstanceOf(InvalidEntityDefinitionException.class);

        Path files = Files.writeString(dir.resolve("nosi.yaml"), """
                id: nosi
                names: {ar: الهيئة, en: NOSI}
                catalogue:
                  connector: {kind: sftp, host: sftp.nosi.gov.eg, directory: out, format: csv,
                              usernameFile: user, secretFile: pw}
                  mapping: nosi/catalogue.jsonata
                """);
        var parameters = new SftpCatalogueConnector().templateParameters("nosi",
                loader.load(files).catalogue().connector());
        assertThat(parameters.get("password")).isEqualTo("RAW({{bawaba-secret-file:" + secrets.resolve("nosi/pw") + "}})");
        assertThat(parameters.get("username")).isEqualTo("RAW({{bawaba-secret-file:" + secrets.resolve("nosi/user") + "}})");
        assertThat(parameters.get("preferredAuthentications")).isEqualTo("password");
    }
}
