"""What the SPARQL endpoint checks in a query or update before Oxigraph sees it.

Oxigraph parses and optimises recursively and its optimiser is super-linear: a few thousand
nested brackets or chained UNIONs overflow its stack and kill the whole server, and a few
hundred joined patterns keep a core busy for minutes (an abandoned query cannot be stopped).
So a text is measured first, outside strings, IRIs and comments: its bracket nesting and its
*terms* (variable occurrences and the operators that grow the algebra: UNION, OPTIONAL, MINUS,
FILTER, ``||``, ``&&``, ``/``, ``|``). VALUES data and literals cost nothing.
"""

from __future__ import annotations

import re

from api.errors import ApiError

MAX_NESTING = 64

_TOKENS = re.compile(r'''
    "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
  | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*> | \#[^\n\r]*
  | (?P<keyword>(?<![\w?$:])(?:SERVICE|FROM)(?![\w:-]))
  | (?P<operator>(?<![\w?$:])(?:UNION|OPTIONAL|MINUS|FILTER)(?![\w:-]) | \|\| | && | [/|])
  | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<open>[{(\[]) | (?P<close>[})\]])
''', re.VERBOSE | re.IGNORECASE | re.DOTALL)


def keywords(text: str) -> set[str]:
    """The SERVICE/FROM keywords a query uses outside strings, IRIs and comments."""
    return {m.group("keyword").upper() for m in _TOKENS.finditer(text) if m.group("keyword")}


def measure(text: str) -> tuple[int, int]:
    """(terms, deepest bracket nesting) of a SPARQL text."""
    terms = depth = deepest = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind in ("operator", "variable"):
            terms += 1
        elif kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth -= 1
    return terms, deepest


def check_size(text: str, max_terms: int) -> None:
    """400 for a text nested deeper than MAX_NESTING or with more than ``max_terms`` terms."""
    terms, deepest = measure(text)
    if deepest > MAX_NESTING:
        raise ApiError(400, f"the query nests brackets {deepest} deep: at most {MAX_NESTING} are accepted here")
    if terms > max_terms:
        raise ApiError(400, f"the query is too large ({terms} variables and operators, at most {max_terms}): "
                       "split it, or use VALUES for long lists")
