package eg.gov.bawaba.connectors.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8288 Link header fields as APIs really send them. */
class LinkHeaderTest {

    @Test
    void findsNextAmongSeveralLinksOfOneField() {
        assertThat(LinkHeader.target(List.of("<https://api.example/items?page=1>; rel=\"first\", "
                + "<https://api.example/items?page=3>; rel=\"next\", <https://api.example/items?page=9>; rel=\"last\""),
                "next")).contains("https://api.example/items?page=3");
    }

    @Test
    void readsAQuotedRelWithSeveralTypesAndIgnoresCase() {
        assertThat(LinkHeader.target(List.of("</items?page=2>; rel=\"Next   last\""), "next")).contains("/items?page=2");
        assertThat(LinkHeader.parse("</a>; rel=\"prev next\"")).singleElement()
                .satisfies(link -> assertThat(link.relations()).containsExactly("prev", "next"));
    }

    @Test
    void readsSeveralFieldsAndRelativeTargetsAsWritten() {
        assertThat(LinkHeader.target(List.of("</items?page=1>; rel=prev", "<?page=3>;rel=next"), "next"))
                .contains("?page=3");
    }

    @Test
    void keepsCommasAndSemicolonsInsideTheTargetAndQuotedParameters() {
        List<LinkHeader.Link> links = LinkHeader.parse(
                "</items?f=a,b;c>; title=\"x, y; rel=next\"; rel=prev, </items?p=2>; rel=next");

        assertThat(links).extracting(LinkHeader.Link::target).containsExactly("/items?f=a,b;c", "/items?p=2");
        assertThat(links.get(0).relations()).containsExactly("prev");
        assertThat(LinkHeader.target(List.of("</items?f=a,b;c>; title=\"x, y; rel=next\"; rel=prev"), "next")).isEmpty();
    }

    @Test
    void usesOnlyTheFirstRelAndPrefersTheExtendedForm() {
        assertThat(LinkHeader.target(List.of("</a>; rel=prev; rel=next"), "next")).isEmpty();
        assertThat(LinkHeader.target(List.of("</a>; rel*=UTF-8'en'next"), "next")).contains("/a");
    }

    @Test
    void findsNothingInFieldsWithoutNextOrThatBreakTheGrammar() {
        assertThat(LinkHeader.target(List.of(), "next")).isEmpty();
        assertThat(LinkHeader.target(List.of("rel=next"), "next")).isEmpty();
        assertThat(LinkHeader.target(List.of("<https://api.example/items?page=2"), "next")).isEmpty();
        assertThat(LinkHeader.target(List.of("</a>; anchor=\"#x\""), "next")).isEmpty();
        assertThat(LinkHeader.parse("</a>; rel=next garbage, </b>; rel=next")).isEmpty();
    }
}
