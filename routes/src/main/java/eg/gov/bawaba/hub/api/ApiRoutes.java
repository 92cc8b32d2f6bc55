package eg.gov.bawaba.hub.api;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * The unified app API under /api/v1 (catalogue and entities) as Camel REST DSL on the hub's HTTP server, and the REST
 * configuration every API shares; the published OpenAPI 3.1 documents ({@link OpenApiDocuments}) at
 * /api/v1/openapi.json and /ops/v1/openapi.json. The operations API is in {@link OpsRoutes}.
 */
@Component
public class ApiRoutes extends RouteBuilder {

    private final CatalogueApi catalogue;
    private final EntitiesApi entities;

    public ApiRoutes(CatalogueApi catalogue, EntitiesApi entities) {
        this.catalogue = catalogue;
        this.entities = entities;
    }

    @Override
    public void configure() {
        restConfiguration()
                .component("platform-http")
                .bindingMode(RestBindingMode.off);

        // the contracts are authored documents (docs/decisions/0013-api-contract.md), not generated from these routes
        rest("/api/v1/openapi.json").get().id("api-v1-openapi-api").apiDocs(false)
                .produces("application/json").to("direct:api-v1-openapi");
        rest("/ops/v1/openapi.json").get().id("ops-v1-openapi-api").apiDocs(false)
                .produces("application/json").to("direct:ops-v1-openapi");

        rest("/api/v1/catalogue").description("Canonical catalogue of services, privileges, training and content")
                .get().id("catalogue-list-api").description("List and search catalogue entries")
                    .produces("application/json")
                    .param().name("kind").type(RestParamType.query).description("SERVICE, PRIVILEGE, TRAINING or CONTENT").required(false).endParam()
                    .param().name("category").type(RestParamType.query).description("Canonical category, e.g. HOUSING").required(false).endParam()
                    .param().name("entity").type(RestParamType.query).description("Entity id, e.g. emigration").required(false).endParam()
                    .param().name("country").type(RestParamType.query).description("ISO country of residence the entry must admit").required(false).endParam()
                    .param().name("q").type(RestParamType.query).description("Text in Arabic or English").required(false).endParam()
                    .param().name("status").type(RestParamType.query).description("ACTIVE (default), WITHDRAWN or ALL").required(false).endParam()
                    .param().name("page").type(RestParamType.query).description("Zero-based page").required(false).endParam()
                    .param().name("size").type(RestParamType.query).description("Page size, 1-100 (default 20)").required(false).endParam()
                    .param().name("Accept-Language").type(RestParamType.header).description("ar (default) or en").required(false).endParam()
                    .responseMessage().code(200).message("A page of entries").endResponseMessage()
                    .responseMessage().code(304).message("Not modified since the ETag in If-None-Match").endResponseMessage()
                    .responseMessage().code(400).message("Invalid filter (problem+json)").endResponseMessage()
                    .to("direct:catalogue-list")
                .get("/changes").id("catalogue-changes-api").description("Ordered changes after a cursor")
                    .produces("application/json")
                    .param().name("since").type(RestParamType.query).description("Cursor from a previous answer; none means from the beginning").required(false).endParam()
                    .param().name("limit").type(RestParamType.query).description("At most this many changes, 1-1000 (default 100)").required(false).endParam()
                    .to("direct:catalogue-changes")
                .get("/{id}").id("catalogue-get-api").description("One catalogue entry, whatever its status")
                    .produces("application/json")
                    .param().name("id").type(RestParamType.path).description("Entry id, <entityId>.<code>").endParam()
                    .responseMessage().code(404).message("Unknown id (problem+json)").endResponseMessage()
                    .to("direct:catalogue-get");

        rest("/api/v1/entities").description("Government entities connected to Bawaba")
                .get().id("entities-list-api").produces("application/json").to("direct:entities-list");

        from("direct:api-v1-openapi").routeId("api-v1-openapi").routeConfigurationId(ApiErrorHandling.ID)
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(constant(OpenApiDocuments.json(OpenApiDocuments.API_V1)));
        from("direct:ops-v1-openapi").routeId("ops-v1-openapi").routeConfigurationId(ApiErrorHandling.ID)
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(constant(OpenApiDocuments.json(OpenApiDocuments.OPS_V1)));
        from("direct:catalogue-list").routeId("catalogue-list").routeConfigurationId(ApiErrorHandling.ID)
                .bean(catalogue, "list");
        from("direct:catalogue-changes").routeId("catalogue-changes").routeConfigurationId(ApiErrorHandling.ID)
                .bean(catalogue, "changes");
        from("direct:catalogue-get").routeId("catalogue-get").routeConfigurationId(ApiErrorHandling.ID)
                .bean(catalogue, "get");
        from("direct:entities-list").routeId("entities-list").routeConfigurationId(ApiErrorHandling.ID)
                .bean(entities, "list");
    }
}
