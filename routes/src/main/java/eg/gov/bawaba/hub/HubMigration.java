package eg.gov.bawaba.hub;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A Flyway migration written in Java, for what SQL cannot say alike on H2 and PostgreSQL; Spring Boot hands each such
 * bean to Flyway. Its checksum is fixed: the code of an applied migration may be tidied without Flyway refusing it.
 */
public abstract class HubMigration implements JavaMigration {

    private final MigrationVersion version;
    private final String description;
    private final int checksum;

    protected HubMigration(String version, String description, int checksum) {
        this.version = MigrationVersion.fromVersion(version);
        this.description = description;
        this.checksum = checksum;
    }

    @Override
    public MigrationVersion getVersion() {
        return version;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return checksum;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }
}
