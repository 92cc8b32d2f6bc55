package eg.gov.bawaba.hub.api;

import eg.gov.bawaba.hub.catalogue.SyncAlreadyRunningException;
import eg.gov.bawaba.hub.entities.UnknownEntityException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/** Turns every failure of an API route into an RFC 9457 problem response; nothing reaches the caller as a stack trace. */
@Component
public class ApiErrorHandling extends RouteConfigurationBuilder {

    public static final String ID = "api";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(ApiProblem.class).handled(true)
                    .process(e -> {
                        ApiProblem p = e.getProperty(Exchange.EXCEPTION_CAUGHT, ApiProblem.class);
                        Problems.respond(e, p.status(), p.type(), p.title(), p.getMessage());
                        if (p.retryAfterSeconds() != null) {
                            e.getMessage().setHeader("Retry-After", String.valueOf(p.retryAfterSeconds()));
                        }
                    })
                .end()
                .onException(UnknownEntityException.class).handled(true)
                    .process(e -> Problems.respond(e, 404, "unknown-entity", "Unknown entity", caught(e).getMessage()))
                .end()
                .onException(SyncAlreadyRunningException.class).handled(true)
                    .process(e -> Problems.respond(e, 409, "sync-running", "Sync already running", caught(e).getMessage()))
                .end()
                .onException(Exception.class).handled(true)
                    .log(org.apache.camel.LoggingLevel.ERROR, "API request failed: ${exception.stacktrace}")
                    .process(e -> Problems.respond(e, 500, "internal-error", "Internal error",
                            "the request could not be completed; the failure is logged"))
                .end();
    }

    private static Throwable caught(Exchange e) {
        return e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
