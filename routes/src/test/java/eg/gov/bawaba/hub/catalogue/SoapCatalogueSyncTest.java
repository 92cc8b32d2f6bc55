package eg.gov.bawaba.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.hub.PasswdMarker;
import eg.gov.bawaba.mappings.CanonicalJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Catalogue sync of a SOAP entity end to end: a real CXF server plays the Ministry of Foreign Affairs, the hub reads it
 * through connector kind soap with credentials from its environment, maps, stores and serves.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bawaba.catalogue.scheduling=false",
        "bawaba.connectors.retry-delay=20",
        "FOREIGN_AFFAIRS_SOAP_USER=" + SoapCatalogueSyncTest.USER,
        "FOREIGN_AFFAIRS_SOAP_PASSWORD=" + SoapCatalogueSyncTest.PASSWORD,
        "CONSULAR_BASIC_SOAP_USER=" + SoapCatalogueSyncTest.USER,
        "CONSULAR_BASIC_SOAP_PASSWORD=" + SoapCatalogueSyncTest.PASSWORD,
        "CONSULAR_TYPO_SOAP_USER=" + SoapCatalogueSyncTest.USER,
        "CONSULAR_TYPO_SOAP_PASSWORD=" + SoapCatalogueSyncTest.PASSWORD})
class SoapCatalogueSyncTest {

    static final String USER = "bawaba-hub";
    static final String PASSWORD = "s3cret-from-env";
    private static final ConsularSoapServer MINISTRY = ConsularSoapServer.start(USER, PASSWORD);
    private static final Path ENTITIES = SoapTestEntities.create();
    private static final String RUN = UUID.randomUUID().toString();

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        // each entity reads only variables of its own prefix
        registry.add("FOREIGN_AFFAIRS_WSDL", () -> MINISTRY.url(ConsularSoapServer.WS_SECURITY_PATH) + "?wsdl");
        registry.add("CONSULAR_TYPO_WSDL", () -> MINISTRY.url(ConsularSoapServer.WS_SECURITY_PATH) + "?wsdl");
        registry.add("CONSULAR_BROKEN_REQUEST_WSDL", () -> MINISTRY.url(ConsularSoapServer.WS_SECURITY_PATH) + "?wsdl");
        registry.add("CONSULAR_BASIC_ADDRESS", () -> MINISTRY.url(ConsularSoapServer.BASIC_AUTH_PATH));
        registry.add("bawaba.entities.dir", ENTITIES::toString);
        registry.add("bawaba.data-dir", () -> "./target/test-data/soap-" + RUN);
    }

    @Autowired
    private TestRestTemplate http;
    @Autowired
    private ProducerTemplate camel;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private CatalogueIndex index;

    @BeforeEach
    void startFromEmptyCatalogue() {
        for (String table : new String[] {"quarantine_record", "catalogue_sync", "catalogue_change", "catalogue_entry"}) {
            jdbc.update("DELETE FROM " + table);
        }
        index.clear();
        MINISTRY.reset();
    }

    @AfterEach
    void releaseStalledCalls() {
        MINISTRY.reset();
    }

    @AfterAll
    static void stopMinistry() throws Exception {
        MINISTRY.close();
    }

    @Test
    void mapsTheMinistrysSoapFeedIntoBilingualEntriesWithArabicIntact() {
        SyncReport report = sync("foreign-affairs");

        assertThat(report.outcome()).as(report.error()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.added()).isEqualTo(3);
        assertThat(report.quarantined()).isZero();
        assertThat(MINISTRY.lastRequest).as("the request from the definition, parameters included")
                .contains("ListConsularServices").contains(ConsularSoapServer.NS).contains(">ACTIVE</");

        JsonNode entry = json("/api/v1/catalogue/foreign-affairs.PSP-RENEW-01");
        assertThat(entry.at("/i18n/title/ar").asText()).isEqualTo("تجديد جواز السفر المصري بالخارج");
        assertThat(entry.at("/i18n/title/en").asText()).isEqualTo("Renewal of an Egyptian passport abroad");
        assertThat(entry.at("/requiredDocuments/0/ar").asText()).isNotBlank();
        assertThat(entry.get("category").asText()).isEqualTo("DOCUMENTS");
        assertThat(entry.at("/fee/amount").asInt()).isEqualTo(60);
        assertThat(entry.at("/provenance/sourceProtocol").asText()).isEqualTo("SOAP");
        assertThat(json("/api/v1/catalogue/foreign-affairs.DOC-LEGAL-01").at("/eligibility/countries").toString())
                .isEqualTo("[\"AE\",\"KW\"]");

        JsonNode entity = entity("foreign-affairs");
        assertThat(entity.get("status").asText()).isEqualTo("RUNNING");
        assertThat(entity.get("connectorKinds").toString()).contains("SOAP");
        assertThat(entity.get("entryCount").asInt()).isEqualTo(3);
    }

    @Test
    void misspeltRecordElementSyncsNothingAndWarnsNamingTheElementsOfTheResponse() {
        SyncReport report = sync("consular-typo");

        assertThat(report.outcome()).as(report.error()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.received()).isZero();
        assertThat(report.warnings()).hasSize(2);
        assertThat(report.warnings().get(0)).contains("recordElement 'consularServise' matched no element")
                .contains("consularService");
        assertThat(report.warnings().get(1)).contains("the feed is empty");
        // kept with the sync in the journal, so the ops API shows them later
        JsonNode last = entity("consular-typo").get("lastSync");
        assertThat(last.get("warnings").get(0).asText()).contains("consularServise");
    }

    @Test
    void wsSecurityUsernameTokenCarriesTheCredentialsFromTheEnvironment() {
        sync("foreign-affairs");

        assertThat(MINISTRY.presentedUser).isEqualTo(USER);
        assertThat(MINISTRY.presentedPassword).isEqualTo(PASSWORD);
        assertThat(MINISTRY.presentedNonce).as("nonce and creation time against replays").isTrue();
    }

    @Test
    void rejectedCredentialsFailTheSyncWithTheFaultAndAreNotRetried() {
        MINISTRY.expectedPassword = "rotated-by-the-ministry";
        try {
            SyncReport failed = sync("foreign-affairs");

            assertThat(failed.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
            assertThat(failed.error()).contains("SOAP fault wsse:FailedAuthentication")
                    .doesNotContain(PASSWORD);
            assertThat(MINISTRY.calls.get()).as("the operation is never reached").isZero();
        } finally {
            MINISTRY.expectedPassword = PASSWORD;
        }
    }

    @Test
    void serverFaultIsRetriedThenFailsTheSyncWithTheFaultTextAndLeavesTheCatalogueAsItWas() {
        sync("foreign-affairs");
        MINISTRY.reset();
        MINISTRY.answer = ConsularSoapServer.Answer.SERVER_FAULT;

        SyncReport failed = sync("foreign-affairs");

        assertThat(failed.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(failed.error()).contains("SOAP fault soap:Server: Registry database unavailable");
        assertThat(MINISTRY.calls.get()).as("first call and one retry").isEqualTo(2);
        assertCatalogueStillHasThreeEntriesAtVersionOne();
        assertThat(entity("foreign-affairs").at("/lastSync/error").asText())
                .contains("SOAP fault soap:Server: Registry database unavailable");
    }

    @Test
    void clientFaultFailsTheSyncAtOnceWithoutRetrying() {
        MINISTRY.answer = ConsularSoapServer.Answer.CLIENT_FAULT;

        SyncReport failed = sync("foreign-affairs");

        assertThat(failed.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(failed.error()).contains("SOAP fault soap:Client: Unknown status 'SOMETIMES'");
        assertThat(MINISTRY.calls.get()).isEqualTo(1);
    }

    @Test
    void ministryTooSlowToAnswerFailsTheSyncAndLeavesTheCatalogueAsItWas() {
        sync("foreign-affairs");
        MINISTRY.answer = ConsularSoapServer.Answer.NOT_IN_TIME;

        SyncReport failed = sync("foreign-affairs");

        assertThat(failed.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(failed.error()).containsIgnoringCase("timeout");
        assertCatalogueStillHasThreeEntriesAtVersionOne();
        assertThat(entity("foreign-affairs").at("/lastSync/outcome").asText()).isEqualTo("FAILED");
    }

    @Test
    void unknownCategoryCodeIsQuarantinedNotFiledAsOther() {
        MINISTRY.feed = "soap/consular-services-unknown-code.xml";

        SyncReport report = sync("foreign-affairs");

        assertThat(report.outcome()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.added()).isEqualTo(3);
        assertThat(report.quarantined()).isEqualTo(1);
        JsonNode quarantine = json("/ops/v1/quarantine?entity=foreign-affairs");
        assertThat(quarantine.findValuesAsText("reason"))
                .singleElement().asString().contains("code list 'category' has no mapping for 'VISA'");
        assertThat(http.getForEntity("/api/v1/catalogue/foreign-affairs.VISA-ENDORSE-01", String.class)
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void basicAuthEntityNamesItsPortAndAddressAndSendsTheOperationsEmptyElementByDefault() {
        SyncReport report = sync("consular-basic");

        assertThat(report.outcome()).as(report.error()).isEqualTo(SyncReport.Outcome.SUCCEEDED);
        assertThat(report.added()).isEqualTo(3);
        assertThat(MINISTRY.presentedUser).isEqualTo(USER);
        assertThat(MINISTRY.presentedPassword).isEqualTo(PASSWORD);
        assertThat(MINISTRY.lastRequest).contains("ListConsularServices").contains(ConsularSoapServer.NS)
                .doesNotContain("status");
    }

    @Test
    void entityWhoseWsdlCannotBeReadAtStartStillRunsAndFailsEachSyncUntilItCan() {
        JsonNode entity = entity("consular-offline");
        assertThat(entity.get("status").asText()).isEqualTo("RUNNING");

        SyncReport failed = sync("consular-offline");

        assertThat(failed.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(failed.error()).containsIgnoringCase("connect");
        assertThat(sync("consular-offline").outcome()).as("tried again at the next sync")
                .isEqualTo(SyncReport.Outcome.FAILED);
    }

    @Test
    void aRequestThatIsNotWellFormedXmlDisablesThatEntityAloneNamingTheParameter() {
        JsonNode broken = entity("consular-broken-request");

        assertThat(broken.get("status").asText()).isEqualTo("DISABLED");
        assertThat(broken.get("problems").toString()).contains("consular-broken-request.yaml")
                .contains("request is not well-formed XML");
        assertThat(entity("foreign-affairs").get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    void answerDeclaringAnExternalEntityFailsTheSyncWithoutRetryingAndLeavesTheCatalogueAsItWas() throws IOException {
        sync("foreign-affairs");
        MINISTRY.reset();
        MINISTRY.answerRaw(envelope("<!DOCTYPE soap:Envelope [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>",
                "&xxe;"));

        SyncReport failed = sync("foreign-affairs");

        assertThat(failed.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(failed.error()).contains("declares a DTD");
        assertThat(MINISTRY.calls.get()).as("an answer that can never be read is not asked for again").isEqualTo(1);
        assertCatalogueStillHasThreeEntriesAtVersionOne();
        String passwd = PasswdMarker.firstLine();
        assertThat(failed.error()).doesNotContain(passwd);
        assertThat(http.getForObject("/api/v1/catalogue?entity=foreign-affairs&status=ALL", String.class))
                .doesNotContain(passwd);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM catalogue_entry WHERE document LIKE ?", Integer.class,
                "%" + passwd + "%")).isZero();
    }

    @Test
    void billionLaughsAnswerFailsTheSyncAtOnceAndStoresNothing() {
        String lol = "<!ENTITY lol \"lol\">";
        StringBuilder doctype = new StringBuilder("<!DOCTYPE soap:Envelope [ " + lol);
        for (int level = 1; level <= 9; level++) {
            doctype.append(" <!ENTITY lol").append(level).append(" \"")
                    .append(("&lol" + (level == 1 ? "" : level - 1) + ";").repeat(10)).append("\">");
        }
        MINISTRY.answerRaw(envelope(doctype + " ]>", "&lol9;"));

        SyncReport failed = sync("foreign-affairs");

        assertThat(failed.outcome()).isEqualTo(SyncReport.Outcome.FAILED);
        assertThat(failed.error()).contains("declares a DTD");
        assertThat(MINISTRY.calls.get()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM catalogue_entry", Integer.class)).isZero();
    }

    /** The v1 feed in a SOAP envelope after the given DOCTYPE, the first English title replaced by {@code title}. */
    private static String envelope(String doctype, String title) {
        String feed;
        try (var in = SoapCatalogueSyncTest.class.getClassLoader().getResourceAsStream("soap/consular-services-v1.xml")) {
            feed = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        feed = feed.substring(feed.indexOf("<cs:ListConsularServicesResponse"))
                .replaceFirst("<cs:title lang=\"en\">[^<]*</cs:title>", "<cs:title lang=\"en\">" + title + "</cs:title>");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doctype + "\n"
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + feed + "</soap:Body></soap:Envelope>";
    }

    private SyncReport sync(String entityId) {
        Exchange done = camel.send(CatalogueSyncRoutes.SYNC, e -> {
            e.setProperty(SyncContext.ENTITY_ID, entityId);
            e.setProperty(SyncContext.TRIGGER, "TEST");
        });
        if (done.getException() != null) {
            throw new AssertionError("sync threw", done.getException());
        }
        return done.getMessage().getBody(SyncReport.class);
    }

    private void assertCatalogueStillHasThreeEntriesAtVersionOne() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM catalogue_entry WHERE entity_id = 'foreign-affairs' "
                + "AND version = 1 AND status = 'ACTIVE'", Integer.class)).isEqualTo(3);
        assertThat(json("/api/v1/catalogue?entity=foreign-affairs").get("total").asInt()).isEqualTo(3);
    }

    private JsonNode entity(String id) {
        for (JsonNode entity : json("/api/v1/entities").get("entities")) {
            if (entity.get("id").asText().equals(id)) {
                return entity;
            }
        }
        throw new AssertionError("no entity " + id);
    }

    private JsonNode json(String path) {
        String body = http.getForObject(path, String.class);
        try {
            return CanonicalJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
