"""Python names for the ontology's terms, and loaders for the ontology and SHACL shapes files.

``KGO`` mirrors ``ontology/newskg.ttl`` term for term (tests/test_ontology.py checks both ways),
and is closed like rdflib's ``SH``: a misspelt ``KGO.Kiling`` raises ``AttributeError`` at once
instead of minting a new IRI that no query will ever match.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace, Namespace
from rdflib.term import URIRef

from kg.resources import ONTOLOGY_DIR


ONTOLOGY_FILE = "newskg.ttl"
SHAPES_FILE = "shapes.ttl"

KGR = Namespace("https://w3id.org/newskg/id/")
"""Instances: article/{id}, event/{key}, actor/{key}, place/{key}, mention/{article}/{mention}, ..."""
KGS = Namespace("https://w3id.org/newskg/shapes#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("https://schema.org/")
"""schema.org with https IRIs (the same namespace as rdflib's ``SDO``, which warns on unknown names)."""


class KGO(DefinedNamespace):
    """The newskg ontology (``ontology/newskg.ttl``): events, actors, places and their provenance."""

    _fail = True
    _NS = Namespace("https://w3id.org/newskg/ontology#")

    # classes
    Event: URIRef  # Something that happened, as reported in the news
    Attack: URIRef  # Use of violence against a target (CAMEO 18, assault)
    Explosion: URIRef  # A blast, deliberate or not
    Bombing: URIRef  # An attack with explosives, e.g. a suicide or car bombing (CAMEO 183)
    Shooting: URIRef  # An attack with firearms
    Killing: URIRef  # One or more people killed by an agent
    Assassination: URIRef  # The targeted killing of a prominent person (CAMEO 186)
    Strike: URIRef  # A military strike with conventional force (CAMEO 19, fight); not a labour strike
    AirStrike: URIRef  # A strike from the air (CAMEO 195, employ aerial weapons)
    DroneStrike: URIRef  # An air strike by an unmanned aircraft
    MissileStrike: URIRef  # A strike with missiles or rockets
    Death: URIRef  # Someone died, with or without a known agent
    Injury: URIRef  # Someone was wounded or injured
    MilitaryDeployment: URIRef  # Troops, ships or weapons moved or put on alert (CAMEO 15)
    Arrest: URIRef  # Someone arrested, detained or charged (CAMEO 173)
    Protest: URIRef  # A demonstration, rally or other public protest (CAMEO 14)
    Statement: URIRef  # A public statement: an announcement, a claim of responsibility, praise or criticism (CAMEO 01)
    Pledge: URIRef  # A promise or pledge of future action or aid (CAMEO 03)
    Threat: URIRef  # A threat, warning or vow of revenge (CAMEO 13)
    Speech: URIRef  # An address delivered to an audience
    Meeting: URIRef  # A meeting, visit, talks or negotiation (CAMEO 04, consult)
    Release: URIRef  # Hostages, prisoners or detainees freed or handed over (CAMEO 0841)
    Commemoration: URIRef  # A memorial, funeral, anniversary or ceremony honouring someone
    Election: URIRef  # A vote, referendum or election
    Accident: URIRef  # An unintended harmful event: crash, stampede, fire
    Disaster: URIRef  # A natural or large-scale disaster
    Earthquake: URIRef  # A seismic event
    EconomicEvent: URIRef  # A market, trade, sanctions or business event (IPTC 04000000)
    Merger: URIRef  # Mergers and acquisitions: companies merge, or one buys another, a unit or a stake
    Divestiture: URIRef  # A company sells or spins off a unit, a stake, a brand or assets
    Investment: URIRef  # Money put into a company, a project or a market
    FinancialResult: URIRef  # Profit, loss, earnings, revenue or sales reported for a period
    Bankruptcy: URIRef  # Bankruptcy, creditor protection or default
    JobCuts: URIRef  # Jobs cut, staff laid off, plants or stores closed
    Hiring: URIRef  # Staff hired or recruited, jobs created
    ProductLaunch: URIRef  # A product or service unveiled, introduced, launched or released
    ProductRecall: URIRef  # Goods already sold called back for a fault or a health risk
    MarketMove: URIRef  # A price, share price, index, rate or business figure rises or falls
    MonetaryPolicy: URIRef  # A central bank raises, cuts or holds its interest rates
    TradeMeasure: URIRef  # Tariffs, import or export bans or quotas imposed or lifted
    LabourStrike: URIRef  # Workers stop work or go on strike (CAMEO 143); not a military kgo:Strike
    PoliticalEvent: URIRef  # Government, elections, lawmaking and diplomacy (IPTC 11000000)
    Legislation: URIRef  # A law, bill, budget or policy measure passed, signed, vetoed or repealed
    GovernmentCollapse: URIRef  # A government falls: a lost confidence vote, a coalition broken apart, a cabinet resigning
    Coup: URIRef  # Power seized or an attempt to seize it by force: a coup, a putsch
    Sanction: URIRef  # Sanctions or an embargo imposed or lifted (CAMEO 163)
    DiplomaticRupture: URIRef  # Relations cut back: an ambassador recalled or expelled, an embassy closed (CAMEO 16)
    Visit: URIRef  # An official visit (CAMEO 042)
    Agreement: URIRef  # An agreement, treaty, contract or settlement signed or reached (CAMEO 057)
    PersonnelChange: URIRef  # Someone takes up or leaves a post
    Appointment: URIRef  # Someone appointed, named or nominated to a post
    Resignation: URIRef  # Someone resigns, steps down or retires from a post
    Dismissal: URIRef  # Someone fired, dismissed or ousted from a post
    LegalEvent: URIRef  # Crime, police, courts and regulators (IPTC 02000000)
    Crime: URIRef  # Theft, robbery, fraud, kidnapping and other crimes without a class of their own
    Investigation: URIRef  # An investigation or inquiry (CAMEO 091)
    Trial: URIRef  # A court trial, hearing or prosecution
    Verdict: URIRef  # A ruling, conviction or acquittal (CAMEO 116)
    Sentence: URIRef  # Someone sentenced by a court
    Lawsuit: URIRef  # A party sues another (CAMEO 115)
    Fine: URIRef  # A court or regulator fines someone
    HealthEvent: URIRef  # Illness, epidemics, treatment and medicines (IPTC 07000000)
    Outbreak: URIRef  # An outbreak, epidemic or pandemic of a disease
    Illness: URIRef  # Someone falls ill, is infected, diagnosed or taken to hospital
    Treatment: URIRef  # Medical treatment, surgery, vaccination, a clinical trial, a drug approved
    ScienceEvent: URIRef  # Research, discoveries and space flight (IPTC 13000000)
    Discovery: URIRef  # Something discovered or found for the first time
    SpaceLaunch: URIRef  # A rocket, satellite, probe or spacecraft launched
    TransportEvent: URIRef  # Transport services cancelled, suspended, grounded or resumed
    SportEvent: URIRef  # Sport (IPTC 15000000)
    Match: URIRef  # A match, game, race, tournament or championship
    Victory: URIRef  # Someone wins or loses a contest: a match, race, title, award or election
    Occurrence: URIRef  # Any other salient event that fits none of the types above (TimeML OCCURRENCE)
    GenericEvent: URIRef  # What kind of happening, when no news class fits (WordNet supersenses, TimeML classes)
    Motion: URIRef  # Moving, coming, going, bringing (verb.motion)
    Communication: URIRef  # Saying, telling, asking, reporting (verb.communication; TimeML REPORTING)
    ChangeOfState: URIRef  # Changing, growing, becoming, adding, replacing (verb.change)
    Transfer: URIRef  # Giving, receiving, offering, paying, losing (verb.possession)
    SocialInteraction: URIRef  # Making, taking, allowing, forcing, joining (verb.social)
    Cognition: URIRef  # Thinking, expecting, planning, deciding (verb.cognition)
    Creation: URIRef  # Making, building, producing (verb.creation)
    Competition: URIRef  # Fighting, competing (verb.competition)
    Consumption: URIRef  # Using, spending, eating (verb.consumption)
    Contact: URIRef  # Touching, hitting, cutting, setting, closing (verb.contact)
    Perception: URIRef  # Seeing, hearing, showing (verb.perception; TimeML PERCEPTION)
    Emotion: URIRef  # Wanting, fearing, hoping (verb.emotion)
    BodilyEvent: URIRef  # Sleeping, breathing, recovering (verb.body)
    Weather: URIRef  # Raining, snowing (verb.weather)
    StateOfAffairs: URIRef  # Being, having, owning, remaining (TimeML STATE; verb.stative)
    Aspectual: URIRef  # Beginning, continuing, stopping (TimeML ASPECTUAL)
    Action: URIRef  # An act of no more telling kind (noun.act)
    Actor: URIRef  # A person, organisation, group or state that takes part in events
    Person: URIRef  # A human being; titles such as 'President' are kept in kgo:title
    Organization: URIRef  # A company, agency, ministry, armed force or other institution
    Group: URIRef  # An armed, militant or political group that is not a state organ
    MediaOrganization: URIRef  # A news agency, broadcaster or newspaper, often the source of claims
    Product: URIRef  # A named product, model or service that takes part in events
    Country: URIRef  # A state: both an actor and a place
    Place: URIRef  # A geocoded location where events happen
    City: URIRef  # A city, town or village
    Region: URIRef  # A province, district or other area larger than a city
    Facility: URIRef  # A building, airport, base, mosque or other site
    Article: URIRef  # A news article: title, date, url, text and publisher
    Mention: URIRef  # A span of one article (character offsets) that denotes an instance (GAF mention)
    Link: URIRef  # A relation between two events of one article, with evidence and confidence
    TemporalLink: URIRef  # A TimeML TLINK: the order of two events, with kgo:relationType
    CausalLink: URIRef  # A causal relation: the source event causes the target event
    RejectedLink: URIRef  # A stated link the consistent order of events does not keep (kgo:rejectionReason)
    Claim: URIRef  # A reported fact attributed to a source, e.g. a death toll according to state media
    MergeDecision: URIRef  # Why mentions or instances were merged, with a score; or an analyst's override
    SplitDecision: URIRef  # An analyst's override that takes instances or mentions apart again
    CoreferenceDecision: URIRef  # Why two articles' event instances are one event (kgo:sameEventAs), derived

    # object properties
    hasParticipant: URIRef  # An actor that takes part in the event in any role
    hasAgent: URIRef  # The actor who does it: the attacker, the speaker
    hasTarget: URIRef  # The actor it is done to: the victim, the one arrested or threatened
    hasPlace: URIRef  # Where the event happened
    hasInstrument: URIRef  # The means used: a drone, a missile, a car bomb
    causes: URIRef  # The subject event brings about the object event (asserted from a CausalLink)
    causedBy: URIRef  # Inverse of kgo:causes
    sameEventAs: URIRef  # Another article's instance of the same real-world event (symmetric)
    inRetaliationFor: URIRef  # The subject event is reported as revenge for the object event
    before: URIRef  # The subject event ends before the object event starts (TimeML BEFORE)
    after: URIRef  # Inverse of kgo:before (TimeML AFTER)
    overlaps: URIRef  # The two events share some time (TimeML OVERLAP)
    includes: URIRef  # The object event happens during the subject event (TimeML INCLUDES)
    simultaneous: URIRef  # The two events happen at the same time (TimeML SIMULTANEOUS)
    within: URIRef  # The subject place lies inside the object place (a city within a country)
    hasMention: URIRef  # Links an instance to a span that denotes it (GAF denotedBy)
    inArticle: URIRef  # The article a mention, link or claim comes from
    linkSource: URIRef  # The first event of a link (the cause, or the one ordered)
    linkTarget: URIRef  # The second event of a link (the effect, or the anchor)
    about: URIRef  # The event a claim reports on
    reportedBy: URIRef  # The actor a claim is attributed to ('according to ...')
    mergeInto: URIRef  # The surviving instance a merge decision produced or changed
    mergedFrom: URIRef  # An instance absorbed into the surviving one by the decision
    mergedMention: URIRef  # A mention the decision attached to the surviving instance
    decision: URIRef  # From an instance to the merge decisions that shaped it

    # datatype properties
    timeValue: URIRef  # TimeML value of the event's time: 2024-01-02, 2020, 2013-W11, 2019-Q3
    earliest: URIRef  # First day the event can have begun, from its time value (alone: planned, on or after the report)
    latest: URIRef  # Last day the event can have ended, from its time value (alone: reported done, on or before the report)
    reportedOn: URIRef  # Publication date of an article reporting the event (one per article): the report's time
    timePrecision: URIRef  # Granularity of the time value: day, week, month, ..., century
    timeSource: URIRef  # How an article found the time: own, inherited, narrative, report, report-bounds
    confidence: URIRef  # How sure the pipeline is of a typed event, a link or a merge, in [0, 1]
    killed: URIRef  # Number of people killed (>= 0); contested figures are kgo:Claim
    injured: URIRef  # Number of people injured (>= 0); contested figures are kgo:Claim
    startOffset: URIRef  # Character offset where a span begins in the article text
    endOffset: URIRef  # Character offset just past the span's end (exclusive)
    anchorText: URIRef  # The exact text of a span: article text [startOffset:endOffset]
    sentenceText: URIRef  # The sentence a span occurs in, for display
    sentenceIndex: URIRef  # Zero-based index of the sentence in the article
    evidence: URIRef  # The text that supports a link or claim, quoted from the article
    cue: URIRef  # The word that signals a causal link: because, in retaliation for
    relationType: URIRef  # TimeML relation of a temporal link: before, after, includes, ...
    timemlClass: URIRef  # TimeML EVENT class of a mention: OCCURRENCE, REPORTING, ...
    future: URIRef  # the mention speaks of the event as planned, scheduled, expected or threatened
    certainty: URIRef  # CERTAIN, PROBABLE, POSSIBLE or UNDERSPECIFIED
    polarity: URIRef  # POS, or NEG when the sentence says the event did not happen
    factuality: URIRef  # asserted, planned, possible or denied: what one article's mentions say of the event
    title: URIRef  # A title or role an actor is named with: President, General, spokesman
    geonamesId: URIRef  # GeoNames identifier of a place or country
    countryCode: URIRef  # ISO 3166-1 alpha-2 code of a place's country
    claimProperty: URIRef  # What a claim states a number of: killed or injured
    claimValue: URIRef  # The number the claim states (>= 0)
    reportedAt: URIRef  # When the claim was made, usually the article's date; orders a rising toll
    reporterName: URIRef  # Who the claim is attributed to, as written, when not resolved to an actor
    isLatest: URIRef  # True on the most recent claim of its event and property
    rejectionReason: URIRef  # why a stated link was not kept in the consistent order of events
    derivationPending: URIRef  # on the pending graph while an ingest's derived graphs are not yet redone
    publisher: URIRef  # Name of the outlet that published the article
    articleText: URIRef  # Full text of the article, which every offset indexes into
    mergeScore: URIRef  # Similarity score that led to the merge, in [0, 1]
    mergeReason: URIRef  # Why the merge was made: same name, alias, analyst override

    claimStage: URIRef  # 'initial' or 'revised' when the article says so; orders claims of one day
    relayedBy: URIRef  # The outlet that passed a claim on from its original source ('according to Sky News')
    reportedAtText: URIRef  # When the claim was made as the article gives it: an update stamp

    # annotation properties
    cameoCode: URIRef  # CAMEO event code of a class (an annotation, so OWL DL holds)
    iptcCode: URIRef  # IPTC Media Topics code of an event class's news subject (04000000 economy, business and finance)
    framenetFrame: URIRef  # the FrameNet frame an event class's triggers evoke (MAVEN's type names)
    ploverCode: URIRef  # PLOVER event category of a class or an event (ASSAULT, PROTEST, ...)
    harmful: URIRef  # on an event class: its events harm people or property (inherited by subclasses)
    countsCasualties: URIRef  # on an event class: its mentions report a toll (not inherited)
    contentKeyFamily: URIRef  # on an event class: the family its events are keyed by across articles (inherited)
    recurrent: URIRef  # on an event class: mentions are one event only with the same word and a shared agent
    undergoer: URIRef  # on an event class: its noun's possessor is the one it happens to (a target)
    unintended: URIRef  # on an event class: nobody's act, a possessor says where
    generic: URIRef  # on an event class: a coarse class of happening; each mention an event of its own
    wordnetSupersense: URIRef  # on a generic event class: the WordNet lexicographer file whose words it takes
    timemlEventClass: URIRef  # on a generic event class: the TimeML event class whose events it takes


PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "kgo": KGO,
    "kgr": KGR,
    "kgs": KGS,
    "sem": SEM,
    "prov": PROV,
    "geo": GEO,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "time": TIME,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}
"""Prefixes every graph we write carries, so Turtle output reads ``kgo:DroneStrike``."""

#: the values of kgo:factuality, strongest first: an event is what its strongest report says
FACTUALITY = ("asserted", "denied", "planned", "possible")


def strongest_factuality(said: Iterable[str]) -> str:
    """What several reports of one event say together: asserted when any asserts it (no report: asserted)."""
    said = set(said)
    return next((value for value in FACTUALITY if value in said), "asserted")


SPARQL_PREFIXES: dict[str, str] = {prefix: str(namespace) for prefix, namespace in {**PREFIXES, "owl": OWL}.items()}
"""Prefixes a SPARQL text may use without declaring them (``kg query``, ``/sparql``, its editor), passed to
Oxigraph's parser as they are; a text that declares one of them itself uses its own."""


SPARQL_HEADER = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in SPARQL_PREFIXES.items())
"""The same prefixes as PREFIX lines: the one header of every SPARQL text the code writes (a remote store,
which is not told :data:`SPARQL_PREFIXES`, needs them declared)."""


def bind_prefixes(graph: Graph) -> Graph:
    """Bind our prefixes on ``graph`` (replacing clashing defaults) and return it, for chaining."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, URIRef(str(namespace)), override=True, replace=True)
    return graph


@functools.cache
def load_ontology() -> Graph:
    """The OWL ontology as a graph, parsed once; callers must not modify it (it is shared)."""
    return bind_prefixes(Graph()).parse(ONTOLOGY_DIR / ONTOLOGY_FILE, format="turtle")


@functools.cache
def load_shapes() -> Graph:
    """The SHACL shapes as a graph, parsed once; callers must not modify it (it is shared)."""
    return bind_prefixes(Graph()).parse(ONTOLOGY_DIR / SHAPES_FILE, format="turtle")
