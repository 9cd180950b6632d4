// Starts Swagger UI on the gateway's own OpenAPI document. Paths are
// relative to /api/docs/ui, so the page also works behind a proxy that
// serves the gateway under a path prefix.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The default validator badge calls validator.swagger.io; the page
    // must make no request to another host.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    persistAuthorization: false,
  });
});
