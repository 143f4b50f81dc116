"""The ontology file and its Python vocabulary agree, every term is documented, and it reasons.

``kg/vocab.py`` is written by hand, so these tests are what keep it honest: a term added to
``ontology/newskg.ttl`` without a Python name (or the reverse) fails here, as does a misspelling
inside the Turtle itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from pathlib import Path

import owlrl
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.vocab import GEO, KGO, KGR, ONTOLOGY_DIR, SCHEMA, SEM, bind_prefixes, load_ontology, load_shapes

TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def declared_terms(graph: Graph, kinds=TERM_KINDS) -> set[URIRef]:
    """Terms of the kgo namespace that the ontology declares as one of ``kinds``."""
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and s in KGO}


def used_terms(graph: Graph) -> set[URIRef]:
    """Every kgo IRI that appears anywhere in the graph, in any position."""
    return {node for triple in graph for node in triple if isinstance(node, URIRef) and str(node).startswith(str(KGO))}


def is_subclass(graph: Graph, cls: URIRef, ancestor: URIRef) -> bool:
    """``cls rdfs:subClassOf* ancestor``, asked as SPARQL would."""
    return bool(graph.query("ASK { ?c rdfs:subClassOf* ?a }", initBindings={"c": cls, "a": ancestor}, initNs={"rdfs": RDFS}).askAnswer)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def test_ontology_header_has_a_version(ontology):
    header = URIRef("https://w3id.org/newskg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    assert ontology.value(header, RDFS.comment) is not None


def test_every_vocab_term_is_declared_in_the_ontology(ontology):
    missing = set(dir(KGO)) - declared_terms(ontology)
    assert not missing, f"in kg/vocab.py but not declared in newskg.ttl: {sorted(missing)}"


#: how code names an ontology term in text: kgo:Name in SPARQL (also in the view's scripts and the
#: notebooks), and KGO + "name" / f"{KGO}name" where a module builds IRIs from the namespace string
TERM_IN_TEXT = re.compile(r'(?<![\w/#])kgo:([A-Za-z_]\w*)|KGO \+ "([A-Za-z_]\w*)"|\{KGO\}([A-Za-z_]\w*)')


def test_every_term_the_code_writes_in_sparql_is_declared_in_the_ontology(ontology):
    """A misspelt kgo: term in a SPARQL string matches nothing, silently: the ontology is the one source."""
    root = Path(__file__).resolve().parents[1]
    sources = [*root.glob("kg/**/*.py"), *root.glob("api/**/*.py"), *root.glob("kg/views/client/*.js"),
               *root.glob("notebooks/*.ipynb"), root / "README.md"]
    declared = {str(term).removeprefix(str(KGO)) for term in declared_terms(ontology)}
    used = {(name, str(path.relative_to(root))) for path in sources
            for match in TERM_IN_TEXT.finditer(path.read_text(encoding="utf-8"))
            for name in match.groups() if name}
    assert len({name for name, _ in used}) > 50  # the scan does find the code's terms
    unknown = sorted((name, path) for name, path in used if name not in declared)
    assert not unknown, f"kgo: terms used in code but not declared in newskg.ttl: {unknown}"


def test_every_declared_term_has_a_python_name(ontology):
    missing = {str(term).removeprefix(str(KGO)) for term in declared_terms(ontology)} - {str(t).removeprefix(str(KGO)) for t in dir(KGO)}
    assert not missing, f"declared in newskg.ttl but missing from KGO in kg/vocab.py: {sorted(missing)}"


def test_every_term_used_in_the_ontology_is_declared(ontology):
    undeclared = used_terms(ontology) - declared_terms(ontology)
    assert not undeclared, f"misspelt or undeclared kgo terms in newskg.ttl: {sorted(undeclared)}"


def test_every_term_used_in_the_shapes_is_declared(ontology):
    undeclared = used_terms(load_shapes()) - declared_terms(ontology)
    assert not undeclared, f"misspelt or undeclared kgo terms in shapes.ttl: {sorted(undeclared)}"


def test_misspelt_term_fails_loudly():
    assert KGO.Killing == URIRef("https://w3id.org/newskg/ontology#Killing")
    with pytest.raises(AttributeError):
        KGO.Kiling  # noqa: B018 - the attribute access is the test
    with pytest.raises(AttributeError):
        KGO["hasAgnet"]


def test_every_term_has_a_label_and_a_comment(ontology):
    undocumented = sorted(
        str(term) for term in declared_terms(ontology) if ontology.value(term, RDFS.label) is None or ontology.value(term, RDFS.comment) is None
    )
    assert not undocumented, f"terms without rdfs:label or rdfs:comment: {undocumented}"


def test_each_term_is_declared_as_one_kind_only(ontology):
    for term in declared_terms(ontology):
        kinds = [kind for kind in TERM_KINDS if (term, RDF.type, kind) in ontology]
        assert len(kinds) == 1, f"{term} is declared as {kinds}"


def test_every_class_but_the_roots_has_a_kgo_superclass(ontology):
    roots = {KGO.Event, KGO.Actor, KGO.Place, KGO.Article, KGO.Mention, KGO.Link, KGO.Claim, KGO.MergeDecision}
    for cls in declared_terms(ontology, (OWL.Class,)) - roots:
        parents = set(ontology.objects(cls, RDFS.subClassOf))
        assert parents & set(dir(KGO)), f"{cls} hangs outside the class tree"


@pytest.mark.parametrize(
    ("cls", "ancestor"),
    [
        (KGO.DroneStrike, SEM.Event),
        (KGO.DroneStrike, KGO.Attack),
        (KGO.Bombing, KGO.Explosion),
        (KGO.Assassination, KGO.Killing),
        (KGO.Threat, KGO.Statement),
        (KGO.Earthquake, KGO.Disaster),
        (KGO.Group, SEM.Actor),
        (KGO.Country, KGO.Actor),
        (KGO.Country, KGO.Place),
        (KGO.Country, SEM.Place),
        (KGO.City, GEO.SpatialThing),
        (KGO.Article, PROV.Entity),
        (KGO.Article, SCHEMA.NewsArticle),
        (KGO.Mention, PROV.Entity),
        (KGO.CausalLink, PROV.Entity),
        (KGO.Claim, PROV.Entity),
    ],
)
def test_alignment_with_standard_vocabularies(ontology, cls, ancestor):
    assert is_subclass(ontology, cls, ancestor)


@pytest.mark.parametrize(
    ("prop", "parent"),
    [
        (KGO.hasAgent, SEM.hasActor),
        (KGO.hasPlace, SEM.hasPlace),
        (KGO.earliest, SEM.hasEarliestBeginTimeStamp),
        (KGO.latest, SEM.hasLatestEndTimeStamp),
        (KGO.inArticle, PROV.wasDerivedFrom),
        (KGO.inRetaliationFor, KGO.causedBy),
    ],
)
def test_property_alignment(ontology, prop, parent):
    ask = "ASK { ?p rdfs:subPropertyOf* ?q }"
    assert ontology.query(ask, initBindings={"p": prop, "q": parent}, initNs={"rdfs": RDFS}).askAnswer


def test_temporal_and_spatial_property_characteristics(ontology):
    assert (KGO.before, RDF.type, OWL.TransitiveProperty) in ontology
    assert (KGO.within, RDF.type, OWL.TransitiveProperty) in ontology
    assert (KGO.overlaps, RDF.type, OWL.SymmetricProperty) in ontology
    assert (KGO.simultaneous, RDF.type, OWL.SymmetricProperty) in ontology
    assert (KGO.after, OWL.inverseOf, KGO.before) in ontology
    assert (KGO.causedBy, OWL.inverseOf, KGO.causes) in ontology


def test_cameo_codes_are_digit_strings_on_event_classes(ontology):
    coded = list(ontology.subject_objects(KGO.cameoCode))
    assert (KGO.Attack, Literal("18")) in coded
    for cls, code in coded:
        assert is_subclass(ontology, cls, KGO.Event), cls
        assert str(code).isdigit(), (cls, code)


def test_rdfs_closure_runs_and_infers_the_alignment(ontology):
    closure = Graph() + ontology
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(closure)
    assert (KGO.DroneStrike, RDFS.subClassOf, SEM.Event) in closure
    assert (KGO.hasTarget, RDFS.subPropertyOf, SEM.hasActor) in closure


def test_owl_rl_closure_finds_no_inconsistency(ontology):
    event, country = KGR["event/e1"], KGR["actor/country"]
    data = Graph() + ontology
    data.add((event, RDF.type, KGO.DroneStrike))
    data.add((event, KGO.hasAgent, country))
    data.add((country, RDF.type, KGO.Country))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(data)
    assert (event, RDF.type, SEM.Event) in data
    assert (event, SEM.hasActor, country) in data
    assert not list(data.subjects(RDF.type, OWL.Nothing))


def test_loaders_are_cached_and_bind_our_prefixes():
    assert load_ontology() is load_ontology()
    assert load_shapes() is load_shapes()
    prefixes = dict(bind_prefixes(Graph()).namespaces())
    for prefix in ("kgo", "kgr", "sem", "prov", "geo", "schema", "dcterms", "skos", "time", "xsd"):
        assert prefix in prefixes
    assert str(prefixes["schema"]) == "https://schema.org/"


def test_ontology_dir_can_be_overridden_by_environment(tmp_path):
    (tmp_path / "newskg.ttl").write_text((ONTOLOGY_DIR / "newskg.ttl").read_text())
    code = "from kg.vocab import ONTOLOGY_DIR, load_ontology; print(ONTOLOGY_DIR); load_ontology()"
    env = {**os.environ, "KG_ONTOLOGY_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(tmp_path)
