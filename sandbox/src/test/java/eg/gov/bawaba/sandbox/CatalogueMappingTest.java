package eg.gov.bawaba.sandbox;

import static eg.gov.bawaba.sandbox.CanonicalEntryAssert.assertCanonical;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Evaluates each demo entity's JSONata mapping against every record its sandbox serves. */
@SuppressWarnings("unchecked")
class CatalogueMappingTest {

    private static final EntityConfig.Mapping EMIGRATION = EntityConfig.mapping("emigration");
    private static final EntityConfig.Mapping DIGITAL_EGYPT = EntityConfig.mapping("digital-egypt");

    static Stream<Arguments> emigrationPrivileges() {
        return EntityConfig.sandboxRecords("emigration/privileges.json").stream()
                .map(r -> Arguments.of(r.get("privilegeCode"), r));
    }

    static Stream<Arguments> digitalEgyptServices() {
        return EntityConfig.sandboxRecords("digital-egypt/services.json").stream()
                .map(r -> Arguments.of(r.get("serviceId"), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emigrationPrivileges")
    void everyEmigrationPrivilegeMapsToACanonicalEntry(String code, Map<String, Object> privilege) {
        Map<String, Object> entry = assertCanonical(EMIGRATION.apply(privilege));

        assertThat(entry.get("code")).isEqualTo(code);
        assertThat(entry.get("officialUrl")).asString().startsWith("https://www.emigration.gov.eg/");
        List<?> fields = (List<Object>) privilege.get("formFields");
        assertThat(entry.containsKey("applicationForm")).as("a form exactly when the ministry lists fields")
                .isEqualTo(!fields.isEmpty());
        assertThat(entry.containsKey("fee")).isEqualTo(privilege.get("feeAmount") != null);
        assertThat(((List<Object>) entry.get("requiredDocuments"))).hasSameSizeAs((List<Object>) privilege.get("documents"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("digitalEgyptServices")
    void everyDigitalEgyptServiceMapsToACanonicalEntry(String code, Map<String, Object> service) {
        Map<String, Object> entry = assertCanonical(DIGITAL_EGYPT.apply(service));

        assertThat(entry.get("code")).isEqualTo(code);
        assertThat(entry.get("kind")).isEqualTo("SERVICE");
        assertThat(entry.get("officialUrl")).asString().startsWith("https://digital.gov.eg/");
        assertThat(entry.containsKey("applicationForm")).isEqualTo(!((List<Object>) service.get("inputs")).isEmpty());
        assertThat(entry.containsKey("fee")).isEqualTo(service.get("price") != null);
        assertThat(entry).doesNotContainKey("validity");
    }

    @Test
    void carImportBecomesACustomsPrivilegeWithAFormBuiltFromTheMinistrysFields() {
        Map<String, Object> entry = mapEmigration("CAR-IMPORT-01");

        assertThat(entry).containsEntry("kind", "PRIVILEGE").containsEntry("category", "CUSTOMS")
                .containsEntry("channels", List.of("MOBILE_APP", "WEB"))
                .containsEntry("validity", Map.of("from", "2022-10-01"))
                .doesNotContainKey("fee");
        assertThat((List<Object>) ((Map<String, Object>) entry.get("eligibility")).get("countries"))
                .as("an empty residence list means every country").isEmpty();
        Map<?, ?> form = (Map<String, Object>) entry.get("applicationForm");
        assertThat((List<Object>) form.get("required")).containsExactly("nationalId", "passportNumber",
                "residenceCountry", "vehicleVin", "vehicleModelYear");
        Map<?, ?> properties = (Map<String, Object>) form.get("properties");
        assertThat((Map<String, Object>) properties.get("vehicleVin")).containsEntry("type", "string")
                .containsEntry("pattern", "^[A-HJ-NPR-Z0-9]{17}$");
        assertThat((Map<String, Object>) properties.get("vehicleModelYear")).containsEntry("type", "integer")
                .containsEntry("minimum", 2000).containsEntry("maximum", 2026);
        assertThat((Map<String, Object>) properties.get("nationalId")).as("the applicant's own")
                .containsEntry("x-applicant", "nationalId");
        assertThat((Map<String, Object>) properties.get("passportNumber")).doesNotContainKey("x-applicant");
    }

    @Test
    void conditionsPairTheMinistrysArabicAndEnglishListsInOrder() {
        Map<?, ?> eligibility = (Map<String, Object>) mapEmigration("CAR-IMPORT-01").get("eligibility");

        assertThat((List<Object>) eligibility.get("conditions")).hasSize(4).first()
                .isEqualTo(Map.of("ar", "أن يكون المتقدم مصري الجنسية وحاصلًا على إقامة قانونية سارية خارج مصر",
                        "en", "The applicant is an Egyptian national holding a valid legal residence outside Egypt"));
    }

    @Test
    void residenceCountriesAreSplitAndTrimmedIntoIsoCodes() {
        Map<?, ?> eligibility = (Map<String, Object>) mapEmigration("INS-AMAAN-01").get("eligibility");

        assertThat((List<Object>) eligibility.get("countries"))
                .containsExactly("SA", "AE", "KW", "QA", "BH", "OM", "JO", "IQ", "LY");
    }

    @Test
    void choiceFieldsBecomeEnumsAndDatesAndEmailsGetFormats() {
        Map<?, ?> properties = (Map<String, Object>) ((Map<String, Object>) mapEmigration("TRAIN-ARABIC-01").get("applicationForm"))
                .get("properties");

        assertThat((Map<String, Object>) properties.get("arabicLevel"))
                .containsEntry("enum", List.of("BEGINNER", "INTERMEDIATE", "ADVANCED"));
        assertThat((Map<String, Object>) properties.get("childBirthDate")).containsEntry("format", "date");
        assertThat((Map<String, Object>) properties.get("parentEmail")).containsEntry("format", "email");
        assertThat((Map<String, Object>) properties.get("joinLiveSessions")).containsEntry("type", "boolean");
    }

    @Test
    void aTimeBoundProgrammeKeepsBothEndsOfItsValidity() {
        assertThat(mapEmigration("TRAIN-ARABIC-01"))
                .containsEntry("validity", Map.of("from", "2026-02-01", "to", "2026-06-30"))
                .containsEntry("category", "TRAINING").containsEntry("kind", "SERVICE");
    }

    @Test
    void theInformationalEntryHasNoFormFeeValidityOrChannels() {
        Map<String, Object> entry = mapEmigration("REPAT-REMAINS-01");

        assertThat(entry).doesNotContainKeys("applicationForm", "fee", "validity")
                .containsEntry("category", "CONSULAR")
                .containsEntry("channels", List.of())
                .containsEntry("requiredDocuments", List.of());
    }

    @Test
    void officeOnlyEntriesListTheOfficesAsChannels() {
        assertThat(mapEmigration("PENSION-REG-01"))
                .containsEntry("channels", List.of("CONSULATE", "ENTITY_OFFICE"))
                .containsEntry("category", "PENSIONS")
                .doesNotContainKey("applicationForm");
    }

    @Test
    void aForeignCurrencyFeeKeepsItsCurrency() {
        assertThat(mapEmigration("HOUSING-FX-01"))
                .containsEntry("fee", Map.of("amount", 100, "currency", "USD"))
                .containsEntry("category", "HOUSING");
    }

    @Test
    void anUnknownMinistryTypeCodeLeavesTheCategoryOutForTheHubToQuarantine() {
        Map<String, Object> privilege = new HashMap<>(record("emigration/privileges.json", "privilegeCode",
                "CAR-IMPORT-01"));
        privilege.put("typeCode", "SOMETHING-NEW");

        Map<String, Object> entry = (Map<String, Object>) EMIGRATION.apply(privilege);

        assertThat(entry).doesNotContainKey("category").containsEntry("kind", "PRIVILEGE")
                .containsEntry("code", "CAR-IMPORT-01");
    }

    @Test
    void anUnknownPortalCategoryLeavesTheCategoryOutForTheHubToQuarantine() {
        Map<String, Object> service = new HashMap<>(record("digital-egypt/services.json", "serviceId",
                "CR-BIRTH-EXTRACT"));
        service.put("category", "SOMETHING_NEW");

        assertThat((Map<String, Object>) DIGITAL_EGYPT.apply(service)).doesNotContainKey("category")
                .containsEntry("code", "CR-BIRTH-EXTRACT");
    }

    @Test
    void digitalEgyptDeliveryCountriesBecomeEligibleCountries() {
        Map<String, Object> entry = mapDigitalEgypt("ID-RENEWAL-ABROAD");

        assertThat((List<Object>) ((Map<String, Object>) entry.get("eligibility")).get("countries")).contains("SA", "US", "GB")
                .hasSize(13);
        assertThat(entry).containsEntry("fee", Map.of("amount", 350, "currency", "EGP"))
                .containsEntry("channels", List.of("WEB", "MOBILE_APP", "CONSULATE"));
    }

    @Test
    void digitalEgyptInformationalServiceHasNoFormAndNoFee() {
        assertThat(mapDigitalEgypt("RE-REGISTRATION-INFO")).doesNotContainKeys("applicationForm", "fee")
                .containsEntry("category", "HOUSING")
                .containsEntry("channels", List.of("ENTITY_OFFICE"));
    }

    @Test
    void digitalEgyptInputsBecomeSchemaPropertiesWithOnlyMandatoryOnesRequired() {
        Map<?, ?> form = (Map<String, Object>) mapDigitalEgypt("CR-BIRTH-EXTRACT").get("applicationForm");

        assertThat((List<Object>) form.get("required"))
                .containsExactly("holderNationalId", "motherName", "relation", "copies");
        Map<?, ?> properties = (Map<String, Object>) form.get("properties");
        assertThat((Map<String, Object>) properties.get("copies")).containsEntry("type", "integer")
                .containsEntry("minimum", 1).containsEntry("maximum", 10);
        assertThat((Map<String, Object>) properties.get("relation")).containsEntry("type", "string")
                .containsEntry("enum", List.of("SELF", "FATHER", "MOTHER", "SON", "DAUGHTER", "SPOUSE"));
        assertThat((Map<String, Object>) properties.get("holderNationalId"))
                .containsEntry("pattern", "^[23][0-9]{13}$")
                .containsEntry("x-title", Map.of("ar", "الرقم القومي لصاحب الشهادة",
                        "en", "Holder's national ID number"))
                .as("the certificate holder's, not necessarily the applicant's").doesNotContainKey("x-applicant");
        assertThat((Map<String, Object>) ((Map<String, Object>) mapDigitalEgypt("ID-RENEWAL-ABROAD")
                .get("applicationForm")).get("properties")).extractingByKey("nationalId")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("x-applicant", "nationalId");
    }

    @Test
    void anOptionalOnlyFormOmitsTheRequiredList() {
        Map<String, Object> service = new HashMap<>(record("digital-egypt/services.json", "serviceId",
                "SEC-CRIMINAL-RECORD"));
        service.put("inputs", List.of(Map.of("key", "destinationCountry", "dataType", "TEXT", "mandatory", false,
                "caption", Map.of("arabic", "الدولة", "english", "Country"))));

        Map<String, Object> entry = assertCanonical(DIGITAL_EGYPT.apply(service));

        assertThat((Map<String, Object>) entry.get("applicationForm")).doesNotContainKey("required");
    }

    private static Map<String, Object> mapEmigration(String code) {
        return assertCanonical(EMIGRATION.apply(record("emigration/privileges.json", "privilegeCode", code)));
    }

    private static Map<String, Object> mapDigitalEgypt(String code) {
        return assertCanonical(DIGITAL_EGYPT.apply(record("digital-egypt/services.json", "serviceId", code)));
    }

    private static Map<String, Object> record(String resource, String codeField, String code) {
        return EntityConfig.sandboxRecords(resource).stream().filter(r -> code.equals(r.get(codeField)))
                .findFirst().orElseThrow(() -> new AssertionError("no sandbox record " + code));
    }
}
