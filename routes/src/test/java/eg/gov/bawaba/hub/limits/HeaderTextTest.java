package eg.gov.bawaba.hub.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HeaderTextTest {

    // StrictHttpFirewall's own expressions (Spring Security 6.5), which HeaderText must answer exactly as
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void answersAsTheFirewallsExpressionsForEveryCodePoint() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String text = "a" + new String(Character.toChars(codePoint)) + "b";
            assertThat(HeaderText.assignedAndNotControl(text)).as("U+%04X", codePoint)
                    .isEqualTo(NAMES.matcher(text).matches());
            assertThat(HeaderText.assignedAndNotControlExceptTab(text)).as("U+%04X", codePoint)
                    .isEqualTo(VALUES.matcher(text).matches());
        }
    }

    @Test
    void answersAsTheFirewallsExpressionsForMixedTextWithLoneSurrogates() {
        Random random = new Random(20261208);
        char[] pool = {'B', 'e', ' ', '\t', '\n', '\u0085', 'ع', 'ر', '\u0378', '\uD83D', '\uDE00', '\uDFFF', '~',
            '\u007f'};
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                text.append(pool[random.nextInt(pool.length)]);
            }
            String s = text.toString();
            assertThat(HeaderText.assignedAndNotControl(s)).as(s).isEqualTo(NAMES.matcher(s).matches());
            assertThat(HeaderText.assignedAndNotControlExceptTab(s)).as(s).isEqualTo(VALUES.matcher(s).matches());
        }
    }

    @Test
    void allowsATokenArabicTextAndTabsInValuesOnly() {
        String bearer = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl-_";
        assertThat(HeaderText.assignedAndNotControlExceptTab(bearer)).isTrue();
        assertThat(HeaderText.assignedAndNotControlExceptTab("ar-EG,ar;q=0.9 مرحبا")).isTrue();
        assertThat(HeaderText.assignedAndNotControlExceptTab("a\tb")).isTrue();
        assertThat(HeaderText.assignedAndNotControl("a\tb")).isFalse();
        assertThat(HeaderText.assignedAndNotControlExceptTab("a\u0000b")).isFalse();
        assertThat(HeaderText.assignedAndNotControlExceptTab(bearer + "\u0085")).isFalse();
        assertThat(HeaderText.assignedAndNotControlExceptTab("\u0378")).isFalse();
    }
}
