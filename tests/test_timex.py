"""Time expressions normalised against the article date (TimeML values)."""

import datetime as dt

import pytest

from kg.nlp.timex import normalise_timex, value_bounds

ANCHOR = dt.date(2024, 1, 3)  # a Wednesday
MONDAY = dt.date(2013, 3, 18)


@pytest.mark.parametrize(("text", "anchor", "tense", "expected"), [
    ("January 3, 2020", ANCHOR, "past", ("DATE", "2020-01-03")),
    ("3 January 2020", ANCHOR, "past", ("DATE", "2020-01-03")),
    ("January 2020", ANCHOR, "past", ("DATE", "2020-01")),
    ("2020", ANCHOR, "past", ("DATE", "2020")),
    ("yesterday", ANCHOR, "past", ("DATE", "2024-01-02")),
    ("Yesterday", ANCHOR, "past", ("DATE", "2024-01-02")),
    ("today", ANCHOR, "present", ("DATE", "2024-01-03")),
    ("tomorrow", ANCHOR, "future", ("DATE", "2024-01-04")),
    ("Wednesday", ANCHOR, "past", ("DATE", "2024-01-03")),
    ("on Monday", ANCHOR, "past", ("DATE", "2024-01-01")),
    ("Friday", ANCHOR, "future", ("DATE", "2024-01-05")),
    ("Wednesday", MONDAY, "past", ("DATE", "2013-03-13")),
    ("last week", MONDAY, "past", ("DATE", "2013-W11")),
    ("this month", ANCHOR, "past", ("DATE", "2024-01")),
    ("last year", ANCHOR, "past", ("DATE", "2023")),
    ("four years ago", MONDAY, "past", ("DATE", "2009")),
    ("two weeks ago", ANCHOR, "past", ("DATE", "2023-W51")),
    ("three days ago", ANCHOR, "past", ("DATE", "2023-12-31")),
    ("the 1990s", ANCHOR, "past", ("DATE", "199")),
    ("the third quarter", ANCHOR, "past", ("DATE", "2023-Q3")),  # reported in January: last year's
    ("summer 2019", ANCHOR, "past", ("DATE", "2019-SU")),
    ("this morning", ANCHOR, "past", ("TIME", "2024-01-03TMO")),
    ("Tuesday night", ANCHOR, "past", ("TIME", "2024-01-02TNI")),
    ("a month", ANCHOR, "past", ("DURATION", "P1M")),
    ("four-year", ANCHOR, "past", ("DURATION", "P4Y")),
    ("three hours", ANCHOR, "past", ("DURATION", "PT3H")),
    ("several years", ANCHOR, "past", ("DURATION", "PXY")),
    ("every morning", ANCHOR, "past", ("SET", "XXXX-XX-XXTMO")),
    ("now", ANCHOR, "present", ("DATE", "PRESENT_REF")),
    ("recently", ANCHOR, "past", ("DATE", "PAST_REF")),
    ("current", ANCHOR, "present", ("DATE", "PRESENT_REF")),
    ("the near future", ANCHOR, "future", ("DATE", "FUTURE_REF")),
    ("last year's", ANCHOR, "past", ("DATE", "2023")),
    ("early this week", MONDAY, "past", ("DATE", "2013-W12")),
    ("last Monday", MONDAY, "past", ("DATE", "2013-03-11")),
    ("Sunday night", MONDAY, "past", ("TIME", "2013-03-17TNI")),
    ("tonight", ANCHOR, "present", ("TIME", "2024-01-03TNI")),
    ("10:35 a.m. Tuesday", ANCHOR, "past", ("TIME", "2024-01-02T10:35")),
    ("nineteen ninety-four", ANCHOR, "past", ("DATE", "1994")),
    ("the winter of nineteen ninety-four", ANCHOR, "past", ("DATE", "1994-WI")),
    ("the 20th century", ANCHOR, "past", ("DATE", "19")),
    ("a year earlier", MONDAY, "past", ("DATE", "2012")),
    ("fiscal 1998", ANCHOR, "past", ("DATE", "1998")),
    ("the first half of 2019", ANCHOR, "past", ("DATE", "2019-H1")),
    ("the latest quarter", MONDAY, "past", ("DATE", "2012-Q4")),
    ("the weekend", MONDAY, "past", ("DATE", "2013-W11-WE")),
    ("December", dt.date(2023, 10, 30), "present", ("DATE", "2023-12")),
    ("April", dt.date(1998, 12, 5), "present", ("DATE", "1999-04")),
    ("last June", dt.date(2023, 10, 30), "past", ("DATE", "2023-06")),
    ("weeks", ANCHOR, "past", ("DURATION", "PXW")),
    ("recent years", ANCHOR, "past", ("DURATION", "PXY")),
    ("5 1/2 hours", ANCHOR, "past", ("DURATION", "PT5H30M")),
    ("a minute and a half", ANCHOR, "past", ("DURATION", "PT1M30S")),
    ("at least 30 days", ANCHOR, "past", ("DURATION", "P30D")),
    ("a couple of years", ANCHOR, "past", ("DURATION", "P2Y")),
    ("each July", ANCHOR, "past", ("SET", "XXXX-07")),
])
def test_normalise_timex(text, anchor, tense, expected):
    assert normalise_timex(text, anchor, tense) == expected


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("the year", "DATE", ("DATE", "2024")),
    ("the year", "DURATION", ("DURATION", "P1Y")),
    ("the quarter", "DURATION", ("DURATION", "P3M")),
])
def test_the_taggers_type_settles_date_or_duration(text, kind, expected):
    assert normalise_timex(text, ANCHOR, "past", kind) == expected


def test_without_an_anchor_relative_dates_stay_unknown():
    assert normalise_timex("yesterday", None) == ("DATE", "")
    assert normalise_timex("two years", None) == ("DURATION", "P2Y")


@pytest.mark.parametrize(("value", "first", "last", "precision"), [
    ("2024-01-02", dt.date(2024, 1, 2), dt.date(2024, 1, 2), "day"),
    ("2024-01-02TMO", dt.date(2024, 1, 2), dt.date(2024, 1, 2), "day"),
    ("2013-W11", dt.date(2013, 3, 11), dt.date(2013, 3, 17), "week"),
    ("2020-02", dt.date(2020, 2, 1), dt.date(2020, 2, 29), "month"),
    ("2019-Q4", dt.date(2019, 10, 1), dt.date(2019, 12, 31), "quarter"),
    ("2020", dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year"),
    ("199", dt.date(1990, 1, 1), dt.date(1999, 12, 31), "decade"),
    ("2019-H2", dt.date(2019, 7, 1), dt.date(2019, 12, 31), "half"),
])
def test_value_bounds(value, first, last, precision):
    assert value_bounds(value) == (first, last, precision)


@pytest.mark.parametrize("value", ["P1M", "PRESENT_REF", "XXXX-XX-XXTMO", ""])
def test_value_bounds_of_non_dates(value):
    assert value_bounds(value) is None


EARNINGS_DAY = dt.date(1989, 10, 26)  # a Thursday in the season of third-quarter reports


@pytest.mark.parametrize(("text", "anchor", "tense", "kind", "expected"), [
    # weekdays in the present tense: the nearest such day, either way
    ("Thursday", ANCHOR, "present", "", ("DATE", "2024-01-04")),
    ("Monday", ANCHOR, "present", "", ("DATE", "2024-01-01")),
    # a part of the day the tagger typed a DATE is the day itself
    ("Friday night", ANCHOR, "past", "DATE", ("DATE", "2023-12-29")),
    ("Friday night", ANCHOR, "past", "TIME", ("TIME", "2023-12-29TNI")),
    # a clock time alone is on the article's day
    ("10:35 a.m.", ANCHOR, "past", "TIME", ("TIME", "2024-01-03T10:35")),
    ("around 7:15 p.m.", ANCHOR, "past", "TIME", ("TIME", "2024-01-03T19:15")),
    # a month without a year, by tense
    ("March", dt.date(2023, 11, 2), "past", "", ("DATE", "2023-03")),
    ("December", dt.date(2023, 11, 2), "past", "", ("DATE", "2023-12")),
    ("March", dt.date(2023, 11, 2), "future", "", ("DATE", "2024-03")),
    ("Oct. 23", dt.date(1999, 5, 6), "past", "", ("DATE", "1998-10-23")),
    # a month in a named year
    ("June last year", ANCHOR, "past", "", ("DATE", "2023-06")),
    ("January this year", ANCHOR, "past", "", ("DATE", "2024-01")),
    ("June 5 last year", ANCHOR, "past", "", ("DATE", "2023-06-05")),
    # earnings news: the year-ago period is the reported quarter a year back
    ("the year-ago quarter", EARNINGS_DAY, "past", "DATE", ("DATE", "1988-Q3")),
    ("year-earlier", EARNINGS_DAY, "past", "DATE", ("DATE", "1988-Q3")),
    ("the corresponding period last year", EARNINGS_DAY, "past", "DATE", ("DATE", "1988-Q3")),
    ("the quarter a year ago", EARNINGS_DAY, "past", "DATE", ("DATE", "1988-Q3")),
    ("a year ago", EARNINGS_DAY, "past", "DATE", ("DATE", "1988")),
    ("the 1988 quarter", EARNINGS_DAY, "past", "DATE", ("DATE", "1988-Q3")),
    ("the year-ago third quarter", EARNINGS_DAY, "past", "DATE", ("DATE", "1988-Q3")),
    ("this year's third quarter", EARNINGS_DAY, "past", "DATE", ("DATE", "1989-Q3")),
    ("the third quarter", ANCHOR, "past", "DURATION", ("DATE", "2023-Q3")),
    ("the third quarter", ANCHOR, "future", "DURATION", ("DATE", "2024-Q3")),  # looked ahead to: this year's
    # halves
    ("first two quarters of 1990", EARNINGS_DAY, "future", "DATE", ("DATE", "1990-H1")),
    ("the last half of 1989", EARNINGS_DAY, "future", "DATE", ("DATE", "1989-H2")),
    ("the last half of the '80s", EARNINGS_DAY, "past", "DATE", ("DATE", "198")),
    # points of a period are dates even when tagged as durations
    ("the end of the month", ANCHOR, "present", "DURATION", ("DATE", "2024-01")),
    ("earlier in the year", ANCHOR, "past", "DATE", ("DATE", "2024")),
    ("one day", ANCHOR, "past", "DURATION", ("DURATION", "P1D")),
    ("this crucial moment", ANCHOR, "present", "DATE", ("DATE", "PRESENT_REF")),
    ("a fairly lengthy period", ANCHOR, "present", "DURATION", ("DURATION", "PXX")),
    # spelled numbers
    ("sixty days", ANCHOR, "past", "DURATION", ("DURATION", "P60D")),
    ("the last twenty-four hours", ANCHOR, "past", "DURATION", ("DURATION", "PT24H")),
    # holidays
    ("Thanksgiving Day", dt.date(2000, 1, 7), "past", "DATE", ("DATE", "1999-11-25")),
    ("last Christmas", ANCHOR, "past", "DATE", ("DATE", "2023-12-25")),
    ("Election Day", dt.date(1998, 10, 26), "present", "DATE", ("DATE", "1998-11-03")),
    ("Easter 2019", ANCHOR, "past", "DATE", ("DATE", "2019-04-21")),
    ("Memorial Day", dt.date(2024, 6, 10), "past", "DATE", ("DATE", "2024-05-27")),
    # weeks named by a day, years inside other words
    ("the week of March 6", dt.date(2000, 2, 24), "present", "DATE", ("DATE", "2000-W10")),
    ("post-1959", ANCHOR, "past", "DATE", ("DATE", "1959")),
    ("1990 and beyond", ANCHOR, "present", "DATE", ("DATE", "1990")),
    # an ordinal "second" is no unit; "since" a month is the last one
    ("their second week", ANCHOR, "past", "DURATION", ("DURATION", "P1W")),
    ("30 seconds", ANCHOR, "past", "DURATION", ("DURATION", "PT30S")),
    ("May", dt.date(2025, 3, 12), "since", "DATE", ("DATE", "2024-05")),
    ("May", dt.date(2025, 3, 12), "past", "DATE", ("DATE", "2025-05")),  # a reported date may be scheduled
])
def test_news_conventions(text, anchor, tense, kind, expected):
    assert normalise_timex(text, anchor, tense, kind) == expected


@pytest.mark.parametrize(("value", "shown"), [("2019-06-17TMO", "2019-06-17 morning"), ("2024-01-02TNI", "2024-01-02 night"),
                                              ("2024-01-03T10:35", "2024-01-03 10:35"), ("2024-01-03", "2024-01-03"),
                                              ("2013-W11", "2013-W11"), ("PRESENT_REF", "PRESENT_REF"), ("P1M", "P1M")])
def test_values_read_as_people_write_them_in_labels(value, shown):
    from kg.nlp.timex import readable

    assert readable(value) == shown


def test_a_bare_year_ago_in_quarterly_news_is_that_quarter_a_year_back():
    assert normalise_timex("a year ago", EARNINGS_DAY) == ("DATE", "1988")
    assert normalise_timex("a year earlier", EARNINGS_DAY, quarterly=True) == ("DATE", "1988-Q3")
    assert normalise_timex("last year", EARNINGS_DAY, quarterly=True) == ("DATE", "1988")


@pytest.mark.parametrize(("text", "reference", "expected"), [
    ("that day", "2020-01-03", ("DATE", "2020-01-03")),
    ("later that day", "2020-01-03T10:35", ("DATE", "2020-01-03")),
    ("the next day", "2020-01-03", ("DATE", "2020-01-04")),
    ("the following morning", "2020-01-03", ("TIME", "2020-01-04TMO")),
    ("the day before", "2020-01-03", ("DATE", "2020-01-02")),
    ("two days later", "2020-01-03", ("DATE", "2020-01-05")),
    ("a week earlier", "2020-01-10", ("DATE", "2020-W01")),  # the unit's granularity
    ("the previous Friday", "2020-01-08", ("DATE", "2020-01-03")),  # a Wednesday: back five days
    ("the following Friday", "2020-01-03", ("DATE", "2020-01-10")),  # a Friday: a week on, not the same day
    ("the following month", "2020-01-03", ("DATE", "2020-02")),
    ("that quarter", "1988-05", ("DATE", "1988-Q2")),
    ("that year", "1988-Q2", ("DATE", "1988")),
])
def test_anaphoric_expressions_count_from_the_last_date_mentioned(text, reference, expected):
    assert normalise_timex(text, ANCHOR, "past", reference=reference) == expected


def test_a_reference_too_coarse_for_the_unit_leaves_the_article_date_rules_in_charge():
    assert normalise_timex("the next day", ANCHOR, "past", reference="2019") == ("DATE", "")
    assert normalise_timex("the following month", ANCHOR, "past", reference="2019") == ("DATE", "2024-02")
    assert normalise_timex("several days later", ANCHOR, "past", reference="2020-01-03") == ("DATE", "FUTURE_REF")
