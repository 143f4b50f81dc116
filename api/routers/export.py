"""``/export``: the whole graph as RDF, as a networkx graph (GraphML, GEXF) or as a CSV table of events.

RDF is streamed as Oxigraph writes it, so a large store never sits in memory as one body; the
other formats are built by :func:`kg.views.export.export_bytes` first, then sent in chunks.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from api.deps import JSON_LD_SCHEMA, StoreDep
from api.errors import error_responses
from kg.views.export import RDF_XML_FORMATS, export_bytes, xml_safe
from kg.store import RDF_FORMATS, Store

router = APIRouter(tags=["export"])

MEDIA_TYPES = {
    "ttl": "text/turtle", "nt": "application/n-triples", "nq": "application/n-quads", "trig": "application/trig",
    "jsonld": "application/ld+json", "xml": "application/rdf+xml", "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml", "csv": "text/csv",
}
Format = Literal["ttl", "nt", "nq", "trig", "jsonld", "xml", "graphml", "gexf", "csv"]
CHUNK = 1 << 16


class _Pipe:
    """A file object for ``Store.dump`` that hands its writes to a consumer through a bounded queue."""

    def __init__(self) -> None:
        self.chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=16)
        self.closed = threading.Event()
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        if self.closed.is_set():  # the client went away: stop the dump
            raise BrokenPipeError("export cancelled")
        self.buffer.extend(data)
        if len(self.buffer) >= CHUNK:
            self._put(bytes(self.buffer))
            self.buffer.clear()
        return len(data)

    def flush(self) -> None:
        pass

    def _put(self, item: bytes | BaseException | None) -> None:
        while not self.closed.is_set():
            try:
                self.chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue


def stream_rdf(store: Store, fmt: str) -> Iterator[bytes]:
    """The store serialised in ``fmt``, chunk by chunk, written by a producer thread."""
    pipe = _Pipe()

    def produce() -> None:
        try:
            store.dump(pipe, fmt)
            if pipe.buffer:
                pipe._put(bytes(pipe.buffer))
            pipe._put(None)
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, which ends the response
            pipe._put(error)

    threading.Thread(target=produce, name="export", daemon=True).start()
    try:
        while True:
            item = pipe.chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        pipe.closed.set()


def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK):
        yield data[start:start + CHUNK]


@router.get(
    "/export",
    summary="Export the whole graph",
    description="Every article graph in one download: RDF (`ttl`, `nt`, `jsonld`, `xml`: the union of the "
    "article graphs; `trig`, `nq`: one named graph per article), a networkx graph of events, actors and "
    "places with their links (`graphml`, `gexf`, for Gephi), or one CSV row per event (`csv`). RDF is "
    "streamed as it is written.",
    response_class=StreamingResponse,
    responses={200: {"description": "The export, as an attachment",
                     "content": {media: {"schema": JSON_LD_SCHEMA if media.endswith("+json") else {"type": "string"}}
                                 for media in sorted(set(MEDIA_TYPES.values()))}},
               **error_responses(422, 503)},
)
async def export(
    store: StoreDep,
    format: Annotated[Format, Query(description="What to export as", examples=["trig"])] = "trig",
) -> StreamingResponse:
    if format in RDF_FORMATS:
        body = stream_rdf(store, format)
        if format in RDF_XML_FORMATS:
            body = xml_safe(body)
    else:
        body = _chunks(await run_in_threadpool(export_bytes, store, format))
    headers = {"Content-Disposition": f'attachment; filename="newskg.{format}"'}
    return StreamingResponse(body, media_type=MEDIA_TYPES[format], headers=headers)
