"""A small reader for Princeton WordNet 3.0 database files (WNDB), used to build our lexicons.

Only used when (re)building ``kg/data/wordnet_lexicon.json`` — at run time the pipeline reads
that JSON and needs no WordNet. The files come from Debian's ``wordnet-base`` package
(``/usr/share/wordnet``) or any WNDB ``dict/`` folder (``KG_WORDNET_DIR``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIRS = ("/usr/share/wordnet", "/usr/share/wordnet/dict", "/usr/local/WordNet-3.0/dict")
POS_FILES = {"n": "noun", "v": "verb"}
# lex_filenum → lexicographer file (WordNet 3.0 lexnames(5WN))
LEXNAMES = (
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body noun.cognition "
    "noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive noun.object "
    "noun.person noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation noun.shape "
    "noun.state noun.substance noun.time verb.body verb.change verb.cognition verb.communication verb.competition "
    "verb.consumption verb.contact verb.creation verb.emotion verb.motion verb.perception verb.possession "
    "verb.social verb.stative verb.weather adj.ppl"
).split()


@dataclass(frozen=True)
class Synset:
    offset: str
    pos: str
    lexname: str
    lemmas: tuple[str, ...]
    hypernyms: tuple[str, ...]
    hyponyms: tuple[str, ...]
    gloss: str
    #: derivationally related forms: (word number here, 0 for all, target synset key, word number there)
    derivations: tuple[tuple[int, str, int], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.pos}{self.offset}"


class WordNet:
    """Synsets and the lemma → senses index of one WNDB folder (nouns and verbs)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.synsets: dict[str, Synset] = {}
        self.senses: dict[tuple[str, str], list[str]] = {}
        for pos, name in POS_FILES.items():
            self._read_data(pos, folder / f"data.{name}")
            self._read_index(pos, folder / f"index.{name}")

    def _read_data(self, pos: str, path: Path) -> None:
        with path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if line.startswith(" "):
                    continue
                head, _, gloss = line.partition(" | ")
                parts = head.split()
                offset, lexnum, count = parts[0], int(parts[1]), int(parts[3], 16)
                words = tuple(parts[4 + 2 * i].lower() for i in range(count))
                at = 4 + 2 * count
                pointers = int(parts[at])
                hypernyms, hyponyms, derivations = [], [], []
                for i in range(pointers):
                    symbol, target, target_pos, words_at = parts[at + 1 + 4 * i: at + 5 + 4 * i]
                    target_pos = "n" if target_pos == "n" else "v" if target_pos == "v" else target_pos
                    if symbol in ("@", "@i"):
                        hypernyms.append(f"{target_pos}{target}")
                    elif symbol == "~":
                        hyponyms.append(f"{target_pos}{target}")
                    elif symbol == "+":  # "decision" → "decide": source and target word numbers, two hex digits each
                        derivations.append((int(words_at[:2], 16), f"{target_pos}{target}", int(words_at[2:], 16)))
                self.synsets[f"{pos}{offset}"] = Synset(offset, pos, LEXNAMES[lexnum], words, tuple(hypernyms),
                                                         tuple(hyponyms), gloss.strip(), tuple(derivations))

    def _read_index(self, pos: str, path: Path) -> None:
        with path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if line.startswith(" "):
                    continue
                parts = line.split()
                lemma, count = parts[0], int(parts[2])
                offsets = parts[-count:]  # in order of frequency (WordNet's sense numbers)
                self.senses[(lemma, pos)] = [f"{pos}{o}" for o in offsets]

    def synset(self, name: str) -> Synset:
        """``"kill.v.01"`` → that synset (the lemma's sense by WordNet's numbering)."""
        lemma, pos, number = name.rsplit(".", 2)
        return self.synsets[self.senses[(lemma, pos)][int(number) - 1]]

    def hyponym_closure(self, key: str, depth: int = 6) -> dict[str, int]:
        """Synset keys below ``key`` (itself included) with their distance from it."""
        found = {key: 0}
        frontier = [key]
        for level in range(1, depth + 1):
            following = []
            for current in frontier:
                for child in self.synsets[current].hyponyms:
                    if child not in found:
                        found[child] = level
                        following.append(child)
            frontier = following
        return found

    def lemmas(self, pos: str) -> Iterator[tuple[str, list[str]]]:
        for (lemma, p), senses in self.senses.items():
            if p == pos:
                yield lemma, senses


@functools.cache
def load_wordnet(folder: str | None = None) -> WordNet:
    """The WordNet in ``folder``, ``KG_WORDNET_DIR`` or a standard place; a clear error when none is installed."""
    candidates = [folder] if folder else [os.environ.get("KG_WORDNET_DIR", ""), *DEFAULT_DIRS]
    for candidate in filter(None, candidates):
        path = Path(candidate)
        if (path / "data.verb").exists() and (path / "index.noun").exists():
            return WordNet(path)
    raise FileNotFoundError("no WordNet database found: apt-get install wordnet-base, or set KG_WORDNET_DIR "
                            "to a WordNet 3.0 dict/ folder")
