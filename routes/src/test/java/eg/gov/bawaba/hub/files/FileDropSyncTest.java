package eg.gov.bawaba.hub.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.connectors.CatalogueConnector;
import eg.gov.bawaba.hub.PasswdMarker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** Catalogue sync of entities that drop CSV, XML and JSON files into a folder, end to end through the real hub. */
class FileDropSyncTest extends FileDropHub {

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private CamelContext camel;

    @Test
    void csvWithBomAndArabicSyncsItsGoodRowsAndQuarantinesTheBadOne() {
        Path folder = dropFolder("nosi-csv");

        drop("nosi-bom-one-bad-row.csv", folder, "services.csv");

        awaitMoved(folder, "services.csv", "done");
        assertThat(activeEntries("nosi-csv")).isEqualTo(5);
        JsonNode entry = getJson("/api/v1/catalogue/nosi-csv.VOL-INS-01", "Accept-Language", "ar");
        assertThat(entry.get("title").asText()).isEqualTo("الاشتراك في التأمين الاختياري للمصريين العاملين بالخارج");
        assertThat(entry.at("/i18n/title/en").asText()).isEqualTo("Voluntary social insurance for Egyptians working abroad");
        assertThat(entry.get("category").asText()).isEqualTo("INSURANCE");
        assertThat(entry.at("/requiredDocuments").size()).isEqualTo(3);
        assertThat(entry.get("channels").toString()).contains("MOBILE_APP", "CONSULATE", "ENTITY_OFFICE");
        assertThat(entry.at("/provenance/sourceProtocol").asText()).isEqualTo("FILE");
        JsonNode statement = getJson("/api/v1/catalogue/nosi-csv.STATEMENT-05");
        assertThat(statement.at("/fee/amount").decimalValue()).isEqualByComparingTo("20");
        assertThat(statement.at("/fee/currency").asText()).isEqualTo("EGP");

        JsonNode quarantine = getJson("/ops/v1/quarantine?entity=nosi-csv");
        assertThat(quarantine.get("total").asInt()).isEqualTo(1);
        assertThat(quarantine.findValuesAsText("reason")).singleElement().asString()
                .startsWith("file services.csv, row 5: expected 15 columns, found 16");
        // the row's cells as a JSON array, not a string holding JSON
        assertThat(quarantine.at("/items/0/sourceRecord").isArray()).isTrue();
        assertThat(quarantine.at("/items/0/sourceRecord").toString()).contains("\"BAD-ROW-99\"");
        JsonNode sync = syncs("nosi-csv").get(0);
        assertThat(sync.get("trigger").asText()).isEqualTo("FILE");
        assertThat(sync.get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(sync.get("quarantined").asInt()).isEqualTo(1);
        assertThat(folder.resolve("error")).doesNotExist();
    }

    @Test
    void unreadableFilesGoToErrorBesideTheirReasonAndAreNeverTakenForAnEmptyCatalogue() {
        Path folder = dropFolder("nosi-broken");
        drop("nosi-v1.csv", folder, "services.csv");
        awaitMoved(folder, "services.csv", "done");

        drop("nosi-windows-1256.csv", folder, "services-excel.csv");
        awaitMoved(folder, "services-excel.csv", "error");
        drop("nosi-empty.csv", folder, "empty.csv");
        awaitMoved(folder, "empty.csv", "error");

        assertThat(folder.resolve("error/services-excel.csv")).hasSameBinaryContentAs(
                FIXTURES.resolve("nosi-windows-1256.csv"));
        assertThat(read(folder.resolve("error/services-excel.csv.reason")))
                .contains("services-excel.csv could not be read")
                .contains("not valid UTF-8")
                .contains("Nothing in it was applied");
        assertThat(read(folder.resolve("error/empty.csv.reason"))).contains("empty");
        // a full-snapshot entity: had the unreadable files counted as empty feeds, everything would be withdrawn
        assertThat(activeEntries("nosi-broken")).isEqualTo(5);
        assertThat(syncs("nosi-broken")).hasSize(1);
    }

    @Test
    void sameFileDroppedAgainIsSyncedOnceEvenAfterARestartButAChangedFileOfTheSameNameIsSynced() throws Exception {
        Path folder = dropFolder("nosi-once");
        drop("nosi-v1.csv", folder, "services.csv");
        awaitMoved(folder, "services.csv", "done");
        assertThat(syncs("nosi-once")).hasSize(1);

        drop("nosi-v1.csv", folder, "services.csv");
        awaitMoved(folder, "services.csv", "done");
        assertThat(syncs("nosi-once")).hasSize(1);

        // stopping the route stops the processed-files repository; started again, it answers from the database
        String route = CatalogueConnector.fetchRouteId("nosi-once");
        camel.getRouteController().stopRoute(route);
        camel.getRouteController().startRoute(route);
        drop("nosi-v1.csv", folder, "services.csv");
        awaitMoved(folder, "services.csv", "done");
        assertThat(syncs("nosi-once")).hasSize(1);

        drop("nosi-v2.csv", folder, "services.csv");
        awaitMoved(folder, "services.csv", "done");
        JsonNode history = syncs("nosi-once");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("updated").asInt()).isEqualTo(1);
        assertThat(read(folder.resolve("done/services.csv"))).isEqualTo(read(FIXTURES.resolve("nosi-v2.csv")));
    }

    @Test
    void fullSnapshotWithdrawsWhatTheFileNoLongerListsWhileDeltaOnlyUpserts() {
        for (String entity : new String[] {"nosi-full", "nosi-delta"}) {
            drop("nosi-v1.csv", dropFolder(entity), "services-2026-11-01.csv");
            awaitMoved(dropFolder(entity), "services-2026-11-01.csv", "done");
            drop("nosi-v2.csv", dropFolder(entity), "services-2026-11-02.csv");
            awaitMoved(dropFolder(entity), "services-2026-11-02.csv", "done");
        }

        assertThat(activeEntries("nosi-full")).isEqualTo(4);
        assertThat(getJson("/api/v1/catalogue/nosi-full.STATEMENT-05").at("/provenance/status").asText())
                .isEqualTo("WITHDRAWN");
        assertThat(syncs("nosi-full").get(0).get("withdrawn").asInt()).isEqualTo(1);
        assertThat(activeEntries("nosi-delta")).isEqualTo(5);
        assertThat(getJson("/api/v1/catalogue/nosi-delta.STATEMENT-05").at("/provenance/status").asText())
                .isEqualTo("ACTIVE");
        assertThat(syncs("nosi-delta").get(0).get("withdrawn").asInt()).isZero();
        for (String entity : new String[] {"nosi-full", "nosi-delta"}) {
            assertThat(getJson("/api/v1/catalogue/" + entity + ".CONTRIB-02", "Accept-Language", "en")
                    .get("title").asText()).isEqualTo("Paying social insurance contributions from abroad");
        }
    }

    @Test
    void xmlAndJsonFilesMapThroughTheSameMappingAsCsv() {
        drop("nosi-services.xml", dropFolder("nosi-xml"), "services.xml");
        drop("nosi-services.json", dropFolder("nosi-json"), "services.json");

        awaitMoved(dropFolder("nosi-xml"), "services.xml", "done");
        awaitMoved(dropFolder("nosi-json"), "services.json", "done");
        assertThat(activeEntries("nosi-xml")).isEqualTo(2);
        assertThat(getJson("/api/v1/catalogue/nosi-xml.SURVIVORS-07", "Accept-Language", "ar").get("title").asText())
                .isEqualTo("معاش المستحقين عن مؤمن عليه توفي بالخارج");
        assertThat(activeEntries("nosi-json")).isEqualTo(2);
        assertThat(getJson("/api/v1/catalogue/nosi-json.CONTRIB-02").at("/eligibility/conditions").size()).isEqualTo(2);
    }

    @Test
    void misspeltRecordElementSyncsAnEmptyFeedWithWarningsNamingTheElementsThere() {
        Path folder = dropFolder("nosi-xml-typo");

        drop("nosi-services.xml", folder, "services.xml");

        awaitMoved(folder, "services.xml", "done");
        JsonNode sync = syncs("nosi-xml-typo").get(0);
        assertThat(sync.get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(sync.get("received").asInt()).isZero();
        assertThat(sync.get("warnings").get(0).asText())
                .contains("recordElement 'servise' matched no element").contains("service");
        assertThat(sync.get("warnings").get(1).asText()).contains("the feed is empty");
    }

    @Test
    void misspeltRecordsPointerSendsTheFileToErrorNamingTheFieldsThere() {
        Path folder = dropFolder("nosi-json-typo");

        drop("nosi-services.json", folder, "services.json");

        awaitMoved(folder, "services.json", "error");
        assertThat(read(folder.resolve("error/services.json.reason")))
                .contains("no records at JSON pointer '/servicez'").contains("fields there: ").contains("services");
    }

    @Test
    void brokenXmlGoesToErrorWithTheParserReason() {
        Path folder = dropFolder("nosi-xml");

        drop("nosi-broken.xml", folder, "services-broken.xml");

        awaitMoved(folder, "services-broken.xml", "error");
        assertThat(read(folder.resolve("error/services-broken.xml.reason"))).contains("not well-formed XML");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void xmlWithAnExternalEntityGoesToErrorAndNothingOfTheFileItNamesAppearsAnywhere(CapturedOutput output) {
        Path folder = dropFolder("nosi-xml-hostile");

        drop("nosi-xxe.xml", folder, "services-xxe.xml");

        awaitMoved(folder, "services-xxe.xml", "error");
        assertRefusedWithoutTrace(folder, "services-xxe.xml", output);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void billionLaughsGoesToErrorWithoutExpandingAnything(CapturedOutput output) {
        Path folder = dropFolder("nosi-xml-hostile");

        drop("nosi-billion-laughs.xml", folder, "services-laughs.xml");

        awaitMoved(folder, "services-laughs.xml", "error");
        assertRefusedWithoutTrace(folder, "services-laughs.xml", output);
        assertThat(output.getAll()).doesNotContain("lollollollol");
    }

    private void assertRefusedWithoutTrace(Path folder, String name, CapturedOutput output) {
        String reason = read(folder.resolve("error/" + name + ".reason"));
        assertThat(reason).contains(name + " could not be read").contains("DTD").contains("Nothing in it was applied");
        assertThat(activeEntries("nosi-xml-hostile")).isZero();
        assertThat(syncs("nosi-xml-hostile")).isEmpty();
        String passwd = PasswdMarker.firstLine();
        assertThat(reason).doesNotContain(passwd);
        assertThat(getJson("/ops/v1/quarantine?entity=nosi-xml-hostile").toString()).doesNotContain(passwd);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM catalogue_entry WHERE document LIKE ?", Integer.class,
                "%" + passwd + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine_record WHERE entity_id = 'nosi-xml-hostile'",
                Integer.class)).isZero();
        assertThat(output.getAll()).doesNotContain(passwd);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void refusedEmptySnapshotIsExplainedBesideTheFileWithoutAStackTrace(CapturedOutput output) {
        Path folder = dropFolder("nosi-refused");
        drop("nosi-v1.csv", folder, "services.csv");
        awaitMoved(folder, "services.csv", "done");

        drop("nosi-header-only.csv", folder, "services-empty.csv");
        awaitMoved(folder, "services-empty.csv", "error");

        assertThat(read(folder.resolve("error/services-empty.csv.reason"))).contains("refusing to withdraw all 5");
        assertThat(activeEntries("nosi-refused")).isEqualTo(5);
        // the operator's signal is the reason file, the failed sync and one line: no error handler's stack trace
        assertThat(output.getAll()).doesNotContain("Exhausted after delivery attempt")
                .doesNotContain("at eg.gov.bawaba.hub.catalogue.CatalogueSyncService.apply");
    }

    @Test
    void fileTheHubCannotApplyGoesToErrorAndSyncsWhenDroppedAgainAfterTheFix() throws Exception {
        Path folder = dropFolder("nosi-down");
        // a real database failure: the catalogue table is gone while the file arrives
        jdbc.execute("ALTER TABLE catalogue_entry RENAME TO catalogue_entry_away");
        try {
            drop("nosi-v1.csv", folder, "services.csv");
            awaitMoved(folder, "services.csv", "error");
        } finally {
            jdbc.execute("ALTER TABLE catalogue_entry_away RENAME TO catalogue_entry");
        }
        assertThat(read(folder.resolve("error/services.csv.reason")))
                .contains("services.csv could not be applied to the catalogue")
                .containsIgnoringCase("CATALOGUE_ENTRY");
        assertThat(syncs("nosi-down").get(0).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(activeEntries("nosi-down")).isZero();

        // what the operator does once the database is back: move the file from error/ into the folder again
        Files.move(folder.resolve("error/services.csv"), folder.resolve("services.csv"), StandardCopyOption.ATOMIC_MOVE);

        awaitMoved(folder, "services.csv", "done");
        assertThat(activeEntries("nosi-down")).isEqualTo(5);
        assertThat(syncs("nosi-down").get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
    }
}
