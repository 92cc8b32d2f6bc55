package eg.gov.bawaba.hub.applications;

import eg.gov.bawaba.hub.api.ApiErrorHandling;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/** REST DSL of the applications API (/api/v1/applications) and of the entities' status callbacks (/callbacks/v1). */
@Component
public class ApplicationsApiRoutes extends RouteBuilder {

    private final ApplicationsApi api;

    public ApplicationsApiRoutes(ApplicationsApi api) {
        this.api = api;
    }

    @Override
    public void configure() {
        rest("/api/v1/applications").description("Applications of citizens to entities")
                .post().id("applications-submit-api").description("Apply for a catalogue entry, once")
                    .consumes("application/json").produces("application/json")
                    .param().name("Idempotency-Key").type(RestParamType.header).required(true)
                        .description("Unique per application; a retry with the same key and body returns the first answer").endParam()
                    .responseMessage().code(202).message("Stored and queued for the entity").endResponseMessage()
                    .responseMessage().code(409).message("Key reused with another body").endResponseMessage()
                    .responseMessage().code(422).message("Not acceptable for this entry (problem+json)").endResponseMessage()
                    .to("direct:applications-submit")
                .get("/{id}").id("applications-get-api").description("Status and history of an application")
                    .produces("application/json")
                    .to("direct:applications-get");

        rest("/callbacks/v1/entities").description("Status reports from entities")
                .post("/{entityId}/applications/{reference}/status").id("applications-status-callback-api")
                    .apiDocs(false).to("direct:applications-status-callback");

        from("direct:applications-submit").routeId("applications-submit").routeConfigurationId(ApiErrorHandling.ID)
                .bean(api, "submit");
        from("direct:applications-get").routeId("applications-get").routeConfigurationId(ApiErrorHandling.ID)
                .bean(api, "get");
        from("direct:applications-status-callback").routeId("applications-status-callback")
                .routeConfigurationId(ApiErrorHandling.ID)
                .bean(api, "statusCallback");
    }
}
