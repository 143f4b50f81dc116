"""``/docs`` (Swagger UI) and ``/redoc`` from the copies vendored in ``kg/views/assets/``, served under
``/assets/``: FastAPI's own pages load them from a CDN (and ReDoc's fonts from Google, the favicon from its site).
The SPARQL editor (``GET /sparql`` from a browser, :mod:`kg.views.editor`) loads YASGUI from there too.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from api.errors import ApiError

router = APIRouter(include_in_schema=False)

ASSETS = Path(str(resources.files("kg.views").joinpath("assets")))
FILES = {"swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css", "swagger-ui/favicon-32x32.png",
         "redoc/redoc.standalone.js", "yasgui/yasgui.min.js", "yasgui/yasgui.min.css"}


def _urls(request: Request) -> tuple[str, str]:
    """The OpenAPI document and the assets folder, under the root path a proxy may have added."""
    root = request.scope.get("root_path", "").rstrip("/")
    return root + request.app.openapi_url, root + "/assets"


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    openapi, assets = _urls(request)
    return get_swagger_ui_html(openapi_url=openapi, title=f"{request.app.title} API",
                               swagger_js_url=f"{assets}/swagger-ui/swagger-ui-bundle.js",
                               swagger_css_url=f"{assets}/swagger-ui/swagger-ui.css",
                               swagger_favicon_url=f"{assets}/swagger-ui/favicon-32x32.png")


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    openapi, assets = _urls(request)
    return get_redoc_html(openapi_url=openapi, title=f"{request.app.title} API",
                          redoc_js_url=f"{assets}/redoc/redoc.standalone.js",
                          redoc_favicon_url=f"{assets}/swagger-ui/favicon-32x32.png", with_google_fonts=False)


@router.get("/assets/{package}/{name}")
async def asset(package: str, name: str) -> FileResponse:
    if f"{package}/{name}" not in FILES:
        raise ApiError(404, f"no asset {package}/{name}")
    return FileResponse(ASSETS / package / name, headers={"Cache-Control": "public, max-age=86400"})
