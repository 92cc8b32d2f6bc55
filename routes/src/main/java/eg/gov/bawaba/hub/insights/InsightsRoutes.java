package eg.gov.bawaba.hub.insights;

import eg.gov.bawaba.hub.api.ApiErrorHandling;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/** REST DSL of the insights API (/api/v1/insights) and the timer that flushes counted events to the database. */
@Component
public class InsightsRoutes extends RouteBuilder {

    private final InsightsApi api;
    private final Insights insights;

    public InsightsRoutes(InsightsApi api, Insights insights) {
        this.api = api;
        this.insights = insights;
    }

    @Override
    public void configure() {
        rest("/api/v1/insights").description("Anonymous interest events, k-anonymous reports and recommendations")
                .post("/events").id("insights-events-api")
                    .description("One anonymous event, or an array of up to 1000; unknown fields are refused")
                    .consumes("application/json").produces("application/json")
                    .responseMessage().code(202).message("Counted").endResponseMessage()
                    .responseMessage().code(422).message("An event has an unknown or invalid field (problem+json)").endResponseMessage()
                    .responseMessage().code(503).message("Too many counts wait for the flush; retry after Retry-After seconds (problem+json)").endResponseMessage()
                    .to("direct:insights-events")
                .get("/top-interests").id("insights-top-interests-api")
                    .description("Entries and categories most viewed and applied for; groups under k are left out")
                    .produces("application/json")
                    .param().name("country").type(RestParamType.query).description("ISO country of residence; none means all").required(false).endParam()
                    .param().name("from").type(RestParamType.query).description("First day (UTC), default 29 days before to").required(false).endParam()
                    .param().name("to").type(RestParamType.query).description("Last day (UTC), default today").required(false).endParam()
                    .param().name("limit").type(RestParamType.query).description("1-100, default 20").required(false).endParam()
                    .to("direct:insights-top-interests")
                .get("/demand-gaps").id("insights-demand-gaps-api")
                    .description("Normalised searches that found nothing, most frequent first; groups under k are left out")
                    .produces("application/json")
                    .param().name("country").type(RestParamType.query).required(false).endParam()
                    .param().name("from").type(RestParamType.query).required(false).endParam()
                    .param().name("to").type(RestParamType.query).required(false).endParam()
                    .param().name("limit").type(RestParamType.query).required(false).endParam()
                    .to("direct:insights-demand-gaps")
                .get("/recommendations").id("insights-recommendations-api")
                    .description("Ranked items a profile is eligible for, each with its reasons")
                    .produces("application/json")
                    .param().name("country").type(RestParamType.query).description("ISO country of residence").required(true).endParam()
                    .param().name("occupation").type(RestParamType.query).description("Occupation category").required(false).endParam()
                    .param().name("interests").type(RestParamType.query).description("Comma-separated words or categories").required(false).endParam()
                    .param().name("limit").type(RestParamType.query).description("1-100, default 20").required(false).endParam()
                    .param().name("Accept-Language").type(RestParamType.header).description("ar (default) or en").required(false).endParam()
                    .to("direct:insights-recommendations");

        from("direct:insights-events").routeId("insights-events").routeConfigurationId(ApiErrorHandling.ID)
                .bean(api, "events");
        from("direct:insights-top-interests").routeId("insights-top-interests")
                .routeConfigurationId(ApiErrorHandling.ID)
                .bean(api, "topInterests");
        from("direct:insights-demand-gaps").routeId("insights-demand-gaps").routeConfigurationId(ApiErrorHandling.ID)
                .bean(api, "demandGaps");
        from("direct:insights-recommendations").routeId("insights-recommendations")
                .routeConfigurationId(ApiErrorHandling.ID)
                .bean(api, "recommendations");

        from("timer:insights-flush?period={{bawaba.insights.flush-interval}}&delay={{bawaba.insights.flush-interval}}")
                .routeId("insights-flush")
                .bean(insights, "flush");
    }
}
