package eg.gov.bawaba.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureTextTest {

    @Test
    void masksNationalIdsPassportsAndPhoneNumbersKeepingTheLastTwoCharacters() {
        String masked = FailureText.masked("HTTP 500: applicant 29001011234567 (passport A12345678, phone +966501234567)");

        assertThat(masked).doesNotContain("29001011234567").doesNotContain("A12345678").doesNotContain("966501234567")
                .contains("••••••••••••67").contains("•••••••78").contains("+••••••••••67");
    }

    @Test
    void leavesStatusesPortsCountsAndApplicationIdsReadable() {
        String text = "HTTP 503 from http://localhost:65085/x after 3 attempts for 35cd612b-2d3e-4065-b2a5-d6850079246f";

        assertThat(FailureText.masked(text)).isEqualTo(text);
        assertThat(FailureText.masked(null)).isNull();
    }
}
