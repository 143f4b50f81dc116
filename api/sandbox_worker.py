"""A query worker: one process that checks and answers the SPARQL texts clients send.

Everything a client's SPARQL text reaches runs here, not in the server: rdflib's parser (for
the outbound check of :mod:`api.guard`) and Oxigraph's parser and evaluator, over a read-only
snapshot of the store. So a text that overflows a parser's stack kills this process only, and
a query past its deadline is stopped by killing it (Oxigraph cannot interrupt a query). Where
Linux allows it, the process first moves into a network namespace of its own, with no
interface up: even a SERVICE or LOAD the check missed could not leave the machine, nor reach
127.0.0.1.

Run by :mod:`api.sandbox` as ``python -m api.sandbox_worker``; it reads requests on stdin and
writes answers on stdout as frames (a 4-byte big-endian length, then the bytes): a request is
one JSON frame, an answer a JSON header frame followed by a body frame.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import struct
import sys
import threading
import time
from typing import IO, Any

from kg.bounds import first_line as _first_line
from kg.bounds import syntax_message

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
PR_SET_PDEATHSIG = 1
#: the stack the update check parses on: smaller than the server's threads', so a text that
#: passes here cannot overflow the server's stack when the server runs it for real
CHECK_STACK = 2 * 1024 * 1024


def isolate_network() -> bool:
    """Move this (still single-threaded) process into a new network namespace; False where not allowed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):  # root, then an unprivileged user namespace
        if libc.unshare(flags) == 0:
            return True
    return False


def die_with_parent() -> None:
    """Ask Linux to kill this process when the server dies, even in the middle of a query."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass


def read_frame(stream: IO[bytes]) -> bytes | None:
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack(">I", head)
    data = stream.read(size)
    return data if len(data) == size else None


def write_frame(stream: IO[bytes], data: bytes) -> None:
    stream.write(struct.pack(">I", len(data)) + data)


class Worker:
    """Answers requests one at a time over the snapshot each request names."""

    def __init__(self, isolated: bool) -> None:
        import pyoxigraph  # after the namespace change: Oxigraph may start threads

        self.ox = pyoxigraph
        self.isolated = isolated
        self.snapshot: str | None = None
        self.store: Any = None

    def open(self, snapshot: str | None) -> Any:
        if self.store is None or snapshot != self.snapshot:
            self.store = None  # close the old snapshot before opening the new one
            self.store = self.ox.Store.read_only(snapshot) if snapshot else self.ox.Store()
            self.snapshot = snapshot
        return self.store

    def answer(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        from api.guard import Refused, refuse_outbound

        operation = request["op"]
        try:
            if operation == "ping":
                return {"ok": True, "isolated": self.isolated}, b""
            if operation == "open":
                self.open(request.get("snapshot"))
                return {"ok": True}, b""
            refuse_outbound(request["text"], update=operation == "check-update")
            if operation == "check-query":
                return {"ok": True}, b""
            if operation == "check-update":
                return self._dry_run(request["text"], request.get("prefixes"))
            return self._query(request)
        except Refused as error:
            return {"status": 400, "error": str(error)}, b""
        except SyntaxError as error:
            return {"status": 400, "error": syntax_message(error)}, b""
        except Exception as error:  # noqa: BLE001 - every failure goes back as one line
            return _failure(error), b""

    def _query(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        from api.guard import names_dataset
        from api.results import serialise

        store = self.open(request["snapshot"])
        deadline = time.monotonic() + request["timeout"]
        options: dict[str, Any] = {}
        if request.get("default_graph") is not None:
            options["default_graph"] = self._graphs(request["default_graph"])
        elif request.get("union_mode") and not names_dataset(request["text"]):
            options["use_default_graph_as_union"] = True  # a store without a materialised union
        if request.get("named_graphs") is not None:
            options["named_graphs"] = self._graphs(request["named_graphs"])
        result = store.query(request["text"], prefixes=request.get("prefixes"), **options)
        graph = isinstance(result, self.ox.QueryTriples)
        chosen = request["graph_format" if graph else "results_format"]
        if chosen is None:
            return {"status": 406, "error": "graph" if graph else "results"}, b""
        fmt = self.ox.RdfFormat.from_media_type(chosen) if graph else self.ox.QueryResultsFormat.from_media_type(chosen)
        body = serialise(result, fmt, max_rows=request["max_rows"], deadline=deadline)
        return {"ok": True, "media_type": chosen}, body

    def _graphs(self, iris: list[str]) -> list[Any]:
        try:
            return [self.ox.NamedNode(iri) for iri in iris]
        except ValueError as error:
            raise ValueError(f"invalid graph IRI: {_first_line(error)}") from None

    def _dry_run(self, text: str, prefixes: dict[str, str] | None) -> tuple[dict[str, Any], bytes]:
        """Parse and run an update on an empty in-memory store, on a small stack (see CHECK_STACK): what matters
        is that Oxigraph parses it without crashing; the store itself runs it for real afterwards."""
        outcome: list[tuple[dict[str, Any], bytes]] = []

        def run() -> None:
            try:
                self.ox.Store().update(text, prefixes=prefixes)
                outcome.append(({"ok": True}, b""))
            except SyntaxError as error:
                outcome.append(({"status": 400, "error": syntax_message(error)}, b""))
            except Exception:  # noqa: BLE001 - parsed; it failed only on the empty store (DROP GRAPH <absent>)
                outcome.append(({"ok": True}, b""))

        threading.stack_size(CHECK_STACK)
        thread = threading.Thread(target=run, name="update-check")
        thread.start()
        thread.join()
        return outcome[0]


def _failure(error: BaseException) -> dict[str, Any]:
    name = type(error).__name__
    status = {"ResultTooLarge": 413, "QueryTimeout": 503, "ValueError": 400}.get(name, 500)
    return {"status": status, "error": _first_line(error)}


def main() -> None:
    die_with_parent()
    isolated = isolate_network()
    requests, answers = sys.stdin.buffer, os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt the frames
    worker = Worker(isolated)
    while (frame := read_frame(requests)) is not None:
        header, body = worker.answer(json.loads(frame))
        write_frame(answers, json.dumps(header).encode())
        write_frame(answers, body)
        answers.flush()


if __name__ == "__main__":
    main()
