"""The OpenAPI page at /api/v1/docs, served entirely from our own static files.

django-ninja's default Swagger page loads swagger-ui from a CDN unless ninja is an installed
app; planwatch runs on closed networks (DESIGN §11) under a CSP without inline script or style,
so the page is our template: the vendored swagger-ui (npm swagger-ui-dist, version in the folder
name) and `api/docs.js`, which reads the schema URL and the CSRF token from data- attributes.
"""

from __future__ import annotations

from django.shortcuts import render
from ninja.openapi.docs import DocsBase

SWAGGER_UI_VERSION = "5.35.0"
SWAGGER_UI_DIR = f"api/swagger-ui-{SWAGGER_UI_VERSION}"


class LocalSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        context = {
            "api": api,
            "schema_url": self.get_openapi_url(api, kwargs),
            "swagger_css": f"{SWAGGER_UI_DIR}/swagger-ui.css",
            "swagger_js": f"{SWAGGER_UI_DIR}/swagger-ui-bundle.js",
            "favicon": f"{SWAGGER_UI_DIR}/favicon-32x32.png",
        }
        return render(request, self.template, context)
