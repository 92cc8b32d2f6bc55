package eg.gov.bawaba.hub.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Catalogue sync of an entity that drops its files on its own SFTP server (a real Apache MINA SSHD server), logged
 * into with the user name and password the environment holds, its host key checked against a known_hosts file.
 */
class SftpDropSyncTest extends FileDropHub {

    private static final Path REMOTE = SFTP.folder("drops/nosi");

    @Test
    void csvDroppedOnTheEntitysSftpServerIsSyncedAndMovedToDoneThere() {
        drop("nosi-bom-one-bad-row.csv", REMOTE, "services.csv");

        awaitMoved(REMOTE, "services.csv", "done");
        assertThat(activeEntries("nosi-sftp")).isEqualTo(5);
        JsonNode entry = getJson("/api/v1/catalogue/nosi-sftp.PENSION-ABROAD-03", "Accept-Language", "ar");
        assertThat(entry.get("title").asText()).isEqualTo("صرف المعاش بالخارج");
        assertThat(entry.at("/provenance/sourceProtocol").asText()).isEqualTo("SFTP");
        assertThat(getJson("/ops/v1/quarantine?entity=nosi-sftp").get("total").asInt()).isEqualTo(1);
        assertThat(syncs("nosi-sftp").get(0).get("trigger").asText()).isEqualTo("SFTP");
    }

    @Test
    void logsInWithCredentialsFromSecretFiles() {
        Path remote = SFTP.folder("drops/nosi-files");
        drop("nosi-bom-one-bad-row.csv", remote, "services.csv");

        awaitMoved(remote, "services.csv", "done");
        assertThat(activeEntries("nosi-sftp-files")).isEqualTo(5);
    }

    @Test
    void unreadableFileOnTheSftpServerIsMovedToErrorBesideItsReasonThere() {
        drop("nosi-windows-1256.csv", REMOTE, "services-excel.csv");

        awaitMoved(REMOTE, "services-excel.csv", "error");
        assertThat(read(REMOTE.resolve("error/services-excel.csv.reason")))
                .contains("services-excel.csv could not be read")
                .contains("not valid UTF-8");
    }
}
