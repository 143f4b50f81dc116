"""Build ``kg/data/wordnet_lexicon.json`` from WordNet 3.0: event classes and supersenses as data.

    python -m kg.train.lexicon            # needs Debian's wordnet-base (or KG_WORDNET_DIR)

Two tables come out, both keyed by lemma so the pipeline needs no WordNet at run time:

- ``supersense``: the lexicographer file of a verb's or eventive noun's most frequent sense
  (``verb.contact``, ``noun.event``…), a coarse semantic class that generalises across domains
  (the causal classifier uses it);
- ``classes``: ontology event class → verb and noun lemmas, the WordNet hyponyms of a few seed
  synsets per class ("kill.v.01" brings murder, assassinate, execute, massacre, strangle…).
  A lemma joins a class only if one of its first senses (WordNet orders senses by frequency)
  is under the seed, so rare senses do not leak ("fire" is not a killing);
- ``generic``: what the generic event classes (``kgo:GenericEvent``) need beyond ``supersense``:
  the verb a noun's most frequent sense is derived from ("decision" → "decide", so a decision is
  a kind of cognition as deciding is) and the supersense of verbs too short for the table ("go").

The seeds are the only hand-written part: general English senses, nothing of any article.
"""

from __future__ import annotations

import json
import re

from kg.train.wordnet import WordNet, load_wordnet
from kg.resources import DATA_DIR

OUTPUT = DATA_DIR / "wordnet_lexicon.json"
EVENTIVE_NOUN_FILES = {"noun.act", "noun.event", "noun.phenomenon", "noun.process", "noun.state", "noun.feeling",
                       "noun.communication", "noun.possession", "noun.time"}
TOP_SENSES = {"v": 1, "n": 1}
MAX_DEPTH = 5

# ontology class → seed synsets (WordNet 3.0 sense numbers; "name:N" takes N levels of hyponyms instead of
# MAX_DEPTH). More specific classes win over their ancestors when a lemma falls under both ("bomb" is a
# Bombing before an Attack), and a class listed earlier wins over a later one.
SEEDS: dict[str, list[str]] = {
    "Assassination": ["assassinate.v.01", "assassination.n.02"],
    "Killing": ["kill.v.01", "killing.n.02", "murder.n.01", "massacre.n.01", "execution.n.01"],
    "Death": ["die.v.01", "death.n.01", "fatality.n.02"],
    "Injury": ["injure.v.01", "wound.n.04", "injury.n.04"],
    "Bombing": ["bomb.v.01", "bombing.n.01", "bombing.n.02"],
    "Explosion": ["explode.v.01", "explode.v.02", "explosion.n.01", "explosion.n.02", "blast.n.04"],
    "Shooting": ["shoot.v.01", "shoot.v.02", "shoot.v.03", "shooting.n.02", "gunfire.n.01"],
    "AirStrike": ["air_attack.n.01", "air_raid.n.01"],
    "Strike": ["bombard.v.02", "bombardment.n.01", "shelling.n.01"],
    "Attack": ["attack.v.01", "attack.v.03", "attack.v.04", "attack.n.01", "attack.n.05", "raid.v.01", "invade.v.01",
               "invasion.n.01", "ambush.v.01", "terrorism.n.01"],
    "Arrest": ["arrest.v.01", "arrest.n.01", "detain.v.01", "detention.n.01", "capture.n.04", "imprison.v.01",
               "indict.v.01"],
    # a labour strike is a protest (CAMEO 143); listed first, "strike.n.01" is its sense
    "LabourStrike": ["strike.n.01", "walkout.n.01"],
    "Protest": ["protest.v.02", "demonstrate.v.04", "protest.n.01", "protest.n.02", "demonstration.n.04", "riot.n.01",
                "rebellion.n.01", "boycott.n.01"],
    # law and crime, before Statement: a sentence, a conviction and an acquittal are pronounced
    "Sentence": ["sentence.v.01"],
    "Verdict": ["verdict.n.01", "convict.v.01", "acquit.v.01", "acquittal.n.01", "judgment.n.03"],
    "Lawsuit": ["sue.v.01", "lawsuit.n.01", "litigation.n.01"],
    "Trial": ["trial.n.04", "hearing.n.01", "prosecute.v.02", "prosecution.n.01"],
    "Fine": ["fine.v.01"],
    "Investigation": ["investigate.v.02", "investigation.n.01", "inquiry.n.03:0"],
    "Crime": ["crime.n.01", "theft.n.01", "robbery.n.01", "fraud.n.01", "kidnap.v.01", "steal.v.01", "rob.v.01",
              "smuggle.v.01", "hijack.v.01"],
    # politics and people in posts
    "Agreement": ["agreement.n.01", "treaty.n.01", "contract.n.01", "truce.n.01"],
    "Legislation": ["legislation.n.01", "legislation.n.02", "legislate.v.01", "veto.v.01"],
    "Sanction": ["sanction.n.02", "embargo.n.01"],
    "Appointment": ["appoint.v.01", "appointment.n.01", "nominate.v.02", "nomination.n.01"],
    "Resignation": ["resign.v.01", "resign.v.02", "retire.v.01", "resignation.n.02", "retirement.n.02"],
    "Dismissal": ["fire.v.04", "oust.v.01", "depose.v.01", "dismissal.n.02"],
    "Threat": ["threaten.v.01", "threaten.v.02", "vow.v.01", "warn.v.01", "threat.n.02", "warning.n.01",
               "ultimatum.n.01"],
    "Speech": ["speech.n.01", "talk.n.03", "lecture.n.01", "sermon.n.01"],
    "Statement": ["announce.v.01", "announce.v.02", "declare.v.01", "announcement.n.01", "announcement.n.02",
                  "condemn.v.01", "deny.v.01", "accuse.v.01", "denunciation.n.01"],
    "Visit": ["visit.n.01", "visit.v.01", "visit.v.02"],
    "Meeting": ["meet.v.01", "meeting.n.01", "meeting.n.02", "conference.n.01", "summit.n.03", "negotiation.n.01",
                "negotiate.v.01", "talks.n.01"],
    "Commemoration": ["commemorate.v.01", "commemoration.n.01", "ceremony.n.01", "funeral.n.01", "mourn.v.01",
                      "anniversary.n.01", "vigil.n.02", "memorial.n.03"],
    "Election": ["election.n.01", "election.n.02", "elect.v.01", "vote.v.01", "vote.n.01", "referendum.n.01",
                 "primary.n.01", "inauguration.n.02"],
    "Accident": ["accident.n.01", "crash.n.02", "collide.v.01", "collision.n.01", "derail.v.01",
                 "capsize.v.01", "stampede.n.01", "fire.n.01", "crash.v.04"],
    "Earthquake": ["earthquake.n.01", "quake.v.02"],
    "Outbreak": ["epidemic.n.01"],
    "Disaster": ["disaster.n.02", "catastrophe.n.01", "flood.n.01", "storm.n.01", "eruption.n.01",
                 "avalanche.n.01", "landslide.n.01", "drought.n.01", "famine.n.01", "wildfire.n.01", "tsunami.n.01",
                 "erupt.v.01"],
    # health, science, sport: "illness" itself, not its hyponyms (a disease's name is no event)
    "Illness": ["illness.n.01:0", "disease.n.01:0", "infection.n.01:0", "infect.v.01", "hospitalize.v.01"],
    "Treatment": ["treat.v.03", "treatment.n.01", "vaccinate.v.01", "vaccination.n.01"],
    "Discovery": ["discovery.n.01:0", "discover.v.03:1"],
    "SpaceLaunch": ["liftoff.n.01"],
    "Match": ["match.n.02", "tournament.n.01", "championship.n.02"],
    "Victory": ["win.v.01", "victory.n.01", "defeat.n.01"],
    # business and economy
    "Merger": ["merger.n.01", "takeover.n.02", "buyout.n.01", "merge.v.01", "take_over.v.04"],
    "Investment": ["invest.v.01", "investment.n.01"],
    "Bankruptcy": ["bankruptcy.n.02", "bankruptcy.n.03", "insolvency.n.01", "bankrupt.v.01"],
    "JobCuts": ["layoff.n.01", "downsize.v.01"],
    "Hiring": ["hire.v.01"],
    "EconomicEvent": ["tariff.n.01", "recession.n.01", "inflation.n.01", "default.n.04", "devaluation.n.01",
                      "boycott.v.01"],
    "MilitaryDeployment": ["deploy.v.01", "deployment.n.01", "mobilize.v.03", "mobilization.n.01",
                           "reinforce.v.02"],
}

# lemmas a seed brings in whose everyday news sense is another: "digitalization" is no dose of digitalis,
# a "conspiracy" no agreement, a "franchise" a business, the "collapse" of a bank no illness, a tyre's
# "blowout" and a "whitewash" no victory
EXCLUDED = {"digitalisation", "digitalization", "monetisation", "monetization", "conspiracy", "franchise",
            "concession", "bargain", "collapse", "petty", "soup", "cop", "glom", "snitch", "cabbage", "favor",
            "advantage", "blowout", "whitewash", "slam", "runaway", "waltz", "romp", "walkaway",
            # nouns that name a thing or a category more often than an act in news ("the crime rate", "under the
            # treaty", "the legislation says"), measured on TimeML data: no event class on their own
            "crime", "violation", "infraction", "contract", "treaty", "legislation", "investigation", "fine", "pact",
            "covenant", "escrow", "subcontract",
            # a sport's name is no match
            "diving", "discus", "javelin",
            # caught as in a trap: in news, people trapped by rubble or floods, not held by the police
            "trap", "entrap", "ensnare", "snare"}
# the means of attacks: any of a noun's first four senses under one of these makes it an instrument
INSTRUMENT_SEEDS = ["weapon.n.01", "explosive_device.n.01", "explosive.n.01", "missile.n.01", "missile.n.02",
                    "drone.n.04", "warplane.n.01", "warship.n.01", "tank.n.01", "ammunition.n.01"]
# a class beats the ones listed after it when one lemma fits several
PRIORITY = list(SEEDS)


def _usable(lemma: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z-]*[a-z]", lemma)) and len(lemma) > 2


def supersenses(wordnet: WordNet) -> dict[str, dict[str, str]]:
    """Lemma → lexicographer file of its most frequent sense (verbs; nouns with an eventive first sense)."""
    table: dict[str, dict[str, str]] = {"v": {}, "n": {}}
    for pos in ("v", "n"):
        for lemma, senses in wordnet.lemmas(pos):
            if not _usable(lemma):
                continue
            lexname = wordnet.synsets[senses[0]].lexname
            if pos == "n" and lexname not in EVENTIVE_NOUN_FILES:
                continue
            table[pos][lemma] = lexname
    return table


# nouns that name things rather than happenings, whatever verb they come from ("a driver", "a building" is
# noun.artifact and stays in: "the building of the plant")
THING_NOUN_FILES = {"noun.Tops", "noun.animal", "noun.body", "noun.food", "noun.group", "noun.location",
                    "noun.object", "noun.person", "noun.plant", "noun.shape", "noun.substance"}


def derived_verbs(wordnet: WordNet) -> dict[str, str]:
    """Noun → the verb its most frequent sense is derived from (WordNet's derivationally related forms).

    Of several verbs, the noun's own spelling first ("use" → "use"), then the one whose related sense
    ranks highest among its senses; an eventive noun with no link takes the verb spelt like it.
    """
    table = {}
    for lemma, senses in wordnet.lemmas("n"):
        synset = wordnet.synsets[senses[0]]
        if not _usable(lemma) or synset.lexname in THING_NOUN_FILES:
            continue
        number = synset.lemmas.index(lemma) + 1 if lemma in synset.lemmas else -1
        candidates = []
        for source, target, word in synset.derivations:
            if source not in (0, number) or not target.startswith("v"):
                continue
            verbs = wordnet.synsets[target].lemmas if word == 0 else wordnet.synsets[target].lemmas[word - 1:word]
            for verb in verbs:
                if _usable(verb) and target in wordnet.senses.get((verb, "v"), ()):
                    candidates.append((verb != lemma, wordnet.senses[(verb, "v")].index(target), verb))
        if candidates:
            table[lemma] = min(candidates)[2]
        elif synset.lexname in EVENTIVE_NOUN_FILES and (lemma, "v") in wordnet.senses:
            table[lemma] = lemma  # WordNet links no verb to "a fall" or "the impact", but they are the verb's act
    return table


def short_verbs(wordnet: WordNet) -> dict[str, str]:
    """Supersenses of two-letter verbs ("go", "do"), which ``supersense`` leaves out with other short strings."""
    return {lemma: wordnet.synsets[senses[0]].lexname for lemma, senses in wordnet.lemmas("v")
            if re.fullmatch(r"[a-z]{2}", lemma)}


def event_classes(wordnet: WordNet) -> dict[str, dict[str, list[str]]]:
    """Ontology class → {"verbs": […], "nouns": […]} from the seeds' hyponym closures."""
    below: dict[str, tuple[str, int]] = {}  # synset key → (class, distance), the best class
    for cls in PRIORITY:
        for seed in SEEDS[cls]:
            name, _, depth = seed.partition(":")  # "illness.n.01:1": the seed and one level below it
            try:
                root = wordnet.synset(name)
            except (KeyError, IndexError):
                raise ValueError(f"seed {seed} of {cls} is not in this WordNet") from None
            for key, distance in wordnet.hyponym_closure(root.key, int(depth or MAX_DEPTH)).items():
                current = below.get(key)
                if current is None or PRIORITY.index(cls) < PRIORITY.index(current[0]) and distance <= current[1] + 1:
                    below[key] = (cls, distance)
    classes: dict[str, dict[str, set[str]]] = {cls: {"verbs": set(), "nouns": set()} for cls in SEEDS}
    for pos, kind in (("v", "verbs"), ("n", "nouns")):
        for lemma, senses in wordnet.lemmas(pos):
            if not _usable(lemma):
                continue
            for key in senses[:TOP_SENSES[pos]]:
                if key in below and lemma not in EXCLUDED:
                    classes[below[key][0]][kind].add(lemma.replace("_", " "))
                    break
    return {cls: {kind: sorted(words) for kind, words in found.items()} for cls, found in classes.items()}


def instruments(wordnet: WordNet) -> list[str]:
    """Nouns that name weapons and similar means ("drone", "missile", "rifle", "car bomb" as "bomb")."""
    below: set[str] = set()
    for seed in INSTRUMENT_SEEDS:
        below |= set(wordnet.hyponym_closure(wordnet.synset(seed).key, 8))
    return sorted(lemma for lemma, senses in wordnet.lemmas("n")
                  if _usable(lemma) and any(key in below for key in senses[:4]))


def build(wordnet: WordNet | None = None) -> dict:
    wordnet = wordnet or load_wordnet()
    return {
        "_comment": "Generated by `python -m kg.train.lexicon` from Princeton WordNet 3.0 (WordNet licence: "
                    "free use with the copyright notice, see https://wordnet.princeton.edu/license-and-commercial-use). "
                    "Do not edit by hand: change the seeds in kg/train/lexicon.py and regenerate.",
        "seeds": SEEDS,
        "classes": event_classes(wordnet),
        "instruments": instruments(wordnet),
        "supersense": supersenses(wordnet),
        "generic": {"derived_verb": derived_verbs(wordnet), "short_verb_supersense": short_verbs(wordnet)},
    }


def main() -> None:
    data = build()
    OUTPUT.write_text(json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    counts = {cls: len(v["verbs"]) + len(v["nouns"]) for cls, v in data["classes"].items()}
    print(f"wrote {OUTPUT}: {sum(counts.values())} class lemmas {counts}, "
          f"{len(data['supersense']['v'])} verb and {len(data['supersense']['n'])} noun supersenses, "
          f"{len(data['generic']['derived_verb'])} nouns derived from verbs")


if __name__ == "__main__":
    main()
