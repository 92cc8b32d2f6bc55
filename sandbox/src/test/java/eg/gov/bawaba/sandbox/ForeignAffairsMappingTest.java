package eg.gov.bawaba.sandbox;

import static eg.gov.bawaba.sandbox.CanonicalEntryAssert.assertCanonical;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.connectors.definition.CatalogueFeed;
import eg.gov.bawaba.connectors.definition.EntityDefinitionLoader;
import eg.gov.bawaba.connectors.soap.SoapApplicationDelivery;
import eg.gov.bawaba.connectors.soap.SoapCatalogueConnector;
import eg.gov.bawaba.mappings.MappingResult;
import eg.gov.bawaba.mappings.NativeRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Evaluates the foreign affairs mapping against every consular service the sandbox's SOAP service holds. */
@SuppressWarnings("unchecked")
class ForeignAffairsMappingTest {

    private static final EntityConfig.Mapping MAPPING = EntityConfig.mapping("foreign-affairs");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+):([^}]*)}");

    /** The services as the hub's SOAP connector hands them to the mapping: each consularService element as JSON. */
    static List<JsonNode> records() {
        try (InputStream in = ForeignAffairsMappingTest.class.getClassLoader()
                .getResourceAsStream(ForeignAffairsConsularServices.DATA)) {
            return NativeRecords.fromXml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "consularService");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> consularServices() {
        return records().stream().map(r -> Arguments.of(r.get("code").asText(), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consularServices")
    void everyConsularServiceMapsToACanonicalEntry(String code, JsonNode service) {
        Map<String, Object> entry = map(service);

        assertThat(entry.get("code")).isEqualTo(code);
        assertThat(entry.get("kind")).isEqualTo("SERVICE");
        assertThat(entry.get("category")).isIn("CONSULAR", "DOCUMENTS");
        assertThat(entry.get("officialUrl")).asString().startsWith("https://www.mfa.gov.eg/consular/");
        assertThat(entry.containsKey("applicationForm")).as("a form exactly when the Ministry has an e-application")
                .isEqualTo(service.has("eApplication"));
        assertThat(entry.containsKey("fee")).isEqualTo(service.has("fee"));
        assertThat((List<Object>) entry.get("channels")).contains("CONSULATE");
    }

    @Test
    void theBundledDataCoversTheConsularServicesTheDemoShows() {
        assertThat(records()).extracting(r -> r.get("code").asText())
                .contains("PSP-RENEW-01", "NID-ABROAD-01", "POA-AUTH-01", "BIRTH-REG-01")
                .hasSizeGreaterThanOrEqualTo(6)
                .doesNotHaveDuplicates();
    }

    @Test
    void passportRenewalKeepsItsArabicTextAndBuildsTheFormFromTheMinistrysFields() {
        Map<String, Object> entry = map("PSP-RENEW-01");

        assertThat(entry).containsEntry("category", "DOCUMENTS")
                .containsEntry("title", Map.of("ar", "تجديد جواز السفر المصري بالخارج",
                        "en", "Renewal of an Egyptian passport abroad"))
                .containsEntry("fee", Map.of("amount", 60, "currency", "USD"))
                .containsEntry("channels", List.of("MOBILE_APP", "CONSULATE", "WEB", "POST"))
                .containsEntry("validity", Map.of("from", "2019-07-01"));
        Map<String, Object> form = (Map<String, Object>) entry.get("applicationForm");
        assertThat((List<Object>) form.get("required")).containsExactly("passportNumber", "nationalId", "renewalReason");
        Map<String, Object> properties = (Map<String, Object>) form.get("properties");
        assertThat((Map<String, Object>) properties.get("renewalReason")).containsEntry("type", "string")
                .containsEntry("enum", List.of("EXPIRED", "EXPIRING", "PAGES_FULL", "DAMAGED"));
        assertThat((Map<String, Object>) properties.get("deliveryByPost")).containsEntry("type", "boolean");
        assertThat((Map<String, Object>) properties.get("passportNumber"))
                .containsEntry("pattern", "^[A-Z][0-9]{8}$")
                .containsEntry("x-title", Map.of("ar", "رقم جواز السفر الحالي", "en", "Current passport number"));
        assertThat((Map<String, Object>) properties.get("nationalId")).containsEntry("x-applicant", "nationalId");
    }

    @Test
    void powerOfAttorneyIsAConsularActWithADateField() {
        Map<String, Object> entry = map("POA-AUTH-01");

        assertThat(entry).containsEntry("category", "CONSULAR");
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) entry.get("applicationForm"))
                .get("properties");
        assertThat((Map<String, Object>) properties.get("appointmentDate")).containsEntry("format", "date");
    }

    @Test
    void aSingleChannelAndASingleConditionStillBecomeLists() {
        Map<String, Object> entry = map("MARR-REG-01");

        assertThat(entry).containsEntry("channels", List.of("CONSULATE")).doesNotContainKey("applicationForm");
        assertThat((List<Object>) ((Map<String, Object>) entry.get("eligibility")).get("conditions")).hasSize(1);
    }

    @Test
    void birthRegistrationIsFreeAndAsksForTheParentsEmail() {
        Map<String, Object> entry = map("BIRTH-REG-01");

        assertThat(entry).doesNotContainKey("fee").containsEntry("category", "DOCUMENTS");
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) entry.get("applicationForm"))
                .get("properties");
        assertThat((Map<String, Object>) properties.get("parentEmail")).containsEntry("format", "email");
    }

    @Test
    void legalisationIsOfferedOnlyInTheListedCountriesAndForALimitedPeriod() {
        Map<String, Object> entry = map("DOC-LEGAL-01");

        assertThat((List<Object>) ((Map<String, Object>) entry.get("eligibility")).get("countries"))
                .containsExactly("AE", "KW", "QA", "JO", "LB", "IQ", "LY", "SD");
        assertThat(entry).containsEntry("validity", Map.of("from", "2020-01-01", "to", "2026-12-31"));
    }

    @Test
    void emergencyAssistanceIsInformationalWithoutDocumentsOrConditions() {
        Map<String, Object> entry = map("DISTRESS-01");

        assertThat(entry).doesNotContainKeys("applicationForm", "fee", "validity")
                .containsEntry("category", "CONSULAR")
                .containsEntry("channels", List.of("CONSULATE", "ENTITY_OFFICE"))
                .containsEntry("requiredDocuments", List.of());
        assertThat((List<Object>) ((Map<String, Object>) entry.get("eligibility")).get("conditions")).isEmpty();
    }

    @Test
    void theHubPublishesEveryServiceAndQuarantinesAnUnknownCategoryCodeInsteadOfFilingItAsOther() {
        EntityDefinitionLoader loader = new EntityDefinitionLoader(EntityConfig.directory(),
                text -> PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(2))),
                List.of(new SoapCatalogueConnector()), List.of(new SoapApplicationDelivery()));
        CatalogueFeed feed = loader.load(EntityConfig.directory().resolve("foreign-affairs.yaml"))
                .catalogueFeed().orElseThrow();
        assertThat(feed.connectorKind()).isEqualTo("soap");

        List<JsonNode> records = records();
        assertThat(feed.mapping().map(records, "SOAP", Instant.now()).quarantined()).isEmpty();

        ((ObjectNode) records.get(0)).put("categoryCode", "VISA");
        MappingResult result = feed.mapping().map(records, "SOAP", Instant.now());

        assertThat(result.entries()).hasSize(records.size() - 1)
                .allSatisfy(entry -> assertThat(entry.id()).startsWith("foreign-affairs."));
        assertThat(result.quarantined()).singleElement().satisfies(quarantined -> assertThat(quarantined.reason())
                .contains("code list 'category' has no mapping for 'VISA'"));
    }

    private static Map<String, Object> map(String code) {
        return map(records().stream().filter(r -> code.equals(r.get("code").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no consular service " + code)));
    }

    private static Map<String, Object> map(JsonNode service) {
        return assertCanonical(MAPPING.apply(EntityConfig.JSON.convertValue(service, Map.class)));
    }
}
