package eg.gov.bawaba.connectors.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.definition.InvalidEntityDefinitionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST connector turns the connector section of a definition into its template parameters. */
class RestCatalogueConnectorTest {

    private final RestCatalogueConnector connector = new RestCatalogueConnector();

    @Test
    void fillsDefaultsAndConvertsDurations() throws Exception {
        Map<String, Object> p = connector.templateParameters("emigration", new ObjectMapper().readTree("""
                {"kind":"rest","baseUrl":"http://127.0.0.1:8091/emigration/","path":"/api/v1/privileges",
                 "paging":{"style":"page","pageSize":50},"timeout":"5s",
                 "auth":{"type":"api-key","header":"X-Api-Key","secretEnv":"EMIGRATION_API_KEY"},
                 "circuitBreaker":{"openFor":"2m"}}
                """));

        assertThat(p).containsEntry("entityId", "emigration")
                .containsEntry("baseUrl", "http://127.0.0.1:8091/emigration")
                .containsEntry("pagingStyle", "page")
                .containsEntry("pageSize", "50")
                .containsEntry("pageParam", "page")
                .containsEntry("timeoutMillis", "5000")
                .containsEntry("openForMillis", "120000")
                .containsEntry("secretEnv", "EMIGRATION_API_KEY")
                .containsEntry("retries", "2");
    }

    @Test
    void passesSecretFilesAndTheTlsSectionToTheTemplate() throws Exception {
        Map<String, Object> p = connector.templateParameters("nosi", new ObjectMapper().readTree("""
                {"kind":"rest","baseUrl":"https://api.nosi.gov.eg","path":"/services",
                 "auth":{"type":"basic","usernameFile":"/run/secrets/user","secretFile":"/run/secrets/password"},
                 "tls":{"trustStore":"/etc/bawaba/nosi-trust.p12"}}
                """));

        assertThat(p).containsEntry("usernameFile", "/run/secrets/user")
                .containsEntry("secretFile", "/run/secrets/password")
                .containsEntry("secretEnv", "")
                .containsEntry("tls", "{\"trustStore\":\"/etc/bawaba/nosi-trust.p12\"}")
                .containsEntry("tlsOption", "?sslContextParameters=#{{tlsContext}}");
        // camel-http would call over https with any SSLContextParameters: an http entity gets none
        assertThat(connector.templateParameters("nosi", new ObjectMapper().readTree(
                "{\"kind\":\"rest\",\"baseUrl\":\"http://h\",\"path\":\"/s\"}")))
                .containsEntry("tls", "{}").containsEntry("tlsOption", "");
        // an https entity without tls gets its own default context all the same, which notes refused certificates
        assertThat(connector.templateParameters("nosi", new ObjectMapper().readTree(
                "{\"kind\":\"rest\",\"baseUrl\":\"https://h\",\"path\":\"/s\"}")))
                .containsEntry("tls", "{}").containsEntry("tlsOption", "?sslContextParameters=#{{tlsContext}}");
    }

    @Test
    void passesTheNextLinkAndCursorFieldsToTheTemplate() throws Exception {
        Map<String, Object> p = connector.templateParameters("bank", new ObjectMapper().readTree("""
                {"kind":"rest","baseUrl":"https://api.bank.example","path":"/v2/certs",
                 "paging":{"style":"cursor","cursorParam":"after","cursorPointer":"/meta/nextCursor","maxPages":50}}
                """));

        assertThat(p).containsEntry("pagingStyle", "cursor").containsEntry("cursorParam", "after")
                .containsEntry("cursorPointer", "/meta/nextCursor").containsEntry("maxPages", "50")
                .containsEntry("nextPointer", "");
    }

    @Test
    void schemaAcceptsEveryPagingStyleAndRefusesOneWithoutItsPointer(@TempDir Path entities) throws Exception {
        assertThat(problems(entities, "{style: next-link, nextPointer: /links/next}")).isEmpty();
        assertThat(problems(entities, "{style: cursor, cursorPointer: /meta/nextCursor}")).isEmpty();
        assertThat(problems(entities, "{style: link-header, maxPages: 100}")).isEmpty();
        assertThat(problems(entities, "{style: next-link}")).singleElement().asString().contains("nextPointer");
        assertThat(problems(entities, "{style: cursor, cursorParam: after}")).singleElement().asString()
                .contains("cursorPointer");
        assertThat(problems(entities, "{style: page, nextPointer: /links/next}")).singleElement().asString()
                .contains("paging.style");
        assertThat(problems(entities, "{style: scroll}")).singleElement().asString().contains("paging.style");
    }

    private static List<String> problems(Path entities, String paging) throws Exception {
        Files.createDirectories(entities.resolve("bank"));
        Files.writeString(entities.resolve("bank/catalogue.jsonata"), "{\"code\": code}");
        Files.writeString(entities.resolve("bank.yaml"), """
                id: bank
                names: {ar: بنك, en: Bank}
                catalogue:
                  connector: {kind: rest, baseUrl: "https://api.bank.example", path: /v2/certs, paging: %s}
                  mapping: bank/catalogue.jsonata
                """.formatted(paging), StandardCharsets.UTF_8);
        try {
            new EntityDefinitionLoader(entities, text -> text, List.of(new RestCatalogueConnector()))
                    .load(entities.resolve("bank.yaml"));
            return List.of();
        } catch (InvalidEntityDefinitionException e) {
            return e.problems();
        }
    }

    @Test
    void buildsPageAndOffsetQueries() {
        RestFetchSettings page = settings("page", 1);
        RestFetchSettings offset = settings("offset", 0);
        assertThat(page.pageQuery(0)).isEqualTo("page=1&size=25");
        assertThat(page.pageQuery(2)).isEqualTo("page=3&size=25");
        assertThat(offset.pageQuery(2)).isEqualTo("offset=50&limit=25");
        assertThat(settings("none", 0).pageQuery(0)).isEmpty();
    }

    private static RestFetchSettings settings(String style, int firstPage) {
        return new RestFetchSettings("/items", style, "page", "size", firstPage, "offset", "limit", 25, 100, "none",
                "X-Api-Key", "", "", 2);
    }
}
