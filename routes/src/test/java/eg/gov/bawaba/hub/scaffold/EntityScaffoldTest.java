package eg.gov.bawaba.hub.scaffold;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eg.gov.bawaba.hub.HubTestSupport;
import eg.gov.bawaba.hub.dryrun.DryRunReport;
import eg.gov.bawaba.hub.dryrun.DryRunService;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.NativeRecords;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * bin/scaffold-entity writes a definition the hub loads and a mapping whose dry run publishes what it could bind, from
 * the demo entities' own WSDL, OpenAPI document and CSV and from specs and samples of shapes it has never seen; it
 * marks what it could not bind with TODO and the candidates, guesses paging, never overwrites unless forced, and
 * refuses bad input with a sentence that names it.
 */
class EntityScaffoldTest extends HubTestSupport {

    private static final Path SANDBOX = Path.of("..", "sandbox", "src", "main", "resources");
    private static final Path SPECS = Path.of("src", "test", "resources", "scaffold");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Autowired
    DryRunService dryRun;

    private final Path config = Path.of("target", "scaffold-" + UUID.randomUUID());

    private EntityScaffolder.Request request(String id, String wsdl, String openapi, String sample) {
        return new EntityScaffolder.Request(id, wsdl, openapi, sample, null, null, null, null, null, config, false);
    }

    private EntityScaffolder.Result scaffold(EntityScaffolder.Request request) {
        return EntityScaffolder.scaffold(request);
    }

    private DryRunReport dryRunOf(EntityScaffolder.Result result) {
        DryRunReport report = dryRun.run(result.definition(), result.drySample(), Map.of());
        assertThat(report.problems()).as("the hub loads and validates the definition").isEmpty();
        assertThat(report.entityId()).isNotNull();
        return report;
    }

    private JsonNode definition(String id) throws IOException {
        return YAML.readTree(config.resolve(id + ".yaml").toFile());
    }

    private String mapping(String id) throws IOException {
        return Files.readString(config.resolve(id).resolve("catalogue.jsonata"), StandardCharsets.UTF_8);
    }

    @Test
    void theForeignAffairsWsdlGivesTheSoapConnectorAndBindsTheLangAttributedTitles() throws IOException {
        EntityScaffolder.Result result = scaffold(request("consular", SANDBOX.resolve(
                "foreign-affairs/consular-services.wsdl").toString(), null,
                SANDBOX.resolve("foreign-affairs/consular-services.xml").toString()));

        JsonNode connector = definition("consular").at("/catalogue/connector");
        assertThat(connector.path("kind").asText()).isEqualTo("soap");
        assertThat(connector.path("operation").asText()).isEqualTo("ListConsularServices");
        assertThat(connector.path("recordElement").asText()).isEqualTo("consularService");
        assertThat(connector.path("wsdl").asText()).startsWith("${CONSULAR_WSDL:").endsWith("consular-services.wsdl}");
        assertThat(connector.path("request").asText()).contains("ListConsularServices")
                .contains("http://www.mfa.gov.eg/ws/consular/2019");
        assertThat(connector.path("auth").path("type").asText()).isEqualTo("ws-security");
        assertThat(connector.path("auth").path("usernameEnv").asText()).isEqualTo("CONSULAR_USER");
        assertThat(connector.path("auth").path("secretEnv").asText()).isEqualTo("CONSULAR_PASSWORD");
        assertThat(mapping("consular")).contains("\"code\": code")
                .contains("title[lang = \"ar\"]._text").contains("summary[lang = \"en\"]._text")
                .contains("$lookup($codeLists.category, categoryCode)")
                .contains("[conditions.condition.{\"ar\": ar, \"en\": en}]")
                .contains("[requiredDocuments.document.{\"ar\": ar, \"en\": en}]")
                .contains("$number(fee._text)").contains("fee.currency").contains("infoUrl")
                .contains("TODO applicationForm").contains("eApplication");
        assertThat(Files.readString(config.resolve("consular/code-lists.yaml"))).contains("PSP: DOCUMENTS")
                .contains("CONSULATE: CONSULATE");

        DryRunReport report = dryRunOf(result);
        assertThat(report.entries()).as(report.quarantined().toString()).isNotEmpty();
        CatalogueEntry passport = report.entries().stream().filter(e -> e.id().equals("consular.PSP-RENEW-01"))
                .findFirst().orElseThrow();
        assertThat(passport.title().en()).isEqualTo("Renewal of an Egyptian passport abroad");
        assertThat(passport.title().ar()).startsWith("تجديد جواز السفر");
        assertThat(passport.category()).hasToString("DOCUMENTS");
    }

    @Test
    void theNosiCsvWithArabicAndEnglishColumnsGivesAFileDropWhoseEntriesCarryBothLanguages() throws IOException {
        EntityScaffolder.Result result = scaffold(request("social-insurance", null, null,
                SANDBOX.resolve("nosi/services.csv").toString()));

        JsonNode connector = definition("social-insurance").at("/catalogue/connector");
        assertThat(connector.path("kind").asText()).isEqualTo("file");
        assertThat(connector.path("format").asText()).isEqualTo("csv");
        assertThat(connector.path("directory").asText()).isEqualTo("${BAWABA_DATA_DIR:./var}/drops/social-insurance");
        assertThat(mapping("social-insurance")).contains("\"code\": service_code")
                .contains("\"title\": {\"ar\": title_ar, \"en\": title_en}")
                .contains("\"summary\": {\"ar\": summary_ar, \"en\": summary_en}")
                .contains("$pairs($items(conditions_ar, \"|\"), $items(conditions_en, \"|\"))")
                .contains("$pairs($items(documents_ar, \"|\"), $items(documents_en, \"|\"))")
                .contains("$lookup($codeLists.category, service_type)")
                .contains("$number(fee_amount)").contains("form_fields");

        DryRunReport report = dryRunOf(result);
        assertThat(report.quarantined()).isEmpty();
        assertThat(report.entries()).hasSize(report.received());
        CatalogueEntry voluntary = report.entries().stream().filter(e -> e.id().equals("social-insurance.VOL-INS-01"))
                .findFirst().orElseThrow();
        assertThat(voluntary.title().en()).isEqualTo("Voluntary social insurance for Egyptians working abroad");
        assertThat(voluntary.eligibility().conditions()).hasSize(3);
        assertThat(voluntary.category()).hasToString("INSURANCE");
        assertThat(voluntary.channels()).contains("MOBILE_APP", "CONSULATE");
    }

    @Test
    void theEmigrationOpenApiDocumentGivesPagePagingTheApiKeyOfItsOwnPrefixAndTheNameArNameEnPair() throws IOException {
        Path sample = Files.createDirectories(config).resolve("privileges-page.json");
        JsonNode privileges = CanonicalJson.mapper().readTree(SANDBOX.resolve("emigration/privileges.json").toFile());
        Files.writeString(sample, CanonicalJson.mapper().writeValueAsString(Map.of("page", 0, "items", privileges)));

        EntityScaffolder.Result result = scaffold(request("expat-privileges", null,
                SANDBOX.resolve("emigration/privileges-openapi.yaml").toString(), sample.toString()));

        JsonNode connector = definition("expat-privileges").at("/catalogue/connector");
        assertThat(connector.path("baseUrl").asText()).isEqualTo(
                "${EXPAT_PRIVILEGES_BASE_URL:http://127.0.0.1:8091/emigration}");
        assertThat(connector.path("path").asText()).isEqualTo("/api/v1/privileges");
        assertThat(connector.path("recordsPointer").asText()).isEqualTo("/items");
        assertThat(connector.path("paging").path("style").asText()).isEqualTo("page");
        assertThat(connector.path("paging").path("firstPage").asInt()).isZero();
        assertThat(connector.path("paging").path("sizeParam").asText()).isEqualTo("size");
        assertThat(connector.path("auth").path("header").asText()).isEqualTo("X-Api-Key");
        assertThat(connector.path("auth").path("secretEnv").asText()).isEqualTo("EXPAT_PRIVILEGES_API_KEY");
        assertThat(mapping("expat-privileges")).contains("\"kind\": \"PRIVILEGE\"")
                .contains("\"title\": {\"ar\": nameAr, \"en\": nameEn}")
                .contains("\"summary\": {\"ar\": descAr, \"en\": descEn}")
                .contains("$pairs(conditionsAr, conditionsEn)")
                .contains("[documents.{\"ar\": ar, \"en\": en}]")
                .contains("$lookup($codeLists.category, typeCode)")
                .contains("$items(residenceCountries, \",\")");

        DryRunReport report = dryRunOf(result);
        assertThat(report.received()).isEqualTo(privileges.size());
        CatalogueEntry car = report.entries().stream().filter(e -> e.id().equals("expat-privileges.CAR-IMPORT-01"))
                .findFirst().orElseThrow();
        assertThat(car.title().ar()).startsWith("استيراد سيارة");
        assertThat(car.eligibility().conditions()).hasSize(4);
        assertThat(car.category()).hasToString("CUSTOMS");
    }

    @Test
    void anUnseenOpenApiWithACursorIsReadToItsLastPageInTheLiveDryRun() throws IOException {
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo("/bank/v2/certificates")).withQueryParam("cursor", absent())
                .willReturn(okJson("""
                        {"data": [{"certNo": "C1", "productFamily": "SAVINGS", "label": {"arabic": "شهادة أولى",
                          "english": "First certificate"}, "about": {"arabic": "وصف", "english": "About it"},
                          "minimumAmount": 100, "currency": "USD", "eligibleCountries": ["SA"],
                          "termsAr": ["شرط"], "termsEn": ["A term"], "webPage": "https://bank.example/c1"}],
                         "meta": {"nextCursor": "p2"}}""")));
        ENTITY_SYSTEMS.stubFor(WireMock.get(urlPathEqualTo("/bank/v2/certificates")).withQueryParam("cursor", equalTo("p2"))
                .willReturn(okJson("""
                        {"data": [{"certNo": "C2", "productFamily": "DEPOSIT", "label": {"arabic": "شهادة ثانية",
                          "english": "Second certificate"}, "about": {"arabic": "وصف", "english": "About it"},
                          "eligibleCountries": [], "termsAr": [], "termsEn": []}], "meta": {"nextCursor": null}}""")));

        EntityScaffolder.Result result = scaffold(new EntityScaffolder.Request("bank-certificates", null,
                SPECS.resolve("certificates-openapi.json").toString(), null, null,
                ENTITY_SYSTEMS.baseUrl() + "/bank", null, null, null, config, false));

        JsonNode paging = definition("bank-certificates").at("/catalogue/connector/paging");
        assertThat(paging.path("style").asText()).isEqualTo("cursor");
        assertThat(paging.path("cursorParam").asText()).isEqualTo("cursor");
        assertThat(paging.path("cursorPointer").asText()).isEqualTo("/meta/nextCursor");
        assertThat(definition("bank-certificates").at("/catalogue/connector/recordsPointer").asText()).isEqualTo("/data");
        assertThat(mapping("bank-certificates")).contains("\"title\": {\"ar\": label.arabic, \"en\": label.english}")
                .contains("\"summary\": {\"ar\": about.arabic, \"en\": about.english}")
                .contains("$pairs(termsAr, termsEn)").contains("[eligibleCountries]")
                .contains("$number(minimumAmount)").contains("webPage");
        assertThat(result.liveDryRun()).isTrue();

        DryRunReport report = dryRunOf(result);
        assertThat(report.received()).isEqualTo(2);
        assertThat(report.entries()).extracting(CatalogueEntry::id)
                .containsExactly("bank-certificates.C1", "bank-certificates.C2");
        assertThat(report.entries().get(0).category()).hasToString("BANKING");
    }

    @Test
    void nextLinkAndLinkHeaderPagingAreGuessedAndSeveralListOperationsAreListedToChooseFrom() throws IOException {
        String spec = SPECS.resolve("scholarships-openapi.yaml").toString();
        assertThatThrownBy(() -> scaffold(request("scholarships", null, spec, null)))
                .isInstanceOf(ScaffoldException.class).hasMessageContaining("2 list operations")
                .hasMessageContaining("GET /scholarships, records at /results")
                .hasMessageContaining("GET /universities, records at the top");

        scaffold(new EntityScaffolder.Request("scholarships", null, spec, null, "/scholarships", null, null, null,
                null, config, false));
        JsonNode paging = definition("scholarships").at("/catalogue/connector/paging");
        assertThat(paging.path("style").asText()).isEqualTo("next-link");
        assertThat(paging.path("nextPointer").asText()).isEqualTo("/links/next");
        assertThat(mapping("scholarships")).contains("{\"ar\": title_ar, \"en\": title_en}")
                .contains("{\"ar\": description_ar, \"en\": description_en}")
                .containsPattern("/\\* TODO \"category\" \\(required\\): no field found; candidates: [^*]*field");

        scaffold(new EntityScaffolder.Request("universities", null, spec, null, "/universities", null, null, null,
                null, config, false));
        assertThat(definition("universities").at("/catalogue/connector/paging/style").asText()).isEqualTo("link-header");
    }

    @Test
    void offsetAndLimitParametersGiveOffsetPagingAndAPageWithoutAFirstNumberIsFlaggedAsAGuess() throws IOException {
        Path spec = Files.createDirectories(config).resolve("portal-openapi.yaml");
        Files.writeString(spec, """
                openapi: 3.0.0
                info: {title: Portal services, version: "1"}
                servers: [{url: "https://portal.example/api"}]
                paths:
                  /services:
                    get:
                      parameters:
                        - {name: offset, in: query, schema: {type: integer}}
                        - {name: limit, in: query, schema: {type: integer, maximum: 20}}
                      responses:
                        "200":
                          description: A slice
                          content:
                            application/json:
                              schema:
                                type: object
                                properties:
                                  data: {type: array, items: {type: object, properties: {serviceId: {type: string}}}}
                                  hasMore: {type: boolean}
                  /news:
                    get:
                      parameters:
                        - {name: pageNo, in: query, schema: {type: integer}}
                        - {name: per_page, in: query, schema: {type: integer}}
                      responses:
                        "200":
                          description: A page
                          content:
                            application/json:
                              schema: {type: array, items: {type: object, properties: {slug: {type: string}}}}
                """);

        scaffold(new EntityScaffolder.Request("portal", null, spec.toString(), null, "/services", null, null, null,
                null, config, false));
        JsonNode paging = definition("portal").at("/catalogue/connector/paging");
        assertThat(paging.path("style").asText()).isEqualTo("offset");
        assertThat(paging.path("offsetParam").asText()).isEqualTo("offset");
        assertThat(paging.path("limitParam").asText()).isEqualTo("limit");
        assertThat(paging.path("pageSize").asInt()).as("the limit's maximum").isEqualTo(20);

        EntityScaffolder.Result news = scaffold(new EntityScaffolder.Request("portal-news", null, spec.toString(), null,
                "/news", null, null, null, null, config, false));
        paging = definition("portal-news").at("/catalogue/connector/paging");
        assertThat(paging.path("style").asText()).isEqualTo("page");
        assertThat(paging.path("pageParam").asText()).isEqualTo("pageNo");
        assertThat(paging.path("sizeParam").asText()).isEqualTo("per_page");
        assertThat(paging.path("firstPage").asInt()).isEqualTo(1);
        assertThat(news.notes()).anySatisfy(n -> assertThat(n).contains("firstPage 1 is a guess"));
        assertThat(definition("portal-news").at("/catalogue/connector").has("recordsPointer")).isFalse();
    }

    @Test
    void anUnseenWsdlWithANestedResultIsScaffoldedAndItsSampleMapped() throws IOException {
        EntityScaffolder.Result result = scaffold(new EntityScaffolder.Request("housing-fund",
                SPECS.resolve("housing-units.wsdl").toString(), null, SPECS.resolve("housing-offers.xml").toString(),
                null, null, "basic", null, null, config, false));

        JsonNode connector = definition("housing-fund").at("/catalogue/connector");
        assertThat(connector.path("operation").asText()).isEqualTo("GetOffers");
        assertThat(connector.path("recordElement").asText()).isEqualTo("offer");
        assertThat(connector.path("request").asText()).isEqualTo("<e:GetOffers xmlns:e=\"urn:housing:offers:v1\"/>\n");
        assertThat(connector.path("auth").path("type").asText()).as("named with --auth").isEqualTo("basic");
        assertThat(connector.path("auth").path("usernameEnv").asText()).isEqualTo("HOUSING_FUND_USER");
        assertThat(connector.path("auth").path("secretEnv").asText()).isEqualTo("HOUSING_FUND_PASSWORD");
        assertThat(mapping("housing-fund")).contains("{\"ar\": headlineArabic, \"en\": headlineEnglish}")
                .contains("{\"ar\": detailsArabic, \"en\": detailsEnglish}").contains("$number(downPayment)")
                .contains("currencyCode").contains("\"to\": closesOn");

        DryRunReport report = dryRunOf(result);
        assertThat(report.entries()).extracting(CatalogueEntry::id)
                .containsExactly("housing-fund.H-1", "housing-fund.H-2");
        assertThat(report.entries().get(0).fee().amount()).isEqualByComparingTo("5000");
    }

    @Test
    void codeListsASpecLeavesEmptyLearnTheCodesOfTheRecordsTheFirstDryRunFetched() throws IOException {
        EntityScaffolder.Result result = scaffold(request("housing-codes", SPECS.resolve("housing-units.wsdl")
                .toString(), null, null));
        Path codeLists = config.resolve("housing-codes/code-lists.yaml");
        assertThat(Files.readString(codeLists)).contains("category: {}   # TODO add each of the entity's codes");

        List<JsonNode> fetched = NativeRecords.fromXml(Files.readString(SPECS.resolve("housing-offers.xml")), "offer");
        assertThat(result.codeLists().learnFrom(fetched)).isTrue();
        assertThat(Files.readString(codeLists)).contains("HOUSING: HOUSING   # TODO check")
                .contains("LAND: HOUSING   # TODO check");
        assertThat(result.codeLists().learnFrom(fetched)).as("nothing new").isFalse();
    }

    @Test
    void anUnseenXmlSampleWithLanguageAttributesBindsThePairsAndListsCandidatesForWhatItCannotBind()
            throws IOException {
        EntityScaffolder.Result result = scaffold(request("university-places", null, null,
                SPECS.resolve("university-places.xml").toString()));

        JsonNode connector = definition("university-places").at("/catalogue/connector");
        assertThat(connector.path("format").asText()).isEqualTo("xml");
        assertThat(connector.path("recordElement").asText()).isEqualTo("place");
        assertThat(mapping("university-places")).contains("name[language = \"ar\"]._text")
                .contains("{\"ar\": summary.ar, \"en\": summary.en}").contains("\"code\": code")
                .containsPattern("TODO \"category\" \\(required\\): no field found; candidates: [^*]*faculty");
        assertThat(result.todos()).anySatisfy(t -> assertThat(t).startsWith("category").contains("faculty"));

        DryRunReport report = dryRunOf(result);
        assertThat(report.received()).isEqualTo(2);
        assertThat(report.quarantined()).allSatisfy(q -> assertThat(q.reason()).contains("category"));
    }

    @Test
    void anUnseenJsonSampleWithLanguagePrefixesAndNestedPricesIsMappedWhole() throws IOException {
        EntityScaffolder.Result result = scaffold(request("invest-abroad", null, null,
                SPECS.resolve("investment-offers.json").toString()));

        assertThat(definition("invest-abroad").at("/catalogue/connector/recordsPointer").asText())
                .isEqualTo("/result/offers");
        assertThat(mapping("invest-abroad")).contains("{\"ar\": arTitle, \"en\": enTitle}")
                .contains("{\"ar\": arDescription, \"en\": enDescription}").contains("$number(price.value)")
                .contains("price.unit").contains("$lookup($codeLists.category, sector)");

        DryRunReport report = dryRunOf(result);
        assertThat(report.quarantined()).isEmpty();
        assertThat(report.entries()).extracting(e -> e.fee().currency()).containsOnly("USD");
        assertThat(report.entries().get(0).channels()).containsExactly("WEB", "ENTITY_OFFICE");
    }

    @Test
    void aCsvWithArabicHeadersIsReadWithBackticksAndItsArabicLanguageWords() throws IOException {
        EntityScaffolder.Result result = scaffold(request("arabic-columns", null, null,
                SPECS.resolve("arabic-headers.csv").toString()));

        assertThat(mapping("arabic-columns")).contains("\"code\": `رمز الخدمة`")
                .contains("{\"ar\": `الاسم بالعربية`, \"en\": `الاسم بالإنجليزية`}")
                .contains("{\"ar\": `الوصف بالعربية`, \"en\": `الوصف بالإنجليزية`}");
        DryRunReport report = dryRunOf(result);
        assertThat(report.entries()).extracting(CatalogueEntry::id)
                .containsExactly("arabic-columns.S-1", "arabic-columns.S-2");
    }

    @Test
    void existingFilesAreKeptUnlessForced() throws IOException {
        String csv = SANDBOX.resolve("nosi/services.csv").toString();
        scaffold(request("kept", null, null, csv));
        Path mapping = config.resolve("kept/catalogue.jsonata");
        Files.writeString(mapping, "/* the engineer's own work */ {}");

        assertThatThrownBy(() -> scaffold(request("kept", null, null, csv)))
                .isInstanceOf(ScaffoldException.class).hasMessageContaining("not overwriting")
                .hasMessageContaining("kept.yaml").hasMessageContaining("--force");
        assertThat(Files.readString(mapping)).isEqualTo("/* the engineer's own work */ {}");

        scaffold(new EntityScaffolder.Request("kept", null, null, csv, null, null, null, null, null, config, true));
        assertThat(Files.readString(mapping)).contains("service_code");
    }

    @Test
    void badInputIsRefusedWithASentenceThatNamesIt() {
        assertThatThrownBy(() -> scaffold(request("bad", SPECS.resolve("not-a-wsdl.xml").toString(), null, null)))
                .hasMessageContaining("not-a-wsdl.xml is not a WSDL 1.1 document").hasMessageContaining("<not-a-wsdl>");
        assertThatThrownBy(() -> scaffold(request("bad", SPECS.resolve("investment-offers.json").toString(), null,
                null))).hasMessageContaining("is not a WSDL: it is not well-formed XML");
        assertThatThrownBy(() -> scaffold(request("bad", null, "http://127.0.0.1:1/openapi.json", null)))
                .hasMessageContaining("cannot read http://127.0.0.1:1/openapi.json: nothing answers at that address");
        assertThatThrownBy(() -> scaffold(request("bad", null, SPECS.resolve("no-list-openapi.yaml").toString(),
                null))).hasMessageContaining("has no list operation");
        assertThatThrownBy(() -> scaffold(request("bad", null, SPECS.resolve("housing-offers.xml").toString(), null)))
                .hasMessageContaining("is not an OpenAPI 3 document");
        assertThatThrownBy(() -> scaffold(new EntityScaffolder.Request("bad", SPECS.resolve("housing-units.wsdl")
                .toString(), null, null, "Ping", null, null, null, null, config, false)))
                .hasMessageContaining("no list operation 'Ping'").hasMessageContaining("GetOffers (records: <offer>)");
        assertThatThrownBy(() -> scaffold(new EntityScaffolder.Request("bad", null, null, SPECS.resolve(
                "housing-offers.xml").toString(), null, null, "basic", null, null, config, false)))
                .hasMessageContaining("--auth basic does not suit a file connector");
        assertThat(config.resolve("bad.yaml")).doesNotExist();
    }

    @Test
    void theCommandPrintsWhatWasWrittenTheTodosAndTheDryRun() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ScaffoldCommand.scaffoldAndTry(request("printed", null, null,
                SANDBOX.resolve("nosi/services.csv").toString()), dryRun,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wrote ").contains("TODO names")
                .contains("TODO applicationForm").contains("Dry run (sample services.csv)")
                .contains("\"id\" : \"printed.VOL-INS-01\"").contains("dry run of printed");
    }
}
