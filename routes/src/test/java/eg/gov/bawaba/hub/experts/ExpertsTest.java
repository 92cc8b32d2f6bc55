package eg.gov.bawaba.hub.experts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.TestTokens;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The experts registry: consent, search with Arabic variants, withdrawal, calls for experts and their matches. */
class ExpertsTest extends HubTestSupport {

    static final String EMAIL = "ahmed.mansour@example.de";
    /** Two clients of the hub, each with a valid token of every scope, and two citizens one of them acts for. */
    static final String APP_A = "app-backend-a";
    static final String APP_B = "app-backend-b";
    static final String CITIZEN = "29001011234567";
    static final String OTHER_CITIZEN = "30105051234568";

    @Autowired
    ExpertsRegistry registry;

    @Autowired
    ExpertsRetention retention;

    @BeforeEach
    @AfterEach
    void noExperts() {
        jdbc.update("DELETE FROM expert");
        jdbc.update("DELETE FROM expert_call");
        registry.rebuild();
    }

    @Test
    void registersWithConsentAndShowsContactOnlyWhenConsented() {
        ResponseEntity<String> created = register("k-1", ahmed());
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        JsonNode expert = json(created);
        String id = expert.get("id").asText();
        assertThat(created.getHeaders().getLocation().toString()).endsWith("/api/v1/experts/" + id);
        assertThat(expert.at("/contact/email").asText()).isEqualTo(EMAIL);
        assertThat(expert.at("/fields/0/label/ar").asText()).isEqualTo("الذكاء الاصطناعي");
        assertThat(texts(expert.at("/consent/scope"))).containsExactly("contact", "profile");
        assertThat(jdbc.queryForObject("SELECT personal_data FROM expert WHERE id = ?", String.class, id))
                .startsWith("v3:").doesNotContain(EMAIL).doesNotContain("Mansour").doesNotContain("منصور");

        ObjectNode profileOnly = mona();
        ArrayNode scope = ((ObjectNode) profileOnly.get("consent")).putArray("scope");
        scope.add("profile");
        String monaId = json(register("k-2", profileOnly)).get("id").asText();
        JsonNode shown = json(get("/api/v1/experts/" + monaId));
        assertThat(shown.get("name").get("en").asText()).isEqualTo("Mona Salem");
        assertThat(shown.has("contact")).as("contact not consented").isFalse();
        assertThat(json(get("/api/v1/experts?field=data-science")).get("experts").get(0).has("contact")).isFalse();
    }

    @Test
    void replaysTheFirstAnswerForTheSameKeyAndRefusesTheKeyForAnotherBody() {
        String first = json(register("k-same", ahmed())).get("id").asText();

        ResponseEntity<String> again = register("k-same", ahmed());
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(json(again).get("id").asText()).isEqualTo(first);

        ObjectNode other = ahmed();
        other.put("city", "Munich");
        assertProblem(register("k-same", other), 409, "Idempotency-Key");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM expert", Integer.class)).isEqualTo(1);
    }

    @Test
    void refusesARegistrationWithoutConsentOrWithBadData() {
        ObjectNode noConsent = ahmed();
        noConsent.remove("consent");
        assertProblem(register("k-a", noConsent), 422, "consent");

        ObjectNode contactOnly = ahmed();
        ((ObjectNode) contactOnly.get("consent")).putArray("scope").add("contact");
        assertProblem(register("k-b", contactOnly), 422, "consent.scope");

        ObjectNode unknownField = ahmed();
        ((ArrayNode) unknownField.get("fields")).add("astrology");
        assertProblem(register("k-c", unknownField), 422, "astrology");

        ObjectNode noCountry = ahmed();
        noCountry.put("countryOfResidence", "XX");
        assertProblem(register("k-d", noCountry), 422, "XX");

        ObjectNode futureConsent = ahmed();
        ((ObjectNode) futureConsent.get("consent")).put("givenAt", Instant.now().plus(Duration.ofDays(2)).toString());
        assertProblem(register("k-e", futureConsent), 422, "future");

        assertProblem(register("", ahmed()), 400, "Idempotency-Key");
        assertProblem(http.postForEntity("/api/v1/experts", jsonEntity("k-f", "[1, 2]"), String.class), 400,
                "JSON object");
        assertProblem(get("/api/v1/experts?field=astrology"), 400, "field");
        assertProblem(get("/api/v1/experts?contribution=DONATION"), 400, "contribution");
        assertProblem(get("/api/v1/experts?limit=0"), 400, "limit");
        assertProblem(get("/api/v1/experts/no-such-expert"), 404, "no-such-expert");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM expert", Integer.class)).isZero();
    }

    @Test
    void findsArabicTextWhateverItsSpellingOrDiacritics() {
        String ahmed = json(register("k-1", ahmed())).get("id").asText();
        String mona = json(register("k-2", mona())).get("id").asText();

        // alef with hamza or without, taa marbuta or haa, with diacritics or without
        assertThat(found("q=احمد")).containsExactly(ahmed);
        assertThat(found("q=أحمد")).containsExactly(ahmed);
        assertThat(found("q=الطاقه الشمسيه")).containsExactly(ahmed);
        assertThat(found("q=الطَّاقَة")).containsExactly(ahmed);
        assertThat(found("q=الاحصاء")).containsExactly(mona);
        // the taxonomy's labels are searchable in both languages
        assertThat(found("q=الذكاء الاصطناعي")).containsExactlyInAnyOrder(ahmed, mona);
        assertThat(found("q=statistics")).containsExactly(mona);
        assertThat(found("q=quantum")).isEmpty();

        assertThat(found("field=renewable-energy")).containsExactly(ahmed);
        assertThat(found("country=CA")).containsExactly(mona);
        assertThat(found("contribution=INVESTMENT")).containsExactly(ahmed);
        assertThat(found("q=الذكاء&country=DE&contribution=MENTORING")).containsExactly(ahmed);
        assertThat(found("q=الذكاء&country=DE&contribution=CONSULTING")).isEmpty();
    }

    @Test
    void updatesAProfileAndItsSearchAtOnce() {
        String id = json(register("k-1", ahmed())).get("id").asText();
        ObjectNode moved = ahmed();
        moved.put("countryOfResidence", "FR");
        moved.putArray("keywords").add("تحلية المياه");

        ResponseEntity<String> updated = put("/api/v1/experts/" + id, moved);

        assertThat(updated.getStatusCode().value()).as(updated.getBody()).isEqualTo(200);
        assertThat(json(updated).get("countryOfResidence").asText()).isEqualTo("FR");
        assertThat(found("country=DE")).isEmpty();
        assertThat(found("q=تحليه")).containsExactly(id);
        assertThat(found("q=الشمسية")).isEmpty();
        assertProblem(put("/api/v1/experts/no-such-expert", moved), 404, "no-such-expert");
    }

    @Test
    void anotherClientGets404ForAProfileAndCannotRewriteWidenOrWithdrawIt() {
        String owner = TestTokens.clientBearer(tokenKey, APP_A, null);
        String stranger = TestTokens.clientBearer(tokenKey, APP_B, null);
        ObjectNode profileOnly = ahmed();
        ((ObjectNode) profileOnly.get("consent")).putArray("scope").add("profile");
        String id = json(register("k-1", profileOnly, owner)).get("id").asText();
        String before = jdbc.queryForObject("SELECT personal_data FROM expert WHERE id = ?", String.class, id);

        assertProblem(get("/api/v1/experts/" + id, HttpHeaders.AUTHORIZATION, stranger), 404, id);
        ObjectNode widened = ahmed();
        widened.put("countryOfResidence", "FR");
        assertThat(texts(widened.at("/consent/scope"))).contains("contact");
        assertProblem(put("/api/v1/experts/" + id, widened, stranger), 404, id);
        assertProblem(withdraw(id, stranger), 404, id);

        JsonNode unchanged = json(get("/api/v1/experts/" + id, HttpHeaders.AUTHORIZATION, owner));
        assertThat(unchanged.get("countryOfResidence").asText()).isEqualTo("DE");
        assertThat(texts(unchanged.at("/consent/scope"))).containsExactly("profile");
        assertThat(unchanged.has("contact")).as("consent not widened").isFalse();
        Map<String, Object> row = jdbc.queryForMap("SELECT status, personal_data FROM expert WHERE id = ?", id);
        assertThat(row.get("status")).isEqualTo("ACTIVE");
        assertThat(row.get("personal_data")).as("the profile as its owner wrote it").isEqualTo(before);
        // search still shows the consented profile to every experts:read client, without a link that would 404
        JsonNode searched = json(get("/api/v1/experts?q=Mansour", HttpHeaders.AUTHORIZATION, stranger));
        assertThat(searched.at("/experts/0/id").asText()).isEqualTo(id);
        assertThat(searched.at("/experts/0").has("href")).isFalse();
        assertThat(searched.at("/experts/0").has("contact")).isFalse();
        assertThat(json(get("/api/v1/experts?q=Mansour", HttpHeaders.AUTHORIZATION, owner)).at("/experts/0/href")
                .asText()).isEqualTo("/api/v1/experts/" + id);

        assertThat(put("/api/v1/experts/" + id, widened, owner).getStatusCode().value()).isEqualTo(200);
        assertThat(withdraw(id, owner).getStatusCode().value()).isEqualTo(204);
    }

    @Test
    void anotherClientsSameIdempotencyKeyRegistersItsOwnProfile() {
        String a = json(register("k-shared", ahmed(), TestTokens.clientBearer(tokenKey, APP_A, null))).get("id").asText();

        ResponseEntity<String> fromB = register("k-shared", ahmed(), TestTokens.clientBearer(tokenKey, APP_B, null));

        assertThat(fromB.getStatusCode().value()).as(fromB.getBody()).isEqualTo(201);
        assertThat(json(fromB).get("id").asText()).isNotEqualTo(a);
        assertThat(register("k-shared", ahmed(), TestTokens.clientBearer(tokenKey, APP_A, null)).getStatusCode().value())
                .as("A's replay is still A's").isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT owner_client_id FROM expert ORDER BY owner_client_id", String.class))
                .containsExactly(APP_A, APP_B);
    }

    @Test
    void aTokenActingForACitizenChangesOnlyThatCitizensProfile() {
        String asHer = TestTokens.clientBearer(tokenKey, APP_A, CITIZEN);
        String asSomeoneElse = TestTokens.clientBearer(tokenKey, APP_A, OTHER_CITIZEN);
        String id = json(register("k-1", ahmed(), asHer)).get("id").asText();
        assertThat(jdbc.queryForObject("SELECT owner_citizen_hash FROM expert WHERE id = ?", String.class, id))
                .startsWith("hmac-sha256:").doesNotContain(CITIZEN);

        ObjectNode moved = ahmed();
        moved.put("countryOfResidence", "FR");
        assertProblem(get("/api/v1/experts/" + id, HttpHeaders.AUTHORIZATION, asSomeoneElse), 404, id);
        assertProblem(put("/api/v1/experts/" + id, moved, asSomeoneElse), 404, id);
        assertProblem(withdraw(id, asSomeoneElse), 404, id);
        assertThat(json(get("/api/v1/experts/" + id, HttpHeaders.AUTHORIZATION, asHer)).get("countryOfResidence")
                .asText()).isEqualTo("DE");

        assertThat(put("/api/v1/experts/" + id, moved, asHer).getStatusCode().value()).isEqualTo(200);
        assertThat(withdraw(id, asHer).getStatusCode().value()).isEqualTo(204);
    }

    @Test
    void withdrawingConsentHidesTheProfileAtOnceAndRetentionPurgesIt() {
        String id = json(register("k-1", ahmed())).get("id").asText();
        String call = json(postCall(call(List.of("artificial-intelligence"), List.of("DE")))).get("id").asText();
        assertThat(found("q=أحمد")).containsExactly(id);

        ResponseEntity<String> withdrawn = http.exchange("/api/v1/experts/" + id + "/consent", HttpMethod.DELETE,
                null, String.class);

        assertThat(withdrawn.getStatusCode().value()).isEqualTo(204);
        assertProblem(get("/api/v1/experts/" + id), 404, id);
        assertThat(found("q=أحمد")).isEmpty();
        assertThat(found("field=artificial-intelligence")).isEmpty();
        assertThat(json(get("/api/v1/experts/calls/" + call + "/matches")).get("matches")).isEmpty();
        assertProblem(put("/api/v1/experts/" + id, ahmed()), 404, id);
        assertProblem(http.exchange("/api/v1/experts/" + id + "/consent", HttpMethod.DELETE, null, String.class), 404,
                id);

        // hidden after a restart too, since the index is rebuilt from the consenting profiles only
        registry.rebuild();
        assertThat(found("q=أحمد")).isEmpty();

        assertThat(camel.getCamelContext().getRoute("experts-retention")).as("the scheduled purge").isNotNull();
        assertThat(retention.purge().purged()).as("still within the retention period").isZero();
        assertThat(jdbc.queryForObject("SELECT personal_data FROM expert WHERE id = ?", String.class, id)).isNotNull();
        ExpertsRetention.Outcome later = retention.purge(Instant.now().plus(retention.period()).plusSeconds(60));
        assertThat(later.purged()).isEqualTo(1);
        Map<String, Object> row = jdbc.queryForMap("SELECT personal_data, request_hash, status, personal_data_purged_at "
                + "FROM expert WHERE id = ?", id);
        assertThat(row.get("PERSONAL_DATA")).isNull();
        assertThat(row.get("REQUEST_HASH")).isEqualTo("purged");
        assertThat(row.get("STATUS")).isEqualTo("WITHDRAWN");
        assertThat(row.get("PERSONAL_DATA_PURGED_AT")).isNotNull();
    }

    @Test
    void matchesACallByFieldAndCountryRankedWithReasons() {
        String ahmed = json(register("k-1", ahmed())).get("id").asText();
        String mona = json(register("k-2", mona())).get("id").asText();
        ObjectNode inBerlin = mona();
        inBerlin.put("countryOfResidence", "DE");
        inBerlin.putObject("name").put("ar", "كريم فؤاد").put("en", "Karim Fouad");
        String karim = json(register("k-3", inBerlin)).get("id").asText();
        ObjectNode physician = ahmed();
        physician.putArray("fields").add("medicine");
        json(register("k-4", physician));

        ResponseEntity<String> posted = postCall(call(List.of("artificial-intelligence", "data-science"),
                List.of("DE", "FR")));
        assertThat(posted.getStatusCode().value()).as(posted.getBody()).isEqualTo(201);
        String callId = json(posted).get("id").asText();
        assertThat(json(get("/api/v1/experts/calls/" + callId)).at("/title/en").asText())
                .isEqualTo("Mentors for AI start-ups");

        JsonNode matches = json(get("/api/v1/experts/calls/" + callId + "/matches"));

        assertThat(matches.get("open").asBoolean()).isTrue();
        // Karim shares both fields, Ahmed one; Mona lives in Canada, the physician has neither field
        List<String> matched = StreamSupport.stream(matches.get("matches").spliterator(), false)
                .map(m -> m.at("/expert/id").asText()).toList();
        assertThat(matched).containsExactly(karim, ahmed).doesNotContain(mona);
        JsonNode best = matches.get("matches").get(0);
        assertThat(texts(best.at("/reason/fields"))).containsExactly("artificial-intelligence", "data-science");
        assertThat(best.at("/reason/country").asText()).isEqualTo("DE");
        assertThat(best.at("/reason/text/en").asText()).contains("Data science").contains("DE");
        assertThat(best.at("/reason/text/ar").asText()).contains("علوم البيانات");
        assertThat(best.get("score").asInt()).isGreaterThan(matches.get("matches").get(1).get("score").asInt());
        assertThat(best.get("expert").has("contact")).as("Karim did not consent to show it").isFalse();
        assertThat(matches.get("matches").get(1).at("/expert/contact/email").asText()).isEqualTo(EMAIL);
    }

    @Test
    void refusesACallOfAnUnknownEntityOrField() {
        ObjectNode unknownEntity = call(List.of("artificial-intelligence"), List.of("DE"));
        unknownEntity.put("entityId", "no-such-entity");
        assertProblem(postCall(unknownEntity), 422, "no-such-entity");
        assertProblem(postCall(call(List.of("astrology"), List.of())), 422, "astrology");
        ObjectNode untitled = call(List.of("artificial-intelligence"), List.of());
        untitled.remove("title");
        assertProblem(postCall(untitled), 422, "title");
        assertProblem(get("/api/v1/experts/calls/no-such-call/matches"), 404, "no-such-call");
    }

    private List<String> found(String query) {
        ResponseEntity<String> response = get("/api/v1/experts?" + query);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return response.getBody() == null ? List.of() : json(response).get("experts").findValuesAsText("href").stream()
                .map(href -> href.substring(href.lastIndexOf('/') + 1)).toList();
    }

    private ResponseEntity<String> register(String key, JsonNode body) {
        return http.postForEntity("/api/v1/experts", jsonEntity(key, body.toString()), String.class);
    }

    private ResponseEntity<String> register(String key, JsonNode body, String authorization) {
        return http.postForEntity("/api/v1/experts", jsonEntity(key, body.toString(), authorization), String.class);
    }

    private ResponseEntity<String> put(String path, JsonNode body) {
        return http.exchange(path, HttpMethod.PUT, jsonEntity(null, body.toString()), String.class);
    }

    private ResponseEntity<String> put(String path, JsonNode body, String authorization) {
        return http.exchange(path, HttpMethod.PUT, jsonEntity(null, body.toString(), authorization), String.class);
    }

    private ResponseEntity<String> withdraw(String id, String authorization) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.AUTHORIZATION, authorization);
        return http.exchange("/api/v1/experts/" + id + "/consent", HttpMethod.DELETE, new HttpEntity<>(headers),
                String.class);
    }

    private ResponseEntity<String> postCall(JsonNode body) {
        return http.postForEntity("/api/v1/experts/calls", jsonEntity(null, body.toString()), String.class);
    }

    private static HttpEntity<String> jsonEntity(String key, String body) {
        return jsonEntity(key, body, null);
    }

    private static HttpEntity<String> jsonEntity(String key, String body, String authorization) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            headers.add("Idempotency-Key", key);
        }
        if (authorization != null) {
            headers.add(HttpHeaders.AUTHORIZATION, authorization);
        }
        return new HttpEntity<>(body, headers);
    }

    private static void assertProblem(ResponseEntity<String> response, int status, String mentioning) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(json(response).get("detail").asText()).contains(mentioning);
    }

    private static List<String> texts(JsonNode array) {
        return ExpertsRegistry.texts(array);
    }

    static ObjectNode call(List<String> fields, List<String> countries) {
        ObjectNode call = CanonicalJson.mapper().createObjectNode();
        call.put("entityId", "emigration");
        call.putObject("title").put("ar", "مرشدون لشركات الذكاء الاصطناعي الناشئة").put("en", "Mentors for AI start-ups");
        fields.forEach(call.putArray("fields")::add);
        countries.forEach(call.putArray("countries")::add);
        call.put("closesAt", Instant.now().plus(Duration.ofDays(30)).toString());
        return call;
    }

    static ObjectNode ahmed() {
        return parse("""
                {"consent": {"scope": ["profile", "contact"], "givenAt": "2026-11-01T10:00:00Z"},
                 "name": {"ar": "أحمد منصور", "en": "Ahmed Mansour"},
                 "fields": ["artificial-intelligence", "renewable-energy"],
                 "keywords": ["الطاقة الشمسية", "machine learning"],
                 "degrees": [{"title": "PhD Computer Science", "institution": "TU München", "year": 2015}],
                 "institution": "Fraunhofer", "countryOfResidence": "DE", "city": "Berlin",
                 "languages": ["ar", "de", "en"], "contributions": ["MENTORING", "INVESTMENT"],
                 "contact": {"email": "%s", "preferred": "email"}}
                """.formatted(EMAIL));
    }

    static ObjectNode mona() {
        return parse("""
                {"consent": {"scope": ["profile"], "givenAt": "2026-11-02T10:00:00+02:00"},
                 "name": {"ar": "منى سالم", "en": "Mona Salem"},
                 "fields": ["data-science", "artificial-intelligence"],
                 "keywords": ["الإحصاء", "statistics"],
                 "countryOfResidence": "CA", "city": "Toronto",
                 "contributions": ["LECTURES", "CONSULTING"],
                 "contact": {"phone": "+14165550100"}}
                """);
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) CanonicalJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
