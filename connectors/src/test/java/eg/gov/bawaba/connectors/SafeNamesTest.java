package eg.gov.bawaba.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every file name Bawaba derives from input stays one name inside its folder. */
class SafeNamesTest {

    private static final Path FOLDER = Path.of("/srv/bawaba/drops/nosi");

    @ParameterizedTest
    @ValueSource(strings = {"../passwd", "../../etc/passwd", "/etc/passwd", "..\\..\\boot.ini", "C:\\Windows\\x",
            "a/b.csv", ".", "..", "", " ", "name\u0000.csv", "line\nbreak.csv"})
    void refusesEveryNameThatIsNotOnePlainSegment(String name) {
        assertThatThrownBy(() -> SafeNames.plainName(name)).isInstanceOf(SafeNames.UnsafeNameException.class);
        assertThatThrownBy(() -> SafeNames.child(FOLDER, name)).isInstanceOf(SafeNames.UnsafeNameException.class);
    }

    @Test
    void acceptsPlainNamesInAnyScriptAndKeepsThemInTheFolder() {
        assertThat(SafeNames.plainName("خدمات التأمينات.csv")).isEqualTo("خدمات التأمينات.csv");
        assertThat(SafeNames.plainName("..hidden-but-plain")).isEqualTo("..hidden-but-plain");
        assertThat(SafeNames.child(FOLDER, "APP-7f3a.json")).isEqualTo(FOLDER.resolve("APP-7f3a.json"));
        assertThatThrownBy(() -> SafeNames.plainName("x".repeat(256))).hasMessageContaining("255");
    }

    @Test
    void lastSegmentOfAReportedNameDropsEveryFolder() {
        assertThat(SafeNames.lastSegment("../../etc/cron.d/services.csv")).isEqualTo("services.csv");
        assertThat(SafeNames.lastSegment("..\\..\\services.csv")).isEqualTo("services.csv");
        assertThat(SafeNames.lastSegment("/etc/passwd")).isEqualTo("passwd");
        assertThatThrownBy(() -> SafeNames.lastSegment("uploads/..")).isInstanceOf(SafeNames.UnsafeNameException.class);
        assertThatThrownBy(() -> SafeNames.lastSegment(null)).isInstanceOf(SafeNames.UnsafeNameException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.jsonata", "nosi/../../escape.jsonata", "/etc/passwd", "\\etc\\passwd",
            "C:/Windows/win.ini", "nosi\\..\\..\\x", ".", "nosi/..", "", "a\u0000b"})
    void relativePathsMustStayInsideTheFolder(String relative) {
        assertThatThrownBy(() -> SafeNames.inside(FOLDER, relative)).isInstanceOf(SafeNames.UnsafeNameException.class);
    }

    @Test
    void relativePathsMayNameSubFolders() {
        assertThat(SafeNames.inside(FOLDER, "nosi/catalogue.jsonata")).isEqualTo(FOLDER.resolve("nosi/catalogue.jsonata"));
        assertThat(SafeNames.inside(FOLDER, "nosi/./x/../code-lists.yaml"))
                .isEqualTo(FOLDER.resolve("nosi/code-lists.yaml"));
    }
}
