package eg.gov.bawaba.mappings;

import static eg.gov.bawaba.mappings.Fixtures.SYNCED_AT;
import static eg.gov.bawaba.mappings.Fixtures.emigrationMapping;
import static eg.gov.bawaba.mappings.Fixtures.emigrationRecord;
import static eg.gov.bawaba.mappings.Fixtures.emigrationRecords;
import static eg.gov.bawaba.mappings.Fixtures.emigrationRecordsWith;
import static eg.gov.bawaba.mappings.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.mappings.model.Bilingual;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.Category;
import eg.gov.bawaba.mappings.model.EntryKind;
import eg.gov.bawaba.mappings.model.EntryStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Maps realistic Egyptian feeds end to end and checks every way a record is quarantined instead of published. */
class CatalogueMappingTest {

    private static final Map<String, Object> NUCA_CODE_LISTS = Map.of(
            "offerType", Map.of("RES", "HOUSING", "LND", "HOUSING", "COM", "INVESTMENT"),
            "channel", Map.of("ONLINE", "WEB", "EMBASSY", "CONSULATE", "OFFICE", "ENTITY_OFFICE"));

    private static final Map<String, Object> MOHE_CODE_LISTS = Map.of(
            "category", Map.of("EDU", "EDUCATION", "DOC", "DOCUMENTS"),
            "channel", Map.of("APP", "MOBILE_APP", "WEB", "WEB", "ENTITY", "ENTITY_OFFICE"));

    private static CatalogueEntry entry(MappingResult result, String id) {
        return result.entries().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void mapsRealisticJsonFeedOfEmigrationPrivileges() {
        MappingResult result = emigrationMapping().map(emigrationRecords(), "REST", SYNCED_AT);

        assertThat(result.quarantined()).isEmpty();
        assertThat(result.entries()).extracting(CatalogueEntry::id).containsExactly(
                "emigration.EMG-CAR-01", "emigration.EMG-HSG-07", "emigration.EMG-BNK-03", "emigration.EMG-EDU-12");

        CatalogueEntry car = entry(result, "emigration.EMG-CAR-01");
        assertThat(car.entityId()).isEqualTo("emigration");
        assertThat(car.kind()).isEqualTo(EntryKind.PRIVILEGE);
        assertThat(car.category()).isEqualTo(Category.CUSTOMS);
        assertThat(car.title()).isEqualTo(new Bilingual("استيراد سيارة معفاة من الجمارك مقابل وديعة بالعملة الأجنبية",
                "Duty-free car import against a foreign-currency deposit"));
        assertThat(car.eligibility().countries()).isEmpty();
        assertThat(car.eligibility().admits("DE")).isTrue();
        assertThat(car.eligibility().conditions()).hasSize(2);
        assertThat(car.fee()).isNull();
        assertThat(car.requiredDocuments()).extracting(Bilingual::en).containsExactly(
                "Valid Egyptian passport", "Proof of residence abroad", "Receipt of the deposit transfer from a bank abroad");
        assertThat(car.channels()).containsExactly("MOBILE_APP", "WEB");
        assertThat(car.informational()).isFalse();
        assertThat(car.applicationForm().path("required")).hasSize(3);
        assertThat(car.validity().from()).isEqualTo(LocalDate.of(2022, 10, 1));
        assertThat(car.validity().to()).isEqualTo(LocalDate.of(2025, 12, 31));
        assertThat(car.officialUrl()).isEqualTo("https://www.emigration.gov.eg/cars");
        assertThat(car.provenance().sourceProtocol()).isEqualTo("REST");
        assertThat(car.provenance().syncedAt()).isEqualTo(SYNCED_AT);
        assertThat(car.provenance().version()).isEqualTo(1);
        assertThat(car.provenance().status()).isEqualTo(EntryStatus.ACTIVE);
        assertThat(car.provenance().contentHash()).isEqualTo(CanonicalJson.contentHash(car));

        CatalogueEntry housing = entry(result, "emigration.EMG-HSG-07");
        assertThat(housing.eligibility().countries()).containsExactly("SA", "AE", "KW", "QA", "US", "GB", "DE");
        assertThat(housing.fee().amount()).isEqualByComparingTo("1000");
        assertThat(housing.fee().currency()).isEqualTo("USD");
        assertThat(housing.channels()).containsExactly("WEB", "CONSULATE");
        assertThat(housing.validity().to()).isNull();

        CatalogueEntry certificates = entry(result, "emigration.EMG-BNK-03");
        assertThat(certificates.category()).isEqualTo(Category.BANKING);
        assertThat(certificates.fee()).isNull();
        assertThat(certificates.validity()).isNull();
        assertThat(certificates.eligibility().conditions()).isEmpty();
        assertThat(certificates.applicationForm()).isNull();
        assertThat(certificates.informational()).isTrue();

        CatalogueEntry university = entry(result, "emigration.EMG-EDU-12");
        assertThat(university.kind()).isEqualTo(EntryKind.SERVICE);
        assertThat(university.category()).isEqualTo(Category.EDUCATION);
        assertThat(university.channels()).as("a single channel is wrapped in a list").containsExactly("MOBILE_APP");
        assertThat(university.fee().amount()).isEqualByComparingTo("150");

        assertThat(result.entries()).allSatisfy(e -> assertThat(CanonicalSchema.validate(e)).isEmpty());
    }

    @Test
    void mapsXmlFeedFromSoapResponse() {
        CatalogueMapping mapping = CatalogueMapping.compile("nuca", text("mappings/nuca-offers.jsonata"), NUCA_CODE_LISTS);

        MappingResult result = mapping.map(NativeRecords.fromXml(text("feeds/nuca-offers.xml"), "offer"), "SOAP",
                SYNCED_AT);

        assertThat(result.quarantined()).isEmpty();
        assertThat(result.entries()).extracting(CatalogueEntry::id)
                .containsExactly("nuca.BW9-APT", "nuca.BW9-VILLA", "nuca.BW9-LAND");

        CatalogueEntry apartments = entry(result, "nuca.BW9-APT");
        assertThat(apartments.category()).isEqualTo(Category.HOUSING);
        assertThat(apartments.title().ar()).isEqualTo("شقق سكنية بمدينة الشيخ زايد - المرحلة التاسعة");
        assertThat(apartments.fee().amount()).isEqualByComparingTo("1000");
        assertThat(apartments.fee().currency()).isEqualTo("USD");
        assertThat(apartments.requiredDocuments()).hasSize(2);
        assertThat(apartments.channels()).containsExactly("WEB", "CONSULATE");
        assertThat(apartments.validity().from()).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(apartments.validity().to()).isEqualTo(LocalDate.of(2025, 6, 30));
        assertThat(apartments.officialUrl()).isEqualTo("https://www.nuca.gov.eg/expats/bw9-apt");
        assertThat(apartments.provenance().sourceProtocol()).isEqualTo("SOAP");

        CatalogueEntry villas = entry(result, "nuca.BW9-VILLA");
        assertThat(villas.requiredDocuments()).as("a single <document> still becomes a list")
                .containsExactly(new Bilingual("صورة جواز السفر", "Copy of passport"));
        assertThat(villas.channels()).containsExactly("WEB");
        assertThat(villas.validity().to()).as("empty <openTo/> means open-ended").isNull();

        CatalogueEntry land = entry(result, "nuca.BW9-LAND");
        assertThat(land.requiredDocuments()).isEmpty();
        assertThat(land.fee()).isNull();
        assertThat(land.validity()).isNull();
    }

    @Test
    void mapsCsvFileWithBomAndArabicAndStillMapsGoodRowsWhenOneRowIsBad() {
        CatalogueMapping mapping = CatalogueMapping.compile("mohe", text("mappings/mohe-programmes.jsonata"),
                MOHE_CODE_LISTS);

        MappingResult result = mapping.map(NativeRecords.fromCsv(Fixtures.bytes("feeds/mohe-programmes.csv")), "FILE",
                SYNCED_AT);

        assertThat(result.entries()).extracting(CatalogueEntry::id)
                .containsExactly("mohe.MOHE-UNI-01", "mohe.MOHE-EQV-02", "mohe.MOHE-LNG-04");
        assertThat(result.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.entityId()).isEqualTo("mohe");
            assertThat(q.reason()).isEqualTo("row 4: expected 15 columns, found 16");
            assertThat(q.sourceRecord()).contains("MOHE-SCH-03", "منح دراسية للطلاب المتفوقين");
        });

        CatalogueEntry admission = entry(result, "mohe.MOHE-UNI-01");
        assertThat(admission.title().ar()).isEqualTo("قبول أبناء المصريين بالخارج بالجامعات الحكومية");
        assertThat(admission.summary().en())
                .isEqualTo("Apply for a place at a public university, under the expatriate Egyptians scheme.\n"
                        + "Placement is done online.");
        assertThat(admission.eligibility().countries()).containsExactly("SA", "KW", "AE", "QA", "OM", "BH");
        assertThat(admission.requiredDocuments()).containsExactly(
                new Bilingual("شهادة الثانوية معتمدة", "Certified secondary certificate"),
                new Bilingual("جواز السفر", "Passport"));
        assertThat(admission.fee().amount()).isEqualByComparingTo("150");
        assertThat(admission.channels()).containsExactly("MOBILE_APP", "WEB");
        assertThat(admission.validity().to()).isEqualTo(LocalDate.of(2025, 9, 30));

        CatalogueEntry equivalence = entry(result, "mohe.MOHE-EQV-02");
        assertThat(equivalence.category()).isEqualTo(Category.DOCUMENTS);
        assertThat(equivalence.fee().currency()).isEqualTo("EGP");
        assertThat(equivalence.channels()).containsExactly("WEB", "ENTITY_OFFICE");
        assertThat(equivalence.eligibility().countries()).isEmpty();
        assertThat(equivalence.validity()).isNull();

        CatalogueEntry arabicCourses = entry(result, "mohe.MOHE-LNG-04");
        assertThat(arabicCourses.requiredDocuments()).isEmpty();
        assertThat(arabicCourses.fee()).isNull();
        assertThat(arabicCourses.validity().from()).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(arabicCourses.validity().to()).isNull();
    }

    @Test
    void quarantinesRecordFailingSchemaWithReasonNamingFieldWhileOthersMap() {
        ObjectNode housing = emigrationRecord("EMG-HSG-07");
        housing.put("nameAr", "Housing units in foreign currency");
        housing.putArray("countries").add("Saudi Arabia");

        MappingResult result = emigrationMapping().map(emigrationRecordsWith(housing), "REST", SYNCED_AT);

        assertThat(result.entries()).extracting(CatalogueEntry::id)
                .containsExactly("emigration.EMG-CAR-01", "emigration.EMG-BNK-03", "emigration.EMG-EDU-12");
        assertThat(result.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.entityId()).isEqualTo("emigration");
            assertThat(q.sourceRecord()).contains("\"privilegeNo\":\"EMG-HSG-07\"");
            assertThat(q.reason()).contains("eligibility.countries[0]: does not match the regex pattern ^[A-Z]{2}$"
                    + " (found \"SAUDI ARABIA\")");
            assertThat(q.reason()).contains("title.ar: does not match the regex pattern");
            assertThat(q.reason().split("; ")).hasSize(2);
        });
    }

    @Test
    void quarantinesRecordWithUnknownCategory() {
        ObjectNode car = emigrationRecord("EMG-CAR-01");
        car.put("sectorCode", "XYZ");

        MappingResult result = emigrationMapping().map(emigrationRecordsWith(car), "REST", SYNCED_AT);

        assertThat(result.entries()).hasSize(3);
        assertThat(result.quarantined()).singleElement().extracting(QuarantinedRecord::reason)
                .isEqualTo("category: is missing but required (code list 'category' has no mapping for 'XYZ')");
    }

    @Test
    void quarantinesRecordWhoseCodeListGivesCategoryOutsideTheVocabulary() {
        Map<String, Object> codeLists = Fixtures.codeLists("codelists/emigration.json");
        codeLists.put("category", Map.of("CUS", "CUSTOMS_AND_TAXES", "HSG", "HOUSING", "BNK", "BANKING",
                "EDU", "EDUCATION"));
        CatalogueMapping mapping = CatalogueMapping.compile("emigration",
                text("mappings/emigration-privileges.jsonata"), codeLists);

        MappingResult result = mapping.map(emigrationRecords(), "REST", SYNCED_AT);

        assertThat(result.quarantined()).singleElement().extracting(QuarantinedRecord::reason).asString()
                .startsWith("category: does not have a value in the enumeration [\"DOCUMENTS\", \"CONSULAR\",")
                .endsWith("(found \"CUSTOMS_AND_TAXES\")");
    }

    @Test
    void quarantinesLaterRecordWithDuplicateCode() {
        ObjectNode copy = emigrationRecord("EMG-CAR-01");
        copy.put("nameEn", "Car import (second copy)");
        List<JsonNode> feed = new ArrayList<>(emigrationRecords());
        feed.add(copy);

        MappingResult result = emigrationMapping().map(feed, "REST", SYNCED_AT);

        assertThat(result.entries()).hasSize(4);
        assertThat(entry(result, "emigration.EMG-CAR-01").title().en())
                .isEqualTo("Duty-free car import against a foreign-currency deposit");
        assertThat(result.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo("duplicate code EMG-CAR-01 in feed");
            assertThat(q.sourceRecord()).contains("Car import (second copy)");
        });
    }

    @Test
    void rejectsMappingWithJsonataSyntaxErrorNamingEntityAndPosition() {
        String broken = """
                {
                  "code": privilegeNo,
                  "title": { "ar": nameAr "en": nameEn }
                }""";

        assertThatThrownBy(() -> emigrationMappingOf(broken))
                .isInstanceOf(MappingDefinitionException.class)
                .hasMessageStartingWith("mapping for entity 'emigration' is not valid JSONata: ")
                .hasMessageContaining("position")
                .hasMessageContaining("line 3");
    }

    @Test
    void rejectsEmptyMappingAndMalformedEntityId() {
        assertThatThrownBy(() -> emigrationMappingOf("  "))
                .isInstanceOf(MappingDefinitionException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> CatalogueMapping.compile("Emigration Ministry", "{}", Map.of()))
                .isInstanceOf(MappingDefinitionException.class)
                .hasMessageContaining("'Emigration Ministry'");
    }

    @Test
    void quarantinesRecordWhoseMappingFailsAtRuntime() {
        CatalogueMapping mapping = emigrationMappingOf("{ \"code\": privilegeNo, \"kind\": nameEn + 1 }");

        MappingResult result = mapping.map(emigrationRecords(), "REST", SYNCED_AT);

        assertThat(result.entries()).isEmpty();
        assertThat(result.quarantined()).hasSize(4).allSatisfy(q -> assertThat(q.reason())
                .startsWith("mapping failed: ")
                .contains("\"+\" operator"));
    }

    @Test
    void quarantinesRecordWhenMappingReturnsNoObject() {
        List<JsonNode> car = List.of(emigrationRecord("EMG-CAR-01"));

        assertThat(emigrationMappingOf("nameEn").map(car, "REST", SYNCED_AT).quarantined())
                .singleElement().extracting(QuarantinedRecord::reason)
                .isEqualTo("mapping returned a string, expected one object per record");
        assertThat(emigrationMappingOf("noSuchField").map(car, "REST", SYNCED_AT).quarantined())
                .singleElement().extracting(QuarantinedRecord::reason)
                .isEqualTo("mapping returned nothing, expected one object per record");
    }

    @Test
    void leavesOutARecordWhoseMappingAnswersExcludeWithAReason() {
        ObjectNode closed = emigrationRecord("EMG-CAR-01");
        closed.put("status", "CLOSED");
        ObjectNode open = emigrationRecord("EMG-CAR-01");
        open.put("status", "OPEN");
        CatalogueMapping mapping = emigrationMappingOf(
                "status = \"CLOSED\" ? {\"$exclude\": \"programme closed\", \"code\": privilegeNo} : {\"code\": 1}");

        List<MappedRecord> mapped = mapping.mapEach(List.of(closed, open), "REST", SYNCED_AT);

        assertThat(mapped.get(0).excluded()).isTrue();
        assertThat(mapped.get(0).excludedReason()).isEqualTo("programme closed");
        assertThat(mapped.get(0).excludedCode()).isEqualTo("EMG-CAR-01");
        assertThat(mapped.get(0).entry()).isNull();
        assertThat(mapped.get(0).quarantined()).isNull();
        assertThat(mapped.get(1).excluded()).isFalse();
        assertThat(mapped.get(1).quarantined()).isNotNull();
        MappingResult result = mapping.map(List.of(closed, open), "REST", SYNCED_AT);
        assertThat(result.entries()).isEmpty();
        assertThat(result.quarantined()).hasSize(1);
    }

    @Test
    void quarantinesAHalfWrittenExclusionRatherThanDropOrPublishTheRecord() {
        List<JsonNode> car = List.of(emigrationRecord("EMG-CAR-01"));

        assertThat(emigrationMappingOf("{\"$exclude\": true}").map(car, "REST", SYNCED_AT).quarantined())
                .singleElement().extracting(QuarantinedRecord::reason).asString()
                .contains("$exclude: must be the reason the record is left out");
        assertThat(emigrationMappingOf("{\"$exclude\": \"closed\", \"title\": nameEn}").map(car, "REST", SYNCED_AT)
                .quarantined()).singleElement().extracting(QuarantinedRecord::reason).asString()
                .contains("title: not allowed with $exclude");
        assertThat(emigrationMappingOf("{\"$exclude\": \"closed\", \"code\": 7}").map(car, "REST", SYNCED_AT)
                .quarantined()).singleElement().extracting(QuarantinedRecord::reason).asString()
                .contains("code: must be a non-empty string");
    }

    @Test
    void quarantinesRecordWithoutCode() {
        ObjectNode car = emigrationRecord("EMG-CAR-01");
        car.remove("privilegeNo");

        MappingResult result = emigrationMapping().map(List.of(car), "REST", SYNCED_AT);

        assertThat(result.quarantined()).singleElement().extracting(QuarantinedRecord::reason)
                .isEqualTo("code: is missing but required");
    }

    @Test
    void quarantinesRecordWhenMappingSetsEngineFieldsOrUnknownFields() {
        String expression = text("mappings/emigration-privileges.jsonata")
                .replace("\"code\": privilegeNo,", "\"code\": privilegeNo, \"id\": privilegeNo, \"titel\": nameEn,");

        MappingResult result = emigrationMappingOf(expression).map(List.of(emigrationRecord("EMG-CAR-01")), "REST",
                SYNCED_AT);

        assertThat(result.quarantined()).singleElement().extracting(QuarantinedRecord::reason).asString()
                .contains("id: is set by the engine, the mapping must not return it")
                .contains("titel: is not allowed here (unknown field)");
    }

    @Test
    void acceptsNumericCodesAsTheirDecimalText() {
        ObjectNode car = emigrationRecord("EMG-CAR-01");
        car.put("privilegeNo", 1024);

        MappingResult result = emigrationMapping().map(List.of(car), "REST", SYNCED_AT);

        assertThat(result.entries()).singleElement().extracting(CatalogueEntry::id).isEqualTo("emigration.1024");
    }

    @Test
    void quarantinesUnreadableRecordsWithTheReadersReason() {
        String feed = "[" + emigrationRecord("EMG-BNK-03") + ", \"EMG-CAR-01\"]";

        MappingResult result = emigrationMapping().map(NativeRecords.fromJson(feed, ""), "REST", SYNCED_AT);

        assertThat(result.entries()).hasSize(1);
        assertThat(result.quarantined()).singleElement().satisfies(q -> {
            assertThat(q.reason()).isEqualTo("record 2 is a string, not an object");
            assertThat(q.sourceRecord()).isEqualTo("\"EMG-CAR-01\"");
        });
    }

    @Test
    void stopsRunawayRecursionWithoutHangingTheSync() {
        CatalogueMapping mapping = emigrationMappingOf(
                "( $deeper := function($n) { 1 + $deeper($n + 1) }; { \"code\": privilegeNo, \"kind\": $deeper(0) } )");

        MappingResult result = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> mapping.map(emigrationRecords(), "REST", SYNCED_AT));

        assertThat(result.entries()).isEmpty();
        assertThat(result.quarantined()).hasSize(4)
                .allSatisfy(q -> assertThat(q.reason()).startsWith("mapping failed: ").containsIgnoringCase("depth"));
    }

    @Test
    void skipsRestOfFeedAfterRepeatedTimeouts() {
        // tail recursion does not grow the depth, so only the time budget stops it
        CatalogueMapping mapping = emigrationMappingOf(
                "( $forever := function($n) { $n < 0 ? $n : $forever($n + 1) }; { \"code\": privilegeNo, \"kind\": $forever(0) } )")
                .withLimits(50, CatalogueMapping.DEFAULT_MAX_DEPTH);
        List<JsonNode> feed = new ArrayList<>(emigrationRecords());
        feed.addAll(emigrationRecords());

        MappingResult result = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> mapping.map(feed, "REST", SYNCED_AT));

        assertThat(result.entries()).isEmpty();
        assertThat(result.quarantined()).hasSize(8);
        assertThat(result.quarantined().subList(0, CatalogueMapping.MAX_TIMEOUTS_PER_FEED))
                .allSatisfy(q -> assertThat(q.reason()).containsIgnoringCase("timeout"));
        assertThat(result.quarantined().subList(CatalogueMapping.MAX_TIMEOUTS_PER_FEED, 8))
                .allSatisfy(q -> assertThat(q.reason()).contains("the rest was skipped"));
    }

    @Test
    void mapsAFeedOfManySlicesOnSeveralThreadsExactlyAsOnOne() throws Exception {
        List<JsonNode> feed = new ArrayList<>();
        for (int i = 0; i < 3 * CatalogueMapping.SLICE + 17; i++) {
            ObjectNode record = emigrationRecord("EMG-CAR-01");
            // a code seen in the first slice comes back in the second and the last; every 97th record is broken
            int code = i == CatalogueMapping.SLICE + 3 || i == 3 * CatalogueMapping.SLICE + 5 ? 10 : i;
            record.put("privilegeNo", "EMG-CAR-" + code);
            if (i % 97 == 0) {
                record.remove("nameAr");
            }
            feed.add(record);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<MappedRecord> alone = emigrationMapping().mapEach(feed, "REST", SYNCED_AT);
            List<MappedRecord> together = emigrationMapping().mapEach(feed, "REST", SYNCED_AT, task -> pool.execute(
                    () -> {
                        threads.add(Thread.currentThread().getName());
                        task.run();
                    }));

            assertThat(threads).hasSize(4).allSatisfy(name -> assertThat(name).startsWith("pool-"));
            assertThat(together).hasSameSizeAs(alone);
            for (int i = 0; i < alone.size(); i++) {
                assertThat(together.get(i).entry()).as("record %d", i).isEqualTo(alone.get(i).entry());
                assertThat(together.get(i).quarantined()).as("record %d", i).isEqualTo(alone.get(i).quarantined());
            }
            assertThat(together.get(10).entry()).isNotNull();
            assertThat(together.get(CatalogueMapping.SLICE + 3).quarantined().reason())
                    .startsWith("duplicate code EMG-CAR-10 in feed");
            assertThat(together.get(3 * CatalogueMapping.SLICE + 5).quarantined().reason())
                    .startsWith("duplicate code EMG-CAR-10 in feed");
            // the broken records (0, 97, …) and the two repeats
            int broken = (feed.size() - 1) / 97 + 1;
            assertThat(together.stream().filter(r -> r.quarantined() != null)).hasSize(broken + 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void skipsRestOfAFeedMappedOnSeveralThreadsOnceTheTimeoutBudgetIsSpent() {
        CatalogueMapping mapping = emigrationMappingOf(
                "( $forever := function($n) { $n < 0 ? $n : $forever($n + 1) }; { \"code\": privilegeNo, \"kind\": $forever(0) } )")
                .withLimits(50, CatalogueMapping.DEFAULT_MAX_DEPTH);
        List<JsonNode> feed = new ArrayList<>();
        for (int i = 0; i < 2 * CatalogueMapping.SLICE; i++) {
            feed.add(emigrationRecord("EMG-CAR-01").put("privilegeNo", "EMG-CAR-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<MappedRecord> mapped = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> mapping.mapEach(feed, "REST", SYNCED_AT, pool));

            long timedOut = mapped.stream().filter(r -> r.quarantined().reason().toLowerCase().contains("timeout"))
                    .count();
            // each thread may start one evaluation while the last timeout of the budget is being reached
            assertThat(timedOut).isBetween((long) CatalogueMapping.MAX_TIMEOUTS_PER_FEED,
                    (long) CatalogueMapping.MAX_TIMEOUTS_PER_FEED + 1);
            assertThat(mapped.stream().filter(r -> r.quarantined().reason().contains("the rest was skipped")))
                    .hasSize(feed.size() - (int) timedOut);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void doesNotLeakVariablesFromOneRecordIntoTheNext() {
        String expression = text("mappings/emigration-privileges.jsonata")
                .replaceFirst("\\{", "( \\$leaked := \\$exists(\\$previous); \\$previous := privilegeNo; {")
                + ")";
        expression = expression.replace("\"en\": nameEn", "\"en\": $leaked ? \"LEAKED\" : nameEn");

        MappingResult result = emigrationMappingOf(expression).map(emigrationRecords(), "REST", SYNCED_AT);

        assertThat(result.entries()).hasSize(4)
                .allSatisfy(e -> assertThat(e.title().en()).isNotEqualTo("LEAKED"));
    }

    @Test
    void mapsTheRecordsAfterOneThatTimedOutAsIfItHadNotRun() {
        // the parsed expression is reused per thread: a record cut short by its time budget must not affect the next
        String expression = text("mappings/emigration-privileges.jsonata")
                .replaceFirst("\\{", "( \\$forever := function(\\$n) { \\$n < 0 ? \\$n : \\$forever(\\$n + 1) };"
                        + " \\$stuck := privilegeNo = \"EMG-HSG-07\" ? \\$forever(0) : false; {")
                + ")";
        List<JsonNode> records = emigrationRecords();
        CatalogueMapping mapping = emigrationMappingOf(expression).withLimits(200, CatalogueMapping.DEFAULT_MAX_DEPTH);

        MappingResult result = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> mapping.map(records, "REST", SYNCED_AT));

        assertThat(result.quarantined()).singleElement()
                .satisfies(q -> assertThat(q.reason()).containsIgnoringCase("timeout"));
        List<CatalogueEntry> expected = emigrationMapping().map(records, "REST", SYNCED_AT).entries().stream()
                .filter(e -> !e.id().equals("emigration.EMG-HSG-07")).toList();
        assertThat(result.entries()).isEqualTo(expected);
    }

    @Test
    void mapsTheSameFeedConcurrentlyWithIdenticalResults() throws Exception {
        CatalogueMapping mapping = emigrationMapping();
        List<JsonNode> records = emigrationRecords();
        MappingResult expected = mapping.map(records, "REST", SYNCED_AT);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<MappingResult>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tasks.add(() -> mapping.map(records, "REST", SYNCED_AT));
            }
            for (Future<MappingResult> future : pool.invokeAll(tasks)) {
                assertThat(future.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void provenanceCarriesTheHashOfTheMappedEntry() {
        MappingResult result = emigrationMapping().map(emigrationRecords(), "REST", SYNCED_AT);

        assertThat(result.entries()).hasSize(4).allSatisfy(e -> assertThat(e.provenance().contentHash())
                .isEqualTo(CanonicalJson.contentHash(e))
                .isNotEqualTo("sha256:" + "0".repeat(64)));
    }

    @Test
    void keepsContentHashAcrossSyncsAndChangesItWithContent() {
        CatalogueMapping mapping = emigrationMapping();
        MappingResult monday = mapping.map(emigrationRecords(), "REST", Instant.parse("2025-11-24T03:00:00Z"));
        MappingResult tuesday = mapping.map(emigrationRecords(), "REST", Instant.parse("2025-11-25T03:00:00Z"));
        ObjectNode cheaper = emigrationRecord("EMG-EDU-12");
        ((ObjectNode) cheaper.get("fee")).put("value", 120);
        MappingResult wednesday = mapping.map(emigrationRecordsWith(cheaper), "REST",
                Instant.parse("2025-11-26T03:00:00Z"));

        assertThat(hashes(tuesday)).isEqualTo(hashes(monday));
        assertThat(entry(tuesday, "emigration.EMG-CAR-01").provenance().syncedAt())
                .isNotEqualTo(entry(monday, "emigration.EMG-CAR-01").provenance().syncedAt());
        assertThat(hashes(wednesday).get("emigration.EMG-EDU-12")).isNotEqualTo(hashes(monday).get("emigration.EMG-EDU-12"));
        assertThat(hashes(wednesday).get("emigration.EMG-CAR-01")).isEqualTo(hashes(monday).get("emigration.EMG-CAR-01"));
    }

    @Test
    void writesFeeAmountsWithoutSpuriousDecimals() {
        MappingResult result = emigrationMapping().map(emigrationRecords(), "REST", SYNCED_AT);

        BigDecimal amount = entry(result, "emigration.EMG-HSG-07").fee().amount();
        assertThat(amount.toPlainString()).isEqualTo("1000");
        assertThat(CanonicalJson.toJson(entry(result, "emigration.EMG-HSG-07")))
                .contains("\"fee\":{\"amount\":1000,\"currency\":\"USD\"}");
    }

    @Test
    void copiesCodeListsWhenCompiling() {
        Map<String, Object> categories = new HashMap<>(Map.of("CUS", "CUSTOMS", "HSG", "HOUSING", "BNK", "BANKING",
                "EDU", "EDUCATION"));
        Map<String, Object> codeLists = new LinkedHashMap<>(Fixtures.codeLists("codelists/emigration.json"));
        codeLists.put("category", categories);
        CatalogueMapping mapping = CatalogueMapping.compile("emigration",
                text("mappings/emigration-privileges.jsonata"), codeLists);

        categories.put("CUS", "OTHER");

        assertThat(entry(mapping.map(emigrationRecords(), "REST", SYNCED_AT), "emigration.EMG-CAR-01").category())
                .isEqualTo(Category.CUSTOMS);
    }

    @Test
    void rejectsUnknownSourceProtocol() {
        assertThatThrownBy(() -> emigrationMapping().map(emigrationRecords(), "HTTP", SYNCED_AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HTTP");
    }

    private static CatalogueMapping emigrationMappingOf(String expression) {
        return Fixtures.emigrationMapping(expression);
    }

    private static Map<String, String> hashes(MappingResult result) {
        Map<String, String> hashes = new LinkedHashMap<>();
        result.entries().forEach(e -> hashes.put(e.id(), e.provenance().contentHash()));
        return hashes;
    }
}
