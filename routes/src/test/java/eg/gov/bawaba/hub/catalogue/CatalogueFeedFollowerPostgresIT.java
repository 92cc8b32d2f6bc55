package eg.gov.bawaba.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import eg.gov.bawaba.hub.PostgresTestSchema;
import eg.gov.bawaba.mappings.CanonicalJson;
import eg.gov.bawaba.mappings.model.Bilingual;
import eg.gov.bawaba.mappings.model.CatalogueEntry;
import eg.gov.bawaba.mappings.model.Category;
import eg.gov.bawaba.mappings.model.Eligibility;
import eg.gov.bawaba.mappings.model.EntryKind;
import eg.gov.bawaba.mappings.model.EntryStatus;
import eg.gov.bawaba.mappings.model.Provenance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A cluster hub's follower of the catalogue change feed on PostgreSQL, with the gaps real concurrent syncs leave: a
 * change committed after a later one, and a change rolled back, decided by the writers' transactions and no clock.
 */
class CatalogueFeedFollowerPostgresIT {

    private static final PostgresTestSchema SCHEMA = new PostgresTestSchema();
    private static final Instant SYNCED_AT = Instant.parse("2026-12-07T06:00:00Z");

    private JdbcTemplate jdbc;
    private CatalogueIndex index;
    private CatalogueFeedFollower follower;
    private Connection slowSync;

    @BeforeAll
    static void migrate() {
        Flyway.configure().placeholders(Map.of("legacy_owner", "bawaba:legacy"))
                .dataSource(SCHEMA.url(), "postgres", "").schemas(SCHEMA.name()).load().migrate();
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.drop();
    }

    @BeforeEach
    void follower() throws Exception {
        jdbc = new JdbcTemplate(new DriverManagerDataSource(SCHEMA.url(), "postgres", ""));
        jdbc.execute("TRUNCATE catalogue_change RESTART IDENTITY");
        index = new CatalogueIndex();
        follower = new CatalogueFeedFollower(new CatalogueStore(jdbc), index, new FeedWriters(jdbc), null);
        follower.catchUp();
        slowSync = DriverManager.getConnection(SCHEMA.url(), "postgres", "");
        slowSync.setAutoCommit(false);
    }

    @AfterEach
    void close() throws Exception {
        slowSync.close();
        index.close();
    }

    @Test
    void waitsForAChangeThatCommitsAfterALaterOne() throws Exception {
        long before = follower.cursor();
        insert(slowSync, "lab.P1");
        insertCommitted("lab.P2");

        follower.follow();
        follower.follow();

        // the later change is served at once; the cursor and generation stay before the open transaction's change
        assertThat(index.document("lab.P2")).isPresent();
        assertThat(index.document("lab.P1")).isEmpty();
        assertThat(follower.cursor()).isEqualTo(before);

        slowSync.commit();
        follower.follow();

        assertThat(index.document("lab.P1")).isPresent();
        assertThat(follower.cursor()).isEqualTo(before + 2);
        assertThat(index.generation()).isEqualTo(before + 2);
    }

    @Test
    void followsOnOnceTheGapsTransactionRolledBack() throws Exception {
        long before = follower.cursor();
        insert(slowSync, "lab.P3");
        insertCommitted("lab.P4");
        follower.follow();
        assertThat(follower.cursor()).isEqualTo(before);

        slowSync.rollback();
        follower.follow();

        assertThat(index.document("lab.P3")).isEmpty();
        assertThat(index.document("lab.P4")).isPresent();
        assertThat(follower.cursor()).isEqualTo(before + 2);
    }

    @Test
    void keepsWaitingWhileTheGapsTransactionIsOpen() throws Exception {
        long before = follower.cursor();
        insert(slowSync, "lab.P5");
        insertCommitted("lab.P6");
        for (int i = 0; i < 5; i++) {
            follower.follow();
        }
        // another transaction on the feed's table comes and goes meanwhile: the gap's own writer is what counts
        insertCommitted("lab.P7");
        follower.follow();

        assertThat(follower.cursor()).isEqualTo(before);
        assertThat(index.document("lab.P7")).isPresent();

        slowSync.commit();
        follower.follow();
        assertThat(follower.cursor()).isEqualTo(before + 3);
        assertThat(index.document("lab.P5")).isPresent();
    }

    @Test
    void appliesWhatASyncRunningWhileTheIndexLoadedCommitsAfterwards() throws Exception {
        insert(slowSync, "lab.P8");
        insertCommitted("lab.P9");
        // a hub starting now loads the committed entries and the feed's last number, which is after P8's
        try (CatalogueIndex loaded = new CatalogueIndex()) {
            loaded.apply(List.of(entry("lab.P9")), 2);
            CatalogueFeedFollower starting = new CatalogueFeedFollower(new CatalogueStore(jdbc), loaded,
                    new FeedWriters(jdbc), null);
            starting.catchUp();
            assertThat(loaded.document("lab.P8")).isEmpty();

            slowSync.commit();
            starting.follow();

            assertThat(loaded.document("lab.P8")).isPresent();
            assertThat(starting.cursor()).isEqualTo(2);
        }
    }

    private void insertCommitted(String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SCHEMA.url(), "postgres", "")) {
            insert(connection, id);
        }
    }

    private static void insert(Connection connection, String id) throws SQLException {
        CatalogueEntry entry = entry(id);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO catalogue_change "
                + "(entry_id, entity_id, change_type, version, changed_at, document) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, "lab");
            insert.setString(3, "ADDED");
            insert.setLong(4, 1);
            insert.setObject(5, OffsetDateTime.ofInstant(SYNCED_AT, ZoneOffset.UTC));
            insert.setString(6, CanonicalJson.toJson(entry));
            insert.executeUpdate();
        }
    }

    private static CatalogueEntry entry(String id) {
        CatalogueEntry entry = new CatalogueEntry(id, "lab", EntryKind.SERVICE,
                new Bilingual("خدمة " + id, "Service " + id), new Bilingual("ملخص", "Summary"),
                Category.CUSTOMS, new Eligibility(List.of(), List.of()), null, List.of(), List.of("WEB"),
                null, null, null, null);
        return entry.withProvenance(new Provenance("REST", SYNCED_AT, CanonicalJson.contentHash(entry), 1,
                EntryStatus.ACTIVE));
    }
}
