package eg.gov.bawaba.connectors.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import eg.gov.bawaba.connectors.SecretSource;
import eg.gov.bawaba.connectors.rest.RestApplicationDelivery;
import eg.gov.bawaba.connectors.rest.RestCatalogueConnector;
import eg.gov.bawaba.connectors.soap.SoapApplicationDelivery;
import eg.gov.bawaba.connectors.soap.SoapCatalogueConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Definitions name where secrets are kept (a variable or a file), never the secrets: for auth, TLS store passwords and
 * the callback secret; a secret written into the file is refused, naming the field.
 */
class SecretsInDefinitionsTest {

    private static final String CATALOGUE_MAPPING = """
            { "code": id, "kind": "SERVICE", "title": {"ar": nameAr, "en": nameEn},
              "summary": {"ar": nameAr, "en": nameEn}, "category": "PENSIONS",
              "eligibility": {"countries": [], "conditions": []}, "requiredDocuments": [], "channels": ["WEB"] }
            """;

    @TempDir
    Path entities;
    @TempDir
    Path secrets;
    EntityDefinitionLoader loader;

    @BeforeEach
    void entitiesFolder() throws IOException {
        Files.createDirectories(entities.resolve("x"));
        Files.writeString(entities.resolve("x/catalogue.jsonata"), CATALOGUE_MAPPING);
        Files.writeString(entities.resolve("x/application.jsonata"), "{\"id\": applicationId}");
        loader = new EntityDefinitionLoader(entities, text -> text,
                List.of(new RestCatalogueConnector(), new SoapCatalogueConnector()),
                List.of(new RestApplicationDelivery(), new SoapApplicationDelivery()),
                new DefinitionSecrets(secrets, List.of()));
    }

    @Test
    void refusesASecretWrittenIntoTheDefinitionNamingTheField() throws IOException {
        List<String> problems = problems("""
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: https://api.example.gov.eg
                    path: /services
                    auth: {type: api-key, header: X-Api-Key, apiKey: "k-123"}
                    tls: {keyStore: /etc/bawaba/client.p12, keyStorePassword: "changeit"}
                  mapping: x/catalogue.jsonata
                applications:
                  connector:
                    kind: soap
                    wsdl: https://soap.example.gov.eg/s?wsdl
                    operation: Submit
                    auth: {type: ws-security, usernameEnv: U, password: "p4ss"}
                  mapping: x/application.jsonata
                  status:
                    callback: {secret: "s3cret"}
                """);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("catalogue.connector.auth.apiKey: a secret must never"))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.tls.keyStorePassword: a secret must never"))
                .anySatisfy(p -> assertThat(p).contains("applications.connector.auth.password: a secret must never"))
                .anySatisfy(p -> assertThat(p).contains("applications.status.callback.secret: a secret must never"))
                .noneSatisfy(p -> assertThat(p).contains("unknown field"));
        assertThat(String.join("\n", problems)).doesNotContain("k-123", "changeit", "p4ss", "s3cret");
    }

    @Test
    void takesEachSecretFromAVariableOrAFileButNotBoth() throws IOException {
        EntityDefinition fromFiles = load("""
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: https://api.example.gov.eg
                    path: /services
                    auth: {type: basic, usernameFile: user, secretFile: password}
                  mapping: x/catalogue.jsonata
                applications:
                  connector:
                    kind: soap
                    wsdl: https://soap.example.gov.eg/s?wsdl
                    operation: Submit
                    auth: {type: ws-security, usernameEnv: MINISTRY_MFA_USER, secretFile: mfa}
                  mapping: x/application.jsonata
                """);
        assertThat(fromFiles.catalogue().connector().at("/auth/secretFile").asText())
                .as("resolved in the entity's own secrets folder").isEqualTo(secrets.resolve("ministry/password").toString());

        assertThat(problems("""
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: https://api.example.gov.eg
                    path: /services
                    auth: {type: api-key, header: X-Api-Key, secretEnv: MINISTRY_KEY, secretFile: key}
                  mapping: x/catalogue.jsonata
                """)).anySatisfy(p -> assertThat(p).contains("catalogue.connector.auth"));
        assertThat(problems("""
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: https://api.example.gov.eg
                    path: /services
                    auth: {type: api-key, header: X-Api-Key}
                  mapping: x/catalogue.jsonata
                """)).anySatisfy(p -> assertThat(p).contains("catalogue.connector.auth").contains("secretEnv"))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.auth").contains("secretFile"));
    }

    @Test
    void namesTheCallbackSecretOfAnEntityThatCallsBack() throws IOException {
        String delivery = """
                applications:
                  connector: {kind: rest, baseUrl: "https://api.example.gov.eg", path: /applications}
                  mapping: x/application.jsonata
                """;

        assertThat(load(delivery + "  status: {callback: {secretEnv: MINISTRY_CALLBACK_SECRET}}\n")
                .applications().callbackSecret()).isEqualTo(new SecretSource("MINISTRY_CALLBACK_SECRET", ""));
        assertThat(load(delivery + "  status: {mode: callback, callback: {secretFile: cb}}\n")
                .applications().callbackSecret()).isEqualTo(new SecretSource("", secrets.resolve("ministry/cb").toString()));
        assertThat(load(delivery).applications().callbackSecret().configured()).isFalse();

        assertThat(problems(delivery + "  status: {callback: {}}\n"))
                .anySatisfy(p -> assertThat(p).contains("applications.status.callback"));
        assertThat(problems(delivery + "  status: {mode: poll, path: \"/a/{reference}\", callback: {secretEnv: MINISTRY_S}}\n"))
                .anySatisfy(p -> assertThat(p).contains("applications.status"));
    }

    @Test
    void checksThatEachTlsStoreHasWhatItNeeds() throws IOException {
        String connector = """
                catalogue:
                  connector:
                    kind: rest
                    baseUrl: https://api.example.gov.eg
                    path: /services
                    tls: %s
                  mapping: x/catalogue.jsonata
                """;

        assertThat(load(connector.formatted("{trustStore: trust.p12, trustStorePasswordEnv: MINISTRY_TRUST_PW, "
                + "keyStore: client.p12, keyStorePasswordFile: client-pw, keyAlias: bawaba}"))
                .catalogue().connector().at("/tls/keyAlias").asText()).isEqualTo("bawaba");
        assertThat(problems(connector.formatted("{keyStore: client.p12}")))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.tls").contains("keyStorePasswordEnv"));
        assertThat(problems(connector.formatted("{trustStorePasswordEnv: MINISTRY_TRUST_PW}")))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.tls").contains("trustStore"));
        assertThat(problems(connector.formatted("{trustStore: t.p12, verifyHostname: false}")))
                .anySatisfy(p -> assertThat(p).contains("catalogue.connector.tls.verifyHostname"));
        assertThat(problems(connector.replace("https://", "http://").formatted("{trustStore: t.p12}")))
                .as("tls is for https").anySatisfy(p -> assertThat(p).contains("catalogue.connector.baseUrl"));
    }

    private EntityDefinition load(String sections) throws IOException {
        return loader.load(write(sections));
    }

    private List<String> problems(String sections) throws IOException {
        Path file = write(sections);
        InvalidEntityDefinitionException e = catchThrowableOfType(InvalidEntityDefinitionException.class,
                () -> loader.load(file));
        assertThat(e).as("the definition is refused").isNotNull();
        return e.problems();
    }

    private Path write(String sections) throws IOException {
        Path file = entities.resolve("ministry.yaml");
        Files.writeString(file, "id: ministry\nnames: {ar: وزارة, en: Ministry}\n" + sections, StandardCharsets.UTF_8);
        return file;
    }
}
