"""Every error leaves the API as ``{"error": "one readable line"}`` with a 4xx/5xx status.

Handlers are installed once by :func:`install_error_handlers`; routers simply raise
:class:`ApiError` (or let :class:`kg.store.QueryError` / :class:`kg.store.StoreError` through).
Unexpected exceptions are logged with their traceback and answered with a bare 500, so no
stack trace or internal detail ever reaches a client.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from kg.store import QueryError, QueryTimeout, ResultTooLarge, StoreError

log = logging.getLogger("api")


class ErrorBody(BaseModel):
    """The body of every error response (documented in OpenAPI through :func:`error_responses`)."""

    model_config = ConfigDict(extra="forbid")

    error: str = Field(description="What went wrong, in one readable line.", examples=["no event 'e42'"])


class ApiError(Exception):
    """An error the client should see: an HTTP status, one line of text and optional headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def error_responses(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI ``responses=`` entries for the given error codes, all with :class:`ErrorBody`."""
    described = {
        400: "Malformed request (the message says what to fix)",
        401: "Missing bearer token",
        403: "Not allowed",
        404: "Not found",
        406: "None of the Accept media types can be produced",
        405: "Method not allowed",
        413: "Request body, or the query's result, too large",
        414: "Query string too long: send the query with POST",
        415: "Unsupported request Content-Type",
        422: "Invalid parameter",
        501: "Not available for this store",
        503: "Query timed out, or the store is temporarily unavailable",
    }
    return {code: {"model": ErrorBody, "description": described.get(code, "Error")} for code in codes}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": _one_line(message)}, status_code=status, headers=headers)


def _one_line(text: object) -> str:
    lines = str(text).strip().splitlines()
    return lines[0] if lines else "error"


def _describe_validation(error: RequestValidationError) -> str:
    """The first validation problem as 'query parameter start: Input should be a valid date…'."""
    problems = error.errors()
    if not problems:
        return "invalid request"
    first = problems[0]
    location = [str(part) for part in first.get("loc", ())]
    where = f"{location[0]} parameter {'.'.join(location[1:])}" if len(location) > 1 else ".".join(location)
    return f"{where}: {first.get('msg', 'invalid value')}".strip(": ")


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.message, exc.headers)


METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> str:
    """The methods some route takes at the request's path, for ``Allow`` (Starlette's names one route's)."""
    routes = request.app.router.routes
    found = [method for method in METHODS
             if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes)]
    return ", ".join([*found, "OPTIONS"])


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if exc.status_code == 405:  # no route takes the method; OPTIONS, which none declares, is answered here
        allow = {"Allow": allowed_methods(request)}
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=allow)
        return error_response(405, exc.detail, allow)
    return error_response(exc.status_code, exc.detail, getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(422, _describe_validation(exc))


async def _query_error(request: Request, exc: QueryError) -> JSONResponse:
    return error_response(400, str(exc))


async def _too_large(request: Request, exc: ResultTooLarge) -> JSONResponse:
    return error_response(413, str(exc))


async def _timeout(request: Request, exc: QueryTimeout) -> JSONResponse:
    return error_response(503, f"{exc}: narrow the query")


async def _store_error(request: Request, exc: StoreError) -> JSONResponse:
    log.error("store error on %s %s: %s", request.method, request.url.path, exc)
    return error_response(503, "the store is not available")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "internal server error")


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of failure to a one-line JSON error."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(QueryError, _query_error)
    app.add_exception_handler(ResultTooLarge, _too_large)
    app.add_exception_handler(QueryTimeout, _timeout)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Exception, _unexpected)
