package eg.gov.bawaba.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import eg.gov.bawaba.hub.HubTestSupport;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The API's reads answer on the request's own thread in one dispatch, problems too; writes keep the task pool. A hub
 * of its own (an extra servlet filter), so with a database and broker apart from the other tests' hub.
 */
@Import(SynchronousRoutesTest.Dispatches.class)
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:file:./target/test-data/dispatches-${random.uuid}/db/bawaba;DB_CLOSE_ON_EXIT=FALSE",
        "spring.artemis.embedded.data-directory=./target/test-data/dispatches-${random.uuid}/artemis"})
class SynchronousRoutesTest extends HubTestSupport {

    @Autowired
    private Dispatches dispatches;

    @Test
    void answersACatalogueReadInOneDispatch() {
        sync("emigration");
        dispatches.seen.clear();

        assertThat(get("/api/v1/catalogue/emigration.CAR-IMPORT-01").getStatusCode().value()).isEqualTo(200);

        await().untilAsserted(() -> assertThat(dispatches.seen).containsExactly("REQUEST"));
    }

    @Test
    void answersAProblemOfARouteInOneDispatch() {
        dispatches.seen.clear();

        assertThat(get("/api/v1/catalogue/emigration.NO-SUCH").getStatusCode().value()).isEqualTo(404);

        await().untilAsserted(() -> assertThat(dispatches.seen).containsExactly("REQUEST"));
    }

    @Test
    void answersAWriteFromTheTaskPoolInASecondDispatch() {
        dispatches.seen.clear();

        // an empty submission: refused by the route itself (422), after the hand-over to the pool
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add("Idempotency-Key", "synchronous-routes-1");
        assertThat(http.exchange("/api/v1/applications", HttpMethod.POST, new HttpEntity<>("{}", headers), String.class)
                .getStatusCode().value()).isEqualTo(422);

        await().untilAsserted(() -> assertThat(dispatches.seen).containsExactly("REQUEST then async", "ASYNC"));
    }

    /** Notes each dispatch of an API request through the servlet filters. */
    @TestConfiguration
    static class Dispatches {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @Bean
        FilterRegistrationBean<Filter> dispatchRecorder() {
            // noted when the dispatch ends, since the client may have its answer before: a request dispatch that
            // started asynchronous processing is followed by an ASYNC one, and only then
            Filter filter = (request, response, chain) -> {
                chain.doFilter(request, response);
                seen.add(request.getDispatcherType() + (request.isAsyncStarted() ? " then async" : ""));
            };
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
            registration.addUrlPatterns("/api/*");
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
            return registration;
        }
    }
}
