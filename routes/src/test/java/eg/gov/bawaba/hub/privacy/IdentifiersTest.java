package eg.gov.bawaba.hub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hub's one rule for identifiers in free text: what it finds, what it leaves, and how it masks. */
class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"29901015559999", "A12345678", "+201001234567", "someone@example.com", "123456",
            "٢٩٩٠١٠١٥٥٥٩٩٩٩", "۲۹۹۰۱۰۱۵۵۵۹۹۹۹", "+20 100 123 4567", "0100-123-4567", "+44 (20) 7946 0958",
            "(02) 2345 6789", "هدى.كامل@مثال.مصر"})
    void findsEachKindOfIdentifierWholeInAnyScript(String identifier) {
        assertThat(Identifiers.isOne(identifier)).as(identifier).isTrue();
        assertThat(Identifiers.containsAny("before " + identifier + " after")).isTrue();
        assertThat(Identifiers.removed("before " + identifier + " after")).isEqualTo("before   after");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP 503", "port 65085", "12345", "2026-11-28", "07-12-2026", "4.17.0", "192.168.100.200",
            "35cd612b-2d3e-4065-b2a5-d6850079246f", "12345678-1234-4123-8123-123456789012", "12:30:45",
            "dentist licence", "رخصة طبيب أسنان", "postgres@127.0.0.1", "+1 555 1234", "20 100 123 4567 x"})
    void leavesNumbersThatNameNobodyAndUuidsAsTheyAre(String text) {
        assertThat(Identifiers.masked(text)).isEqualTo(text);
        assertThat(Identifiers.containsAny(text)).as(text).isFalse();
    }

    @Test
    void findsDigitRunsInsideOtherTokens() {
        assertThat(Identifiers.masked("req-29901015550002")).isEqualTo("req-••••••••••••02");
        assertThat(Identifiers.masked("req29901015550002")).isEqualTo("req••••••••••••02");
        assertThat(Identifiers.masked("id:٢٩٩٠١٠١٥٥٥٩٩٩٩.")).isEqualTo("id:••••••••••••٩٩.");
    }

    @Test
    void masksAllButTheLastTwoLettersOrDigitsAndKeepsPunctuation() {
        assertThat(Identifiers.masked("citizen 29001011234567, passport A12345678, phone +966501234567"))
                .isEqualTo("citizen ••••••••••••67, passport •••••••78, phone +••••••••••67");
        assertThat(Identifiers.masked("call +20 100 123 4567 or write to a.b@example.com"))
                .isEqualTo("call +•• ••• ••• ••67 or write to •.•@•••••••.•om");
        assertThat(Identifiers.masked("req-29901015550002", 'x')).isEqualTo("req-xxxxxxxxxxxx02");
        assertThat(Identifiers.masked(null)).isNull();
    }

    @Test
    void aMaskedTextHasNothingLeftToMask() {
        String masked = Identifiers.masked("29001011234567 A12345678 +20 100 123 4567 someone@example.com");

        assertThat(Identifiers.containsAny(masked)).isFalse();
        assertThat(Identifiers.masked(masked)).isEqualTo(masked);
    }

    @Test
    void aLongTextOfDigitsAndSpacesIsJudgedInOnePass() {
        String text = "1 ".repeat(50_000) + "x";

        assertThat(Identifiers.containsAny(text)).isFalse();
    }
}
