package eg.gov.bawaba.hub.experts;

import eg.gov.bawaba.hub.api.ApiErrorHandling;
import eg.gov.bawaba.hub.cluster.Singletons;
import eg.gov.bawaba.hub.ops.OpsAudit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * REST DSL of the experts registry (/api/v1/experts) and the timer that purges the personal data of experts who
 * withdrew their consent longer ago than the retention period.
 */
@Component
public class ExpertsApiRoutes extends RouteBuilder {

    /** The actor of scheduled purges in the audit log. */
    public static final String ACTOR = "bawaba-retention";

    private final ExpertsApi api;
    private final ExpertsRetention retention;
    private final OpsAudit audit;
    private final Singletons singletons;

    public ExpertsApiRoutes(ExpertsApi api, ExpertsRetention retention, OpsAudit audit, Singletons singletons) {
        this.singletons = singletons;
        this.api = api;
        this.retention = retention;
        this.audit = audit;
    }

    @Override
    public void configure() {
        rest("/api/v1/experts").description("Registry of Egyptian experts abroad, shown as each one consented")
                .post().id("experts-register-api").description("Register an expert with their consent, once")
                    .consumes("application/json").produces("application/json")
                    .param().name("Idempotency-Key").type(RestParamType.header).required(true)
                        .description("Unique per registration; a retry with the same key and body returns the first answer").endParam()
                    .responseMessage().code(201).message("Registered").endResponseMessage()
                    .responseMessage().code(409).message("Key reused with another body").endResponseMessage()
                    .responseMessage().code(422).message("Not acceptable, e.g. without consent (problem+json)").endResponseMessage()
                    .to("direct:experts-register")
                .get().id("experts-search-api").description("Search consenting experts")
                    .produces("application/json")
                    .param().name("field").type(RestParamType.query).required(false).description("A taxonomy id").endParam()
                    .param().name("q").type(RestParamType.query).required(false).description("Words, Arabic or English").endParam()
                    .param().name("country").type(RestParamType.query).required(false).description("ISO 3166-1 alpha-2").endParam()
                    .param().name("contribution").type(RestParamType.query).required(false).description("MENTORING, LECTURES, CONSULTING or INVESTMENT").endParam()
                    .param().name("limit").type(RestParamType.query).required(false).description("1-100 (default 20)").endParam()
                    .to("direct:experts-search")
                .get("/taxonomy").id("experts-taxonomy-api").description("The fields of expertise")
                    .produces("application/json")
                    .to("direct:experts-taxonomy")
                .post("/calls").id("experts-call-post-api").description("Post an entity's call for experts")
                    .consumes("application/json").produces("application/json")
                    .to("direct:experts-call-post")
                .get("/calls/{id}").id("experts-call-get-api").description("One call for experts")
                    .produces("application/json")
                    .to("direct:experts-call-get")
                .get("/calls/{id}/matches").id("experts-call-matches-api")
                    .description("Consenting experts matched to a call by field and country, ranked, with reasons")
                    .produces("application/json")
                    .to("direct:experts-call-matches")
                .get("/{id}").id("experts-get-api").description("One consenting expert, as far as consented")
                    .produces("application/json")
                    .to("direct:experts-get")
                .put("/{id}").id("experts-update-api").description("Replace an expert's profile and consent")
                    .consumes("application/json").produces("application/json")
                    .to("direct:experts-update")
                .delete("/{id}/consent").id("experts-withdraw-api")
                    .description("Withdraw consent: hidden at once, personal data purged after the retention period")
                    .to("direct:experts-withdraw");

        api("experts-register", "register");
        api("experts-search", "search");
        api("experts-taxonomy", "taxonomy");
        api("experts-call-post", "postCall");
        api("experts-call-get", "getCall");
        api("experts-call-matches", "matches");
        api("experts-get", "get");
        api("experts-update", "update");
        api("experts-withdraw", "withdraw");

        from(singletons.from("experts-retention",
                "timer:experts-retention?period={{bawaba.retention.interval}}&delay={{bawaba.retention.interval}}"))
                .routeId("experts-retention")
                .autoStartup("{{bawaba.retention.scheduling}}")
                .process(exchange -> {
                    ExpertsRetention.Outcome outcome = retention.purge();
                    if (outcome.purged() > 0) {
                        audit.record(ACTOR, "purge-personal-data", null, "withdrawn experts",
                                OpsAudit.Outcome.DONE, ExpertsRetention.detail(outcome));
                    }
                });
    }

    private void api(String routeId, String method) {
        from("direct:" + routeId).routeId(routeId).routeConfigurationId(ApiErrorHandling.ID).bean(api, method);
    }
}
