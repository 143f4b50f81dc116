"""Dependencies shared by the routers: the store, the settings, write access, body limits, conneg.

The app keeps one :class:`kg.store.Store` and one :class:`kg.config.Settings` on
``app.state``; routers get them through ``StoreDep`` / ``SettingsDep`` so tests and the CLI
can hand any store to :func:`api.main.create_app`.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence
from typing import Annotated, TypeVar

from fastapi import Depends, Request

from api.errors import ApiError
from kg.config import Settings
from kg.store import Store

T = TypeVar("T")


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def require_writer(request: Request, settings: SettingsDep) -> None:
    """Allow writes only with ``Authorization: Bearer <settings.token>``; no token → read-only."""
    if not settings.token:
        raise ApiError(403, "this service is read-only: start it with a token to allow updates")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise ApiError(401, "updates need 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.strip().encode(), settings.token.encode()):
        raise ApiError(403, "the bearer token is not valid")


WriterDep = Depends(require_writer)


async def read_body(request: Request, settings: Settings) -> bytes:
    """The request body, refusing (413) anything larger than ``settings.max_body`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_body:
        raise ApiError(413, f"request body larger than {settings.max_body} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > settings.max_body:
            raise ApiError(413, f"request body larger than {settings.max_body} bytes")
    return bytes(body)


def media_type_of(header: str | None) -> str:
    """'Application/SPARQL-Query; charset=utf-8' → 'application/sparql-query'."""
    return (header or "").split(";", 1)[0].strip().lower()


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values (malformed q counts as 1)."""
    ranges: list[tuple[str, float]] = []
    for part in (header or "").split(","):
        media, *params = [piece.strip() for piece in part.split(";")]
        if not media:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 1.0
        ranges.append((media.lower(), quality))
    return ranges


def negotiate(accept: str | None, offers: Sequence[tuple[T, Sequence[str]]]) -> T | None:
    """Pick what to send for an Accept header, or None when nothing acceptable (→ 406).

    ``offers`` lists, in the server's order of preference (first = default), each value with
    the media types that name it (canonical first, then aliases). For each offer the most
    specific matching range gives its quality (RFC 9110 §12.5.1); the best quality wins and
    ties go to the server's order. No or an empty Accept header means the default.
    """
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0][0] if offers else None
    best: tuple[float, int] | None = None
    chosen: T | None = None
    for rank, (value, names) in enumerate(offers):
        quality = _quality(ranges, names)
        if quality > 0 and (best is None or (quality, -rank) > best):
            best, chosen = (quality, -rank), value
    return chosen


def _quality(ranges: Sequence[tuple[str, float]], names: Sequence[str]) -> float:
    specificity, quality = -1, 0.0
    for media, q in ranges:
        major, _, minor = media.partition("/")
        if media in names:
            level = 2
        elif minor == "*" and any(name.startswith(major + "/") for name in names):
            level = 1
        elif media in ("*/*", "*"):
            level = 0
        else:
            continue
        if level > specificity or (level == specificity and q > quality):
            specificity, quality = level, q
    return quality


def first_value(params: Mapping[str, list[str]], name: str) -> str | None:
    """The single value of a protocol parameter; 400 when it is repeated."""
    values = params.get(name) or []
    if len(values) > 1:
        raise ApiError(400, f"parameter {name!r} given {len(values)} times")
    return values[0] if values else None
