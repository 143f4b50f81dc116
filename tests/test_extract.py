"""The NLP layer on short articles of several kinds of news, written for these tests."""

import datetime as dt
from pathlib import Path

import pytest

from kg.model import Article
from kg.nlp import extract


def run(text: str, date: dt.date):
    return extract(Article("t", text, date))


def typed(extraction, event_type):
    return [e for e in extraction.events if e.type == event_type]


def args(extraction, event):
    names = {e.id: e.text for e in extraction.entities}
    return {(a.role, names.get(a.entity, a.text)) for a in event.args}


def test_protest_with_weekday_place_and_arrests():
    x = run("Thousands of protesters marched through central Santiago on Friday. "
            "Police arrested 30 people near the presidential palace, the interior ministry said.",
            dt.date(2019, 10, 26))  # a Saturday
    protests = typed(x, "Protest")
    assert protests and protests[0].time == "2019-10-25"
    assert ("place", "Santiago") in args(x, protests[0])
    assert typed(x, "Arrest")


def test_earthquake_causes_deaths_through_a_participial_clause():
    x = run("A powerful earthquake struck eastern Taiwan on Wednesday, killing at least nine people.",
            dt.date(2024, 4, 4))
    quake, = typed(x, "Earthquake")
    killing, = typed(x, "Death")  # the quake killed them: deaths, with no one who killed
    assert quake.time == "2024-04-03" and killing.time == "2024-04-03"
    causal = [r for r in x.relations if r.type == "causes"]
    assert (quake.id, killing.id) in {(r.source, r.target) for r in causal}
    assert all(r.evidence and r.cue for r in causal)


def test_a_charge_is_caused_by_the_crime_it_names_not_by_a_harm_in_its_subject():
    x = run("The brother of a woman killed in a flat on Saturday has been charged with her murder.",
            dt.date(2024, 6, 10))
    found = next(e for e in x.events if e.text == "killed")
    charged = next(e for e in x.events if e.text == "charged")
    murder = next(e for e in x.events if e.text == "murder")
    by_cue = {(r.source, r.target) for r in x.relations if r.type == "causes" and r.cue.startswith("charged")}
    assert (murder.id, charged.id) in by_cue and (found.id, charged.id) not in by_cue


def test_what_is_to_come_after_something_is_a_schedule_not_its_effect():
    x = run("Erik Nordvik will take office as chief executive soon after Piet Claes reaches the retirement age.",
            dt.date(2024, 6, 10))
    assert not [r for r in x.relations if r.type == "causes"]


def test_retaliation_cue_links_two_strikes():
    x = run("The militia fired rockets at the air base on Sunday in retaliation for an air strike "
            "that killed its commander last week.", dt.date(2021, 3, 8))
    rockets, = typed(x, "MissileStrike")
    air, = typed(x, "AirStrike")
    pairs = {(r.source, r.target, r.cue) for r in x.relations if r.type == "causes"}
    assert (air.id, rockets.id, "in retaliation for") in pairs
    assert rockets.time == "2021-03-07"


def test_resulting_in_and_casualty_counts():
    x = run("A bus collided with a truck on the highway yesterday, resulting in 12 people injured, "
            "according to the fire brigade.", dt.date(2022, 6, 2))
    accident, = typed(x, "Accident")
    assert accident.time == "2022-06-01"
    injuries = typed(x, "Injury")
    assert injuries and injuries[0].injured == 12
    assert any(r.type == "causes" and r.source == accident.id for r in x.relations)
    assert [c.source for c in x.claims] == ["fire brigade"]


def test_merger_agent_and_target():
    x = run("Siemens agreed on Monday to buy the software maker Altair Engineering for $10 billion.",
            dt.date(2024, 11, 1))
    merger, = typed(x, "Merger")
    roles = args(x, merger)
    assert ("agent", "Siemens") in roles
    assert ("target", "Altair Engineering") in roles


def test_entity_labels_are_corrected_by_the_document_and_the_gazetteer():
    x = run("Maria Kowalska, the mayor, spoke in Gdansk. Kowalska said the port of Gdansk would reopen.",
            dt.date(2020, 1, 1))
    labels = {(e.text, e.label) for e in x.entities}
    assert ("Kowalska", "PERSON") in labels
    assert ("Gdansk", "GPE") in labels


def test_offsets_index_into_the_text():
    text = "Rebels attacked a convoy near Goma on Tuesday.\n\nThe army said 4 soldiers died."
    x = run(text, dt.date(2022, 3, 3))
    for item in (*x.entities, *x.timexes, *x.events):
        assert text[item.start:item.end] == item.text
    assert len(x.sentences) == 2


@pytest.mark.parametrize("text", ["", "   ", "!!!"])
def test_degenerate_text_gives_an_empty_extraction(text):
    x = run(text, dt.date(2020, 1, 1))
    assert not x.events and not x.relations


def test_worker_processes_extract_exactly_what_one_process_does():
    from kg.ingest import read_articles
    from kg.nlp import extract_many

    examples = Path(__file__).resolve().parents[1] / "examples" / "articles"
    articles = list(read_articles([examples]))[:6]
    assert len(articles) >= 4
    assert list(extract_many(articles, workers=2, batch_size=2)) == list(extract_many(articles, workers=1))


def test_a_year_ago_is_the_year_ago_quarter_once_the_article_speaks_of_a_quarter():
    day = dt.date(1989, 10, 26)
    earnings = run("Acme Corp. said its third-quarter profit rose 12% to $40 million. "
                   "Sales climbed to $1.2 billion from $1.1 billion a year ago.", day)
    plant = run("Acme Corp. opened the plant a year ago. It now employs 300 people.", day)
    assert [t.value for t in earnings.timexes if t.text == "a year ago"] == ["1988-Q3"]
    assert [t.value for t in plant.timexes if t.text == "a year ago"] == ["1988"]


def test_the_next_day_counts_from_the_date_the_story_last_named():
    story = run("The earthquake struck the coast on March 11, 2011. Rescuers reached the town the next day. "
                "Later that day, officials said the death toll had risen.", dt.date(2011, 3, 20))
    values = {t.text: t.value for t in story.timexes}
    assert values["March 11, 2011"] == "2011-03-11"
    assert values["the next day"] == "2011-03-12"
    assert values["Later that day"] == "2011-03-12"


def test_a_duration_counted_later_dates_its_event_but_stays_a_duration():
    # TimeML marks "Two days" in "Two days later" as a duration; the event still gets the date it counts to
    story = run("The storm made landfall on Friday, August 4. Two days later the parliament voted to declare an "
                "emergency.", dt.date(2023, 8, 10))
    duration = next(t for t in story.timexes if t.text == "Two days")
    assert (duration.type, duration.value) == ("DURATION", "P2D")
    voted = next(e for e in story.events if e.text == "voted")
    assert (voted.time, voted.timex) == ("2023-08-06", "")


def test_an_unnamed_participant_keeps_its_whole_phrase_but_not_its_clauses():
    story = run("A correspondent with China's state-run Xinhua said the flood killed 12 people in Henan. "
                "The deputy leader of the ruling party, who spoke on Monday, said rescue teams had arrived.",
                dt.date(2021, 7, 22))
    nominals = {e.text for e in story.entities if e.label == "PERSON_NOMINAL"}
    assert nominals == {"correspondent with China's state-run Xinhua", "deputy leader of the ruling party"}


def test_a_part_of_day_followed_by_of_and_a_date_is_on_that_date():
    story = run("The crash happened on the evening of June 2 near the station.", dt.date(2023, 7, 8))
    values = {t.text.lower(): t.value for t in story.timexes}
    assert values.get("the evening", values.get("the evening of june 2")) in ("2023-06-02TEV", "2023-06-02")
    crash = next(e for e in story.events if e.text == "crash")
    assert crash.time.startswith("2023-06-02")


def test_a_noun_for_an_event_already_reported_does_not_take_another_clause_s_date():
    story = run("Two trains collided in the east of the country last month. The minister said on June 4 that a "
                "signal fault led to the accident. Officials put the death toll at 233 before raising it to 288 "
                "the next day.", dt.date(2023, 7, 8))
    accident = next(e for e in story.events if e.text == "accident")
    assert accident.definite and accident.time == ""
    said = next(e for e in story.events if e.text == "said")
    assert said.time == "2023-06-04"
    death = next(e for e in story.events if e.text == "death")  # of "death toll": a figure, not an event on a day
    assert death.time == ""


def test_a_second_or_another_event_is_marked_as_such():
    story = run("A second powerful quake struck nine hours later. Another attack followed. The quake killed many.",
                dt.date(2023, 2, 7))
    assert [(e.text, e.ordinal) for e in story.events if e.text in ("quake", "attack")] == [
        ("quake", "second"), ("attack", "another"), ("quake", "")]


@pytest.mark.parametrize(("sentence", "value"), [
    ("The two leaders are scheduled to meet on Monday.", "2024-01-08"),   # a to-infinitive under 'scheduled'
    ("Trading in the shares is to resume on Tuesday.", "2024-01-09"),     # 'is to'
    ("The union said it would strike on Monday.", "2024-01-08"),          # future in the past of a report
    ("The minister met the ambassador on Monday.", "2024-01-01"),         # plain past: the last Monday
])
def test_a_weekday_a_report_looks_ahead_to_is_the_next_one(sentence, value):
    x = extract(Article("t", sentence, dt.date(2024, 1, 3)))  # a Wednesday
    assert [t.value for t in x.timexes] == [value]


# --- a time for every event: its own, inherited, the story's, the article date's, or a bound from it ------------


def times(extraction) -> dict[str, tuple[str, str, str, str]]:
    """Each event's (time, how it was found, earliest, latest), by its text."""
    return {e.text: (e.time, e.time_source, e.earliest, e.latest) for e in extraction.events}


def test_a_dateline_dates_the_article_not_the_sentence_it_is_parsed_into():
    x = run("Fiat buys into Chrysler\nMay 29, 2011\nFiat announced on Friday that it will buy the stake.",
            dt.date(2011, 5, 29))
    found = times(x)
    assert found["announced"] == ("2011-05-27", "own", "", "")  # Friday, not the dateline's Sunday
    assert found["buy"] == ("", "report-bounds", "2011-05-29", "")  # planned: on or after the report


def test_a_wire_dateline_is_where_and_when_the_story_was_filed_not_who_acted_or_when():
    x = run("STOCKHOLM, March 12, 2025 (Agency) - Shares of Nordvik Energy fell 4.2 percent on Tuesday.",
            dt.date(2025, 3, 12))
    [fell] = [e for e in x.events if e.text == "fell"]
    assert fell.time == "2025-03-11"  # Tuesday, not the dateline's Wednesday
    assert "STOCKHOLM" not in {a.text for a in fell.args} and fell.type == "MarketMove"
    assert x.sentences[0].text.rstrip().endswith("-")  # the dateline is a sentence of its own


def test_a_company_the_model_misses_or_mistakes_is_named_by_its_designator():
    x = run("Kesto agrees to buy Hallberg Logistics\n\nKesto Group said it had agreed to acquire Hallberg Logistics. "
            "Hallberg shareholders will receive cash, and Kesto will keep the brand.", dt.date(2025, 6, 4))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE")}
    assert {("Kesto Group", "ORG"), ("Hallberg Logistics", "ORG"), ("Hallberg", "ORG"), ("Kesto", "ORG")} <= labels
    assert not {text for text, label in labels if label in ("PERSON", "GPE")}


def test_a_club_is_named_whole_and_is_an_organisation():
    x = run("Nordvik United beat Kesto Rovers 3-1 on Saturday. Kesto Rovers' captain was sent off in the 70th minute.",
            dt.date(2025, 5, 17))
    assert {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON")} == {
        ("Nordvik United", "ORG"), ("Kesto Rovers", "ORG")}
    assert [(t.text, t.type, t.value) for t in x.timexes if "minute" in t.text] == [("70th minute", "TIME", "")]


def test_a_name_tagged_once_is_the_same_entity_where_the_model_leaves_it_untagged():
    x = run("PARIS, June 18, 2025 - Nordic Air has ordered 40 long-haul jets from Kesto Aerospace in a deal worth about "
            "9 billion dollars. A Nordic Air jet made an emergency landing in Stockholm.", dt.date(2025, 6, 18))
    assert [e.text for e in x.entities if e.label == "ORG"].count("Nordic Air") == 2


def test_a_company_the_model_calls_a_person_once_is_a_company_everywhere():
    x = run("Hallberg Systems recalls 1.2 million routers over fire risk\n\nThe recall follows a data breach in February, "
            "when hackers stole the personal details of about 400,000 customers. Hallberg Systems was fined 3 million "
            "euros by the Irish data protection regulator in April.", dt.date(2025, 6, 16))
    assert {e.label for e in x.entities if e.text == "Hallberg Systems"} == {"ORG"}


def test_a_one_word_name_tagged_once_is_tagged_where_the_model_left_it():
    x = run("Tavor posted a loss. The regulator fined Tavor last year.", dt.date(2023, 10, 14))
    found = [(e.text, e.label) for e in x.entities if e.text == "Tavor"]
    assert len(found) == 2 and len(set(found)) == 1  # the model tags the second alone: one sense per discourse


def test_a_disease_capitalised_in_a_headline_is_no_organisation():
    x = run("Cholera outbreak spreads in northern province\n\nHealth officials reported 340 new cholera cases on Sunday.",
            dt.date(2024, 9, 30))
    assert not [e for e in x.entities if e.text == "Cholera" and e.label in ("ORG", "PERSON", "GPE")]


def test_names_the_model_mistakes_in_news_of_other_kinds():
    x = run("Regulator approves vaccine against Tessel fever\nOct 2, 2025\nThe Bank of Estara raised rates, and Halvorsen "
            "Pharma shares rose. An earthquake struck near the town of Essara. Korva's foreign ministry summoned "
            "twelve Korvan officials.", dt.date(2025, 10, 2))
    labels = {(e.text.removeprefix("The "), e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE", "NORP")}
    assert {("Bank of Estara", "ORG"), ("Halvorsen Pharma", "ORG"), ("Essara", "GPE"), ("Korva", "GPE"),
            ("Korvan", "NORP")} <= labels, labels  # an institution of a place; a designator; "the town of X";
    # "X's foreign ministry" is a state's; "Korvan" the people of Korva
    assert not {text for text, _ in labels} & {"Oct 2", "Tessel", "Estara"}  # a date, a disease, part of a name


def test_a_name_whose_people_the_article_names_is_a_place():
    x = run("Korva expels four Valdorian diplomats in spy row\n\nMarch 12, 2025\n\nKorva ordered four Valdorian diplomats "
            "to leave the country on Thursday. The expulsions come a week after Korvan police arrested an army officer.",
            dt.date(2025, 3, 12))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE", "NORP")}
    assert ("Korva", "GPE") in labels and ("Korvan", "NORP") in labels, labels  # "Korvan police": Korva's
    assert not {("Korva", "PERSON"), ("Korvan", "PERSON")} & labels


def test_a_headline_word_for_a_thing_is_no_organisation():
    x = run("Dam bursts after days of heavy rain\n\nMarch 12, 2025\n\nA dam in the north burst on Saturday.",
            dt.date(2025, 3, 12))
    assert not [e for e in x.entities if e.text == "Dam" and e.label in ("ORG", "PERSON", "GPE")]
    # a body of people keeps its name: test_a_ministers_portfolio_is_no_party_and_a_parliament_keeps_its_name


def test_a_place_the_model_calls_a_person_once_is_a_place_where_the_article_places_things():
    x = run("Nordland president visits Estara to sign energy pact\nJan 22, 2026\nPresident Lena Brandt of Nordland "
            "arrived in Estara on Wednesday for a two-day state visit.", dt.date(2026, 1, 22))
    assert {e.label for e in x.entities if e.text == "Estara"} == {"GPE"}


def test_more_names_the_model_mistakes():
    x = run("Wildfire forces thousands to flee\nAug 12, 2025\nA wildfire has burned 8,000 hectares. The blaze broke out "
            "on Sunday near the village of Molvik. Kesto Rovers signed a striker from Nordvik United. Nordvik United "
            "said the fee was a record. Nordvik United had rejected two bids.", dt.date(2025, 8, 12))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE")}
    assert ("Molvik", "GPE") in labels  # "the village of X", which the model left untagged
    assert not {text for text, _ in labels} & {"Wildfire"}  # capitalised only to start a line, lower case elsewhere
    assert {label for text, label in labels if text == "Nordvik United"} == {"ORG"}  # a club everywhere


def test_a_ministers_portfolio_is_no_party_and_a_parliament_keeps_its_name():
    x = run("Labour minister Erik Dahl said the government would not withdraw the reform. Clashes broke out near "
            "parliament. Parliament is due to vote on the bill on March 19.", dt.date(2026, 3, 8))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE")}
    assert ("Labour", "ORG") not in labels and ("Erik Dahl", "PERSON") in labels
    assert ("Parliament", "ORG") in labels  # capitalised to start a sentence, an institution all the same


def test_a_company_the_model_left_untagged_before_its_legal_form_and_a_figure_to_start_a_sentence():
    x = run("TOKYO, Aug 6, 2025 (Nordwire) - Zentrix Corp reported a 23 percent drop in quarterly profit on Wednesday. "
            "Revenue slipped 4 percent to 610 billion yen.", dt.date(2025, 8, 6))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE")}
    assert ("Zentrix Corp", "ORG") in labels
    assert not {text for text, _ in labels} & {"Revenue"}  # an amount's word, capitalised to start a sentence


def test_a_common_noun_the_model_calls_a_person_to_start_a_sentence_is_no_name_nor_an_amount_part_of_one():
    x = run("Voters kept the monarchy on Sunday. Turnout was 71 percent, the highest since 1992. Regulators fined "
            "Hallberg Bank 210 million euros on Tuesday.", dt.date(2025, 3, 12))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE")}
    assert ("Hallberg Bank", "ORG") in labels
    assert not {text for text, _ in labels} & {"Turnout", "Hallberg Bank 210 million"}


def test_a_company_after_its_trade_and_group_and_a_common_noun_only_starting_sentences_is_no_name():
    x = run("Board ousts Vantor chief\n\nThe board of the logistics group Vantor removed its chief executive, Erik "
            "Nordvik, on Wednesday. Vantor restated its results last month.", dt.date(2025, 3, 12))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE", "PRODUCT")}
    assert ("Vantor", "ORG") in labels and not {("Vantor", "PERSON"), ("Vantor", "PRODUCT")} & labels
    y = run("House prices fall again\n\nHouse prices in Estara fell for the sixth month in a row.", dt.date(2025, 3, 12))
    assert "House" not in {e.text for e in y.entities}


def test_a_march_is_no_month():
    x = run("Police said 38,000 people joined the march, while unions put the number at 120,000.", dt.date(2026, 3, 8))
    assert not x.timexes


def test_a_participant_phrase_ends_before_its_time():
    x = run("Nordvik United had rejected two earlier bids for the forward in June.", dt.date(2025, 7, 3))
    [rejected] = [e for e in x.events if e.text == "rejected"]
    assert "two earlier bids for the forward" in {a.text for a in rejected.args}
    assert rejected.time == "2025-06"


def test_a_quarter_point_makes_no_earnings_report_of_a_year_ago():
    x = run("The central bank raised its rate by a quarter point. Prices rose 6 percent in August from a year earlier.",
            dt.date(2025, 9, 18))
    assert [t.value for t in x.timexes if t.text == "a year earlier"] == ["2024"]  # a year back, not a quarter
    x = run("Profit rose in the third quarter. Sales were flat from a year earlier.", dt.date(2025, 10, 20))
    assert [t.value for t in x.timexes if t.text == "a year earlier"] == ["2024-Q3"]  # the quarter a year back


def test_what_a_figure_is_compared_with_does_not_date_the_change():
    x = run("Zentrix reported its results on Wednesday. Net profit fell to 41 billion yen from 53 billion yen a year "
            "earlier.", dt.date(2025, 8, 6))
    assert times(x)["fell"][0] != "2024"  # a year earlier is the figure it fell from, not when it fell
    x = run("Zentrix said its profit fell sharply a year earlier.", dt.date(2025, 8, 6))
    assert times(x)["fell"][0] == "2024"  # a time of the fall itself


def test_a_time_that_qualifies_a_thing_does_not_date_the_verb():
    x = run("At a news conference on June 1, Ada Lindqvist outlined a plan. Lindqvist described the events of today "
            "as a turning point.", dt.date(2025, 6, 4))
    assert times(x)["described"][1] != "own"  # "today" is the events', not when she described them


def test_a_verb_in_the_past_does_not_take_a_date_after_the_report():
    x = run("The two leaders signed an agreement to build a power cable by 2030.", dt.date(2026, 1, 22))
    assert times(x)["signed"][0] != "2030" and times(x)["build"][0] == "2030"


def test_a_wire_datelines_place_is_a_place():
    x = run("OSLO, June 4, 2025 (Agency) - Kesto Group said it had agreed to acquire Hallberg Logistics.",
            dt.date(2025, 6, 4))
    assert ("OSLO", "GPE") in {(e.text, e.label) for e in x.entities}


def test_a_when_clause_takes_the_time_it_describes():
    x = run("The profit is an improvement from 2008, when the car company posted a loss.", dt.date(2010, 1, 28))
    assert times(x)["posted"] == ("2008", "own", "", "")


def test_a_report_and_the_present_are_at_the_article_date():
    x = run("Ford said that its sales rose 5% last year. The carmaker says demand is growing.", dt.date(2010, 3, 3))
    found = times(x)
    assert found["said"] == ("2010-03-03", "report", "", "")  # "last year" is when the sales rose, not the saying
    assert found["rose"] == ("2009", "own", "", "")
    assert found["says"][:2] == found["growing"][:2] == ("2010-03-03", "report")


def test_the_day_a_story_has_reached_dates_what_follows_in_its_paragraph():
    x = run("On Monday, the board fired its chief executive. It appointed a successor.\n\n"
            "The company closed a plant.", dt.date(2024, 3, 6))
    found = times(x)
    assert found["fired"][:2] == ("2024-03-04", "own")
    assert found["appointed"][:2] == ("2024-03-04", "narrative")
    assert found["closed"] == ("", "report-bounds", "", "2024-03-06")  # another paragraph: on or before the report


def test_what_is_told_as_coming_later_leaves_the_story_s_day():
    x = run("On Monday, the army shelled the town. The rebels, who then fired rockets, retreated.", dt.date(2024, 3, 6))
    found = times(x)
    assert found["retreated"][:2] == ("2024-03-04", "narrative")
    assert found["fired"] == ("", "report-bounds", "", "2024-03-06")


def test_the_article_date_bounds_what_happened_and_what_is_planned_but_not_what_did_not_happen():
    x = run("The company will close two plants. The union did not strike. Rebels attacked a convoy.", dt.date(2024, 3, 6))
    found = times(x)
    assert found["close"] == ("", "report-bounds", "2024-03-06", "")
    assert found["strike"] == ("", "", "", "")
    assert found["attacked"] == ("", "report-bounds", "", "2024-03-06")
    assert typed(x, "Attack")


def test_the_json_contract_says_how_each_time_was_found():
    from kg.views.export import extraction_json

    events = extraction_json(run("On Monday, the board fired its chief executive. It appointed a successor. "
                                 "The company will close a plant.", dt.date(2024, 3, 6)))["events"]
    by_text = {e["text"]: e for e in events}
    assert {k: by_text["fired"][k] for k in ("time", "time_source", "earliest", "latest")} == \
        {"time": "2024-03-04", "time_source": "own", "earliest": "2024-03-04", "latest": "2024-03-04"}
    assert {k: by_text["close"][k] for k in ("time", "time_source", "earliest", "latest")} == \
        {"time": "", "time_source": "report-bounds", "earliest": "2024-03-06", "latest": ""}


def test_set_is_future_only_when_something_is_set_to_happen():
    x = run("The hearing is set for Monday. The ruling had set off weeks of protests.", dt.date(2025, 3, 4))
    tense = {e.text: e.tense for e in x.events}
    assert tense["hearing"] == "future"
    assert tense["protests"] == "past"


def test_what_was_said_at_an_earlier_event_of_the_story_is_dated_to_it():
    x = run("At a news conference on Monday, Lena Brandt outlined a plan for the carmaker. She said the plan would "
            "save money.", dt.date(2025, 3, 6))  # a Thursday
    said = next(e for e in x.events if e.text == "said")
    assert (said.time, said.time_source) == ("2025-03-03", "narrative")
    fresh = run("Lena Brandt said on Thursday the plan would save money. She said staff would stay.", dt.date(2025, 3, 6))
    assert next(e for e in fresh.events if e.sentence == 1 and e.text == "said").time == "2025-03-06"


def test_the_first_or_most_since_a_date_comes_after_it_while_a_state_since_a_date_began_then():
    x = run("Nordvik Motors has posted its first annual loss since 1992.", dt.date(2025, 1, 27))
    posted = next(e for e in x.events if e.text == "posted")
    year = next(t for t in x.timexes if t.text == "1992")
    assert not posted.time.startswith("1992")
    assert any(r.type == "after" and (r.source, r.target) == (posted.id, year.id) for r in x.relations)
    y = run("Lena Brandt has been fighting the illness since 2004.", dt.date(2025, 1, 27))
    assert next(e for e in y.events if e.text == "fighting").time == "2004"
    z = run("Builders started work on the fewest homes since 2013.", dt.date(2025, 3, 12))
    assert next(e for e in z.events if e.text == "started").time != "2013"  # the most since then, through "on"


def test_a_period_a_report_is_for_dates_what_is_reported_not_the_saying():
    x = run("For the final quarter of 2024, Nordvik Motors says it made a profit of $ 80 million.", dt.date(2025, 1, 28))
    says = next(e for e in x.events if e.text == "says")
    assert (says.time, says.time_source) == ("2025-01-28", "report")
    assert next(t for t in x.timexes if t.text.endswith("quarter of 2024")).value == "2024-Q4"


def test_a_verb_in_a_dated_event_takes_its_time():
    x = run("In a press conference on Monday, Lena Brandt outlined a plan for the carmaker.", dt.date(2025, 3, 6))
    assert next(e for e in x.events if e.text == "outlined").time == "2025-03-03"


def test_a_date_in_a_reported_clause_dates_neither_the_saying_nor_its_conjunct():
    x = run("Nordvik Motors said that it posted a profit in the third quarter, and predicted that it would be "
            "profitable in 2027.", dt.date(2025, 11, 3))
    times = {e.text: e.time for e in x.events}
    assert times["said"] != "2027" and times["predicted"] != "2027"
    y = run("The court declared Ada Lindqvist the winner on Sunday evening.", dt.date(2025, 11, 3))
    assert next(e for e in y.events if e.text == "declared").time.startswith("2025-11-02")  # a small clause is no clause


def test_a_date_in_an_aside_does_not_date_the_story():
    x = run("At a news conference on Monday, Lena Brandt, the chief of Nordvik Motors, which filed for bankruptcy "
            "earlier today, outlined a plan for what she called a new company. She said the plan would save money.",
            dt.date(2025, 3, 6))  # a Thursday
    found = times(x)
    assert found["filed"][:2] == ("2025-03-06", "own")
    assert found["said"][:2] == ("2025-03-03", "narrative")
    y = run("Officials said the gunman fired the shots that killed a guard in October.", dt.date(2025, 3, 6))
    assert times(y)["fired"][0] == "2024-10"  # a clause on the verb's object may say when it happened


def test_a_dateline_dates_the_words_of_its_story_whatever_date_the_feed_gives():
    text = "Car sales slump\nFebruary 3, 2025\nSales at Nordvik Motors fell 35 % last month, the company reported."
    x = run(text, dt.date(2025, 3, 2))  # the archive's date, a month after the story's
    found = times(x)
    assert found["fell"][0] == "2025-01"
    assert found["reported"][:2] == ("2025-02-03", "report")
    assert x.article.date == dt.date(2025, 3, 2)  # the article keeps the date it was given


def test_what_happened_before_or_may_have_happened_does_not_move_the_story():
    x = run("Oil prices rose on Monday after producers agreed on Sunday to cut output. Brent crude climbed to $81.\n\n"
            "Investigators are examining whether heavy rain on Thursday weakened the embankment. The line stays "
            "closed, the operator said.", dt.date(2026, 6, 2))  # a Tuesday
    found = times(x)
    assert found["agreed"][0] == "2026-05-31"
    assert found["climbed"][:2] == ("2026-06-01", "narrative")  # the story is at Monday, not at the agreement
    assert found["weakened"][0] == "2026-05-28"
    assert found["said"][:2] == ("2026-06-02", "report")  # a question about Thursday is not where the story is


def test_a_verb_in_the_past_does_not_take_a_later_time_from_its_neighbour():
    x = run("Tavor said no one had been killed and that owners would be contacted by letter from next week.",
            dt.date(2025, 9, 9))
    found = times(x)
    assert found["contacted"][0] == "2025-W38"
    assert not found["killed"][0]


def test_a_time_of_day_is_on_the_story_s_day():
    x = run("A train derailed near Valmora on Friday. It left the tracks at 7:40 a.m. after crossing a bridge.",
            dt.date(2026, 3, 14))  # a Saturday
    assert next(t for t in x.timexes if t.text == "7:40 a.m.").value == "2026-03-13T07:40"
    z = run("A train derailed near Valmora on Friday. It left the tracks at 7:40 a.m. Rescue teams worked through "
            "the day.", dt.date(2026, 3, 14))
    assert times(z)["worked"][:2] == ("2026-03-13", "narrative")  # the story's day, not its minute
    y = run("The train left the tracks at 7:40 a.m.", dt.date(2026, 3, 14))
    assert next(t for t in y.timexes if t.text == "7:40 a.m.").value == "2026-03-14T07:40"


def names(extraction) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in extraction.entities if e.label in ("ORG", "PERSON", "GPE")}


def entity_labels(extraction) -> dict[str, set[str]]:
    """Each entity text → every label it has in the extraction."""
    labels: dict[str, set[str]] = {}
    for e in extraction.entities:
        labels.setdefault(e.text, set()).add(e.label)
    return labels


def test_a_company_named_by_its_trade_its_first_word_or_its_operator_noun():
    recall = run("Tavor recalls cars\nCarmaker Tavor Motors is recalling 80,000 cars in Europe. A regulator fined "
                 "Tavor 15 million euros. Tavor said no one had been hurt.", dt.date(2025, 9, 9))
    assert ("Tavor Motors", "ORG") in names(recall)  # not "Carmaker Tavor Motors"
    assert {label for text, label in names(recall) if text == "Tavor"} == {"ORG"}
    listing = run("Shares of chip designer Zentrix Technologies jumped 40 percent on Wednesday. Zentrix sold 20 "
                  "million shares at $28 each.", dt.date(2025, 10, 8))
    assert {label for text, label in names(listing) if text.startswith("Zentrix")} == {"ORG"}
    train = run("A train derailed near Valmora, the national rail operator Estara Rail said. The train was going "
                "from the capital Korvath to the coast.", dt.date(2026, 3, 14))
    assert {("Estara Rail", "ORG"), ("Korvath", "GPE")} <= names(train)


def test_a_position_that_starts_a_sentence_and_a_score_are_no_part_of_a_name():
    x = run("Hallberg City reached the final after beating Kesto Rovers 2-1 on Saturday. Striker Malik Osei gave "
            "Rovers the lead. Defender Piet Claes scored the winner.", dt.date(2026, 4, 27))
    assert {("Kesto Rovers", "ORG"), ("Malik Osei", "PERSON"), ("Piet Claes", "PERSON")} <= names(x)


def test_a_participant_s_phrase_is_the_words_next_to_its_noun():
    x = run("At least six people have died, including two children swept away by the water, police said.",
            dt.date(2026, 1, 12))
    died = next(e for e in x.events if e.text == "died")
    assert "At least six people" in {a.text for a in died.args}


def test_a_look_back_in_the_past_perfect_does_not_move_the_story():
    x = run("Hallberg Logistics on Tuesday rejected a takeover offer. The bidder had offered a premium of 30 percent "
            "to the closing price on Friday. Hallberg shares rose 18 percent.", dt.date(2026, 2, 17))
    assert times(x)["rose"][:2] == ("2026-02-17", "narrative")


def test_a_weekday_a_passive_in_the_present_expects_is_ahead():
    x = run("Forecasters warned that more rain is expected on Wednesday.", dt.date(2026, 1, 12))  # a Monday
    assert next(t for t in x.timexes if t.text == "Wednesday").value == "2026-01-14"


def test_the_mayor_of_a_name_makes_it_a_place():
    x = run("An appeals court overturned the conviction of former Estara mayor Lena Brandt.", dt.date(2025, 10, 30))
    assert ("Estara", "GPE") in names(x)


def test_a_probe_that_flies_is_no_investigation():
    x = run("A robotic probe landed on the asteroid on Monday. The probe travelled 450 million kilometres. "
            "Regulators opened a probe into the airline.", dt.date(2025, 12, 2))
    kinds = [(e.text, e.type) for e in x.events if e.text == "probe"]
    assert kinds[-1] == ("probe", "Investigation")
    assert all(not kind for _, kind in kinds[:-1])


def test_a_name_joined_to_a_place_by_and_is_a_place():
    x = run("Korva and Estara sign border deal\nThe leaders of Korva and Estara signed an agreement on Saturday.",
            dt.date(2026, 6, 15))
    assert {label for text, label in names(x) if text in ("Korva", "Estara")} == {"GPE"}
    assert {e.type for e in x.events if e.text == "deal"} == {"Agreement"}  # a border deal, not a business one


def test_what_came_before_does_not_date_the_verb_and_noon_is_on_the_story_s_day():
    x = run("President Anna Lund and Prime Minister Tomas Ekdal signed the deal at a summit in the lakeside town of "
            "Brenna, after eight rounds of talks that began in 2024.", dt.date(2026, 6, 15))
    signed = [e for e in x.events if e.text == "signed"]
    assert not signed[-1].time.startswith("2024")
    y = run("Police arrested 40 people on Sunday after a march turned violent. The march began at noon. Later in "
            "the afternoon, protesters smashed windows.", dt.date(2026, 3, 9))  # a Monday
    values = {t.text: t.value for t in y.timexes}
    assert values["noon"] == "2026-03-08T12:00" and values["the afternoon"] == "2026-03-08TAF"


def test_earlier_than_planned_is_a_difference_not_a_date():
    x = run("The government will ban the sale of new petrol cars from 2032, three years earlier than planned.",
            dt.date(2026, 3, 3))
    assert next((t.type, t.value) for t in x.timexes if t.text == "three years earlier") == ("DURATION", "P3Y")


def test_an_airport_s_town_and_an_airline_are_named_so():
    x = run("The crash of a cargo plane at Ostrel airport last year was caused by the crew, investigators said. "
            "Estara Air said it accepted the findings.", dt.date(2026, 2, 10))
    assert {("Ostrel", "GPE"), ("Estara Air", "ORG")} <= names(x)


def test_what_follows_another_event_is_not_on_the_story_s_day():
    x = run("Investigators said on Monday that the crash was caused by the crew. After the crash, the airline "
            "suspended night flights and replaced its head of training.", dt.date(2026, 2, 10))
    found = times(x)
    assert found["replaced"][1] == "report-bounds" and found["suspended"][1] == "report-bounds"


def test_who_announces_a_death_did_not_cause_it():
    x = run("Her death was announced by the Royal Institute of Technology on Monday.", dt.date(2025, 8, 4))
    death = next(e for e in x.events if e.text == "death")
    assert "agent" not in {a.role for a in death.args}


def test_a_strike_that_lasts_days_is_a_labour_strike_and_so_are_the_article_s_other_strikes():
    x = run("Port workers end strike\nDock workers returned to work on Friday, ending a 12-day strike that had "
            "stranded hundreds of ships. The strike had cost the economy 40 million euros a day.", dt.date(2025, 10, 17))
    assert {e.type for e in x.events if e.text == "strike"} == {"LabourStrike"}


def test_a_weekday_on_a_participle_takes_the_tense_of_what_it_hangs_on():
    x = run("They are due to appear in court on Thursday charged with armed robbery.", dt.date(2026, 1, 28))  # a Wed
    assert next(t for t in x.timexes if t.text == "Thursday").value == "2026-01-29"


def test_a_name_the_text_only_puts_things_in_is_a_place():
    x = run("Measles outbreak closes schools in Korvath\nApril 22, 2026\nHealth authorities in Korvath closed 14 "
            "schools on Wednesday after a measles outbreak infected 230 children in three weeks.", dt.date(2026, 4, 22))
    assert {label for text, label in names(x) if text == "Korvath"} == {"GPE"}


def test_geological_time_is_no_duration():
    x = run("Scientists have discovered the fossil of a bird that lived about 60 million years ago.", dt.date(2026, 2, 25))
    assert next((t.type, t.value) for t in x.timexes if "million years ago" in t.text) == ("DATE", "PAST_REF")
    x = run("The rocks formed 3 billion years ago. The fossil is some 20 million years older than the record.",
            dt.date(2026, 2, 25))  # the count the tagger leaves out of the span, and a scaled duration
    assert {(t.text, t.value) for t in x.timexes} == {("3 billion years ago", "PAST_REF"),
                                                      ("some 20 million years", "P20000000Y")}


def test_a_headlines_verb_is_no_part_of_a_name_and_a_states_central_bank_makes_it_a_place():
    x = run("Ferry capsizes off Estara, dozens missing\n\nMarch 12, 2025\n\nA passenger ferry capsized off the coast "
            "on Sunday. Marivia's central bank cut rates.", dt.date(2025, 3, 12))
    assert not [e for e in x.entities if "capsizes" in e.text]
    assert ("Marivia", "GPE") in {(e.text, e.label) for e in x.entities}


def test_places_named_by_their_parts_and_bodies_and_a_bank_named_elsewhere():
    x = run("Police opened fire on a crowd in the capital of Korvath on Saturday. Estara's electoral commission "
            "postponed the vote. Kesto Bank and Hallberg Bank abandoned their merger. Shares in Hallberg Bank fell.",
            dt.date(2025, 3, 12))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE")}
    assert {("Korvath", "GPE"), ("Estara", "GPE")} <= labels, labels
    assert {label for text, label in labels if text == "Hallberg Bank"} == {"ORG"}  # held in, named a bank


def test_who_remains_in_custody_or_goes_on_trial_undergoes_it():
    x = run("Rights groups said many political prisoners remain in custody.", dt.date(2025, 3, 12))
    custody = next(e for e in x.events if e.text == "custody")
    assert {(p.role, p.text) for p in custody.args} == {("target", "many political prisoners")}
    x = run("The footballer Malik Osei went on trial on Monday. Workers went on strike.", dt.date(2025, 3, 12))
    trial, strike = (next(e for e in x.events if e.text == word) for word in ("trial", "strike"))
    assert ("target", "Malik Osei") in {(p.role, p.text) for p in trial.args}
    assert ("agent", "Workers") in {(p.role, p.text) for p in strike.args}  # who strikes does it


def test_a_name_beside_an_occupation_is_a_person_and_so_is_its_surname_alone():
    x = run("Football star goes on trial for tax fraud\n\nMarch 12, 2025\n\nThe footballer Malik Osei went on trial "
            "in Estara on Monday. Osei denies the charges.", dt.date(2025, 3, 12))
    labels = {(e.text, e.label) for e in x.entities}
    assert {("Malik Osei", "PERSON"), ("Osei", "PERSON")} <= labels, labels


def test_a_last_minute_payment_has_no_time_and_the_coast_guard_is_a_service():
    x = run("Valdoria avoids default with last-minute payment\n\nMarch 12, 2025\n\nThe coast guard rescued 120 migrants.",
            dt.date(2025, 3, 12))
    assert not [t for t in x.timexes if "minute" in t.text]
    assert ("coast guard", "ORG_NOMINAL") in {(e.text, e.label) for e in x.entities}


def test_a_retailer_named_before_its_name_and_a_countrys_carmakers_and_a_surname_starting_a_sentence():
    x = run("The fashion retailer Kesto Style warned on Tuesday that its profit would fall. Estara's carmakers agreed "
            "to raise wages.", dt.date(2025, 3, 12))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE")}
    assert {("Kesto Style", "ORG"), ("Estara", "GPE")} <= labels, labels
    x = run("Fishermen blocked three of Korva's main ports. Marivik's city council voted to build a stadium.",
            dt.date(2025, 3, 12))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE")}
    assert {("Korva", "GPE"), ("Marivik", "GPE")} <= labels, labels
    x = run("Estara named a career diplomat, Anna Lund, as its ambassador to Korva on Wednesday. Korva is expected to "
            "name its own ambassador in the coming weeks.", dt.date(2025, 3, 12))
    assert {e.label for e in x.entities if e.text == "Korva"} == {"GPE"}
    x = run("Mediators from Estara said they would try to restore the truce.", dt.date(2025, 3, 12))
    assert {e.label for e in x.entities if e.text == "Estara"} == {"GPE"}
    story = ("Kidnapped mayor freed after two weeks\n\nMarch 12, 2025\n\nA mayor who was kidnapped by armed men in "
             "northern Estara two weeks ago was freed on Saturday, the army said.\n\nTomas Ekdal, 58, was found "
             "unharmed in a forest after soldiers surrounded the area. Three suspects were arrested during the operation."
             "\n\nEkdal was abducted from his car on his way to a council meeting on February 26.")
    x = run(story, dt.date(2025, 3, 12))
    assert {e.label for e in x.entities if e.text == "Ekdal"} == {"PERSON"}  # tagged a common noun, a surname


def test_a_headlines_infinitive_looks_ahead_and_a_participle_after_began_is_when_it_began():
    x = run("Retailer to close 120 stores in January\n\nMarch 12, 2025\n\nThe retailer said.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "January"] == ["2026-01"]
    x = run("Divers began inspecting the wreckage on Saturday.", dt.date(2025, 3, 12))  # a Wednesday
    assert [t.value for t in x.timexes if t.text == "Saturday"] == ["2025-03-08"]


def test_a_purpose_infinitive_under_a_past_verb_is_done_then_and_a_plan_looks_ahead():
    x = run("Riot police used tear gas to break up a student protest on Saturday.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "Saturday"] == ["2025-03-08"]  # not the coming Saturday
    x = run("The ministers agreed on Monday to meet again on Friday.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "Friday"] == ["2025-03-14"]
    x = run("Warehouse workers voted to join a union on Friday.", dt.date(2025, 3, 12))  # the vote's day
    assert [t.value for t in x.timexes if t.text == "Friday"] == ["2025-03-07"]
    x = run("The court ordered the company to pay by Friday.", dt.date(2025, 3, 12))  # a deadline
    assert [t.value for t in x.timexes if t.text == "Friday"] == ["2025-03-14"]


def test_a_verdict_s_predicate_is_no_part_of_who_it_is_about_and_a_company_beside_its_owner_is_one():
    x = run("A jury found a former head teacher guilty on Thursday of stealing 600,000 euros. The tanker's owner, Ostra "
            "Shipping, said the cause was not yet known.", dt.date(2025, 3, 12))
    texts = {(e.text, e.label) for e in x.entities}
    assert ("former head teacher", "PERSON_NOMINAL") in texts and ("Ostra Shipping", "ORG") in texts, texts
    x = run("Kesto Rovers beat Nordvik United to reach the national cup final for the first time in 30 years.",
            dt.date(2025, 3, 12))
    assert any(e.text.startswith("national cup final") for e in x.entities), [e.text for e in x.entities]


def test_a_vote_passed_is_not_dated_by_a_signing_next_week_and_a_day_called_for_a_date_is_the_protest_s():
    x = run("The bill passed by 301 votes to 252, and the president is expected to sign it into law next week. Unions "
            "called a national day of protest for March 20.", dt.date(2025, 3, 12))
    by_text = {e.text: e for e in x.events}
    assert not by_text["votes"].time.startswith("2025-W12") and by_text["sign"].time == "2025-W12"
    assert by_text["protest"].time == "2025-03-20" and by_text["called"].time != "2025-03-20"


def test_a_country_read_as_a_nationality_in_a_headline_is_the_place_the_text_puts_things_in():
    x = run("Korva imposes tariffs on Estaran cars\n\nKorva will impose tariffs on cars imported from Estara. Estaran "
            "carmakers sold about 200,000 cars in Korva last year.", dt.date(2025, 3, 12))
    assert {e.label for e in x.entities if e.text == "Korva"} == {"GPE"}


def test_a_name_joined_to_a_company_that_the_text_calls_a_company_is_one():
    x = run("The court upheld a ban on the merger of two supermarket chains, Kesto Markets and Velda, on Tuesday. Kesto "
            "Markets shares fell 3 percent, while Velda's rose 1 percent.", dt.date(2025, 3, 12))
    assert {e.label for e in x.entities if e.text == "Velda"} == {"ORG"}


def test_a_quarter_reported_in_the_past_that_has_not_begun_this_year_is_last_year_s():
    x = run("Nordtel reported a net profit of 412 million euros for the fourth quarter on Thursday. It expects sales to "
            "rise in the fourth quarter of this year.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if "quarter" in t.text] == ["2024-Q4", "2025-Q4"]


def test_a_day_s_closing_price_is_over_and_dates_no_offer():
    x = run("Hallberg is offering 24 euros in cash for each share, a premium of 38 percent over Friday's closing price.",
            dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "Friday"] == ["2025-03-07"]
    assert next(e for e in x.events if e.text == "offering").time != "2025-03-07"


def test_a_verb_in_the_present_takes_no_date_ahead_from_the_verb_it_is_joined_to():
    x = run("Nordvik currently runs the company's truck division and will take over on June 1.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "runs").time != "2025-06-01"
    x = run("The probe will map the surface before it collects samples and returns them to Earth in 2028.",
            dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "collects").time == "2028"  # both ahead: one time


def test_a_day_s_figures_ahead_keep_the_tense_of_the_verb_they_are_watched_by():
    x = run("Traders said markets would watch Thursday's inflation figures closely.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "Thursday"] == ["2025-03-13"]


def test_what_may_happen_if_something_else_does_takes_no_time_from_the_main_clause():
    x = run("Nordvik, who denies the charges, faces up to eight years in prison if convicted.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "convicted").time != "2025-03-12"


def test_a_brewer_named_with_its_trade_is_a_company():
    x = run("The brewers Hallberg and Kesto Drinks are in talks about a merger.", dt.date(2025, 3, 12))
    assert ("Kesto Drinks", "ORG") in {(e.text, e.label) for e in x.entities}
    x = run("The owner, Velda Furniture, said it would rebuild the factory.", dt.date(2025, 3, 12))
    assert ("Velda Furniture", "ORG") in {(e.text, e.label) for e in x.entities}


def test_a_party_named_in_the_plural_is_no_person():
    x = run("Piet Claes is expected to form a coalition with the Greens, who won 11 percent. Ilse Varga conceded defeat "
            "and congratulated Claes.", dt.date(2025, 3, 12))
    assert {e.label for e in x.entities if e.text == "Greens"} == {"NORP"}


def test_a_river_and_an_opposition_alliance_name_places():
    x = run("A cargo ship crashed into a bridge over the river Ostra. Korvath's main opposition alliance said it would "
            "boycott the election.", dt.date(2025, 3, 12))
    labels = {(e.text, e.label) for e in x.entities if e.label in ("ORG", "PERSON", "GPE", "LOC")}
    assert {("Ostra", "GPE"), ("Korvath", "GPE")} <= labels, labels


def test_the_date_an_event_is_moved_to_is_its_time_not_the_moving_s():
    x = run("The chipmaker has delayed the opening of its factory by two years, to 2029, the company said on Monday. "
            "The commission postponed the vote until May 25.", dt.date(2025, 3, 12))
    times = {e.text: e.time for e in x.events}
    assert times["opening"] == "2029" and times["delayed"] != "2029"
    assert times["vote"] == "2025-05-25" and times["postponed"] != "2025-05-25"


def test_a_start_up_is_no_event():
    x = run("Start-up releases AI model that writes computer code\n\nMarch 12, 2025\n\nThe start-up Tavor Labs "
            "released a model on Thursday.", dt.date(2025, 3, 12))
    assert not [e for e in x.events if e.text.lower() == "start"]
    assert "released" in {e.text for e in x.events}


def test_a_name_named_as_a_place_once_is_that_place_everywhere_and_so_are_a_cloud_and_a_port():
    x = run("Valdoria expels four Korvan diplomats\nThe foreign ministry summoned Korva's ambassador to protest. Korva "
            "denied the accusation.", dt.date(2025, 12, 11))
    assert {label for text, label in names(x) if text == "Korva"} == {"GPE"}
    y = run("A six-hour outage at cloud provider Kesto Cloud disrupted thousands of websites. The boat had left the "
            "port of Zarif on Sunday evening.", dt.date(2026, 7, 9))
    assert {("Kesto Cloud", "ORG"), ("Zarif", "GPE")} <= names(y)


def test_a_figure_compared_with_an_earlier_day_does_not_move_the_story():
    x = run("Aid reached the villages on Sunday. The death toll rose to 112, the disaster agency said, up from 85 on "
            "Saturday. The government declared a state of emergency.", dt.date(2026, 3, 30))
    assert times(x)["declared"][0] != "2026-03-28"


def test_a_year_that_names_a_thing_gives_way_to_the_day_of_the_verb():
    x = run("Parliament approved the government's 2026 budget on Wednesday. The budget will take effect on Jan. 1 "
            "once it is signed by the president.", dt.date(2025, 12, 18))
    found = times(x)
    assert found["approved"][0] == "2025-12-17"
    assert next(t.value for t in x.timexes if t.text.startswith("Jan. 1")) == "2026-01-01"  # not "Jan. 1 once"
    assert found["signed"][0] != "2026-01-01"  # signed before it takes effect


def test_days_after_a_clause_count_back_from_the_verb_s_day():
    x = run("Salvage teams freed the ship on Monday afternoon, six days after it ran aground.", dt.date(2021, 3, 30))
    assert times(x)["ran"][0] == "2021-03-23"


def test_a_look_back_in_the_past_perfect_takes_no_day_from_the_story():
    x = run("The minister resigned on Thursday, two days after a newspaper reported that her ministry had awarded "
            "contracts to a company owned by her brother.", dt.date(2026, 2, 27))
    awarded = next(e for e in x.events if e.text == "awarded")
    assert (awarded.time, awarded.latest) == ("", "2026-02-26")  # on or before the story's day


def test_a_chain_of_markets_is_a_company_and_the_article_of_the_noun_it_modifies_is_not_its_own():
    x = run("The regulator blocked the merger of Hallberg Foods and Kesto Markets. A ransomware attack forced the "
            "Korva Health hospital network to cancel operations.", dt.date(2025, 9, 3))
    assert {("Kesto Markets", "ORG"), ("Korva Health", "ORG")} <= names(x)
    y = run("Kesto Dairy is recalling baby formula. Soldiers seized the state television building in the capital, "
            "Marivik, early on Monday.", dt.date(2025, 12, 1))
    assert {("Kesto Dairy", "ORG"), ("Marivik", "GPE")} <= names(y)
    z = run("Zentrix has agreed to buy the start-up Hallberg Labs. Hallberg Labs was founded in 2022.", dt.date(2026, 5, 14))
    assert ("Hallberg Labs", "ORG") in names(z)


def test_an_event_told_as_before_or_after_another_takes_no_date_from_outside_its_clause():
    x = run("Rescuers reached 11 miners trapped underground at a coal mine on Monday, three days after a tunnel "
            "collapsed, the mine's owner said.", dt.date(2026, 2, 9))
    assert times(x)["collapsed"][0] != "2026-02-09"
    y = run("Police arrested two men trapped in a flat on Monday, a week after a bomb exploded, officials said.",
            dt.date(2026, 2, 9))
    assert times(y)["exploded"][0] != "2026-02-09"


def test_a_time_of_day_on_a_day_named_next_is_on_that_day():
    x = run("A ceasefire took effect at midnight on Tuesday after a week of fighting. The train left at 7:40 a.m. "
            "Friday.", dt.date(2026, 5, 20))
    values = {t.text: t.value for t in x.timexes}
    assert (values["midnight"], values["7:40 a.m. Friday"]) == ("2026-05-19T24:00", "2026-05-15T07:40")


def test_a_weekday_in_a_condition_of_what_would_be_done_is_ahead():
    x = run("The government said it would ask a court to order the controllers back to work if the strike continued "
            "beyond Tuesday.", dt.date(2026, 2, 16))  # a Monday
    assert next(t.value for t in x.timexes if t.text == "Tuesday") == "2026-02-17"


def test_a_weekday_under_a_modal_of_what_may_come_is_ahead():
    x = run("Power companies said most homes should be reconnected by Monday. Police said the fire may have started "
            "on Saturday.", dt.date(2025, 12, 28))  # a Sunday
    values = {t.text: t.value for t in x.timexes}
    assert (values["Monday"], values["Saturday"]) == ("2025-12-29", "2025-12-27")


def test_a_weekday_of_what_a_past_verb_says_happened_or_failed_is_behind():
    x = run("Valdoria failed to pay $300 million of interest due on its bonds on Friday. The board agreed to meet on "
            "Friday.", dt.date(2025, 3, 12))  # a Wednesday
    assert [t.value for t in x.timexes if t.text == "Friday"] == ["2025-03-07", "2025-03-14"]


def test_a_second_date_of_a_dated_invitation_is_the_event_invited_to_ahead():
    x = run("The government on Tuesday invited rebel leaders to peace talks on Friday.", dt.date(2025, 3, 12))
    talks = next(e for e in x.events if e.text == "talks")
    assert (talks.time, next(e for e in x.events if e.text == "invited").time) == ("2025-03-14", "2025-03-11")


def test_what_one_holds_shares_in_is_a_company_and_guards_are_people():
    x = run("Shares in the chip designer Zentrix rose 40 percent on Thursday. Zentrix sold 30 million shares. Two "
            "guards were injured.", dt.date(2025, 3, 12))
    assert {label for text, label in names(x) if text == "Zentrix"} == {"ORG"}
    assert {(m.text, m.label) for m in x.entities if "guards" in m.text} == {("Two guards", "NOMINAL")}


def test_a_participant_described_leaves_out_the_clauses_of_its_words():
    x = run("The airline offered a 9 % raise over two years, which the union rejected.", dt.date(2025, 3, 12))
    offered = next(e for e in x.events if e.text == "offered")
    assert [a.text for a in offered.args if a.role == "target"] == ["9 % raise over two years"]


def test_a_verb_in_the_present_does_not_share_a_past_date_of_its_conjunct():
    x = run("The former minister left the government last week and faces a police investigation.", dt.date(2025, 3, 12))
    assert {e.text: e.time for e in x.events if e.text in ("left", "faces")}["left"] == "2025-W10"
    assert {e.text: e.time for e in x.events}["faces"] != "2025-W10"


def test_the_second_half_of_a_match_is_no_half_of_the_year():
    x = run("Osei scored twice in the second half. Sales rose in the second half.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "the second half"] == ["", "2024-H2"]  # reported in March


def test_a_date_in_a_relative_clause_on_the_subject_is_not_the_verbs():
    x = run("Varga, who has been in custody since May, is expected to be released on Wednesday.", dt.date(2025, 3, 12))
    assert next(t.value for t in x.timexes if t.text == "May") == "2024-05"
    assert next(e for e in x.events if e.text == "expected").time != "2024-05"
    released = next(e for e in x.events if e.text == "released")
    assert [(a.role, a.text) for a in released.args] == [("target", "Varga")]


def test_a_one_word_name_beside_a_company_noun_is_the_company_and_ai_is_no_name():
    x = run("Hallberg Group completed its takeover of the rival packaging maker Kesto on Monday. The software maker "
            "Zentrix will lay off 3,000 employees as it shifts to AI. Zentrix hired 5,000 people in 2021.",
            dt.date(2025, 3, 12))
    found = names(x)
    assert ("Kesto", "ORG") in found and {label for text, label in found if text == "Zentrix"} == {"ORG"}
    assert not any(text == "AI" for text, _ in found)


def test_a_date_since_which_a_state_holds_is_shared_with_no_other_event():
    x = run("Farmers have lost most of their crops, and bread prices have risen 20 % since January.",
            dt.date(2025, 3, 12))
    times = {e.text: e.time for e in x.events}
    assert times["risen"] == "2025-01" and times["lost"] != "2025-01"


def test_a_position_before_a_full_name_read_as_an_organisation_is_a_person():
    x = run("Striker Malik Osei has joined Nordvik United for 60 million euros. Osei scored 31 goals.",
            dt.date(2025, 3, 12))
    assert {("Malik Osei", "PERSON"), ("Osei", "PERSON")} <= names(x)
    won = next(e for e in run("Ada Lindqvist, whose novels won the national prize twice, has died.",
                              dt.date(2025, 3, 12)).events if e.text == "won")
    assert [a.text for a in won.args if a.role == "agent"] == ["novels"]  # no "whose" in a description


def test_a_gerund_after_a_past_verb_takes_its_tense_for_a_weekday():
    x = run("A rocket exploded two minutes after lifting off from the Korvath spaceport on Saturday.",
            dt.date(2025, 3, 12))  # a Wednesday
    assert next(t.value for t in x.timexes if t.text == "Saturday") == "2025-03-08"
    assert ("Korvath", "GPE") in names(x)  # the place a spaceport is named after


def test_a_name_whose_finance_minister_speaks_is_a_place():
    x = run("The bloc lifted sanctions on Korva on Monday. Korva's finance minister welcomed the decision.",
            dt.date(2025, 3, 12))
    assert {label for text, label in names(x) if text == "Korva"} == {"GPE"}


def test_a_surname_alone_is_the_person_a_full_name_became_after_the_fixes():
    x = run("Korva's president, Ilse Varga, arrived in Valdoria on Tuesday for a three-day state visit. Varga will "
            "meet Valdoria's prime minister on Wednesday.", dt.date(2025, 3, 12))
    assert {("Ilse Varga", "PERSON"), ("Varga", "PERSON")} <= names(x)


def test_a_date_in_a_relative_clause_on_the_subject_or_set_for_an_event_is_that_clause_s_or_event_s():
    x = run("The law, which takes effect in January, was backed by 312 lawmakers. Unions called a general strike for "
            "next Tuesday. The navy seized a tanker on Sunday, accusing its crew of smuggling 2 million litres of fuel.",
            dt.date(2025, 3, 12))
    times = {e.text: e.time for e in x.events}
    assert times["backed"] != "2025-01" and times["called"] != "2025-03-18" and times["strike"] == "2025-03-18"
    accusing = next(e for e in x.events if e.text == "accusing")
    assert [a.text for a in accusing.args if a.role == "target"] == ["its crew"]  # not "its crew of smuggling fuel"
    assert ("Kesto Mobile", "ORG") in names(run("The regulator blocked the merger of Nordtel and Kesto Mobile.",
                                                dt.date(2025, 3, 12)))


def test_a_strike_planned_for_a_weekday_is_on_the_one_ahead_and_an_island_of_a_name_is_a_place():
    x = run("Dock workers called off a strike planned for Monday. A volcano on the island of Ostrel erupted on Sunday.",
            dt.date(2025, 3, 12))  # a Wednesday
    times = {e.text: e.time for e in x.events}
    assert times["strike"] == "2025-03-17" and times["planned"] != "2025-03-10"
    assert ("Ostrel", "GPE") in names(x)


def test_who_is_fined_undergoes_the_fine():
    x = run("Airline fined for delaying refunds", dt.date(2025, 3, 12))
    fined = next(e for e in x.events if e.text == "fined")
    assert [(a.role, a.text) for a in fined.args] == [("target", "Airline")]


def test_the_centre_of_a_one_word_name_is_a_place():
    x = run("Thousands of farmers drove tractors into the centre of Marivik on Monday.", dt.date(2026, 2, 3))
    assert ("Marivik", "GPE") in names(x)


def test_a_one_word_organisation_the_text_only_puts_things_in_is_a_place():
    x = run("Leaders from 40 countries met at a summit in Marivik on Saturday.", dt.date(2025, 11, 23))
    assert ("Marivik", "GPE") in names(x)
    y = run("The pension fund bought a 5 percent stake in Nordvik on Monday.", dt.date(2025, 11, 23))
    assert ("Nordvik", "ORG") in names(y)  # a stake is held in a company


def test_a_demonym_of_a_place_of_the_text_before_a_title_is_its_people():
    x = run("President Lena Brandt arrived in Korva on Monday. Brandt was greeted at the airport by the Korvan prime "
            "minister.", dt.date(2025, 10, 20))
    assert ("Korvan", "PERSON") not in names(x)


def test_a_name_given_an_age_is_a_persons_and_so_is_the_full_name_it_ends():
    x = run("The marathon runner Ilse Varga broke the world record on Sunday. Varga, 29, took 52 seconds off the "
            "previous record.", dt.date(2025, 10, 12))
    assert {("Ilse Varga", "PERSON"), ("Varga", "PERSON")} <= names(x)


def test_a_capitalised_plural_that_starts_a_sentence_still_names_its_kind():
    x = run("Teachers vote to strike next month\n\nMay 11, 2026\n\nTeachers in Estara voted overwhelmingly to strike "
            "for three days next month over pay, their union said on Monday.", dt.date(2026, 5, 11))
    assert [e.type for e in x.events if e.text == "strike"] == ["LabourStrike", "LabourStrike"]


def test_a_date_something_is_set_for_is_not_when_it_was_set():
    x = run("Prime Minister Piet Claes called a snap general election for June 7 on Tuesday.", dt.date(2026, 4, 14))
    assert times(x)["called"][0] == "2026-04-14"


def test_a_name_in_a_region_of_a_place_or_with_a_mayor_or_a_border_is_a_place_and_a_chain_a_company():
    x = run("An explosion on a gas pipeline in northern Korvath cut supplies on Sunday. Marivik was chosen on Tuesday "
            "to host the Games. The mayor of Marivik, Lena Brandt, welcomed the vote. Valdoria closed its border with "
            "Korva on Monday, saying it could not cope. The restaurant chain Hallberg Grill closed 40 of its outlets.", dt.date(2025, 3, 12))
    found = names(x)
    assert ("Korvath", "GPE") in found and ("Korva", "GPE") in found
    assert {label for text, label in found if text == "Marivik"} == {"GPE"}
    assert ("Hallberg Grill", "ORG") in found
    assert ("Lena Brandt", "PERSON") in names(run("The publisher Lena Brandt has died.", dt.date(2025, 3, 12)))


def test_an_event_judged_or_complied_with_is_no_one_s_doing_and_a_bare_in_charge_no_charge():
    x = run("Health minister Tomas Ekdal called the strike unjustified. The commission said it would comply with the "
            "ruling. He won four of his 22 games in charge.", dt.date(2025, 3, 12))
    strike = next(e for e in x.events if e.text == "strike")
    assert not strike.args and not strike.future  # a strike judged, not one he calls
    ruling = next(e for e in x.events if e.text == "ruling")
    assert not [a for a in ruling.args if a.role == "agent"]  # the court rules, not the commission
    assert not any(e.text == "charge" and e.type for e in x.events)


def test_the_noun_an_active_participle_describes_does_it():
    x = run("Archaeologists working near the village found a tomb.", dt.date(2025, 3, 12))
    working = next(e for e in x.events if e.text == "working")
    assert [(a.role, a.text) for a in working.args if a.role in ("agent", "target")] == [("agent", "Archaeologists")]


def test_a_name_a_who_clause_describes_is_a_person_and_a_headline_s_company_noun_no_name():
    x = run("Chipmaker to build plant in Estara\n\nWorld number one Ilse Varga withdrew from the tournament on Tuesday. "
            "Varga, who won the title last year, hurt her wrist. The streaming service Tavor Play lost 1.4 million "
            "subscribers.", dt.date(2025, 3, 12))
    found = names(x)
    assert {("Ilse Varga", "PERSON"), ("Varga", "PERSON"), ("Tavor Play", "ORG")} <= found
    assert not any(text == "Chipmaker" for text, _ in found)


def test_an_untagged_name_a_who_clause_describes_is_a_person_and_a_storm_s_name_no_actor():
    x = run("Tomas Ekdal, who had held the post since 2022, said he regretted his mistakes. Typhoon Kara made landfall "
            "on Monday.", dt.date(2025, 3, 12))
    found = names(x)
    assert ("Tomas Ekdal", "PERSON") in found
    assert not any(text == "Typhoon Kara" for text, _ in found)
    chief = run("A court acquitted the former chief executive of the insurer Kesto Life of fraud on Monday.",
                dt.date(2025, 3, 12))
    acquitted = next(e for e in chief.events if e.text == "acquitted")
    targets = [a.text for a in acquitted.args if a.role == "target"]
    assert len(targets) == 1 and targets[0].startswith("former chief executive")  # the person, not the insurer


def test_a_headline_s_trade_word_is_no_name_and_an_app_that_speaks_a_company():
    x = run("Sprinter banned for four years after positive test\n\nThe video-sharing app Zippo said the decision was "
            "based on misinformation.", dt.date(2025, 3, 12))
    found = names(x)
    assert ("Zippo", "ORG") in found and not any(text == "Sprinter" for text, _ in found)


def test_a_name_whose_shares_move_is_a_company_throughout_the_article():
    x = run("Zentrix unveiled its first folding laptop on Tuesday. Zentrix shares slipped 2 percent after the launch.",
            dt.date(2025, 3, 12))
    assert {label for text, label in names(x) if text == "Zentrix"} == {"ORG"}


def test_a_full_name_beside_a_kind_of_maker_is_a_company():
    x = run("The food maker Hallberg Nutrition recalled 1.2 million tins of baby formula on Friday.", dt.date(2025, 3, 12))
    assert ("Hallberg Nutrition", "ORG") in names(x)


def test_a_paper_s_rhythm_is_no_time_and_what_takes_place_acts_on_no_place():
    x = run("The daily Korva Times reported on Tuesday that the deal was signed. The closures will take place over the "
            "next six months.", dt.date(2025, 3, 12))
    assert [t.text for t in x.timexes] == ["Tuesday", "the next six months"]
    take = next(e for e in x.events if e.text == "take")
    assert not any(a.text == "place" for a in take.args)


def test_a_capitalised_word_for_people_or_a_vehicle_is_no_name_and_no_one_is_on_board():
    x = run("Plane makes emergency landing after engine fire\n\nA passenger jet with 186 people on board landed in "
            "Estara on Sunday. Farmers said they had lost most of their wheat harvest.", dt.date(2025, 3, 12))
    found = names(x)
    assert not any(text in ("Plane", "Farmers") for text, _ in found)
    assert not any(e.text == "board" for e in x.entities)


def test_a_person_in_apposition_after_a_bank_s_name_stays_a_person_and_a_chief_who_quits_resigns():
    x = run("Bank chief quits after trading losses\n\nThe chief executive of Kesto Bank, Malik Osei, resigned on "
            "Tuesday. Osei, who had led the bank since 2019, will be replaced.", dt.date(2025, 3, 12))
    found = names(x)
    assert {("Malik Osei", "PERSON"), ("Kesto Bank", "ORG")} <= found and not any(t == "Bank" for t, _ in found)
    assert next(e for e in x.events if e.text == "quits").type == "Resignation"


def test_a_company_after_a_company_noun_stays_one_where_the_parse_puts_it_beside_people():
    x = run("Pilots' strike grounds Nordair flights\n\nPilots at the airline Nordair walked out on Thursday in a "
            "dispute over pay, forcing the cancellation of 400 flights.", dt.date(2025, 3, 12))
    assert {label for text, label in names(x) if text == "Nordair"} == {"ORG"}


def test_a_name_in_apposition_to_a_person_s_role_is_a_person_and_an_exchange_is_a_company():
    x = run("Prime Minister Tomas Ekdal replaced his finance minister on Monday. Ilse Varga, a former central banker, "
            "will take over the finance ministry. Varga promised a plan. The cryptocurrency exchange Zentrix halted "
            "all withdrawals on Tuesday.", dt.date(2025, 3, 12))
    found = names(x)
    assert {("Ilse Varga", "PERSON"), ("Varga", "PERSON"), ("Zentrix", "ORG")} <= found


def test_a_past_perfect_conjunct_keeps_its_date_from_the_simple_past_beside_it():
    x = run("A landslide buried a village on Saturday. The slope gave way after five days of heavy rain, and "
            "geologists had warned of the risk in 2021.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "warned").time == "2021"
    assert next(e for e in x.events if e.text == "gave").time != "2021"
    x = run("Police said 12 people had been killed and 20 wounded on Monday.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "wounded").time == "2025-03-10"


def test_a_date_that_describes_a_thing_dates_no_event():
    x = run("Thieves broke into a museum overnight and stole jewels that once belonged to a 19th-century queen, "
            "police said on Monday.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "19th-century"] == ["18"]
    assert all(e.time != "18" for e in x.events)


def test_a_participle_that_describes_someone_takes_no_date_of_its_sentence():
    x = run("A court on Wednesday approved the extradition of Tomas Ekdal, a businessman accused of laundering money.",
            dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "approved").time == "2025-03-12"
    assert all(e.time != "2025-03-12" for e in x.events if e.text in ("accused", "laundering"))


def test_a_modal_passive_is_not_bounded_by_the_report():
    x = run("If the appeal fails, he could be flown to Estara within weeks.", dt.date(2025, 3, 12))
    assert not next(e for e in x.events if e.text == "flown").latest
    x = run("The files may have been destroyed.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "destroyed").latest == "2025-03-12"


def test_someone_released_from_prison_is_released_and_plural_common_nouns_open_sentences():
    x = run("The president pardoned a jailed journalist on Wednesday. She was released from prison on Wednesday "
            "afternoon. Schools shortened lessons as temperatures reached 38 degrees. Operations partly resumed on "
            "Tuesday.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "released").type == "Release"
    assert not {text for text, _ in names(x)} & {"Schools", "Operations"}


def test_a_name_a_company_noun_describes_is_the_company_wherever_the_model_tags_it():
    x = run("Food delivery firm Velda pulls stock market listing\nMarch 12, 2025\nThe food delivery company Velda "
            "postponed its stock market listing on Monday, blaming turbulent markets.\nIt had planned to raise about 800 "
            "million euros by selling new shares in Hallby next week.\nBankers said investors had balked at the "
            "valuation of 6 billion euros that the company sought.\nVelda has never made an annual profit and lost 140 "
            "million euros last year.", dt.date(2025, 3, 12))
    assert {label for text, label in names(x) if text == "Velda"} == {"ORG"}


def test_a_day_before_a_reported_clause_s_subject_is_the_report_s():
    x = run("The chipmaker Zentrix said on Monday it would split its shares ten for one.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "Monday"] == ["2025-03-10"]  # not next Monday
    assert next(e for e in x.events if e.text == "said").time == "2025-03-10"
    assert next(e for e in x.events if e.text == "split").type == "EconomicEvent"


def test_a_rating_upgrade_and_shares_split_are_economic_events():
    x = run("Rating agencies upgraded the country twice last year. The company last split its stock in 2021.",
            dt.date(2025, 3, 12))
    assert {e.text: e.type for e in x.events if e.text in ("upgraded", "split")} == {
        "upgraded": "EconomicEvent", "split": "EconomicEvent"}


def test_a_name_tagged_only_elsewhere_is_the_company_a_company_noun_says_it_is():
    x = run("Regulator fines search giant 2.1 billion euros\nMarch 12, 2025\nThe competition authority of Estara fined "
            "the search company Tavor 2.1 billion euros on Thursday for favouring its own shopping service in search "
            "results.\nThe regulator said Tavor had abused its dominant position for at least six years, harming "
            "smaller rivals.\nTavor must change how it ranks results within 90 days or face daily penalties.",
            dt.date(2025, 3, 12))
    assert {label for text, label in names(x) if text == "Tavor"} == {"ORG"}


def test_a_gerund_after_for_takes_the_tense_of_its_verb():
    x = run("The owner of the ferry company was detained for questioning on Friday.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "Friday"] == ["2025-03-07"]  # not next Friday


def test_a_date_a_scheduling_verb_gives_its_object_is_ahead_and_so_is_what_is_expected():
    x = run("Unions called a protest outside the plant for Thursday.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "Thursday"] == ["2025-03-13"]
    x = run("Forecasters do not expect significant rain before October.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "October"] == ["2025-10"]
    x = run("Unions had called a strike for Monday, but it was called off.", dt.date(2025, 3, 12))
    assert [t.value for t in x.timexes if t.text == "Monday"] == ["2025-03-10"]  # told as over


def test_an_infinitive_of_what_is_ordered_takes_no_date_of_the_order_nor_a_past_verb_one_of_a_conjunct_ahead():
    x = run("The privacy regulator of Valdoria ordered the chatbot maker Estara AI on Wednesday to delete personal data "
            "it had collected.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "ordered").time == "2025-03-12"
    assert next(e for e in x.events if e.text == "delete").time != "2025-03-12"
    x = run("The governments agreed on Saturday to a ceasefire. The agreement was reached after talks mediated by a "
            "neighbouring country and will take effect at midnight.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "take").time == "2025-03-08T24:00"
    assert all(not e.time.endswith("T24:00") for e in x.events if e.text in ("reached", "mediated"))


def test_a_name_with_a_population_is_a_place():
    x = run("Census shows Marivik population shrinking for first time\nMarch 12, 2025\nThe population of Marivik fell by "
            "2.1 percent over the past decade to 8.4 million, the first decline since records began, according to "
            "census results published on Monday.", dt.date(2025, 3, 12))
    assert {label for text, label in names(x) if text == "Marivik"} == {"GPE"}


def test_a_judge_who_denies_allegations_gives_no_verdict_and_an_impeachment_is_a_legal_event():
    x = run("Parliament voted on Thursday to impeach a supreme court judge. The judge, Piet Claes, denies the "
            "allegations. The judge denied bail to the suspect.", dt.date(2025, 3, 12))
    assert [e.type for e in x.events if e.text == "denies"] != ["Verdict"]
    assert [e.type for e in x.events if e.text == "denied"] == ["Verdict"]
    assert [e.type for e in x.events if e.text == "impeach"] == ["LegalEvent"]


def test_an_investment_fund_is_no_investment():
    x = run("The investment fund said it would make a large investment in the club.", dt.date(2025, 3, 12))
    assert [e.type for e in x.events if e.text == "investment"] == ["", "Investment"]


def test_a_year_of_a_named_event_still_dates_it_and_a_vote_does_what_it_votes_for():
    x = run("Marivik was chosen on Tuesday to host the 2034 Summer Games, beating two rival bids.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "host").time == "2034-SU"
    x = run("Shareholders of Estara Air voted on Wednesday to approve the merger of the two airlines.",
            dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "approve").time == "2025-03-12"


def test_a_verb_done_takes_no_date_of_a_conjunct_ahead_and_the_autumn_after_in_is_a_time():
    x = run("Residents have filed a lawsuit to stop the plant, and a court will hear the case in May. The second "
            "reactor is due to restart in the autumn, after the fall of prices.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "filed").time == ""
    assert next(e for e in x.events if e.text == "hear").time == "2025-05"
    assert [(t.text, t.value) for t in x.timexes if "autumn" in t.text or "fall" in t.text] == [
        ("the autumn", "2025-FA")]


def test_a_past_spelled_as_its_base_form_is_the_past():
    x = run("The vaccine, made by Zentrix Biologics, cut hospital admissions by 80 percent in a trial.",
            dt.date(2025, 3, 12))
    cut = next(e for e in x.events if e.text == "cut")
    assert (cut.tense, cut.future) == ("past", False)
    assert {label for text, label in names(x) if text == "Zentrix Biologics"} == {"ORG"}


def test_a_name_after_a_title_is_a_person_and_a_name_ending_in_a_canal_or_bridge_a_place():
    x = run("Governor Ilse Varga said the move was needed to rebuild reserves.", dt.date(2025, 3, 12))
    assert {label for text, label in names(x) if text == "Ilse Varga"} == {"PERSON"}
    for headline, name, label in (("Grounded tanker blocks Ostrel Canal", "Ostrel Canal", "LOC"),
                                  ("Storm closes Marivik Bridge", "Marivik Bridge", "FAC")):
        found = run(headline, dt.date(2025, 3, 12)).entities
        assert {e.label for e in found if e.text == name} == {label}


def test_a_currency_devalued_a_stock_downgraded_a_champion_banned_and_a_helm_taken():
    x = run("The central bank devalued the korun by 20 percent. Analysts downgraded the stock to sell. The champion "
            "was banned for four years. Anna Lund took over the helm of the group in October. Tomas Ekdal took the "
            "helm of the bank.", dt.date(2025, 3, 12))
    assert {e.text: e.type for e in x.events if e.text in ("devalued", "downgraded", "banned")} == {
        "devalued": "MonetaryPolicy", "downgraded": "EconomicEvent", "banned": "SportEvent"}
    assert [e.type for e in x.events if e.text == "took"] == ["Appointment", "Appointment"]


def test_a_date_in_a_participle_aside_before_the_news_dates_neither_the_news_nor_what_follows():
    x = run("Her publisher said she died peacefully on Sunday after a short illness. Born in 1937 in a fishing "
            "village, Lena Brandt published her first book at 24 and won the national literature prize three times.",
            dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "Born").time == "1937"
    assert {e.text: e.time for e in x.events if e.text in ("published", "won")} == {"published": "", "won": ""}
    x = run("Born in 1936, Tomas Ekdal worked as a fisherman before publishing his first novel in 1961, and he won the "
            "national book prize twice.", dt.date(2025, 3, 12))
    assert next(e for e in x.events if e.text == "won").time == ""  # the sentence's other date is not its only one


def test_a_plan_told_by_a_present_passive_has_no_bound_from_the_report():
    x = run("The sanctions will take effect once they are published in the official journal. Talks are scheduled to "
            "resume on Thursday.", dt.date(2025, 3, 12))
    published = next(e for e in x.events if e.text == "published")
    assert published.future and published.latest == ""


def test_a_storm_s_name_alone_a_carrier_s_name_and_a_name_with_a_parliament_are_no_people():
    x = run("Hurricane Tessa strengthened on Wednesday. Tessa would be the strongest storm since 2004. Pilots at the "
            "national carrier Nordair walked out. Under the treaty, Korva will hand over two islands. The parliament "
            "of Korva ratified the treaty.", dt.date(2025, 3, 12))
    labels = entity_labels(x)
    assert "PERSON" not in labels.get("Tessa", set())
    assert labels["Nordair"] == {"ORG"} and labels["Korva"] == {"GPE"}
    assert [e.type for e in x.events if e.text == "walked"] == ["LabourStrike"]


def test_what_dates_back_to_a_year_is_a_state():
    x = run("The parliament settled a border dispute dating back to 1919.", dt.date(2025, 3, 12))
    assert [e.type for e in x.events if e.text == "dating"] in ([], ["StateOfAffairs"])


def test_a_headline_s_trade_before_a_person_is_a_company_and_a_founder_after_a_lender_a_person():
    x = run("Chipmaker Voltaro beats forecasts\nMarch 12, 2025\nVoltaro reported a 64 percent jump in revenue on "
            "Wednesday.", dt.date(2025, 3, 12))
    assert {label for text, label in names(x) if text == "Voltaro"} == {"ORG"}
    x = run("A court sentenced the founder of a collapsed cryptocurrency lender, Malik Osei, to 15 years in prison. "
            "The head of the restaurant chain Hallberg Grill, Anna Lund, quit.", dt.date(2025, 3, 12))
    assert {text: label for text, label in names(x)} == {"Malik Osei": "PERSON", "Hallberg Grill": "ORG",
                                                         "Anna Lund": "PERSON"}


def test_a_date_line_after_a_headline_with_no_verb_is_one_date_a_film_shot_is_made_and_a_company_split():
    x = run("Cholera outbreak spreads after floods\nMarch 12, 2025\nThe film was shot in 23 days. The group said it "
            "would split into three companies.", dt.date(2025, 3, 12))
    assert [(t.text, t.value) for t in x.timexes][:1] == [("March 12, 2025", "2025-03-12")]
    assert {e.text: e.type for e in x.events if e.text in ("shot", "split")} == {"shot": "Creation",
                                                                                 "split": "Divestiture"}


def test_a_third_person_in_es_keeps_its_e_and_a_gold_mine_is_no_weapon():
    x = run("The company hopes the device will help. Armed men stormed a gold mine on Sunday.", dt.date(2025, 3, 12))
    assert [e.lemma for e in x.events if e.text == "hopes"] == ["hope"]
    assert not [e for e in x.entities if e.label == "INSTRUMENT"]


def test_a_name_before_river_is_a_place_and_a_club_s_last_word_the_club():
    x = run("Nordvik United win derby to go top\nMarch 12, 2025\nNordvik United beat their city rivals Kesto Rovers "
            "2-0 on Sunday to go top of the league with eight games left.\nMalik Osei scored both goals, the first "
            "after 12 minutes and the second from a penalty in the second half.\nRovers had a man sent off just "
            "before half-time.\nA road bridge over the Ostra river collapsed on Monday, killing nine people.",
            dt.date(2025, 3, 12))
    labels = entity_labels(x)
    assert labels["Ostra"] <= {"GPE", "LOC"} and labels["Rovers"] == {"ORG"}
    assert {e.text: e.type for e in x.events if e.text in ("collapsed", "killing")} == {"collapsed": "Accident",
                                                                                      "killing": "Death"}


def test_a_phone_to_take_on_rivals_competes_and_a_collapse_that_kills_is_deaths():
    assert [e.type for e in run("Nordtel unveils folding phone to take on rivals", dt.date(2025, 3, 12)).events
            if e.text == "take"] == ["Competition"]
    assert [e.type for e in run("Bridge collapse kills nine", dt.date(2025, 3, 12)).events
            if e.text == "kills"] == ["Death"]


def test_a_charge_a_company_takes_is_a_cost_and_a_space_start_up_a_company():
    x = run("The company will take a charge of 300 million dollars. A rocket built by the start-up Estara Space "
            "carried four satellites into orbit.", dt.date(2025, 3, 12))
    assert [e.type for e in x.events if e.text == "charge"] == ["FinancialResult"]
    assert {label for text, label in names(x) if text == "Estara Space"} == {"ORG"}
    x = run("Police brought charges against him.", dt.date(2025, 3, 12))
    assert [e.type for e in x.events if e.text == "charges"] == ["Arrest"]
