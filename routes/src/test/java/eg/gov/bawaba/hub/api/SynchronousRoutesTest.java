package eg.gov.bawaba.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The API's reads answer on the request's own thread in one dispatch, problems too; writes keep the task pool. */
@Import(SynchronousRoutesTest.Dispatches.class)
class SynchronousRoutesTest extends HubTestSupport {

    @Autowired
    private Dispatches dispatches;

    @Test
    void answersACatalogueReadInOneDispatch() {
        sync("emigration");
        dispatches.seen.clear();

        assertThat(get("/api/v1/catalogue/emigration.CAR-IMPORT-01").getStatusCode().value()).isEqualTo(200);

        // an answer that came back from another thread would pass the filters a second time, as an ASYNC dispatch
        assertThat(dispatches.seen).containsExactly(DispatcherType.REQUEST);
    }

    @Test
    void answersAProblemOfARouteInOneDispatch() {
        dispatches.seen.clear();

        assertThat(get("/api/v1/catalogue/emigration.NO-SUCH").getStatusCode().value()).isEqualTo(404);

        assertThat(dispatches.seen).containsExactly(DispatcherType.REQUEST);
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

        assertThat(dispatches.seen).containsExactly(DispatcherType.REQUEST, DispatcherType.ASYNC);
    }

    /** Notes each dispatch of an API request through the servlet filters. */
    @TestConfiguration
    static class Dispatches {

        final List<DispatcherType> seen = new CopyOnWriteArrayList<>();

        @Bean
        FilterRegistrationBean<Filter> dispatchRecorder() {
            Filter filter = (request, response, chain) -> {
                seen.add(request.getDispatcherType());
                chain.doFilter(request, response);
            };
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
            registration.addUrlPatterns("/api/*");
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
            return registration;
        }
    }
}
