package eg.gov.bawaba.hub.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What counts as UTF-8 for a request body: exactly what RFC 3629 allows, nothing Java would merely tolerate. */
class RequestBodyFilterTest {

    @Test
    void arabicTextAndCharactersBeyondTheBasicPlaneAreUtf8() {
        assertThat(RequestBodyFilter.notUtf8("{\"q\":\"سيارة 🚗\"}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(RequestBodyFilter.notUtf8(new byte[0])).isNull();
    }

    @Test
    void longBodiesAreCheckedToTheirEnd() {
        byte[] body = ("x".repeat(10_000) + "é").getBytes(StandardCharsets.UTF_8);
        body[body.length - 1] = (byte) 0xFF;

        assertThat(RequestBodyFilter.notUtf8(body)).contains("offset 10000 (0xC3)");
    }

    @Test
    void brokenOverlongSurrogateAndCutOffSequencesAreNot() {
        // Latin-1 é, an overlong NUL, an encoded surrogate, a three-byte sequence cut off by the end
        assertThat(RequestBodyFilter.notUtf8(new byte[] {'a', (byte) 0xE9, 'b'})).contains("offset 1 (0xE9)");
        assertThat(RequestBodyFilter.notUtf8(new byte[] {(byte) 0xC0, (byte) 0x80})).contains("offset 0 (0xC0)");
        assertThat(RequestBodyFilter.notUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).contains("offset 0");
        assertThat(RequestBodyFilter.notUtf8(new byte[] {'{', (byte) 0xE2, (byte) 0x82})).contains("offset 1 (0xE2)");
    }
}
