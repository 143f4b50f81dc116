"""Query workers: the processes that run clients' SPARQL, so a query can be stopped and a crash stays put.

Oxigraph cannot interrupt a query, its parser overflows its stack on deep nesting, and it
answers SERVICE by calling out. So ``/sparql`` never hands a client's text to Oxigraph in the
server process: a few worker processes (:mod:`api.sandbox_worker`) check and evaluate it over a
read-only snapshot of the store (a RocksDB checkpoint: hard links, made again after each
write, when the next query comes), and the server:

- kills a worker whose query outlives its deadline (its CPU is free at once) and puts a ready
  spare in its place, so the next query does not wait for a new process to start;
- answers 400 when a text kills its worker (a parser's stack overflow), and carries on;
- runs at most ``size`` queries at once and lets ``queue`` more wait; past that it answers 503
  with ``Retry-After`` instead of letting slow queries starve the other routes.

Updates are written by the server itself (it holds the store), after a worker has checked the
text and run it on an empty store on a smaller stack than the server's: a text that passes
there cannot crash the server.
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import json
import logging
import math
import os
import queue
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import api
from api.errors import ApiError
from kg.store import Store
from kg.vocab import SPARQL_PREFIXES

log = logging.getLogger("api")

ROOT = Path(api.__file__).resolve().parent.parent


class WorkerGone(RuntimeError):
    """The worker process died or stopped answering (its query crashed it, or it was killed)."""


class _Process:
    """One worker process and its pipes."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        self.popen = subprocess.Popen([sys.executable, "-m", "api.sandbox_worker"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, env=env, cwd=ROOT)
        self.snapshot: str | None = None
        self.isolated = False

    def exchange(self, request: dict[str, Any], deadline: float) -> tuple[dict[str, Any], bytes]:
        """Send one request and read its answer; WorkerGone when the process dies, TimeoutError past ``deadline``."""
        data = json.dumps(request).encode()
        try:
            assert self.popen.stdin is not None
            self.popen.stdin.write(struct.pack(">I", len(data)) + data)
            self.popen.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):  # ValueError: its pipe closed by a shutdown meanwhile
            raise WorkerGone("the worker is gone") from None
        header = json.loads(self._frame(deadline))
        return header, self._frame(deadline)

    def _frame(self, deadline: float) -> bytes:
        (size,) = struct.unpack(">I", self._read(4, deadline))
        return self._read(size, deadline)

    def _read(self, size: int, deadline: float) -> bytes:
        assert self.popen.stdout is not None
        try:
            fd = self.popen.stdout.fileno()
        except ValueError:  # closed by a shutdown meanwhile
            raise WorkerGone("the worker is gone") from None
        chunks, missing = [], size
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(fd, min(missing, 1 << 20))
            if not chunk:
                raise WorkerGone("the worker is gone")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait()
        for pipe in (self.popen.stdin, self.popen.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass


class QueryWorkers:
    """``size`` concurrent queries on worker processes, ``spares`` more processes kept ready."""

    def __init__(self, store: Store | None, *, size: int = 2, spares: int = 2, queue_limit: int = 64,
                 startup: float = 30.0) -> None:
        self.store = store  # None: the workers only check texts (the store is remote)
        self.size, self.queue_limit, self.startup = size, queue_limit, startup
        self._ready: queue.Queue[_Process] = queue.Queue()
        self._all: set[_Process] = set()
        self._lock = threading.Lock()
        self._slots = asyncio.Semaphore(size)
        self._waiting = 0
        self._threads = ThreadPoolExecutor(max_workers=size, thread_name_prefix="kg-sparql")
        self._root = Path(tempfile.mkdtemp(prefix="kg-snapshots-", dir=_snapshot_parent(store)))
        self._snapshots = itertools.count()
        self._snapshot: str | None = None
        self._snapshot_generation = -1
        self._closed = False
        self._to_start: queue.Queue[bool] = queue.Queue()
        threading.Thread(target=self._spawner, name="kg-sparql-spawner", daemon=True).start()
        for _ in range(size + spares):
            self._replace()
        self._finalizer = weakref.finalize(self, _kill_all, self._all, self._root)
        atexit.register(self._finalizer)

    # --- the server's side ----------------------------------------------------------------------

    async def query(self, request: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        """Run a query request (see :mod:`api.sandbox_worker`); ApiError 503 past ``timeout`` or when full."""
        return await self._run({**request, "op": "query", "timeout": timeout}, timeout)

    async def check(self, text: str, *, update: bool, timeout: float) -> None:
        """Check a text in a worker (outbound operations; an update also dry-run): ApiError 400 when refused."""
        header, _ = await self._run({"op": "check-update" if update else "check-query", "text": text}, timeout)
        if not header.get("ok"):
            raise ApiError(header.get("status", 400), header.get("error", "refused"))

    async def _run(self, request: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        request = {**request, "prefixes": SPARQL_PREFIXES}  # our prefixes need no PREFIX line in a client's text
        deadline = time.monotonic() + timeout
        if self._waiting >= self.size + self.queue_limit:
            raise ApiError(503, "too many SPARQL queries are running or waiting: retry shortly",
                           {"Retry-After": str(max(1, math.ceil(timeout)))})
        self._waiting += 1
        try:
            try:
                await asyncio.wait_for(self._slots.acquire(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                raise _timed_out(timeout) from None
            try:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(self._threads, self._run_blocking, request, deadline, timeout)
            finally:
                self._slots.release()
        finally:
            self._waiting -= 1

    def _run_blocking(self, request: dict[str, Any], deadline: float, timeout: float) -> tuple[dict[str, Any], bytes]:
        while True:
            try:
                process = self._ready.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise _timed_out(timeout) from None
            if process.popen.poll() is None:
                break
            self._retire(process)  # died while idle (killed from outside, out of memory): not this query's doing
        if request["op"] == "query" and self.store is not None:
            request = {**request, "snapshot": self._current_snapshot(), "union_mode": self.store.union_mode}
        process.snapshot = request.get("snapshot", process.snapshot)  # before: cleaning must not delete it
        try:
            answer = process.exchange(request, deadline)
        except TimeoutError:
            self._retire(process)
            raise _timed_out(timeout) from None
        except WorkerGone:
            self._retire(process)
            raise ApiError(400, "the query stopped the query engine (is it nested too deeply?): simplify it") from None
        self._ready.put(process)
        self._clean_snapshots()
        return answer

    # --- processes and snapshots -----------------------------------------------------------------

    def _retire(self, process: _Process) -> None:
        """Kill a worker (its query stops with it) and start another in its place."""
        process.kill()
        with self._lock:
            self._all.discard(process)
        self._replace()

    def _replace(self) -> None:
        self._to_start.put(True)

    def _spawner(self) -> None:
        """Start worker processes, from this one long-lived thread: Linux kills a worker when the thread
        that started it ends (its parent-death signal), so no short-lived thread may start one."""
        while self._to_start.get() and not self._closed:
            process = _Process()
            with self._lock:
                self._all.add(process)
            threading.Thread(target=self._handshake, args=(process,), name="kg-sparql-handshake", daemon=True).start()

    def _handshake(self, process: _Process) -> None:
        """Wait until a new worker answers, open the current snapshot in it, and make it ready."""
        try:
            header, _ = process.exchange({"op": "ping"}, time.monotonic() + self.startup)
            process.isolated = bool(header.get("isolated"))
            if self.store is not None:
                snapshot = self._current_snapshot()
                process.snapshot = snapshot
                process.exchange({"op": "open", "snapshot": snapshot}, time.monotonic() + self.startup)
        except (TimeoutError, WorkerGone, OSError, RuntimeError) as error:  # StoreError: closed meanwhile
            if not self._closed:
                log.error("a SPARQL worker did not start: %s", error)
            process.kill()
            with self._lock:
                self._all.discard(process)
            return
        if self._closed:
            process.kill()
            return
        self._ready.put(process)

    def _current_snapshot(self) -> str:
        """The snapshot of the store as it is now, made when a write happened since the last one."""
        assert self.store is not None
        with self._lock:
            generation = self.store.generation
            if self._snapshot is None or generation != self._snapshot_generation:
                target = self._root / f"s{next(self._snapshots)}"
                self.store.snapshot(target)
                self._snapshot, self._snapshot_generation = str(target), generation
            return self._snapshot

    def _clean_snapshots(self) -> None:
        """Delete the snapshots no worker has open any more."""
        with self._lock:
            used = {process.snapshot for process in self._all} | {self._snapshot}
            for path in self._root.iterdir():
                if str(path) not in used:
                    shutil.rmtree(path, ignore_errors=True)

    @property
    def isolated(self) -> bool:
        """Whether every ready worker runs without network (a Linux network namespace)."""
        with self._lock:
            return bool(self._all) and all(process.isolated for process in self._all)

    def close(self) -> None:
        self._closed = True
        self._to_start.put(False)
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._finalizer()


def _timed_out(timeout: float) -> ApiError:
    return ApiError(503, f"the query ran longer than {timeout:g} s and was stopped: narrow it",
                    {"Retry-After": str(max(1, math.ceil(timeout)))})


def _snapshot_parent(store: Store | None) -> str | None:
    """Snapshots go beside an on-disk store (same disk: a checkpoint is then hard links), else to the temp dir."""
    path = getattr(store, "path", None)
    parent = Path(path).resolve().parent if path is not None else None
    return str(parent) if parent is not None and os.access(parent, os.W_OK) else None


def _kill_all(processes: set[_Process], root: Path) -> None:
    for process in list(processes):
        process.kill()
    processes.clear()
    shutil.rmtree(root, ignore_errors=True)


_CREATE = threading.Lock()


def sparql_workers(app: Any) -> QueryWorkers:
    """The app's query workers, started on first use (or by the app's startup)."""
    workers = getattr(app.state, "sparql_workers", None)
    if workers is None:
        with _CREATE:
            workers = getattr(app.state, "sparql_workers", None)
            if workers is None:
                settings, store = app.state.settings, app.state.store
                workers = QueryWorkers(store if isinstance(store, Store) else None, size=settings.query_workers,
                                       spares=settings.query_workers, queue_limit=settings.query_queue)
                app.state.sparql_workers = workers
    return workers


def close_sparql_workers(app: Any) -> None:
    workers = getattr(app.state, "sparql_workers", None)
    if workers is not None:
        app.state.sparql_workers = None
        workers.close()
