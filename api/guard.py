"""What the SPARQL endpoint checks in a query or update before Oxigraph evaluates it.

**No outbound request.** Oxigraph answers ``SERVICE <iri>`` by calling the IRI, and an update's
``LOAD <iri>`` by fetching it: from a public endpoint either would let anyone make the server
reach any address it can (internal hosts, cloud metadata). :func:`refuse_outbound` decides on
the *parse*: the text's ``\\u`` escapes are expanded as the SPARQL grammar says, and when the
word SERVICE (or LOAD) appears anywhere at all, in any case, the text is parsed with rdflib's
SPARQL 1.1 grammar and refused if the parse holds a SERVICE pattern (or a LOAD), or if it does
not parse (fail closed). Oxigraph matches keywords in ASCII only, after expanding the same
escapes, so a text without the word cannot hold the operation. It runs in a query worker
(:mod:`api.sandbox_worker`), which also has no network where Linux allows it.

**Size.** :func:`check_size` is a quick first look that gives a clear 400 for texts that are
obviously too deep or too large (deep nesting overflows Oxigraph's stack; hundreds of joins
keep its optimiser busy for minutes). It reads brackets and terms outside strings, IRIs and
comments with a tokenizer, which cannot always tell an IRI from ``<`` as an operator: it is
a courtesy, not the guarantee. The guarantee is the worker: a text that crashes a parser
kills the worker only, and a query past its deadline is stopped by killing it.
"""

from __future__ import annotations

import re

from kg.bounds import first_line as _first_line

MAX_NESTING = 64

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: any spelling of the words, in any case (Python's IGNORECASE also folds 'ſ' to 's' and the
#: Kelvin sign to 'k': broader than Oxigraph's ASCII match, which is the safe side)
_OUTBOUND_WORD = {False: re.compile("service", re.IGNORECASE), True: re.compile("service|load", re.IGNORECASE)}
_OUTBOUND_PARTS = {"ServiceGraphPattern": "SERVICE (federated query)", "Load": "LOAD"}

_TOKENS = re.compile(r'''
    "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
  | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*> | \#[^\n\r]*
  | (?P<from>(?<![\w?$:])FROM(?![\w:-]))
  | (?P<operator>(?<![\w?$:])(?:UNION|OPTIONAL|MINUS|FILTER)(?![\w:-]) | \|\| | && | [/|])
  | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<open>[{(\[]) | (?P<close>[})\]])
''', re.VERBOSE | re.IGNORECASE | re.DOTALL)


class Refused(ValueError):
    """A SPARQL text the endpoint will not run; the message is one line for the client (400)."""


def expand_escapes(text: str) -> str:
    """The text with its ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes replaced, as SPARQL reads them first."""
    def codepoint(match: re.Match[str]) -> str:
        value = int(match.group(1) or match.group(2), 16)
        return chr(value) if value <= 0x10FFFF else match.group(0)
    return _ESCAPE.sub(codepoint, text)


def refuse_outbound(text: str, *, update: bool = False) -> None:
    """Raise :class:`Refused` when the parsed text calls out (SERVICE; LOAD in an update)."""
    expanded = expand_escapes(text)
    if not _OUTBOUND_WORD[update].search(expanded):
        return
    from rdflib.plugins.sparql import parser

    try:
        parsed = (parser.parseUpdate if update else parser.parseQuery)(text)  # expands the escapes itself
    except RecursionError:
        raise Refused("the text names SERVICE or LOAD and nests too deeply to be checked") from None
    except Exception as error:  # pyparsing's ParseException and rdflib's own errors
        raise Refused(f"the text names SERVICE or LOAD and could not be checked: {_first_line(error)}") from None
    found = outbound_operation(parsed)
    if found:
        raise Refused(f"{found} is disabled on this endpoint: it would make the server send requests")


def outbound_operation(parsed: object) -> str | None:
    """The first SERVICE or LOAD in an rdflib parse tree, walked without recursion."""
    pending = [parsed]
    while pending:
        node = pending.pop()
        name = getattr(node, "name", None)
        if isinstance(name, str) and name in _OUTBOUND_PARTS:
            return _OUTBOUND_PARTS[name]
        if isinstance(node, dict):
            pending.extend(node.values())
        if isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            pending.extend(node)
    return None


def names_dataset(text: str) -> bool:
    """Whether a query names its dataset (FROM / FROM NAMED), read outside strings, IRIs and comments.

    Only decides whether to ask a store without a materialised union for its union mode (which
    would ignore FROM), so a misreading costs a wrong default graph, never safety.
    """
    return any(match.lastgroup == "from" for match in _TOKENS.finditer(text))


def measure(text: str) -> tuple[int, int]:
    """(terms, deepest bracket nesting) of a SPARQL text, read outside strings, IRIs and comments."""
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
    """Refuse a text nested deeper than MAX_NESTING or with more than ``max_terms`` terms."""
    terms, deepest = measure(expand_escapes(text))
    if deepest > MAX_NESTING:
        raise Refused(f"the query nests brackets {deepest} deep: at most {MAX_NESTING} are accepted here")
    if terms > max_terms:
        raise Refused(f"the query is too large ({terms} variables and operators, at most {max_terms}): "
                      "split it, or use VALUES for long lists")
