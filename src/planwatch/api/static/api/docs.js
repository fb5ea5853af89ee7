/* Starts Swagger UI on /api/v1/docs. Everything comes from data- attributes of #swagger-ui, so
   the page needs no inline script (CSP script-src 'self'). validatorUrl: null keeps Swagger UI
   from contacting validator.swagger.io: nothing leaves the closed network. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var csrfToken = root.dataset.csrfToken;
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    persistAuthorization: false,
    requestInterceptor: function (request) {
      // Session requests that change data need Django's CSRF token; harmless on the others.
      if (csrfToken) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    }
  });
})();
