package eg.gov.bawaba.hub.contract;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.nimbusds.jwt.JWTClaimsSet;
import eg.gov.bawaba.client.ApiClient;
import eg.gov.bawaba.client.ApiException;
import eg.gov.bawaba.client.api.ApplicationsApi;
import eg.gov.bawaba.client.api.CatalogueApi;
import eg.gov.bawaba.client.api.EntitiesApi;
import eg.gov.bawaba.client.model.Application;
import eg.gov.bawaba.client.model.ApplicationReceipt;
import eg.gov.bawaba.client.model.ApplicationRequest;
import eg.gov.bawaba.client.model.ApplicationStatus;
import eg.gov.bawaba.client.model.CatalogueChange;
import eg.gov.bawaba.client.model.CatalogueChanges;
import eg.gov.bawaba.client.model.CatalogueEntryKind;
import eg.gov.bawaba.client.model.CatalogueEntryView;
import eg.gov.bawaba.client.model.CataloguePage;
import eg.gov.bawaba.client.model.ChangeType;
import eg.gov.bawaba.client.model.Language;
import eg.gov.bawaba.client.model.Problem;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.hub.applications.SampleApplications;
import eg.gov.bawaba.hub.entities.DeliveryBreakers;
import eg.gov.bawaba.hub.security.DevTokenKey;
import eg.gov.bawaba.hub.security.Scopes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Java client the app team would generate from /api/v1/openapi.json (openapi-generator, library native), driving
 * the demo flow against the whole hub: the catalogue in Arabic and English, the change feed to its end, an application
 * with an Idempotency-Key and its status, and a 422 and a 404 read as typed problems.
 */
class GeneratedJavaClientTest extends HubTestSupport {

    static final String CLIENT = "contract-app-backend";
    static final String LAB_APPLICATIONS = "/emigration/lab/applications";

    @LocalServerPort
    int port;
    @Autowired
    DeliveryBreakers breakers;

    ApiClient client;

    @BeforeEach
    void hubWithTwoEntitiesAndAClientOfTheAppBackend() {
        breakers.reset("lab");
        sync("emigration");
        sync("lab");
        ENTITY_SYSTEMS.stubFor(WireMock.post(urlPathEqualTo(LAB_APPLICATIONS)).atPriority(5)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"reference\":\"LAB-CONTRACT-1\"}")));
        client = appBackend(tokenKey, port, Scopes.CATALOGUE_READ, Scopes.APPLICATIONS_WRITE, Scopes.APPLICATIONS_READ);
    }

    @Test
    void listsAndSearchesTheCatalogueInBothLanguages() throws ApiException {
        CatalogueApi catalogue = new CatalogueApi(client);

        CataloguePage arabic = catalogue.listCatalogue(null, null, null, null, "سيارة", null, 0, 20, "ar", null);
        CatalogueEntryView car = only(arabic, "emigration.CAR-IMPORT-01");
        assertThat(arabic.getLanguage()).isEqualTo(Language.AR);
        assertThat(car.getTitle()).isEqualTo(car.getI18n().getTitle().getAr()).contains("سيارة");
        assertThat(car.getKind()).isEqualTo(CatalogueEntryKind.PRIVILEGE);

        CataloguePage english = catalogue.listCatalogue(CatalogueEntryKind.PRIVILEGE, null, "emigration", null,
                "car import", null, 0, 5, "en", null);
        assertThat(english.getLanguage()).isEqualTo(Language.EN);
        assertThat(only(english, "emigration.CAR-IMPORT-01").getTitle()).containsIgnoringCase("car");

        CatalogueEntryView one = catalogue.getCatalogueEntry("emigration.CAR-IMPORT-01", "en", null);
        assertThat(one.getI18n().getTitle().getEn()).isEqualTo(one.getTitle());
        assertThat(one.getProvenance().getVersion()).isEqualTo(1);
    }

    @Test
    void followsTheChangeFeedToItsEndPageByPage() throws ApiException {
        CatalogueApi catalogue = new CatalogueApi(client);
        List<CatalogueChange> changes = new ArrayList<>();
        String cursor = null;
        CatalogueChanges page;
        int calls = 0;
        do {
            page = catalogue.listCatalogueChanges(cursor, 2);
            changes.addAll(page.getChanges());
            cursor = page.getNextCursor();
            calls++;
        } while (Boolean.TRUE.equals(page.getHasMore()) && calls < 100);

        CataloguePage all = catalogue.listCatalogue(null, null, null, null, null, "ALL", 0, 100, "en", null);
        assertThat(calls).isGreaterThan(1);
        assertThat(changes).allSatisfy(change -> assertThat(change.getChange()).isEqualTo(ChangeType.ADDED));
        assertThat(changes.stream().map(CatalogueChange::getEntryId).collect(Collectors.toSet()))
                .isEqualTo(all.getItems().stream().map(CatalogueEntryView::getId).collect(Collectors.toSet()));
        assertThat(catalogue.listCatalogueChanges(cursor, 2).getChanges()).isEmpty();
    }

    @Test
    void submitsAnApplicationOnceAndFollowsItsStatus() throws Exception {
        ApplicationsApi applications = new ApplicationsApi(client);
        ApplicationRequest request = request(SampleApplications.carImport().toString());
        String key = "contract-" + UUID.randomUUID();

        ApplicationReceipt receipt = applications.submitApplication(key, request, "backend:contract.1");
        ApplicationReceipt retried = applications.submitApplication(key, request, "backend:contract.1");

        assertThat(receipt.getStatus()).isEqualTo(ApplicationStatus.QUEUED);
        assertThat(retried.getId()).isEqualTo(receipt.getId());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                applications.getApplication(receipt.getId()).getStatus() == ApplicationStatus.DELIVERED);
        Application delivered = applications.getApplication(receipt.getId());
        assertThat(delivered.getEntityReference()).isEqualTo("LAB-CONTRACT-1");
        assertThat(delivered.getCorrelationId()).isEqualTo("backend:contract.1");
        assertThat(delivered.getHistory()).extracting(step -> step.getStatus())
                .containsSubsequence(ApplicationStatus.RECEIVED, ApplicationStatus.QUEUED, ApplicationStatus.DELIVERED);
    }

    @Test
    void receivesAnIneligibleApplicationAndAnUnknownOneAsTypedProblems() throws Exception {
        ApplicationsApi applications = new ApplicationsApi(client);
        ApplicationRequest ineligible = request(SampleApplications.carImport().put("entryId", "lab.EDU-UNIV-01")
                .toString().replace("\"SA\"", "\"DE\""));

        ApiException unprocessable = catchThrowableOfType(ApiException.class,
                () -> applications.submitApplication("contract-" + UUID.randomUUID(), ineligible, null));
        Problem refused = problem(unprocessable);
        assertThat(unprocessable.getCode()).isEqualTo(422);
        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getDetail()).contains("countryOfResidence");

        UUID nobody = UUID.randomUUID();
        ApiException notFound = catchThrowableOfType(ApiException.class, () -> applications.getApplication(nobody));
        assertThat(notFound.getCode()).isEqualTo(404);
        assertThat(problem(notFound).getType().toString()).startsWith("https://bawaba.gov.eg/problems/");
        assertThat(problem(notFound).getDetail()).contains(nobody.toString());
    }

    @Test
    void refusesAClientWithoutTheScopeAsAProblem() throws Exception {
        ApiClient readOnly = appBackend(tokenKey, port, Scopes.CATALOGUE_READ);
        assertThat(new EntitiesApi(readOnly).listEntities().getEntities()).isNotEmpty();

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> new ApplicationsApi(readOnly).getApplication(UUID.randomUUID()));
        assertThat(refused.getCode()).isEqualTo(403);
        assertThat(problem(refused).getStatus()).isEqualTo(403);
    }

    /**
     * A generated client for the hub on this port with a token of the development key as the app backend would have
     * one: its own client id ({@code azp}), these scopes, a lifetime of minutes.
     */
    static ApiClient appBackend(DevTokenKey key, int port, String... scopes) {
        Instant now = Instant.now();
        JWTClaimsSet claims = TestTokens.claims(DevTokenKey.ISSUER, scopes).subject(CLIENT).claim("azp", CLIENT)
                .claim("client_id", CLIENT).expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))).build();
        String token = key.sign(claims);
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    private ApplicationRequest request(String json) throws Exception {
        return client.getObjectMapper().readValue(json, ApplicationRequest.class);
    }

    private Problem problem(ApiException e) throws Exception {
        assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        return client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
    }

    private static CatalogueEntryView only(CataloguePage page, String id) {
        Set<String> ids = page.getItems().stream().map(CatalogueEntryView::getId).collect(Collectors.toSet());
        assertThat(ids).contains(id);
        return page.getItems().stream().filter(e -> e.getId().equals(id)).findFirst().orElseThrow();
    }
}
