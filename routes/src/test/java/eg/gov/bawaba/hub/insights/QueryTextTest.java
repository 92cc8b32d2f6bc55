package eg.gov.bawaba.hub.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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

    @Test
    void textOfOnlyPunctuationBecomesEmpty() {
        assertThat(QueryText.normalise("?!  ...")).isEmpty();
    }
}
