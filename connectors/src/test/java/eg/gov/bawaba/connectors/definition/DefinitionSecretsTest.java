package eg.gov.bawaba.connectors.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import eg.gov.bawaba.connectors.rest.RestApplicationDelivery;
import eg.gov.bawaba.connectors.rest.RestCatalogueConnector;
import eg.gov.bawaba.connectors.soap.SoapApplicationDelivery;
import eg.gov.bawaba.connectors.soap.SoapCatalogueConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A definition reads secrets only from its entity's own folder under the secrets folder and from variables of its
 * own prefix: every other path (absolute, {@code ..}, a link out, the hub's key folder), another entity's or the hub's
 * variables, and placeholders that could read the hub's settings are refused, naming the field and reading nothing.
 */
class DefinitionSecretsTest {

    private static final String CATALOGUE_MAPPING = """
            { "code": id, "kind": "SERVICE", "title": {"ar": nameAr, "en": nameEn},
              "summary": {"ar": nameAr, "en": nameEn}, "category": "PENSIONS",
              "eligibility": {"countries": [], "conditions": []}, "requiredDocuments": [], "channels": ["WEB"] }
            """;

    @TempDir
    Path entities;
    @TempDir
    Path data;
    Path secrets;
    Path keys;
    /** Every value with a placeholder the loader asked the hub to resolve. */
    final List<String> resolved = new ArrayList<>();

    @BeforeEach
    void hubFolders() throws IOException {
        Files.createDirectories(entities.resolve("x"));
        Files.writeString(entities.resolve("x/catalogue.jsonata"), CATALOGUE_MAPPING);
        Files.writeString(entities.resolve("x/application.jsonata"), "{\"id\": applicationId}");
        secrets = Files.createDirectories(data.resolve("secrets"));
        keys = Files.createDirectories(data.resolve("keys"));
        Files.writeString(keys.resolve("personal-data.key"), "hub-personal-data-key");
        Files.createDirectories(secrets.resolve("ministry"));
        Files.createDirectories(secrets.resolve("emigration"));
        Files.writeString(secrets.resolve("emigration/callback"), "emigration-callback-secret");
    }

    @Test
    void refusesASecretFileOutsideTheEntitysOwnFolder() throws IOException {
        for (String reference : List.of(keys.resolve("personal-data.key").toString(), "/etc/passwd",
                secrets.resolve("emigration/callback").toString())) {
            assertThat(problems(loader(), restWithSecretFile(reference)))
                    .as(reference).anySatisfy(p -> assertThat(p)
                            .contains("catalogue.connector.auth.secretFile: ").contains("outside this entity's"));
        }
    }

    @Test
    void refusesDotDotInASecretFileEvenWhenItWouldStayInside() throws IOException {
        for (String reference : List.of("../emigration/callback", "../../keys/personal-data.key", "a/../key",
                secrets.resolve("ministry/../emigration/callback").toString())) {
            assertThat(problems(loader(), restWithSecretFile(reference)))
                    .as(reference).anySatisfy(p -> assertThat(p)
                            .contains("catalogue.connector.auth.secretFile: ").contains("'..' is not allowed"));
        }
    }

    @Test
    void refusesALinkInTheSecretsFolderThatLeadsOutOfIt() throws IOException {
        Files.createSymbolicLink(secrets.resolve("ministry/api-key"), keys.resolve("personal-data.key"));
        Files.createSymbolicLink(secrets.resolve("ministry/shared"), secrets.resolve("emigration"));

        assertThat(problems(loader(), restWithSecretFile("api-key")))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.auth.secretFile: ")
                        .contains("leads through a link outside"));
        assertThat(problems(loader(), restWithSecretFile("shared/callback")))
                .anySatisfy(p -> assertThat(p).contains("leads through a link outside"));
    }

    @Test
    void refusesTheHubsKeyFolderEvenWhenTheSecretsFolderIsSetUpToHoldIt() throws IOException {
        // misconfigured: the secrets folder is the data folder itself, and an entity is called "keys"
        EntityDefinitionLoader loader = new EntityDefinitionLoader(entities, this::resolve,
                List.of(new RestCatalogueConnector()), List.of(), new DefinitionSecrets(data, List.of(keys)));
        Path file = entities.resolve("keys.yaml");
        Files.writeString(file, "id: keys\nnames: {ar: مفاتيح, en: Keys}\n" + restWithSecretFile("personal-data.key"),
                StandardCharsets.UTF_8);

        InvalidEntityDefinitionException refused = catchThrowableOfType(InvalidEntityDefinitionException.class,
                () -> loader.load(file));

        assertThat(refused).isNotNull();
        assertThat(refused.problems()).anySatisfy(p -> assertThat(p).contains("inside the hub's key folder"));
        assertThat(refused.getMessage()).doesNotContain("hub-personal-data-key");
    }

    @Test
    void refusesTheTlsStoresAndTheirPasswordFilesOutsideTheEntitysFolder() throws IOException {
        List<String> problems = problems(loader(), """
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: https://api.example.gov.eg
                    path: /services
                    tls: {trustStore: /etc/ssl/trust.p12, trustStorePasswordFile: ../emigration/callback,
                          keyStore: %s, keyStorePasswordEnv: EMIGRATION_STORE_PASSWORD}
                  mapping: x/catalogue.jsonata
                applications:
                  connector:
                    kind: soap
                    wsdl: https://soap.example.gov.eg/s?wsdl
                    operation: Submit
                    auth: {type: ws-security, usernameFile: /run/secrets/user, secretEnv: MINISTRY_PASSWORD}
                  mapping: x/application.jsonata
                  status:
                    callback: {secretFile: %s}
                """.formatted(keys.resolve("personal-data.key"), secrets.resolve("emigration/callback")));

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.tls.trustStore: "))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.tls.trustStorePasswordFile: "))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.tls.keyStore: "))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.tls.keyStorePasswordEnv: "))
                .anySatisfy(p -> assertThat(p).contains("applications.connector.auth.usernameFile: "))
                .anySatisfy(p -> assertThat(p).contains("applications.status.callback.secretFile: "))
                .noneSatisfy(p -> assertThat(p).contains("secretEnv"));
    }

    @Test
    void refusesAFileDropFolderInsideTheHubsKeysOrSecrets() throws IOException {
        EntityDefinitionLoader loader = new EntityDefinitionLoader(entities, this::resolve,
                List.of(new eg.gov.bawaba.connectors.file.FileCatalogueConnector()), List.of(),
                new DefinitionSecrets(secrets, List.of(keys)));
        for (Path folder : List.of(keys, secrets.resolve("emigration"))) {
            Path file = write("ministry", """
                    catalogue:
                      connector: {kind: file, directory: "%s", format: csv}
                      mapping: x/catalogue.jsonata
                    """.formatted(folder));
            InvalidEntityDefinitionException refused = catchThrowableOfType(InvalidEntityDefinitionException.class,
                    () -> loader.load(file));
            assertThat(refused).as(folder.toString()).isNotNull();
            assertThat(refused.problems()).anySatisfy(p -> assertThat(p).contains("catalogue.connector.directory: "));
        }
    }

    @Test
    void acceptsFilesInTheEntitysOwnFolderAndLinksThatStayInside() throws IOException {
        // a Kubernetes secret volume: the file is a link to ..data/<name>, ..data a link to a dated folder
        Path dated = Files.createDirectories(secrets.resolve("ministry/..2026_12_07"));
        Files.writeString(dated.resolve("api-key"), "k");
        Files.createSymbolicLink(secrets.resolve("ministry/..data"), dated.getFileName());
        Files.createSymbolicLink(secrets.resolve("ministry/api-key"), Path.of("..data/api-key"));

        EntityDefinition relative = loader().load(write("ministry", restWithSecretFile("api-key")));
        EntityDefinition absolute = loader().load(write("ministry",
                restWithSecretFile(secrets.resolve("ministry/api-key").toString())));
        EntityDefinition notYetMounted = loader().load(write("ministry", restWithSecretFile("later/api-key")));

        assertThat(relative.catalogue().connector().at("/auth/secretFile").asText())
                .isEqualTo(secrets.resolve("ministry/api-key").toString());
        assertThat(absolute.catalogue().connector().at("/auth/secretFile").asText())
                .isEqualTo(secrets.resolve("ministry/api-key").toString());
        assertThat(notYetMounted.catalogue().connector().at("/auth/secretFile").asText())
                .isEqualTo(secrets.resolve("ministry/later/api-key").toString());
    }

    @Test
    void refusesAVariableOfAnotherEntityOrOfTheHub() throws IOException {
        write("ministry-health", "");
        for (String variable : List.of("EMIGRATION_API_KEY", "EMIGRATION_CALLBACK_SECRET", "BAWABA_PERSONAL_DATA_KEYS",
                "bawaba.personal-data.key", "spring.datasource.password", "MINISTRY_HEALTH_API_KEY", "MINISTRY_")) {
            assertThat(problems(loader(), """
                    catalogue:
                      connector:
                        kind: rest
                        baseUrl: https://api.example.gov.eg
                        path: /services
                        auth: {type: api-key, header: X-Api-Key, secretEnv: "%s"}
                      mapping: x/catalogue.jsonata
                    """.formatted(variable)))
                    .as(variable).anySatisfy(p -> assertThat(p).contains("catalogue.connector.auth.secretEnv: "));
        }
        assertThat(loader().load(write("ministry", """
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: https://api.example.gov.eg
                    path: /services
                    auth: {type: api-key, header: X-Api-Key, secretEnv: MINISTRY_API_KEY}
                  mapping: x/catalogue.jsonata
                """)).catalogue().connector().at("/auth/secretEnv").asText()).isEqualTo("MINISTRY_API_KEY");
    }

    @Test
    void refusesPlaceholdersThatCouldReadTheHubAndResolvesNoneOfThem() throws IOException {
        for (String baseUrl : List.of("https://evil.example/${bawaba.personal-data.key}",
                "https://evil.example/${BAWABA_PERSONAL_DATA_KEYS}", "https://evil.example/${EMIGRATION_API_KEY}",
                "https://evil.example/${MINISTRY_API_KEY}",
                "${MINISTRY_BASE_URL:https://evil.example/${BAWABA_PERSONAL_DATA_KEY}}",
                "https://evil.example/{{bawaba-secret-file:" + keys.resolve("personal-data.key") + "}}",
                "https://evil.example/{{bawaba.personal-data.key}}", "https://evil.example/{{env:EMIGRATION_API_KEY}}")) {
            assertThat(problems(loader(), """
                    catalogue:
                      connector: {kind: rest, baseUrl: "%s", path: /services}
                      mapping: x/catalogue.jsonata
                    """.formatted(baseUrl)))
                    .as(baseUrl).anySatisfy(p -> assertThat(p).contains("catalogue.connector.baseUrl: "));
        }
        assertThat(resolved).as("no refused placeholder was looked up").isEmpty();

        EntityDefinition own = loader().load(write("ministry", """
                catalogue:
                  connector: {kind: rest, baseUrl: "${MINISTRY_BASE_URL:https://api.example.gov.eg}",
                              path: "/${BAWABA_DATA_DIR:var}/services"}
                  mapping: x/catalogue.jsonata
                """));
        assertThat(own.catalogue().connector().get("baseUrl").asText()).isEqualTo("https://api.example.gov.eg");
        assertThat(resolved).hasSize(2);
    }

    /** Stands for the hub's Environment: records each lookup and answers every default. */
    private String resolve(String text) {
        if (text.contains("${")) {
            resolved.add(text);
        }
        return DefinitionSecrets.defaultsOnly(text);
    }

    private EntityDefinitionLoader loader() {
        return new EntityDefinitionLoader(entities, this::resolve,
                List.of(new RestCatalogueConnector(), new SoapCatalogueConnector()),
                List.of(new RestApplicationDelivery(), new SoapApplicationDelivery()),
                new DefinitionSecrets(secrets, List.of(keys)));
    }

    private static String restWithSecretFile(String reference) {
        return """
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: https://api.example.gov.eg
                    path: /services
                    auth: {type: api-key, header: X-Api-Key, secretFile: "%s"}
                  mapping: x/catalogue.jsonata
                """.formatted(reference);
    }

    private List<String> problems(EntityDefinitionLoader loader, String sections) throws IOException {
        Path file = write("ministry", sections);
        InvalidEntityDefinitionException e = catchThrowableOfType(InvalidEntityDefinitionException.class,
                () -> loader.load(file));
        assertThat(e).as("the definition is refused").isNotNull();
        assertThat(e.getMessage()).doesNotContain("hub-personal-data-key", "emigration-callback-secret");
        return e.problems();
    }

    private Path write(String id, String sections) throws IOException {
        Path file = entities.resolve(id + ".yaml");
        Files.writeString(file, "id: " + id + "\nnames: {ar: وزارة, en: Ministry}\n" + sections, StandardCharsets.UTF_8);
        return file;
    }
}
