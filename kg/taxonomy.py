"""The event taxonomy as the code needs it, read from the ontology (``ontology/newskg.ttl``), never restated.

Class names are local names (``"DroneStrike"``). The sets the pipeline branches on come from the
ontology's hierarchy and from annotations on its classes:

- ``kgo:harmful`` (inherited by subclasses): :data:`HARM_TYPES`, events that harm people or property;
- ``kgo:countsCasualties`` (that class only): :data:`CASUALTY_TYPES`, mentions that report a toll;
- ``kgo:contentKeyFamily`` (inherited): :data:`KEY_FAMILIES`, the family an event is keyed by across articles;
- ``kgo:recurrent``, ``kgo:undergoer``, ``kgo:unintended``, ``kgo:generic`` (inherited): how mentions merge,
  who a noun's possessor is, and which classes are coarse kinds of happening rather than news events.

So a class added to the ontology under ``kgo:Attack`` is harmful, keyed as an attack and takes an
instrument, with no module edited.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import OWL

from kg.vocab import KGO, load_ontology

NAMESPACE = str(KGO)


def local(iri: object) -> str:
    """``https://w3id.org/newskg/ontology#DroneStrike`` → ``DroneStrike``."""
    return str(iri).removeprefix(NAMESPACE)


@functools.cache
def classes() -> frozenset[str]:
    """Every class the ontology declares in our namespace."""
    return frozenset(local(c) for c in load_ontology().subjects(RDF.type, OWL.Class) if str(c).startswith(NAMESPACE))


@functools.cache
def superclasses(cls: str) -> tuple[URIRef, ...]:
    """A class and its ontology superclasses in our namespace, as IRIs (nothing for an unknown class)."""
    if cls not in classes():
        return ()
    found = load_ontology().transitive_objects(KGO[cls], RDFS.subClassOf)
    return tuple(URIRef(c) for c in found if str(c).startswith(NAMESPACE))


@functools.cache
def lineage(cls: str) -> frozenset[str]:
    """A class and its ontology superclasses, as local names (the class alone when the ontology lacks it)."""
    return frozenset({local(c) for c in superclasses(cls)} | {cls})


@functools.cache
def subclasses(cls: str) -> frozenset[str]:
    """A class and every class below it, as local names."""
    return frozenset(c for c in classes() if cls in lineage(c))


@functools.cache
def subclass_pairs() -> frozenset[tuple[str, str]]:
    """(sub, super) IRI pairs of the ontology, transitively, sub != super (kg.graph asserts every superclass)."""
    ontology = load_ontology()
    return frozenset((str(sub), str(sup)) for sub in set(ontology.subjects(RDFS.subClassOf))
                     for sup in ontology.transitive_objects(sub, RDFS.subClassOf) if sub != sup)


def most_specific(types: Iterable[str]) -> str:
    """The deepest ontology class among local names (DroneStrike over AirStrike over Event); "" for none."""
    types = set(types)
    known = [t for t in types if t in classes()]
    if not known:
        return sorted(types)[0] if types else ""
    return max(sorted(known), key=lambda t: len(superclasses(t)))


def _annotated(prop: URIRef) -> dict[str, Literal]:
    return {local(s): o for s, o in load_ontology().subject_objects(prop) if str(s).startswith(NAMESPACE)}


def _inherited(prop: URIRef) -> dict[str, str]:
    """Each class → the value of ``prop`` on it or its nearest annotated superclass."""
    own = _annotated(prop)
    found = {}
    for cls in classes():
        values = sorted(str(own[c]) for c in lineage(cls) if c in own)
        if values:
            found[cls] = values[0]
    return found


HARM_TYPES: frozenset[str] = frozenset(c for c, v in _inherited(KGO.harmful).items() if v == "true")
CASUALTY_TYPES: frozenset[str] = frozenset(c for c, v in _annotated(KGO.countsCasualties).items() if v.toPython() is True)
#: event class → the content-key family its events share one IRI by across articles ("attack", "killing")
KEY_FAMILIES: dict[str, str] = _inherited(KGO.contentKeyFamily)
#: attacks: the classes whose arguments include the weapon used
ATTACK_TYPES: frozenset[str] = subclasses("Attack")
#: events a single article may report many of: one event only with the same word and a shared agent
RECURRENT_TYPES: frozenset[str] = frozenset(c for c, v in _inherited(KGO.recurrent).items() if v == "true")
#: events whose noun's possessor is the one they happen to ("his arrest"): a target
UNDERGOER_TYPES: frozenset[str] = frozenset(c for c, v in _inherited(KGO.undergoer).items() if v == "true")
#: nobody's act: a possessor says where ("India's deadliest train crash")
UNINTENDED_TYPES: frozenset[str] = frozenset(c for c, v in _inherited(KGO.unintended).items() if v == "true")
#: coarse classes of happening (motion, communication...): each mention is an event of its own
GENERIC_TYPES: frozenset[str] = frozenset(c for c, v in _inherited(KGO.generic).items() if v == "true")
