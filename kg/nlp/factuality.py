"""Event factuality: is an event mention in the future, how sure is the text of it, is it negated.

Each event mention gets MEANTIME's three EVENT_MENTION attributes: ``future`` (planned, scheduled,
expected or threatened: "is set to speak", "will meet", "plans to cut", "threatened to strike"),
``certainty`` (CERTAIN, PROBABLE, POSSIBLE, UNDERSPECIFIED) and ``polarity`` (POS, NEG: "did not
attack", "denied attacking", "no one was killed"). Three logistic regressions (``kg train
factuality``, learnt from MEANTIME's annotated Wikinews articles, scored with numpy through
:mod:`kg.nlp.linear`) read features of the parse around the trigger: its auxiliaries and modals,
tense and verb form, the words above it and their class (plan, threaten, deny, fail, say,
believe…), negation and conditional markers, and the times of its sentence against the article
date. The hand rules are features as well, and decide alone when the models are not trained; what the grammar
settles overrules the models (:func:`overruled`: a verb in a finite past of its own is not planned).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections.abc import Collection, Sequence

from spacy.tokens import Token

from kg.model import EventMention, Timex
from kg.nlp import linear
from kg.nlp.events import finite_tense, tense
from kg.nlp.timex import value_bounds

#: the shipped models, one per attribute (``kg/data/models/<name>.npz``)
MODELS = {"time": "factuality_time", "certainty": "factuality_certainty", "polarity": "factuality_polarity"}
CERTAINTIES = ("CERTAIN", "PROBABLE", "POSSIBLE", "UNDERSPECIFIED")
#: what the polarity model learns from: the negation cues and the negative words above the trigger
#: (deny, fail, without…), so that it cannot pick up a corpus's habits of tense or topic
POLARITY_FEATURES = ("bias", "neg_cue", "rule_negative", "chain_negative", "g1_neg", "mark=",
                     "conditional")


def learns_from(attribute: str, feature: str) -> bool:
    """Whether the model of ``attribute`` (time, certainty, polarity) is trained on ``feature``."""
    if feature in OVERRULING:
        return False
    return attribute != "polarity" or feature.startswith(POLARITY_FEATURES) or "NEGATIVE" in feature


#: features no model learns from, which overrule what the models say (:func:`overruled`)
OVERRULING = frozenset({"done", "begun"})


def overruled(row: Collection[str], future: bool, certainty: str, polarity: str) -> tuple[bool, str, str]:
    """A model's (future, certainty, polarity), with what the grammar settles: a verb in a finite past of its own
    ("who was moved to the trade ministry", "the bill was rejected") is done, not planned, whatever the words above
    it look ahead to; nor is a result a past verb reports ("reported a loss", "posted a 64 percent jump"); nor is what
    a finite verb says has begun, or was made, chosen or allowed to happen ("has begun to sell TV episodes", "is
    starting to show signs of life", "were forced to seek aid")."""
    return future and not ("done" in row or "begun" in row), certainty, polarity


# auxiliaries and modals by what they say of the event
AUX_CLASSES = {
    "will": "FUT", "wo": "FUT", "shall": "FUT", "'ll": "FUT", "ll": "FUT", "sha": "FUT",
    "would": "COND", "'d": "COND",
    "may": "POSS", "might": "POSS", "could": "POSS", "can": "ABLE", "ca": "ABLE",
    "should": "PROB", "must": "PROB", "ought": "PROB",
}
# words that govern an event and what they make of it: "plans to cut", "denied attacking", "may close"
GOVERNOR_CLASSES = {
    **dict.fromkeys((
        "plan", "intend", "expect", "schedule", "slate", "set", "due", "poise", "prepare", "aim", "hope", "want",
        "wish", "seek", "propose", "promise", "pledge", "vow", "threaten", "agree", "decide", "try", "attempt",
        "plot", "vote", "order", "ask", "urge", "call", "demand", "require", "need", "consider",
        "offer", "mean", "able", "ready", "likely", "unlikely", "eager", "willing", "determined", "bound",
        "proposal", "intention", "bid", "threat", "effort", "goal", "deadline", "negotiation", "talk", "push",
        "campaign", "encourage", "invite", "persuade", "convince", "strive", "expectation",
        "prospect", "scheme", "forecast", "predict", "project", "anticipate", "estimate",
    ), "PROSPECTIVE"),
    **dict.fromkeys((
        "deny", "refuse", "fail", "reject", "decline", "prevent", "stop", "avoid", "cancel", "block", "ban",
        "forbid", "prohibit", "lack", "miss", "abandon", "veto", "cease", "scrap", "neglect", "omit", "avert",
        "thwart", "foil", "deter", "bar", "refusal", "denial", "failure", "rejection", "cancellation", "absence",
        "prevention", "without", "unable",
    ), "NEGATIVE"),
    **dict.fromkeys(("begin", "start", "continue", "keep", "resume", "finish", "manage"), "ASPECTUAL"),
    # implicative: done, in the past tense, once they are ("was forced to seek aid", "allowed him to run again")
    **dict.fromkeys(("force", "allow", "permit", "enable", "choose", "help", "compel", "oblige", "dare", "bother",
                     "remember", "opt", "elect"), "IMPLICATIVE"),
    **dict.fromkeys((
        "believe", "think", "suspect", "fear", "suggest", "appear", "seem", "possible", "probable", "speculate",
        "doubt", "assume", "guess", "rumor", "rumour", "allege", "worry", "risk", "chance", "possibility",
        "likelihood", "question", "wonder", "unclear", "uncertain", "potential", "whether",
    ), "BELIEF"),
    **dict.fromkeys((
        "say", "tell", "report", "claim", "state", "announce", "confirm", "add", "note", "write", "explain",
        "insist", "warn", "according", "statement", "reveal", "disclose", "declare", "acknowledge", "admit",
    ), "REPORTING"),
}
#: nouns for what someone says of another, which a denial or rejection leaves standing: "denies the charges"
CLAIM_NOUNS = frozenset({"charge", "accusation", "allegation", "claim", "report", "rumour", "rumor", "suggestion",
                         "indictment", "count"})
NEGATION_WORDS = {"not", "n't", "never", "nt"}
NEGATIVE_DETERMINERS = {"no", "neither"}
NEGATIVE_PRONOUNS = {"nobody", "nothing", "none", "noone", "no-one", "neither"}
CONDITION_MARKS = {"if", "unless", "whether", "provided", "lest", "should"}
HEDGES = {"probably", "likely", "possibly", "perhaps", "maybe", "reportedly", "allegedly", "apparently",
          "potentially", "presumably", "supposedly", "seemingly", "purportedly"}
FUTURE_MODIFIERS = {"upcoming", "planned", "proposed", "future", "forthcoming", "next", "scheduled", "prospective",
                    "expected", "impending", "looming", "coming", "pending", "intended", "imminent", "would-be",
                    "anticipated", "projected"}
POSSIBLE_MODIFIERS = {"potential", "possible", "likely", "probable", "alleged", "suspected", "feared", "apparent"}
ARGUMENT_PREPOSITIONS = {"from", "of", "for", "to", "on", "into", "about"}
FUTURE_WORDS = {"tomorrow", "soon", "later", "next", "upcoming", "eventually", "shortly", "forthcoming", "tonight"}


def _first_conjunct(token: Token) -> Token:
    """"will own X and license Y": the aux and the governor of "license" are those of "own"."""
    for _ in range(8):
        if token.dep_ != "conj" or token.head.i == token.i:
            break
        head = token.head
        if token.tag_ in ("VBD", "VBZ") and head.tag_ == "VB" and head.dep_ == "xcomp" \
                and any(c.tag_ == "TO" for c in head.children):
            return head.head  # "refused to pay and restored its systems": a finite verb joins the clause that
            # governs the infinitive, not the infinitive (which the parser hangs it on)
        token = head
    return token


def _aux_classes(token: Token) -> set[str]:
    found = set()
    for child in token.children:
        if child.dep_ in ("aux", "auxpass"):
            lower = child.lower_
            if lower in AUX_CLASSES:
                found.add(AUX_CLASSES[lower])
            elif child.tag_ == "TO":
                found.add("TO")
            elif child.lemma_ == "have":
                found.add("HAVE")
            elif child.lemma_ == "be":
                found.add("BE")
            elif child.lemma_ == "do":
                found.add("DO")
    return found


def _negations(token: Token) -> set[str]:
    """How the clause of ``token`` is negated: "not"/"never" on it, "no one" as its subject, "no" on a noun."""
    found = set()
    for child in token.children:
        lower = child.lower_
        if child.dep_ == "neg" or child.dep_ == "advmod" and lower in NEGATION_WORDS:
            found.add("direct")
        elif child.dep_ == "advmod" and lower in ("longer", "more") and any(g.lower_ == "no" for g in child.children):
            found.add("direct")  # "could no longer meet"
        elif child.dep_ == "det" and lower in NEGATIVE_DETERMINERS:
            found.add("det")
        elif child.dep_ in ("nsubj", "nsubjpass") and (lower in NEGATIVE_PRONOUNS or any(
                g.dep_ == "det" and g.lower_ in NEGATIVE_DETERMINERS for g in child.children)):
            found.add("subject")  # "no one was killed", "nobody was hurt"
    return found


def _clause_negations(token: Token) -> set[str]:
    """The negations of ``token``, and of its first conjunct when it shares that one's subject and
    auxiliary ("did not attack or loot", but not "did not say … but wanted to", "not saying …, but we
    have completed")."""
    found = _negations(token)
    head = _first_conjunct(token)
    if head.i != token.i and token.tag_ in ("VB", "VBG", "VBN") and not any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in token.children):
        found |= _negations(head)
    return found


def _governors(token: Token, depth: int = 3) -> list[tuple[str, Token, str]]:
    """Up to ``depth`` (relation, governor, preposition) steps above a trigger, over prepositions.

    The relation is the dependency of the word below the governor (``xcomp``, ``ccomp``, ``dobj``,
    ``pobj``…); a step through a preposition keeps it ("approved *without* a vote").
    """
    steps = []
    current = _first_conjunct(token)
    for _ in range(depth):
        if current.head.i == current.i:
            break
        relation, preposition, head = current.dep_, "", current.head
        for _ in range(2):
            if not (head.pos_ == "ADP" or head.dep_ in ("prep", "agent")) or head.head.i == head.i:
                break
            preposition, head = head.lower_, head.head
        steps.append((relation, head, preposition))
        current = _first_conjunct(head)
    return steps


def _past(token: Token) -> bool:
    """A verb in a finite past of its own, with no modal: "was moved", "had left", "pulled"."""
    return finite_tense(token) == "past"


def _participle_of_past(token: Token) -> bool:
    """A participle on its own that adds to a verb in a finite past ("derailed on Friday, *forcing* 2,000 residents
    to leave")."""
    return token.tag_ in ("VBG", "VBN") and token.dep_ in ("advcl", "conj") and token.head.i != token.i \
        and not any(c.dep_ in ("aux", "auxpass") for c in token.children) and _past(token.head)


def _result_reported(token: Token) -> bool:
    """A result a verb in a finite past says was had ("reported a 64 percent jump in revenue", "posted a loss",
    "suffered a fall"): a figure of the past, not a plan (not "announced a rise in prices", which may be one)."""
    return token.pos_ == "NOUN" and token.dep_ == "dobj" and token.lemma_.lower() in RESULT_NOUNS \
        and token.head.lemma_.lower() in RESULT_VERBS and _past(token.head)


#: figures a company or a market has: what a past "reported", "posted" or "suffered" says it had
RESULT_NOUNS = frozenset({"loss", "profit", "rise", "fall", "jump", "drop", "decline", "increase", "gain", "surge",
                          "slump", "deficit", "surplus", "growth", "revenue", "earnings", "sales", "income", "return",
                          "slide", "plunge", "dip", "rebound", "contraction", "shortfall", "record"})
#: verbs that report a result had
RESULT_VERBS = frozenset({"report", "post", "record", "book", "suffer", "see", "log", "notch", "register", "deliver",
                          "show"})


def governor_class(token: Token) -> str:
    """PROSPECTIVE, NEGATIVE, ASPECTUAL, IMPLICATIVE, BELIEF, REPORTING or "" for a word that governs an event."""
    lemma = token.lemma_.lower()
    if lemma == "go" and token.tag_ == "VBG":
        return "PROSPECTIVE"  # "is going to announce"
    return GOVERNOR_CLASSES.get(lemma, GOVERNOR_CLASSES.get(token.lower_, ""))


def _time_relation(value: str, anchor: dt.date | None) -> str:
    """``after``, ``before`` or ``overlap`` of a TimeML value against the article date; "" when unknown."""
    if not anchor or not value:
        return ""
    if value == "FUTURE_REF":
        return "after"
    if value == "PAST_REF":
        return "before"
    bounds = value_bounds(value)
    if bounds is None:
        return ""
    if bounds[0] > anchor:
        return "after"
    if bounds[1] < anchor:
        return "before"
    return "overlap"


def features(token: Token, own_time: str = "", sentence_times: Sequence[str] = (),
             anchor: dt.date | None = None, sentence_words: Collection[str] | None = None) -> list[str]:
    """Feature names of an event trigger: the parse around it, the hand rules, and its times.

    ``own_time`` is the TimeML value the extractor anchored the event to, ``sentence_times`` the
    values of the time expressions of its sentence, compared with the article date ``anchor``;
    ``sentence_words`` the lower-cased words of its sentence, when the caller has them already.
    """
    head = _first_conjunct(token)
    out = ["bias", f"pos={token.pos_}", f"tag={token.tag_}", f"dep={token.dep_}", f"lemma={token.lemma_.lower()}"]
    if head.i != token.i:
        out.append(f"conj_of={head.tag_}")
    verb_form = token.morph.get("VerbForm")
    out += [f"form={v}" for v in verb_form] + [f"tense_m={v}" for v in token.morph.get("Tense")]
    grammatical_tense = tense(token)
    out.append(f"tense={grammatical_tense}")

    auxes = _aux_classes(token) | _aux_classes(head)
    out += [f"aux={a}" for a in sorted(auxes)]
    if {"COND", "HAVE"} <= auxes or {"POSS", "HAVE"} <= auxes:
        out.append("counterfactual")  # "would have been", "could have done": not ahead of anyone
    negations = _clause_negations(token)
    out += [f"neg={n}" for n in sorted(negations)] + (["neg_cue"] if negations else [])
    marks = {c.lower_ for t in (token, head) for c in t.children if c.dep_ == "mark"}
    out += [f"mark={m}" for m in sorted(marks & CONDITION_MARKS)]
    if _past(token) and not marks & (CONDITION_MARKS | {"whether"}) or _result_reported(token):
        out.append("done")  # "Malik Osei, who was moved to the trade ministry", under "will take over"; "reported a
        # loss": see overruled
    hedges = {c.lower_ for t in (token, head) for c in t.children if c.dep_ == "advmod" and c.lower_ in HEDGES}
    if hedges:
        out.append("hedge")
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "nmod", "advmod")}
    if modifiers & FUTURE_MODIFIERS:
        out.append("mod=future")
    if modifiers & POSSIBLE_MODIFIERS:
        out.append("mod=possible")
    clauses = [c for c in token.children if c.dep_ in ("acl", "relcl", "advcl")]
    for clause in clauses:
        out += [f"clause_aux={a}" for a in _aux_classes(clause) if a in ("TO", "FUT", "COND", "POSS")]
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children):
            out.append("has_condition")  # "will strike if the talks fail": the main clause of a condition

    steps = _governors(token)
    rule_future = "FUT" in auxes or grammatical_tense == "future" or "mod=future" in out
    rule_negative = bool(negations)
    possible = "POSS" in auxes or "mod=possible" in out
    probable = "PROB" in auxes or bool(hedges)
    below = False  # the trigger is an argument or infinitive of its governor (for "failed to pass *the deal*")
    for depth, (relation, governor, preposition) in enumerate(steps, start=1):
        cls = governor_class(governor)
        if relation in ("dobj", "obj", "nsubjpass", "oprd") and any(c.dep_ == "oprd" for c in governor.children):
            cls = ""  # "called the strike unjustified", "it was considered an act of war": a judgment of what is there
        if depth == 1 and cls == "NEGATIVE" and relation in ("dobj", "nsubjpass") \
                and token.lemma_.lower() in CLAIM_NOUNS:
            cls = ""  # "denies the charges", "rejected the allegations": the charges were brought; what is denied is
            # what they say
        if preposition:  # "approved without a vote"; "prevented from leaving", but not "rejected after failing"
            cls = GOVERNOR_CLASSES.get(preposition) or (cls if preposition in ARGUMENT_PREPOSITIONS else "")
        g_auxes = _aux_classes(_first_conjunct(governor)) | _aux_classes(governor)
        g_neg = _clause_negations(governor)
        g_marks = {c.lower_ for c in governor.children if c.dep_ == "mark"} & CONDITION_MARKS
        prefix = f"g{depth}"
        out += [f"{prefix}_cls={cls or 'none'}", f"{prefix}_rel={relation}:{cls or governor.pos_}",
                f"{prefix}_tag={governor.tag_}"]
        out += [f"{prefix}_aux={a}" for a in sorted(g_auxes)]
        out += [f"anc_aux={a}" for a in sorted(g_auxes) if a in ("FUT", "COND", "POSS", "PROB")]
        if cls:
            out.append(f"anc_cls={cls}")
        if g_neg:
            out.append(f"{prefix}_neg")
        out += [f"anc_mark={m}" for m in sorted(g_marks)]
        if preposition:
            out.append(f"{prefix}_prep={preposition}")
        if depth == 1:
            out.append(f"g1_tense={tense(governor)}")
            if g_neg:
                out.append(f"g1_neg_rel={relation}")
            infinitive = "TO" in auxes or token.tag_ == "VBG" and relation in ("xcomp", "pcomp")
            argument = relation in ("xcomp", "dobj", "nsubjpass", "pobj", "pcomp", "ccomp", "acomp", "attr", "oprd")
            negated = relation in ("xcomp", "ccomp", "dobj", "nsubjpass") or bool(preposition)
            if infinitive:
                out.append(f"g1_inf={cls or 'none'}")
                if cls in ("ASPECTUAL", "IMPLICATIVE") and relation == "xcomp" and (
                        bool(finite_tense(governor)) or _participle_of_past(governor)):
                    out.append("begun")  # "has begun to sell TV episodes", "were forced to seek aid": see overruled
            if cls == "PROSPECTIVE" and (infinitive or argument):
                rule_future = True
            if cls == "NEGATIVE" and (infinitive and relation != "advcl" or negated) and not g_neg:
                rule_negative = True  # (not the purpose of a ban: "banned mining *to save* power")
            if "FUT" in g_auxes and relation in ("xcomp", "ccomp", "dobj", "advcl", "conj"):
                rule_future = True
            below = relation in ("xcomp", "dobj", "nsubjpass", "pobj", "pcomp") or infinitive
            if "POSS" in g_auxes or cls == "BELIEF":
                possible = True
            if g_marks & {"if", "unless"}:
                possible = True
        elif depth == 2 and cls == "NEGATIVE" and below and _aux_classes(steps[0][1]) & {"TO"}:
            out.append("chain_negative")  # "failed to pass the deal"
    if "TO" in auxes and not steps:
        rule_future = True  # a headline's "X to buy Y"
    if marks & {"if", "unless", "whether"}:
        out.append("conditional")

    if sentence_words is None:
        sentence_words = {t.lower_ for t in token.sent}
    if sentence_words & FUTURE_WORDS:
        out.append("sent_future_word")
    if "?" in sentence_words:
        out.append("question")
    if when := _time_relation(own_time, anchor):
        out.append(f"own_time={when}")
    out += [f"sent_time={r}" for r in sorted({_time_relation(v, anchor) for v in sentence_times} - {""})]
    if rule_future:
        out.append("rule_future")
    if rule_negative:
        out.append("rule_negative")
    if possible:
        out.append("rule_possible")
    if probable:
        out.append("rule_probable")
    return out


def rules(row: Sequence[str]) -> tuple[bool, str, str]:
    """(future, certainty, polarity) by the hand rules alone, from a feature row."""
    present = set(row)
    certainty = ("POSSIBLE" if "rule_possible" in present else "PROBABLE" if "rule_probable" in present
                 else "CERTAIN")
    return overruled(present, "rule_future" in present, certainty, "NEG" if "rule_negative" in present else "POS")


def predict(rows: Sequence[Sequence[str]]) -> list[tuple[bool, str, str]]:
    """(future, certainty, polarity) of each feature row, by the shipped models (the rules without them)."""
    if not rows:
        return []
    found = {name: linear.load(model) for name, model in MODELS.items()}
    if any(model is None for model in found.values()):
        return [rules(row) for row in rows]
    times = found["time"].predict(rows)
    certainties = found["certainty"].predict(rows)
    polarities = found["polarity"].predict(rows)
    return [overruled(row, t == "FUTURE", c, p) for row, t, c, p in zip(rows, times, certainties, polarities)]


def with_factuality(events: Sequence[EventMention], triggers: Sequence[Token], timexes: Sequence[Timex],
                    anchor: dt.date | None) -> list[EventMention]:
    """The event mentions with ``future``, ``certainty`` and ``polarity`` filled (``triggers[i]`` is the
    token of ``events[i]``): one pass of feature extraction, three matrix products for the article."""
    if not events:
        return []
    times_of: dict[int, list[str]] = {}
    for timex in timexes:
        times_of.setdefault(timex.sentence, []).append(timex.value)
    doc = triggers[0].doc
    sentences = list(doc.sents)
    starts = [sent.start for sent in sentences]
    words: dict[int, set[str]] = {}
    rows = []
    for event, token in zip(events, triggers):
        n = bisect.bisect_right(starts, token.i) - 1
        if n not in words:
            words[n] = {t.lower_ for t in sentences[n]}
        rows.append(features(token, event.time, times_of.get(event.sentence, ()), anchor, words[n]))
    return [dataclasses.replace(event, future=future, certainty=certainty, polarity=polarity)
            for event, (future, certainty, polarity) in zip(events, predict(rows))]
