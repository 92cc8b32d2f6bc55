package eg.gov.bawaba.connectors.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import eg.gov.bawaba.connectors.file.FileApplicationDelivery;
import eg.gov.bawaba.connectors.rest.RestApplicationDelivery;
import eg.gov.bawaba.connectors.rest.RestCatalogueConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experts section of an entity definition: subscription, delivery kind and mapping, checked like applications. */
class ExpertsSubscriptionDefinitionTest {

    @TempDir
    Path entities;
    EntityDefinitionLoader loader;

    @BeforeEach
    void entitiesFolder() throws IOException {
        Files.createDirectories(entities.resolve("mhe"));
        Files.writeString(entities.resolve("mhe/scientist.jsonata"), "{\"ref\": expertId, \"action\": event}");
        loader = new EntityDefinitionLoader(entities, text -> text, List.of(new RestCatalogueConnector()),
                List.of(new RestApplicationDelivery(), new FileApplicationDelivery()));
    }

    @Test
    void readsSubscriptionConnectorAndMapping() throws IOException {
        EntityDefinition definition = loader.load(write("""
                id: mhe
                names: {ar: وزارة التعليم العالي, en: Ministry of Higher Education}
                experts:
                  subscription: {fields: [physics, medicine], countries: [DE]}
                  connector: {kind: rest, baseUrl: "https://mhe.example.gov.eg", path: /scientists}
                  mapping: mhe/scientist.jsonata
                  maxAttempts: 4
                """));

        ExpertsFeed experts = definition.experts();
        assertThat(definition.catalogue()).isNull();
        assertThat(experts.connectorKind()).isEqualTo("rest");
        assertThat(experts.maxAttempts()).isEqualTo(4);
        assertThat(experts.mapping()).isNotNull();
        assertThat(experts.wants(List.of("medicine", "law"), "DE")).isTrue();
        assertThat(experts.wants(List.of("medicine"), "FR")).as("outside its countries").isFalse();
        assertThat(experts.wants(List.of("law"), "DE")).as("outside its fields").isFalse();
    }

    @Test
    void subscriptionWithoutFiltersWantsEveryProfile() throws IOException {
        ExpertsFeed experts = loader.load(write("""
                id: mhe
                names: {ar: وزارة التعليم العالي, en: Ministry of Higher Education}
                experts:
                  connector: {kind: file, directory: /srv/drops/mhe, format: json}
                  mapping: mhe/scientist.jsonata
                """)).experts();

        assertThat(experts.wants(List.of("law"), "BR")).isTrue();
        assertThat(experts.maxAttempts()).isEqualTo(EntityDefinitionLoader.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void rejectsUnknownKindBadCountryLiteralSecretAndMissingMappingNamingEachField() throws IOException {
        Path file = write("""
                id: mhe
                names: {ar: وزارة التعليم العالي, en: Ministry of Higher Education}
                experts:
                  subscription: {countries: [germany]}
                  connector: {kind: carrier-pigeon, password: hunter2}
                  mapping: mhe/none.jsonata
                """);

        List<String> problems = catchThrowableOfType(InvalidEntityDefinitionException.class,
                () -> loader.load(file)).problems();

        assertThat(problems).anySatisfy(p -> assertThat(p).contains(": experts.subscription.countries"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(": experts.connector.kind: unknown kind"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(": experts.connector.password: a secret"));

        Path noMapping = write("""
                id: mhe
                names: {ar: وزارة التعليم العالي, en: Ministry of Higher Education}
                experts:
                  connector: {kind: rest, baseUrl: "https://mhe.example.gov.eg", path: /scientists}
                  mapping: mhe/none.jsonata
                """);
        assertThat(catchThrowableOfType(InvalidEntityDefinitionException.class, () -> loader.load(noMapping))
                .problems()).singleElement().asString().contains("experts.mapping").contains("not found");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(entities.resolve("mhe.yaml"), yaml, StandardCharsets.UTF_8);
    }
}
