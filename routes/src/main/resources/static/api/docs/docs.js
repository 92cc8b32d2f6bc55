// The hub's published contracts, loaded from the hub itself; "Authorize" takes a bearer token for "Try it out".
window.ui = SwaggerUIBundle({
  urls: [
    { url: "/api/v1/openapi.json", name: "App backend API v1 (/api/v1)" },
    { url: "/ops/v1/openapi.json", name: "Operations API v1 and entity callbacks (/ops/v1, /callbacks/v1)" }
  ],
  "urls.primaryName": "App backend API v1 (/api/v1)",
  dom_id: "#reference",
  deepLinking: true,
  defaultModelsExpandDepth: 1,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout"
});
