package eg.gov.bawaba.hub.dryrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import eg.gov.bawaba.mappings.CanonicalJson;
import org.junit.jupiter.api.Test;

/** The hosts a live dry run would call are read as the connectors build their addresses, so none slips past the list. */
class DryRunHostsTest {

    @Test
    void aRestFetchCallsTheHostOfBaseUrlAndPathJoined() throws Exception {
        assertThat(DryRunService.hostsOf("rest", json("{\"baseUrl\": \"https://Staging.Example.gov.eg\", \"path\": \"/x\"}")))
                .containsExactly("staging.example.gov.eg:443");
        assertThat(DryRunService.hostsOf("rest", json("{\"baseUrl\": \"http://localhost:8091\", \"path\": \"@evil.example/x\"}")))
                .as("a path that turns the base into user info").containsExactly("evil.example:80");
        assertThat(DryRunService.hostsOf("rest", json("{\"baseUrl\": \"http://staging.example@evil.example:9\", \"path\": \"/\"}")))
                .containsExactly("evil.example:9");
    }

    @Test
    void aSoapFetchNamesItsAddressAndReadsNoLocalWsdl() throws Exception {
        assertThat(DryRunService.hostsOf("soap", json("{\"wsdl\": \"https://a.example/s?wsdl\", \"address\": \"http://b.example:8080/s\"}")))
                .containsExactly("a.example:443", "b.example:8080");
        assertThatThrownBy(() -> DryRunService.hostsOf("soap", json("{\"wsdl\": \"https://a.example/s?wsdl\"}")))
                .hasMessageContaining("connector.address");
        assertThatThrownBy(() -> DryRunService.hostsOf("soap",
                json("{\"wsdl\": \"file:/etc/passwd\", \"address\": \"https://a.example/s\"}")))
                .hasMessageContaining("not an http or https address");
    }

    private static JsonNode json(String text) throws Exception {
        return CanonicalJson.mapper().readTree(text);
    }
}
