"""Datelines: the date (and place) a news story opens with, before its first sentence.

Two forms, as newsrooms write them:

- a line that is a date and nothing else, between a headline and the story ("June 9, 2008",
  "Tuesday, 9 June 2008", "2008-06-09"), however the text was tokenised ("June 9 , 2008");
- a wire dateline that opens a paragraph: a place in capitals or a place and a date, an agency in
  brackets, then a dash ("STOCKHOLM (Agency) -", "Stockholm, March 12, 2025 -", "OSLO, May 3 —").

Both are read here with regular expressions only, so that reading an article (:mod:`kg.ingest`) need
not load the NLP layer, which uses them too: a dateline is a sentence of its own, and its date dates
the article, not the sentence it would otherwise be parsed into.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s*,?\s*)?"
#: a full date: month, day and year in any order news uses, or ISO
_FULL_DATE = (rf"{_WEEKDAY}(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*\d{{4}}|\d{{1,2}}\s+{MONTH}\s*,?\s*\d{{4}}|"
              rf"\d{{4}}-\d{{2}}-\d{{2}})")
#: a wire dateline's date, whose year is often left out ("LONDON, March 12 (Agency) -")
_WIRE_DATE = rf"(?:{_FULL_DATE}|{_WEEKDAY}(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+{MONTH}))"
#: one to four capitalised words ("Stockholm", "NEW YORK", "Rio de Janeiro", "St. Petersburg")
_PLACE = r"[A-Z][\w.'’]*(?:[ -](?:[A-Z][\w.'’]*|de|del|da|do|la|el|al|am|upon|on))" + "{0,3}"

#: a line that is a full date and nothing else
DATE_LINE = re.compile(rf"^[ \t]*{_FULL_DATE}[ \t]*$", re.M)
#: a wire dateline at the start of a line, up to and with its dash: place (and region), date, agency
WIRE_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>{_PLACE}(?:\s*,\s*{_PLACE})?)"
    rf"(?:\s*,\s*(?P<date>{_WIRE_DATE}))?"
    rf"(?:\s*\((?P<agency>[^()\n]{{1,40}})\))?"
    r"\s*(?:--|[-–—])[ \t]+(?=\S)", re.M)
_FULL = re.compile(_FULL_DATE)


def wire_datelines(text: str) -> list[re.Match[str]]:
    """The wire datelines of a text. A line opening "Place -" is one only when it says more than a
    sentence would: a date, an agency in brackets, or a place in capitals ("OSLO -")."""
    return [m for m in WIRE_DATELINE.finditer(text)
            if m.group("date") or m.group("agency") or _capitals(m.group("place"))]


def _capitals(place: str) -> bool:
    letters = [c for c in place if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def article_date(text: str, lines: int = 4) -> str | None:
    """The text of the full date that a dateline in the first ``lines`` non-blank lines of a story gives,
    or None: a line holding only a date, or a wire dateline with a year."""
    head = []
    for line in text.splitlines():
        if line.strip():
            head.append(line)
            if len(head) == lines:
                break
    for line in head:
        if DATE_LINE.fullmatch(line):
            return line.strip()
        for match in wire_datelines(line):
            if match.group("date") and (full := _FULL.search(match.group("date"))):
                return full.group(0)
    return None


def dateline_date(text: str) -> dt.date | None:
    """The date of the story's dateline (:func:`article_date`) as a date, or None when it has none.

    The date a story's words count from: "last month" under "February 3, 2009" is January, whatever
    date a feed or an archive gives the article.
    """
    found = article_date(text)
    if found is None:
        return None
    try:
        return dateutil_parser.parse(found, default=dt.datetime(1, 1, 1), ignoretz=True).date()
    except (ValueError, OverflowError):
        return None
