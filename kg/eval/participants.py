"""``kg eval -t participants``: who takes part in each event, scored on MEANTIME apple + gm.

A predicted (event, participant) pair is right when its event overlaps a gold EVENT_MENTION and
its participant overlaps a gold ENTITY_MENTION that a ``HAS_PARTICIPANT`` link ties to that
event mention; the role is ignored and each gold link is matched at most once. The main rows
count gold links to named or nominal mentions (``syntactic_type`` NAM or NOM: "General Motors",
"the carmaker") for both P and R; *any entity mention* also counts links to pronouns,
appositions, conjunctions and mentions left untyped. VALUE targets ("5,000 jobs") and time
arguments are not participants here. ``n`` is the gold links. A predicted pair that matches only a
gold link to a mention the row does not score (a pronoun, in the main rows) counts neither way. gm's
annotators typed only the named mentions (every other ``syntactic_type`` is empty); there a mention
left untyped is a pronoun when its word is one, else nominal (:func:`mention_type`).

*Naive baseline* (issue 23): spaCy's entities and the subject and object dependents of every
verb, each participant the entity its word is part of, else the word itself. *Named entities*:
the extractor's entity mentions of spaCy's name labels (``kg.nlp.extract.ENTITY_LABELS``: people,
organisations, places, nationalities, products) against gold NAM and PRE.NAM mentions (a name
as a modifier: "US" of "US automaker"), overlapping one-to-one as ``kg.eval.metrics.align`` does; *any overlap*
counts, as TempEval-3's relaxed span scores do, each system name that overlaps a gold one (P) and each gold name
that a system one overlaps (R), not one-to-one: MEANTIME annotates nested names ("US automaker Nordvik" and its "US")
that one-to-one pairing cannot both match. *Typed events*: of
the extractor's events that overlap a gold event mention, the share with an ontology class more
specific than ``kgo:Event`` (P = R = F1 = that share, ``n`` the matched events).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from spacy.tokens import Doc, Token

from lxml import etree

from kg.eval.corpora import GoldDoc, GoldParticipants, GoldSpan, Pair, gold_participants, read_meantime
from kg.nlp.arguments import MODEL, using
from kg.eval.metrics import Counts, align, overlap
from kg.model import Extraction

CORPORA = {"corpus_apple": "meantime apple", "corpus_gm": "meantime gm"}  # airbus and stock: never read
ALL = "meantime"
NAMED_OR_NOMINAL = frozenset({"NAM", "NOM"})
NAMED = frozenset({"NAM", "PRE.NAM"})  # PRE.NAM: a name as a modifier, "US" of "US automaker"
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "his", "its",
                      "their", "our", "my", "your", "who", "whom", "whose", "which", "that", "himself", "herself",
                      "itself", "themselves"})
SUBJECTS_OBJECTS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "iobj"})


def matches(predicted: Pair, gold: Pair) -> bool:
    return overlap(predicted.event, gold.event) > 0 and overlap(predicted.entity, gold.entity) > 0


def pair_counts(predicted: Sequence[Pair], gold: Sequence[Pair],
                ignored: Sequence[Pair] = ()) -> tuple[int, int, int]:
    """(matched predicted pairs, predicted pairs, gold pairs), each gold pair matched at most once.

    A predicted pair that matches no ``gold`` pair but one of ``ignored`` (a gold link to a mention of a
    kind this row does not score, such as a pronoun) counts neither way, as the gold link does not.
    """
    used: set[int] = set()
    right = counted = 0
    for pair in predicted:
        found = next((i for i, g in enumerate(gold) if i not in used and matches(pair, g)), None)
        if found is not None:
            used.add(found)
            right += 1
            counted += 1
        elif not any(matches(pair, g) for g in ignored):
            counted += 1
    return right, counted, len(gold)


def system_pairs(extraction: Extraction) -> list[Pair]:
    """The extractor's (event, participant) pairs: every argument that is an entity mention (not a time)."""
    entities = {entity.id: entity for entity in extraction.entities}
    pairs = []
    for event in extraction.events:
        for argument in event.args:
            if (entity := entities.get(argument.entity)) is not None:
                pairs.append(Pair(_span(event.id, event.start, event.end, event.text, event.cls),
                                  _span(entity.id, entity.start, entity.end, entity.text, entity.label)))
    return list(dict.fromkeys(pairs))


def baseline_pairs(doc: Doc) -> list[Pair]:
    """spaCy NER + the subject and object dependents of every verb (the agent of a passive through "by")."""
    entity_of = {token.i: span for span in doc.ents for token in span}
    pairs = []
    for verb in (token for token in doc if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux"):
        for word in _subjects_and_objects(verb):
            span = entity_of.get(word.i)
            if span is None and word.pos_ not in ("NOUN", "PROPN"):
                continue
            start, end = (span.start_char, span.end_char) if span is not None else (word.idx, word.idx + len(word))
            pairs.append(Pair(_span(f"v{verb.i}", verb.idx, verb.idx + len(verb), verb.text, "VERB"),
                              _span(f"w{word.i}", start, end, doc.text[start:end], "")))
    return list(dict.fromkeys(pairs))


def _subjects_and_objects(verb: Token) -> Iterator[Token]:
    for child in verb.children:
        if child.dep_ in SUBJECTS_OBJECTS:
            yield child
        elif child.dep_ == "agent":
            yield from (word for word in child.children if word.dep_ == "pobj")


def _span(id_: str, start: int, end: int, text: str, kind: str) -> GoldSpan:
    return GoldSpan(id_, start, end, text, kind)


def mention_type(mention: GoldSpan) -> str:
    """A gold entity mention's syntactic type; where the annotators left it empty (every non-named mention
    of gm), a pronoun by its word, else nominal (appositions and conjunctions cannot be told apart there)."""
    if mention.kind:
        return mention.kind
    return "PRO" if mention.text.lower() in PRONOUNS else "NOM"


def _links_to(gold: GoldParticipants, types: frozenset[str] | None) -> list[Pair]:
    return [pair for pair in gold.pairs if types is None or mention_type(pair.entity) in types]


def _links_not_to(gold: GoldParticipants, types: frozenset[str] | None) -> list[Pair]:
    return [] if types is None else [pair for pair in gold.pairs if mention_type(pair.entity) not in types]


def _typed(extraction: Extraction, gold_events: Sequence[GoldSpan]) -> tuple[int, int]:
    """(matched events with an ontology type, matched events)."""
    matched = [extraction.events[j] for _, j in align(gold_events, extraction.events)]
    return sum(bool(event.type) and event.type != "Event" for event in matched), len(matched)


def _corpus_of(doc: GoldDoc) -> str | None:
    return CORPORA.get(Path(doc.article.path).parent.name)


def documents(corpora: Path) -> list[tuple[str, GoldParticipants, Extraction, Doc]]:
    """MEANTIME apple and gm with their gold participants, the extraction and the spaCy parse of each."""
    from kg.nlp.extract import extract_doc
    from kg.nlp.pipeline import load_pipeline, parse

    docs = [(name, doc) for doc in read_meantime(Path(corpora)) if (name := _corpus_of(doc))]
    parsed = parse(load_pipeline(), ((doc.article.text, doc) for _, doc in docs))
    found = []
    for (name, doc), (parsed_doc, _) in zip(docs, parsed):
        with using(held_out_model(doc)):  # a participant model that never saw this corpus
            found.append((name, gold_participants(doc), extract_doc(doc.article, parsed_doc), parsed_doc))
    return found


def held_out_model(doc: GoldDoc) -> str:
    """The participant model trained without ``doc``'s corpus (``kg train arguments``)."""
    return f"{MODEL}-{Path(doc.article.path).parent.name.removeprefix('corpus_')}"


def score_participants(corpora: Path) -> list[dict]:
    """Participant pairs (extractor and naive baseline) per corpus and overall, named entities, typed events."""
    from kg.nlp.extract import ENTITY_LABELS

    items = documents(corpora)
    rows = []
    for corpus in (*CORPORA.values(), ALL):
        chosen = [item for item in items if corpus in (ALL, item[0])]
        for task, types in (("participants (named or nominal)", NAMED_OR_NOMINAL),
                            ("participants (any entity mention)", None)):
            rows.append(_pairs_row(corpus, task, ((system_pairs(x), _links_to(g, types), _links_not_to(g, types))
                                                  for _, g, x, _ in chosen)))
            rows.append(_pairs_row(corpus, task.replace("participants", "naive baseline (NER + subj/obj)"),
                                   ((baseline_pairs(d), _links_to(g, types), _links_not_to(g, types))
                                    for _, g, _, d in chosen)))
    names, touching, typed = Counts(), Counts(), Counts()
    for _, gold, extraction, _ in items:
        named = [e for e in gold.entities if e.kind in NAMED]
        system = [e for e in extraction.entities if e.label in ENTITY_LABELS]
        names.add(len(align(named, system)), len(system), None, len(named))
        touching.add(*touching_counts(named, system))
        found, matched = _typed(extraction, gold.doc.events)
        typed.add(found, matched, None, matched)
    rows.append(names.row(ALL, "named entities (NAM + PRE.NAM, relaxed)"))
    rows.append(touching.row(ALL, "named entities (NAM + PRE.NAM, any overlap)"))
    coreference = Counts()
    for _, gold, extraction, _ in items:
        coreference.add(*coreference_counts(gold, extraction))
    rows.append(coreference.row(ALL, "pronouns and nominals resolved to their name"))
    rows.append(typed.row(ALL, "typed events (share of matched events)"))
    return rows


def touching_counts(gold: Sequence[GoldSpan], system: Sequence) -> tuple[int, int, int, int]:
    """(system spans overlapping a gold one, system spans, gold spans a system one overlaps, gold spans): the
    relaxed span scores of TempEval-3, not one-to-one."""
    return (sum(any(overlap(s, g) > 0 for g in gold) for s in system), len(system),
            sum(any(overlap(s, g) > 0 for s in system) for g in gold), len(gold))


def refers_to(path: str) -> dict[str, str]:
    """Gold entity mention id → the id of the entity it refers to (``REFERS_TO``)."""
    root = etree.parse(path).getroot()
    found = {}
    for link in root.iter("REFERS_TO"):
        target = link.find("target")
        for source in link.iter("source"):
            if target is not None:
                found[source.get("m_id")] = target.get("m_id")
    return found


def coreference_counts(gold: GoldParticipants, extraction: Extraction) -> tuple[int, int, int, int]:
    """(right, resolved, found, to find) for pronouns and nominals ``kg.nlp.coreference`` points to a name (``of``).

    A resolution is right when the mention and its antecedent overlap gold mentions of one gold entity;
    it is counted when both overlap a gold mention at all. To find: the gold pronouns and nominals
    whose entity was named before them in the article.
    """
    instance = refers_to(gold.doc.article.path)
    by_id = {m.id: m for m in extraction.entities}

    def entity_of(start: int, end: int) -> str | None:
        hits = [g for g in gold.entities if g.start < end and start < g.end and g.id in instance]
        return instance[min(hits, key=lambda g: g.end - g.start).id] if hits else None

    right = resolved = 0
    found_gold: set[str] = set()
    for mention in extraction.entities:
        antecedent = by_id.get(mention.of)
        if antecedent is None or mention.label not in ("PRONOUN", "NOMINAL", "ORG_NOMINAL"):  # titles: kg.nlp.extract
            continue
        mine, theirs = entity_of(mention.start, mention.end), entity_of(antecedent.start, antecedent.end)
        if mine is None or theirs is None:
            continue
        resolved += 1
        if mine == theirs:
            right += 1
            found_gold |= {g.id for g in gold.entities if g.start < mention.end and mention.start < g.end}
    named_first: dict[str, int] = {}
    for g in gold.entities:
        if mention_type(g) == "NAM" and g.id in instance:
            named_first[instance[g.id]] = min(named_first.get(instance[g.id], g.start), g.start)
    to_find = [g for g in gold.entities if mention_type(g) in ("PRO", "NOM") and g.id in instance
               and named_first.get(instance[g.id], g.start) < g.start]
    return right, resolved, len(found_gold & {g.id for g in to_find}), len(to_find)


def _pairs_row(corpus: str, task: str,
               documents: Iterable[tuple[Sequence[Pair], Sequence[Pair], Sequence[Pair]]]) -> dict:
    counts = Counts()
    for predicted, gold, ignored in documents:
        right, n_predicted, n_gold = pair_counts(predicted, gold, ignored)
        counts.add(right, n_predicted, None, n_gold)
    return counts.row(corpus, task)
