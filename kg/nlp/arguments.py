"""Who takes part in an event, for events of every kind: candidates in the trigger's sentence, scored.

The hand rules of :func:`kg.nlp.events.arguments` propose roles (agent, target, place, instrument)
through the parse; this module looks at every noun phrase, name and personal pronoun of the
trigger's sentence as a candidate participant and scores the (trigger, candidate) pair with a
linear model trained on MEANTIME's ``HAS_PARTICIPANT`` links (``kg train arguments``,
``kg/train/arguments.py``). Its features are the dependency path between the two (PropBank-style
roles follow it: subject, object, "by", "of", "in"), the candidate's entity label, part of speech
and position, the trigger's part of speech and WordNet supersense, and the role the rules gave
the candidate, so the rules count as evidence rather than as the only source.

A candidate the model keeps gets the rules' role if they gave one, else one read off its path
(:func:`role_of`): the subject is the agent ("Arg0"), the object or passive subject the target
("Arg1"), a place name after "in", "at" or "near" the place ("ArgM-LOC"), anything else a
participant. What the rules find for an event of one of the ontology's classes is kept whatever the
model says (they were written for those classes), and so are places and instruments of any event: the
model learnt participants, not locations or weapons.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from spacy.tokens import Span, Token

from kg.nlp import linear
from kg.nlp.events import supersense

MODEL = "arguments"
THRESHOLD_KEY = "threshold="
PERSONAL_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "him", "her", "them", "us", "his", "its", "their", "our"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "around"})
MAX_PATH = 4
REACH = 15  # words either side of the trigger where candidates are looked for: a participant further away is rare,
# and scoring every noun of a long sentence for every event cost more than the rest of the extraction step
#: a candidate the rules propose is kept down to this much below the threshold, one only the model proposes
#: needs this much more (measured on MEANTIME with the cross-corpus models: F1 0.542 with no margins, 0.559 with these)
RULE_MARGIN = 0.2
NEW_MARGIN = 0.2
_override: list[str] = []  # the model name in use, when an evaluation swaps in a held-out fold's model


def candidates(trigger: Token, entities: dict[int, Span]) -> list[Token]:
    """Heads of the noun phrases, names and personal pronouns of the trigger's sentence at most :data:`REACH`
    words from it, the trigger aside.

    A word inside a name stands for the name (its root); a noun modifying another noun ("shares"
    in "share price") is part of that noun's phrase, not a candidate of its own.
    """
    found: dict[int, Token] = {}
    sent = trigger.sent
    for token in sent.doc[max(sent.start, trigger.i - REACH):min(sent.end, trigger.i + REACH + 1)]:
        if token.i == trigger.i:
            continue
        if token.i in entities:
            root = entities[token.i].root
            if root.i != trigger.i:
                found.setdefault(root.i, root)
        elif token.pos_ in ("NOUN", "PROPN") and token.is_alpha and token.dep_ not in ("compound", "nmod"):
            found.setdefault(token.i, token)
        elif token.pos_ == "PRON" and token.lower_ in PERSONAL_PRONOUNS:
            found.setdefault(token.i, token)
    return [found[i] for i in sorted(found)]


def path(trigger: Token, candidate: Token, up: Sequence[Token] | None = None) -> tuple[list[str], list[str]]:
    """Dependency labels from the trigger up to the common ancestor (``^dep``) and down to the candidate
    (``vdep``, prepositions named: ``vprep:in``); the words on the way up and down, for the rules.
    ``up`` is the trigger and its ancestors, when the caller has them already."""
    up = up if up is not None else [trigger, *trigger.ancestors]
    down = [candidate, *candidate.ancestors]
    down_index = {t.i: n for n, t in enumerate(down)}
    meet = next((n for n, t in enumerate(up) if t.i in down_index), None)
    if meet is None:
        return ["none"], []
    steps = [f"^{t.dep_}" for t in up[:meet]]
    below = down[:down_index[up[meet].i]]
    steps += [f"v{t.dep_}:{t.lower_}" if t.dep_ == "prep" else f"v{t.dep_}" for t in reversed(below)]
    return steps, [t.lower_ for t in below]


def features(trigger: Token, candidate: Token, entities: dict[int, Span], rule_role: str, typed: bool,
             context: tuple[Sequence[Token], str] | None = None) -> list[str]:
    """Binary features of one (trigger, candidate) pair; ``context`` is :func:`trigger_context`, computed once
    per trigger by callers that score many candidates."""
    up, sense = context if context is not None else trigger_context(trigger)
    steps, _ = path(trigger, candidate, up)
    joined = "/".join(steps) if len(steps) <= MAX_PATH else "long"
    label = entities[candidate.i].label_ if candidate.i in entities else ("PRON" if candidate.pos_ == "PRON" else "-")
    distance = abs(candidate.i - trigger.i)
    bucket = "1" if distance == 1 else "2-3" if distance <= 3 else "4-7" if distance <= 7 else "8+"
    rows = [
        "bias", f"path={joined}", f"path|tpos={joined}|{trigger.pos_}", f"len={min(len(steps), 6)}",
        f"first={steps[0] if steps else ''}", f"last={steps[-1] if steps else ''}",
        f"last|label={steps[-1] if steps else ''}|{label}", f"label={label}", f"cpos={candidate.pos_}",
        f"cdep={candidate.dep_}", f"tpos={trigger.pos_}", f"tdep={trigger.dep_}", f"side={'L' if candidate.i < trigger.i else 'R'}",
        f"dist={bucket}", f"rule={rule_role or '-'}", f"rule|tpos={rule_role or '-'}|{trigger.pos_}",
        f"typed={typed}", f"sense={sense}",
        f"det={next((c.lower_ for c in candidate.children if c.dep_ in ('det', 'poss')), '-')}",
    ]
    if len(steps) <= 2:
        rows.append(f"path|label={joined}|{label}")
    if candidate.pos_ == "NOUN":  # common nouns only: what kind of thing ("company", "shares"), never a name
        rows += [f"clemma={candidate.lemma_.lower()}", f"clemma|last={candidate.lemma_.lower()}|{steps[-1] if steps else ''}"]
    return rows


def trigger_context(trigger: Token) -> tuple[list[Token], str]:
    """What every candidate's features share: the trigger's ancestors and its WordNet supersense."""
    pos = "v" if trigger.pos_ in ("VERB", "AUX") else "n"
    return [trigger, *trigger.ancestors], supersense(trigger.lemma_.lower(), pos) or "-"


def _model_name() -> str:
    return _override[-1] if _override else MODEL


@contextlib.contextmanager
def using(name: str) -> Iterator[None]:
    """Score with another shipped model (a held-out fold's) inside the block: for evaluation."""
    _override.append(name)
    try:
        yield
    finally:
        _override.pop()


def threshold(model: linear.LinearModel) -> float:
    """The decision threshold chosen at training time (kept in the model's meta), else 0.5."""
    for part in model.meta.split(";"):
        if part.strip().startswith(THRESHOLD_KEY):
            return float(part.strip()[len(THRESHOLD_KEY):])
    return 0.5


def participants(trigger: Token, entities: dict[int, Span], rule_roles: Sequence[tuple[str, Token]],
                 typed: bool) -> list[tuple[str, Token]]:
    """(role, head token) of everyone the model says takes part in the trigger's event.

    What the rules find for an event of an ontology class is kept as it is (the rules were written for
    those classes), and so are places and instruments of any event; the model vetoes the rules' other
    candidates of an unclassified event, and adds candidates of its own. Without a shipped model, the rules.
    """
    kept = [(role, token) for role, token in rule_roles if typed or role in ("place", "instrument", "time")]
    model = linear.load(_model_name())
    if model is None:
        return list(rule_roles)
    by_token = {}
    for role, token in rule_roles:
        by_token.setdefault(token.i, role)
    pool = {t.i: t for t in candidates(trigger, entities)}
    pool.update({t.i: t for _, t in rule_roles if by_token[t.i] not in ("place", "instrument", "time")})
    kept_ids = {token.i for _, token in kept}
    chosen = [t for i, t in sorted(pool.items()) if i not in kept_ids]
    if not chosen:
        return kept
    context = trigger_context(trigger)
    rows = [features(trigger, t, entities, by_token.get(t.i, ""), typed, context) for t in chosen]
    scores = model.probabilities(rows)[:, model.classes.index("yes")]
    cut = threshold(model)
    return kept + [(by_token.get(t.i) or role_of(trigger, t, entities), t) for t, p in zip(chosen, scores)
                   if p >= (cut - RULE_MARGIN if t.i in by_token else cut + NEW_MARGIN)]


def role_of(trigger: Token, candidate: Token, entities: dict[int, Span]) -> str:
    """The role a kept candidate plays, from its path: agent, target, place or participant."""
    steps, _ = path(trigger, candidate)
    last = steps[-1] if steps else ""
    if last in ("vnsubj", "vcsubj") or last.startswith("vagent") or any(s.startswith("vprep:by") for s in steps[-2:]):
        return "agent"
    if last in ("vdobj", "vnsubjpass", "vobj", "vdative", "vattr"):
        return "target"
    span = entities.get(candidate.i)
    if span is not None and span.label_ in PLACE_LABELS and any(s.split(":")[-1] in LOCATIVE for s in steps if ":" in s):
        return "place"
    if trigger.pos_ == "NOUN" and last == "vposs":
        return "agent"
    return "participant"
