package eg.gov.bawaba.hub.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryTextTest {

    @Test
    void spellingsOfOneSearchNormaliseAlike() {
        assertThat(QueryText.normalise("  Dentist   LICENCE!? ")).isEqualTo("dentist licence");
        assertThat(QueryText.normalise("أسنان")).isEqualTo(QueryText.normalise("اسنان"));
        assertThat(QueryText.normalise("مَدْرَسَة")).isEqualTo(QueryText.normalise("مدرسه"));
        assertThat(QueryText.normalise("ＡＢＣ")).isEqualTo("abc");
    }

    @Test
    void longTextIsCutToTheStoredLength() {
        assertThat(QueryText.normalise("a".repeat(300))).hasSize(QueryText.MAX_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"29901015559999", "A12345678", "+201001234567", "someone@example.com", "123456",
            "٢٩٩٠١٠١٥٥٥٩٩٩٩", "۲۹۹۰۱۰۱۵۵۵۹۹۹۹", "+20 100 123 4567", "0100-123-4567"})
    void anIdentifierIsRemovedBeforeTheTextIsCounted(String identifier) {
        assertThat(QueryText.normalise(identifier)).isEmpty();
        assertThat(QueryText.normalise("Passport renewal " + identifier + "!")).isEqualTo("passport renewal");
        assertThat(QueryText.normalise("رقم " + identifier + " تجديد")).isEqualTo("رقم تجديد");
    }

    @Test
    void digitsThatFoldingJoinsAreRemovedToo() {
        // a diacritic (fathatan) between groups of five digits: no run of six as typed, one of fourteen once folded
        assertThat(QueryText.normalise("29901\u064B01555\u064B9999")).isEmpty();
        // full-width digits fold to ASCII ones
        assertThat(QueryText.normalise("ID ２９９０１０１５５５９９９９")).isEqualTo("id");
    }

    @Test
    void shortNumbersAndYearsStayInTheText() {
        assertThat(QueryText.normalise("Form 2026 licence 12345")).isEqualTo("form 2026 licence 12345");
    }

    @Test
    void textOfOnlyPunctuationBecomesEmpty() {
        assertThat(QueryText.normalise("?!  ...")).isEmpty();
    }
}
