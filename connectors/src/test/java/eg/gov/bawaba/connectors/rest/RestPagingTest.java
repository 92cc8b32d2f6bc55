package eg.gov.bawaba.connectors.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.connectors.ConnectorErrorHandling;
import java.util.List;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every paging style of the rest kind against WireMock feeds, through the real route template: what is followed, what
 * ends the feed, and the guards that fail the sync (a loop, too many pages, a next link to another host).
 */
class RestPagingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "paging-test-key";

    private final WireMockServer entity = new WireMockServer(options().dynamicPort());
    private final WireMockServer elsewhere = new WireMockServer(options().dynamicPort());
    private DefaultCamelContext camel;
    private int runs;

    @BeforeEach
    void start() throws Exception {
        entity.start();
        elsewhere.start();
        camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("bawaba.connectors.retry-delay", "10");
        properties.setProperty("PAGING_TEST_KEY", KEY);
        camel.getPropertiesComponent().setInitialProperties(properties);
        camel.addRoutes(new ConnectorErrorHandling());
        camel.addRoutes(new RestCatalogueConnector());
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        entity.stop();
        elsewhere.stop();
    }

    @Test
    void nextLinkFollowsRelativeAndAbsoluteLinksUntilThereIsNone() throws Exception {
        serve(page(null), body(2, 0, "\"links\": {\"next\": \"/v2/certs?cursor=abc\"}"));
        serve(page("abc"), body(2, 2, "\"links\": {\"next\": \"" + entity.baseUrl() + "/v2/certs?cursor=def\"}"));
        serve(page("def"), body(1, 4, "\"links\": {\"next\": \"?cursor=ghi\"}"));
        serve(page("ghi"), body(1, 5, "\"links\": {\"next\": null}"));

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: next-link, nextPointer: /links/next}}");

        assertThat(done.getException()).isNull();
        assertThat(codes(done)).containsExactly("C1", "C2", "C3", "C4", "C5", "C6");
        assertThat(done.getProperty(CatalogueConnector.RECORD_LOCATIONS, List.class))
                .containsExactly("page 1, record 1", "page 1, record 2", "page 2, record 1", "page 2, record 2",
                        "page 3, record 1", "page 4, record 1");
        // the credentials go with every page, and only to the entity
        entity.verify(4, getRequestedFor(urlPathEqualTo("/v2/certs")).withHeader("X-Api-Key", equalTo(KEY)));
    }

    @Test
    void nextLinkToAnotherHostIsRefusedBeforeAnyCredentialLeaves() throws Exception {
        serve(page(null), body(2, 0, "\"links\": {\"next\": \"" + elsewhere.baseUrl().replace("localhost", "127.0.0.1")
                + "/v2/certs?cursor=abc\"}"));

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: next-link, nextPointer: /links/next}}");

        assertThat(done.getException()).isInstanceOf(RestPagingException.class)
                .hasMessageContaining("refusing to follow the next link at /links/next of page 1")
                .hasMessageContaining("credentials are never sent to another host");
        assertThat(elsewhere.getAllServeEvents()).isEmpty();
    }

    @Test
    void nextLinkToAnotherPortOrSchemeOfTheSameHostIsRefusedToo() throws Exception {
        serve(page(null), body(1, 0, "\"links\": {\"next\": \"" + elsewhere.baseUrl() + "/v2/certs?cursor=abc\"}"));
        Exchange otherPort = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: next-link, nextPointer: /links/next}}");
        serve(page(null), body(1, 0, "\"links\": {\"next\": \"https://localhost:" + entity.port() + "/v2/certs\"}"));
        Exchange otherScheme = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: next-link, nextPointer: /links/next}}");

        assertThat(otherPort.getException()).isInstanceOf(RestPagingException.class)
                .hasMessageContaining("refusing to follow");
        assertThat(otherScheme.getException()).isInstanceOf(RestPagingException.class)
                .hasMessageContaining("https://localhost:" + entity.port());
        assertThat(elsewhere.getAllServeEvents()).isEmpty();
    }

    @Test
    void nextLinkSeenBeforeFailsTheFetchAsALoop() throws Exception {
        serve(page(null), body(1, 0, "\"links\": {\"next\": \"/v2/certs?cursor=abc\"}"));
        serve(page("abc"), body(1, 1, "\"links\": {\"next\": \"/v2/certs?cursor=def\"}"));
        serve(page("def"), body(1, 2, "\"links\": {\"next\": \"/v2/certs?cursor=abc\"}"));

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: next-link, nextPointer: /links/next}}");

        assertThat(done.getException()).isInstanceOf(RestPagingException.class)
                .hasMessageContaining("of page 3").hasMessageContaining("was already read after page 1")
                .hasMessageContaining("loops");
        entity.verify(3, getRequestedFor(urlPathEqualTo("/v2/certs")));
    }

    @Test
    void nextLinkBackToTheFirstPageIsALoopToo() throws Exception {
        serve(page(null), body(1, 0, "\"links\": {\"next\": \"/v2/certs\"}"));

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: next-link, nextPointer: /links/next}}");

        assertThat(done.getException()).isInstanceOf(RestPagingException.class)
                .hasMessageContaining("already read as the first page");
    }

    @Test
    void moreThanMaxPagesFailsTheFetch() throws Exception {
        serve(page(null), body(1, 0, "\"links\": {\"next\": \"/v2/certs?cursor=abc\"}"));
        serve(page("abc"), body(1, 1, "\"links\": {\"next\": \"/v2/certs?cursor=def\"}"));
        serve(page("def"), body(1, 2, "\"links\": {\"next\": null}"));

        Exchange tooMany = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: next-link, nextPointer: /links/next, maxPages: 2}}");
        Exchange enough = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: next-link, nextPointer: /links/next, maxPages: 3}}");

        assertThat(tooMany.getException()).isInstanceOf(RestPagingException.class)
                .hasMessageContaining("more than maxPages (2) pages");
        assertThat(enough.getException()).isNull();
        assertThat(codes(enough)).hasSize(3);
    }

    @Test
    void pageStyleBeyondMaxPagesFailsInsteadOfStoppingSilently() throws Exception {
        for (int n = 0; n < 3; n++) {
            entity.stubFor(get(urlPathEqualTo("/v2/certs")).withQueryParam("page", equalTo(String.valueOf(n)))
                    .willReturn(json(body(2, n * 2, "\"total\": 6"))));
        }

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: page, pageSize: 2, maxPages: 2}}");

        assertThat(done.getException()).isInstanceOf(RestPagingException.class)
                .hasMessageContaining("more than maxPages (2) pages");
    }

    @Test
    void cursorIsSentAsTheQueryParameterUntilItIsNullOrEmpty() throws Exception {
        serve(cursor(null), body(2, 0, "\"meta\": {\"nextCursor\": \"c/2+x\"}"));
        serve(cursor("c/2+x"), body(2, 2, "\"meta\": {\"nextCursor\": 3}"));
        serve(cursor("3"), body(1, 4, "\"meta\": {\"nextCursor\": \"\"}"));

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: cursor, cursorParam: after, cursorPointer: /meta/nextCursor}}");

        assertThat(done.getException()).isNull();
        assertThat(codes(done)).containsExactly("C1", "C2", "C3", "C4", "C5");
        entity.verify(getRequestedFor(urlPathEqualTo("/v2/certs")).withQueryParam("after", equalTo("c/2+x")));
    }

    @Test
    void cursorGivenTwiceFailsTheFetchAsALoop() throws Exception {
        serve(cursor(null), body(1, 0, "\"meta\": {\"nextCursor\": \"a\"}"));
        serve(cursor("a"), body(1, 1, "\"meta\": {\"nextCursor\": \"b\"}"));
        serve(cursor("b"), body(1, 2, "\"meta\": {\"nextCursor\": \"a\"}"));

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: cursor, cursorParam: after, cursorPointer: /meta/nextCursor}}");

        assertThat(done.getException()).isInstanceOf(RestPagingException.class)
                .hasMessageContaining("the cursor of page 3 ('a') was already given by page 1");
    }

    @Test
    void linkHeaderFollowsRelNextAmongSeveralLinksAndRelations() throws Exception {
        entity.stubFor(get(urlPathEqualTo("/v2/certs")).withQueryParam("page", absent())
                .willReturn(json(body(2, 0, "\"x\": 1")).withHeader("Link",
                        "</v2/certs?page=1>; rel=\"first\", </v2/certs?page=2>; title=\"a, b; c\"; rel=\"next last\"")));
        entity.stubFor(get(urlPathEqualTo("/v2/certs")).withQueryParam("page", equalTo("2"))
                .willReturn(json(body(2, 2, "\"x\": 1"))
                        .withHeader("Link", "<" + entity.baseUrl() + "/v2/certs?page=1>; rel=prev")
                        .withHeader("Link", "<?page=3>; rel=\"NEXT\"")));
        entity.stubFor(get(urlPathEqualTo("/v2/certs")).withQueryParam("page", equalTo("3"))
                .willReturn(json(body(1, 4, "\"x\": 1")).withHeader("Link", "</v2/certs?page=1>; rel=\"first\"")));

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: link-header}}");

        assertThat(done.getException()).isNull();
        assertThat(codes(done)).containsExactly("C1", "C2", "C3", "C4", "C5");
    }

    @Test
    void linkHeaderToAnotherHostIsRefused() throws Exception {
        entity.stubFor(get(urlPathEqualTo("/v2/certs")).willReturn(json(body(1, 0, "\"x\": 1"))
                .withHeader("Link", "<" + elsewhere.baseUrl() + "/v2/certs?page=2>; rel=next")));

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results,"
                + " paging: {style: link-header}}");

        assertThat(done.getException()).isInstanceOf(RestPagingException.class)
                .hasMessageContaining("refusing to follow the Link header rel=\"next\"");
        assertThat(elsewhere.getAllServeEvents()).isEmpty();
    }

    @Test
    void aNextLinkTheDefinitionIgnoresIsReportedAsAWarning() throws Exception {
        serve(page(null), body(2, 0, "\"links\": {\"next\": \"/v2/certs?cursor=abc\"}"));

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results}");

        assertThat(done.getException()).isNull();
        assertThat(codes(done)).hasSize(2);
        assertThat(done.getProperty(CatalogueConnector.WARNINGS, List.class)).singleElement().asString()
                .contains("a next page at /links/next").contains("only the first page was read")
                .contains("style: next-link, nextPointer: /links/next");
        assertThat(done.getProperty(CatalogueConnector.RECORD_LOCATIONS, List.class))
                .containsExactly("record 1", "record 2");
    }

    @Test
    void aNextPageTokenOrLinkHeaderTheDefinitionIgnoresIsReportedToo() throws Exception {
        serve(page(null), body(1, 0, "\"nextPageToken\": \"tok-2\""));
        Exchange token = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results}");
        entity.stubFor(get(urlPathEqualTo("/v2/certs")).atPriority(1).willReturn(json(body(1, 0, "\"x\": 1"))
                .withHeader("Link", "</v2/certs?page=2>; rel=\"next\"")));
        Exchange header = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results}");

        assertThat(token.getProperty(CatalogueConnector.WARNINGS, List.class)).singleElement().asString()
                .contains("/nextPageToken").contains("style: cursor");
        assertThat(header.getProperty(CatalogueConnector.WARNINGS, List.class)).singleElement().asString()
                .contains("Link header").contains("style: link-header");
    }

    @Test
    void aFeedWithoutNextPageHasNoWarning() throws Exception {
        serve(page(null), body(2, 0, "\"links\": {\"next\": null, \"self\": \"/v2/certs\"}"));

        Exchange done = fetch("{kind: rest, path: /v2/certs, recordsPointer: /data/results}");

        assertThat(done.getProperty(CatalogueConnector.WARNINGS, List.class)).isEmpty();
    }

    private Exchange fetch(String connectorYaml) throws Exception {
        ObjectNode connector = (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(connectorYaml);
        connector.put("baseUrl", entity.baseUrl());
        connector.set("auth", JSON.readTree(
                "{\"type\":\"api-key\",\"header\":\"X-Api-Key\",\"secretEnv\":\"PAGING_TEST_KEY\"}"));
        connector.put("retries", 0);
        String id = "paging-" + ++runs;
        TemplatedRouteBuilder.builder(camel, RestCatalogueConnector.TEMPLATE_ID).routeId(id + "-catalogue-fetch")
                .parameters(new RestCatalogueConnector().templateParameters(id, connector)).add();
        return camel.createProducerTemplate().send(CatalogueConnector.fetchEndpoint(id), e -> { });
    }

    private void serve(MappingBuilder request, String body) {
        entity.stubFor(request.willReturn(json(body)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static MappingBuilder page(String cursor) {
        return get(urlPathEqualTo("/v2/certs")).withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor));
    }

    private static MappingBuilder cursor(String value) {
        return get(urlPathEqualTo("/v2/certs")).withQueryParam("after", value == null ? absent() : equalTo(value));
    }

    private static StringValuePattern absent() {
        return com.github.tomakehurst.wiremock.client.WireMock.absent();
    }

    /** A page of {@code count} records numbered after {@code before}, in the shape of the certificates feed. */
    private static String body(int count, int before, String extra) {
        StringBuilder results = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            results.append(i > 1 ? "," : "").append("{\"code\": \"C").append(before + i).append("\"}");
        }
        return "{\"data\": {\"results\": [" + results + "]}, " + extra + "}";
    }

    private static List<String> codes(Exchange done) {
        @SuppressWarnings("unchecked")
        List<JsonNode> records = done.getMessage().getBody(List.class);
        return records.stream().map(r -> r.get("code").asText()).toList();
    }
}
