package eg.gov.bawaba.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.HubTestSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** The unified catalogue read API as the app backend uses it. */
class CatalogueApiTest extends HubTestSupport {

    private static final String SECOND_CODE = "HOUSING-FX-01";

    @Test
    void answersNotModifiedWhileCatalogueIsUnchanged() {
        sync("emigration");
        ResponseEntity<String> first = get("/api/v1/catalogue?kind=PRIVILEGE", "Accept-Language", "en");
        String etag = first.getHeaders().getETag();
        assertThat(etag).isNotBlank();

        ResponseEntity<String> again = get("/api/v1/catalogue?kind=PRIVILEGE", "Accept-Language", "en", "If-None-Match", etag);
        assertThat(again.getStatusCode().value()).isEqualTo(304);
        assertThat(again.getBody()).isNull();

        sync("emigration");
        assertThat(get("/api/v1/catalogue?kind=PRIVILEGE", "Accept-Language", "en", "If-None-Match", etag)
                .getStatusCode().value()).isEqualTo(304);

        serveEmigrationFeed("v2");
        sync("emigration");
        ResponseEntity<String> changed = get("/api/v1/catalogue?kind=PRIVILEGE", "Accept-Language", "en", "If-None-Match", etag);
        assertThat(changed.getStatusCode().value()).isEqualTo(200);
        assertThat(changed.getHeaders().getETag()).isNotEqualTo(etag);
    }

    @Test
    void servesAPageFromItsCacheByteForByteAsFirstRenderedInUtf8() {
        sync("emigration");
        HttpHeaders arabic = new HttpHeaders();
        arabic.add("Accept-Language", "ar");
        HttpEntity<Void> request = new HttpEntity<>(arabic);

        ResponseEntity<byte[]> rendered = http.exchange("/api/v1/catalogue?kind=PRIVILEGE", HttpMethod.GET, request,
                byte[].class);
        ResponseEntity<byte[]> cached = http.exchange("/api/v1/catalogue?kind=PRIVILEGE", HttpMethod.GET, request,
                byte[].class);

        assertThat(cached.getBody()).isEqualTo(rendered.getBody());
        assertThat(cached.getHeaders().getETag()).isEqualTo(rendered.getHeaders().getETag());
        assertThat(cached.getHeaders().getContentType().toString()).startsWith("application/json");
        String title = json(get("/api/v1/catalogue/emigration.CAR-IMPORT-01", "Accept-Language", "ar"))
                .get("title").asText();
        assertThat(new String(cached.getBody(), StandardCharsets.UTF_8)).contains("\"title\":\"" + title + "\"");
    }

    @Test
    void findsArabicTextRegardlessOfDiacriticsAndLetterForms() {
        sync("emigration");
        // plain, fully vowelled, and written with taa-marbuta as haa and hamza-less alef
        for (String q : new String[] {"سيارة", "سَيَّارَةٍ", "سياره", "استيراد سيارة", "إستيراد"}) {
            JsonNode page = json(get("/api/v1/catalogue?q=" + q));
            assertThat(page.findValuesAsText("id")).as("q=%s", q).contains("emigration.CAR-IMPORT-01");
        }
        JsonNode english = json(get("/api/v1/catalogue?q=car import"));
        assertThat(english.findValuesAsText("id")).contains("emigration.CAR-IMPORT-01");
        assertThat(json(get("/api/v1/catalogue?q=غواصة")).get("total").asInt()).isZero();
    }

    @Test
    void flattensTitlesToTheRequestedLanguageAndKeepsBoth() {
        sync("emigration");
        JsonNode arabic = json(get("/api/v1/catalogue/emigration.CAR-IMPORT-01", "Accept-Language", "ar-EG,ar;q=0.9"));
        JsonNode english = json(get("/api/v1/catalogue/emigration.CAR-IMPORT-01", "Accept-Language", "en-GB"));
        assertThat(arabic.get("title").asText()).isEqualTo(arabic.at("/i18n/title/ar").asText()).contains("سيارة");
        assertThat(english.get("title").asText()).isEqualTo(english.at("/i18n/title/en").asText());
        assertThat(english.get("language").asText()).isEqualTo("en");
    }

    @Test
    void filtersByKindCategoryEntityAndCountry() {
        sync("emigration");
        JsonNode all = json(get("/api/v1/catalogue"));
        JsonNode customs = json(get("/api/v1/catalogue?category=customs"));
        assertThat(customs.get("total").asInt()).isPositive().isLessThan(all.get("total").asInt());
        assertThat(customs.findValuesAsText("category")).containsOnly("CUSTOMS");
        assertThat(json(get("/api/v1/catalogue?entity=digital-egypt")).get("total").asInt()).isZero();
        // EDU-UNIV-01 admits residents of SA, AE, KW; PENSION-REG-01 of IT, GR; the rest everyone
        assertThat(json(get("/api/v1/catalogue?country=sa")).findValuesAsText("id"))
                .contains("emigration.EDU-UNIV-01", "emigration.CAR-IMPORT-01")
                .doesNotContain("emigration.PENSION-REG-01");
        assertThat(json(get("/api/v1/catalogue?country=IT")).findValuesAsText("id"))
                .contains("emigration.PENSION-REG-01")
                .doesNotContain("emigration.EDU-UNIV-01");
        JsonNode paged = json(get("/api/v1/catalogue?size=2&page=1"));
        assertThat(paged.get("items").size()).isEqualTo(2);
        assertThat(paged.get("total").asInt()).isEqualTo(all.get("total").asInt());
    }

    @Test
    void unknownEntryIsNotFoundProblem() {
        ResponseEntity<String> response = get("/api/v1/catalogue/emigration.NO-SUCH-THING");
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).contains("emigration.NO-SUCH-THING");
    }

    @Test
    void invalidFiltersAreBadRequestProblems() {
        for (String query : new String[] {"kind=FREEBIE", "category=LOTTERY", "country=Egypt", "page=-1", "size=1000",
                "size=ten"}) {
            ResponseEntity<String> response = get("/api/v1/catalogue?" + query);
            assertThat(response.getStatusCode().value()).as(query).isEqualTo(400);
            assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(json(response).get("detail").asText()).contains(query.substring(0, query.indexOf('=')));
        }
        assertThat(get("/api/v1/catalogue/changes?since=yesterday").getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void changeFeedReturnsEachChangeOnceInOrder() {
        sync("emigration");
        serveEmigrationFeed("v2");
        sync("emigration");

        List<String> seen = new ArrayList<>();
        Set<Long> cursors = new HashSet<>();
        String cursor = null;
        long previous = 0;
        for (int round = 0; round < 10; round++) {
            JsonNode page = json(get("/api/v1/catalogue/changes?limit=2" + (cursor == null ? "" : "&since=" + cursor)));
            for (JsonNode change : page.get("changes")) {
                long seq = Long.parseLong(change.get("cursor").asText());
                assertThat(seq).isGreaterThan(previous);
                assertThat(cursors.add(seq)).isTrue();
                previous = seq;
                seen.add(change.get("change").asText() + " " + change.get("entryId").asText() + " v"
                        + change.get("version").asInt());
                assertThat(change.at("/entry/id").asText()).isEqualTo(change.get("entryId").asText());
            }
            cursor = page.get("nextCursor").asText();
            if (!page.get("hasMore").asBoolean()) {
                break;
            }
        }
        assertThat(seen).hasSize(7);
        assertThat(seen.subList(0, 5)).allMatch(s -> s.startsWith("ADDED ") && s.endsWith(" v1"));
        assertThat(seen.subList(5, 7)).containsExactlyInAnyOrder(
                "UPDATED emigration." + SECOND_CODE + " v2", "WITHDRAWN emigration.CAR-IMPORT-01 v2");
        JsonNode after = json(get("/api/v1/catalogue/changes?since=" + cursor));
        assertThat(after.get("changes")).isEmpty();
        assertThat(after.get("nextCursor").asText()).isEqualTo(cursor);
    }

    @Test
    void servesOpenApiDocument() {
        JsonNode openapi = json(get("/api/v1/openapi.json"));
        assertThat(openapi.get("openapi").asText()).startsWith("3.");
        assertThat(openapi.get("paths").has("/api/v1/catalogue")).isTrue();
        assertThat(openapi.get("paths").has("/api/v1/catalogue/changes")).isTrue();
        assertThat(openapi.get("paths").has("/api/v1/entities")).isTrue();
    }
}
