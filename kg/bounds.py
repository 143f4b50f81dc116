"""Errors of the store and the bound on reading a query's results, apart from :mod:`kg.store`.

They need only the standard library, so a SPARQL worker process (:mod:`api.sandbox_worker`)
can cap and time its results without importing rdflib, and start in a tenth of a second.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class StoreError(RuntimeError):
    """The store cannot be opened, read or written; the message is one readable line."""


class QueryError(ValueError):
    """A SPARQL query or update is malformed; the message is the parser's."""


class QueryTimeout(StoreError):
    """A query ran past its deadline (checked while its results are read)."""


class ResultTooLarge(StoreError):
    """A query's results exceed the allowed number of rows or triples."""


def bounded(results: Iterable[T], *, max_rows: int | None = None, deadline: float | None = None) -> Iterator[T]:
    """Results one by one, stopping with ``ResultTooLarge`` past ``max_rows`` or ``QueryTimeout``
    past ``deadline`` (a ``time.monotonic()`` value).

    Oxigraph evaluates lazily, so stopping here also stops the evaluation of a streaming query;
    one that sorts or aggregates has done its work before the first row comes out.
    """
    for count, item in enumerate(results, start=1):
        if max_rows is not None and count > max_rows:
            raise ResultTooLarge(f"the query returns more than {max_rows} results: add a LIMIT or narrow it")
        if deadline is not None and count % 256 == 0 and time.monotonic() > deadline:
            raise QueryTimeout("the query ran past its time limit")
        yield item


#: one token of a parser's "expected one of" list: a character class, a quoted token or a word
_EXPECTED_TOKEN = re.compile(r"""\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]|"(?:[^"\\]|\\.)*"|[^,\s][^,]*""")
_EXPECTED = ": expected one of "


def syntax_message(error: BaseException | str, *, keep: int = 4, limit: int = 200) -> str:
    """A SPARQL parser's error as one short line: ``error at 1:33: expected one of Prefix not found, ['%'], …``.

    Oxigraph lists every token it would have accepted, character classes of Unicode ranges
    included (484 characters over four lines for an undeclared prefix): the position and the
    first ``keep`` short tokens say what is wrong; longer messages are cut at ``limit``.
    """
    text = " ".join(str(error).split()) or type(error).__name__  # a server's message too
    head, found, rest = text.partition(_EXPECTED)
    if found:
        tokens = _EXPECTED_TOKEN.findall(rest)
        short = [token for token in tokens if len(token) <= 24][:keep]
        text = head + _EXPECTED + ", ".join(short) + (", …" if len(short) < len(tokens) else "")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def first_line(error: BaseException) -> str:
    """An error's message as one readable line (its type's name when it says nothing)."""
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
