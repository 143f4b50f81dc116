"""EventStoryLine v0.9 and Causal-TimeBank read as gold documents with their intra-sentence causal pairs,
and the folds the causal classifier is trained and scored on (shared by ``kg/train/causal.py`` and
``kg/eval/causal.py``). EventStoryLine's reserved topics are never read (:func:`_esc_topics`).
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ESC_FOLDER = "eventstoryline-v0.9"
CTB_FOLDER = "causal-timebank"
ESC_CAUSAL = {"PRECONDITION", "FALLING_ACTION"}
FOLDS = 5
NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", ")", "]", "}", "'s", "n't", "'re", "'ll", "'ve", "'m", "'d", "%", "''"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``"}


@dataclass(frozen=True)
class GoldSentence:
    """One sentence of a corpus document: its text and its gold event mentions (id, start, end)."""

    text: str
    events: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class GoldDocument:
    """A document of an annotated corpus with its intra-sentence causal pairs (unordered)."""

    corpus: str  # "ESC" or "CTB"
    id: str
    topic: str
    sentences: tuple[GoldSentence, ...]
    causal: frozenset[frozenset[str]]

    def candidates(self) -> Iterator[tuple[int, str, str]]:
        """(sentence index, event id, event id) for every same-sentence pair, in reading order."""
        for index, sentence in enumerate(self.sentences):
            events = sorted(sentence.events, key=lambda e: (e[1], e[2]))
            for i, first in enumerate(events):
                for second in events[i + 1:]:
                    if (first[1], first[2]) != (second[1], second[2]):
                        yield index, first[0], second[0]


# --- readers -------------------------------------------------------------------------


def read_esc(folder: Path) -> list[GoldDocument]:
    """EventStoryLine v0.9 CAT-XML documents (one folder per ECB+ topic)."""
    documents = []
    for path in sorted(folder.glob("*/*.xml")):
        documents.append(_esc_document(path, path.parent.name))
    return documents


def _esc_document(path: Path, topic: str) -> GoldDocument:
    root = ET.parse(path).getroot()
    tokens = [(int(t.get("t_id")), int(t.get("sentence")), t.text or "") for t in root.iter("token")]
    by_sentence: dict[int, list[tuple[int, str]]] = {}
    for t_id, sentence, text in tokens:
        by_sentence.setdefault(sentence, []).append((t_id, text))
    offsets: dict[int, tuple[int, int, int]] = {}  # t_id → (sentence, start, end)
    texts: dict[int, str] = {}
    for sentence, words in sorted(by_sentence.items()):
        text = ""
        for n, (t_id, word) in enumerate(words):
            if n and word not in NO_SPACE_BEFORE and words[n - 1][1] not in NO_SPACE_AFTER:
                text += " "
            offsets[t_id] = (sentence, len(text), len(text) + len(word))
            text += word
        texts[sentence] = text
    events: dict[int, list[tuple[str, int, int]]] = {}
    sentence_of: dict[str, int] = {}
    markables = root.find("Markables")
    for markable in markables if markables is not None else []:
        if "ACTION" not in markable.tag:
            continue
        anchors = [offsets[int(a.get("t_id"))] for a in markable.iter("token_anchor") if int(a.get("t_id")) in offsets]
        if not anchors or len({a[0] for a in anchors}) != 1:
            continue
        sentence = anchors[0][0]
        mention = markable.get("m_id")
        events.setdefault(sentence, []).append((mention, min(a[1] for a in anchors), max(a[2] for a in anchors)))
        sentence_of[mention] = sentence
    causal = set()
    relations = root.find("Relations")
    for link in relations if relations is not None else []:
        if link.tag != "PLOT_LINK" or link.get("relType") not in ESC_CAUSAL:
            continue
        source, target = link.find("source").get("m_id"), link.find("target").get("m_id")
        if source in sentence_of and target in sentence_of and sentence_of[source] == sentence_of[target]:
            causal.add(frozenset((source, target)))
    order = sorted(texts)
    sentences = tuple(GoldSentence(texts[s], tuple(events.get(s, ()))) for s in order)
    return GoldDocument("ESC", path.name.split(".")[0], topic, sentences, frozenset(causal))


TAG = re.compile(r"<(/?)(\w[\w-]*)([^>]*?)(/?)>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


def read_causal_timebank(folder: Path) -> list[GoldDocument]:
    """Causal-TimeBank TimeML files: EVENTs, their instances, and CLINKs."""
    return [_ctb_document(path) for path in sorted(folder.glob("*.tml"))]


def _ctb_document(path: Path) -> GoldDocument:
    raw = path.read_text("utf-8")
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    text, spans = _strip_tags(body)
    instance_of = {}  # event instance id → event id
    for match in re.finditer(r"<MAKEINSTANCE([^>]*)/?>", raw):
        attributes = dict(ATTRIBUTE.findall(match.group(1)))
        instance_of[attributes.get("eiid")] = attributes.get("eventID")
    sentences = []
    sentence_of: dict[str, int] = {}
    position = 0
    instantiated = set(instance_of.values())
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        offset = start + len(line) - len(line.lstrip())
        events = []
        for event_id, (s, e) in spans.items():
            if start <= s and e <= end and event_id in instantiated:
                events.append((event_id, s - offset, e - offset))
                sentence_of[event_id] = len(sentences)
        sentences.append(GoldSentence(stripped, tuple(events)))
    causal = set()
    for match in re.finditer(r"<CLINK([^>]*)/?>", raw):
        attributes = dict(ATTRIBUTE.findall(match.group(1)))
        source = instance_of.get(attributes.get("eventInstanceID"))
        target = instance_of.get(attributes.get("relatedToEventInstance"))
        if source in sentence_of and target in sentence_of and sentence_of[source] == sentence_of[target] \
                and source != target:
            causal.add(frozenset((source, target)))
    return GoldDocument("CTB", path.stem, path.stem, tuple(sentences), frozenset(causal))


def _strip_tags(body: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """Text without tags (entities unescaped) and the character span of each EVENT."""
    out: list[str] = []
    length = 0
    spans: dict[str, tuple[int, int]] = {}
    open_events: list[tuple[str, int]] = []
    position = 0
    for match in TAG.finditer(body):
        chunk = html.unescape(body[position:match.start()])
        out.append(chunk)
        length += len(chunk)
        position = match.end()
        closing, name, attributes = match.group(1), match.group(2), match.group(3)
        if name != "EVENT":
            continue
        if closing:
            if open_events:
                event_id, start = open_events.pop()
                spans[event_id] = (start, length)
        else:
            open_events.append((dict(ATTRIBUTE.findall(attributes)).get("eid", ""), length))
    out.append(html.unescape(body[position:]))
    return "".join(out), spans


# --- folds ---------------------------------------------------------------------------


def fold_of(document: GoldDocument, folds: int = FOLDS) -> int:
    """The cross-validation fold of a document: by topic for ESC, by document for Causal-TimeBank.

    ESC topics are dealt round-robin in numeric order (topic 1 → fold 0, 3 → fold 1, …), so a
    topic's documents are never split between training and test; Causal-TimeBank documents go
    to a fold by a hash of their id. Stable across runs and machines.
    """
    if document.corpus == "ESC":
        return _esc_topics().index(int(document.topic)) % folds if int(document.topic) in _esc_topics() else \
            int(document.topic) % folds
    return int(hashlib.sha1(document.id.encode()).hexdigest(), 16) % folds


@functools.cache
def _esc_topics() -> list[int]:
    # every ESC v0.9 topic (22 in the full release); whichever are present keep this order
    return [1, 3, 4, 5, 7, 8, 12, 13, 14, 16, 18, 19, 20, 22, 23, 24, 30, 32, 33, 35, 37, 41]


def load_corpora(corpora: Path) -> dict[str, list[GoldDocument]]:
    """The corpora present under ``corpora`` (the shared eval folder), by name."""
    found = {}
    esc = corpora / ESC_FOLDER
    if esc.is_dir():
        found["ESC"] = read_esc(esc)
    ctb = corpora / CTB_FOLDER / "Causal-TimeBank-TimeML"
    if ctb.is_dir():
        found["CTB"] = read_causal_timebank(ctb)
    return found


# --- scoring -------------------------------------------------------------------------
