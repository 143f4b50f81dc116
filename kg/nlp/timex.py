"""Time expressions: TimeML TIMEX3 types and values normalised against the article's date.

dateparser reads calendar dates ("January 3, 2020", "3 Jan") and tells their granularity;
the rules here add what TimeML needs on top: tense-aware weekdays and months, weeks as
``2013-W11``, "N years ago" at year granularity, decades, seasons, quarters and halves
(with the earnings-news "year-ago quarter"), holidays, durations, sets and the
PRESENT/PAST/FUTURE_REF values.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from dateparser.date import DateDataParser
from dateutil.easter import easter

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "half": 0.5, "several": "X",
    "few": "X", "many": "X", "some": "X", "couple": 2, "dozen": 12, "dozens": "X",
}
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "weekend": ("WE", False), "month": ("M", False),
    "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False), "quarter": ("Q", False),
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
PRESENT_WORDS = {"now", "currently", "at present", "presently", "present", "nowadays", "today's", "these days", "right now",
                 "current", "the present", "this time", "the moment", "this moment", "for now", "until now",
                 "so far", "to date", "already"}
PAST_WORDS = {"recently", "previously", "formerly", "earlier", "the past", "once", "lately", "in the past", "former",
              "recent", "the time", "that time", "the old days", "then current", "historically"}
FUTURE_WORDS = {"soon", "the future", "in the future", "future", "shortly", "later", "eventually", "the near future",
                "the near term", "the short term", "the long term", "the foreseeable future", "the coming",
                "as soon as possible", "the years ahead", "one day", "someday", "some day", "upcoming"}
# leading words TimeML keeps in the span (as its ``mod``) that say nothing of the value
HEDGES = re.compile(r"^(?:just|only|barely|nearly|almost|about|around|roughly|approximately|some|at least|at most|"
                    r"more than|less than|fewer than|no more than|up to|over|under|within|some time|sometime|"
                    r"as early as|as late as|as soon as|until|till|through|since|by|from|after|before|"
                    r"early|late|mid|earlier|later|the end of|the beginning of|the start of|the middle of|"
                    r"the rest of|the remainder of|end of|start of)[\s-]+")
SPELLED_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                "ninety": 90}
SPELLED_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
SPELLED_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                 "seventeen": 17, "eighteen": 18, "nineteen": 19}
SCHEDULED_MONTHS = 2  # how far ahead a month named in a past-tense sentence may still be
CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\b\.?|p\.?m\b\.?)|\b\d{1,2}:\d\d\b", re.I)
SET_WORDS = re.compile(r"\b(every|each|per|daily|weekly|monthly|annually|yearly|nightly|hourly)\b", re.I)

# holidays news dates events by: a fixed (month, day), the nth weekday of a month
# (n = -1 for the last), or a shift from Easter Sunday
HOLIDAYS: dict[str, tuple] = {
    "new year's day": ("fixed", 1, 1), "new year's eve": ("fixed", 12, 31), "valentine's day": ("fixed", 2, 14),
    "independence day": ("fixed", 7, 4), "fourth of july": ("fixed", 7, 4), "july fourth": ("fixed", 7, 4),
    "halloween": ("fixed", 10, 31), "veterans day": ("fixed", 11, 11), "christmas eve": ("fixed", 12, 24),
    "christmas": ("fixed", 12, 25), "boxing day": ("fixed", 12, 26),
    "martin luther king day": ("nth", 1, 0, 3), "presidents' day": ("nth", 2, 0, 3), "mother's day": ("nth", 5, 6, 2),
    "memorial day": ("nth", 5, 0, -1), "father's day": ("nth", 6, 6, 3), "labor day": ("nth", 9, 0, 1),
    "columbus day": ("nth", 10, 0, 2), "thanksgiving": ("nth", 11, 3, 4),
    "election day": ("election",), "easter": ("easter", 0), "good friday": ("easter", -2),
    "palm sunday": ("easter", -7), "easter monday": ("easter", 1),
}
_COMPOUND = rf"(?:{'|'.join(SPELLED_TENS)})[\s-](?:{'|'.join(SPELLED_UNITS)})"
_NUM = rf"(\d+(?:\.\d+)?(?:\s+1/2)?|{_COMPOUND}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT = r"(seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|years?|decades?|centur(?:y|ies)|quarters?)"
AGO = re.compile(rf"\b{_NUM}[\s-]+(?:more\s+|full\s+|trading\s+|business\s+)?{_UNIT}\s+(ago|earlier|before|later|from now|hence)\b", re.I)
# "second" is no unit before one: "their second week" is a week, not a second
_DURATION_UNIT = _UNIT.replace(
    "seconds?", r"seconds?(?![\s-]+(?:day|night|week|month|year|decade|quarter|half|term)s?\b)")
DURATION = re.compile(rf"\b{_NUM}?[\s-]*(?:more\s+|full\s+|trading\s+|business\s+|calendar\s+|straight\s+|"
                      rf"consecutive\s+)?{_DURATION_UNIT}\b", re.I)
RELATIVE_UNIT = re.compile(r"\b(last|this|next|past|coming|previous|current|same|following|latest|recent)\s+(week|weekend|month|year|quarter|decade|century)\b", re.I)
DECADE = re.compile(r"\b(?:the\s+)?(?:(\d{2})(\d)0s|'(\d)0s)\b", re.I)
QUARTER = re.compile(r"\b(first|second|third|fourth|final|1st|2nd|3rd|4th|q[1-4])[\s-]*(?:quarter|-quarter)?\b", re.I)
HALF = re.compile(r"\b(first|second|1st|2nd|last)\s+(?:half|two\s+quarters)\b", re.I)
HALVES = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "last": 2}
MONTH_NAME = r"\b(?:" + "|".join(MONTHS) + r"|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?)"
# "the year-ago quarter", "year-earlier profit", "the same period last year": the reported quarter a year back
YEAR_AGO_PERIOD = re.compile(r"\byear-(?:ago|earlier)\b"
                             r"|\b(?:quarter|period)\b.*\b(?:a\s+year\s+(?:ago|earlier)|(?:last|previous|prior)\s+year)\b"
                             r"|\b(?:last|previous|prior)\s+year's\s+(?:quarter|period)\b")
YEAR_AGO = re.compile(r"(?:a|one)\s+year\s+(?:ago|earlier|before)")  # in earnings news: that quarter a year back
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
CENTURY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)[\s-]+century\b", re.I)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
            "q1": 1, "q2": 2, "q3": 3, "q4": 4, "final": 4}  # "the final quarter of 2009"
PLURAL_UNIT = re.compile(r"^(?:the\s+)?(?:(?:a\s+)?few|several|many|some|recent|coming|past|last|next|these|those|"
                         r"the\s+last\s+few|the\s+past\s+few|the\s+next\s+few|the\s+coming|the\s+past|the\s+last|"
                         r"the\s+next|the\s+early|the\s+later?)?\s*"
                         r"(seconds|minutes|hours|days|nights|weeks|weekends|months|years|decades|centuries|quarters)$")


@functools.cache
def _parser() -> DateDataParser:
    """One dateparser for calendar dates only: relative phrases are the rules' job, and a fixed
    base keeps its compiled patterns shared (the article date is applied afterwards)."""
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(2000, 1, 1, 12, 0), "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False, "REQUIRE_PARTS": [],
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    })


def warm() -> None:
    """Load dateparser's English data now (about a second), not inside the first article."""
    _parser().get_date_data("3 January 2000")


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _number(word: str) -> float | str:
    word = word.lower().strip()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if m := re.fullmatch(r"(\d+)\s+1/2", word):
        return int(m.group(1)) + 0.5
    if m := re.fullmatch(r"([a-z]+)[\s-]([a-z]+)", word):
        if m.group(1) in SPELLED_TENS and m.group(2) in SPELLED_UNITS:
            return SPELLED_TENS[m.group(1)] + SPELLED_UNITS[m.group(2)]
    try:
        return float(word)
    except ValueError:
        return "X"


def spelled_year(text: str) -> str | None:
    """``nineteen ninety-four`` → 1994, ``the year two thousand`` → 2000 (years read out in speech)."""
    words = re.findall(r"[a-z]+", text.lower())
    for i, word in enumerate(words):
        if word in SPELLED_TEENS and SPELLED_TEENS[word] >= 10 and i + 1 < len(words):
            tens = SPELLED_TENS.get(words[i + 1])
            if tens is None and words[i + 1] in SPELLED_TEENS:
                return f"{SPELLED_TEENS[word]}{SPELLED_TEENS[words[i + 1]]:02d}"
            if tens is not None:
                unit = SPELLED_UNITS.get(words[i + 2], 0) if i + 2 < len(words) else 0
                return f"{SPELLED_TEENS[word]}{tens + unit:02d}"
        if word in SPELLED_UNITS and i + 1 < len(words) and words[i + 1] == "thousand":
            rest = words[i + 2:]
            extra = SPELLED_UNITS.get(rest[-1], SPELLED_TEENS.get(rest[-1], 0)) if rest and rest[-1] != "thousand" else 0
            return f"{SPELLED_UNITS[word] * 1000 + extra:04d}"
    return None


def shift(anchor: dt.date, amount: float | str, unit: str, sign: int) -> str:
    """The TimeML value of ``anchor`` moved by ``amount`` units, at that unit's granularity."""
    if amount == "X":
        return "PAST_REF" if sign < 0 else "FUTURE_REF"
    n = int(amount) * sign
    if unit.startswith("day") or unit.startswith("night"):
        return (anchor + dt.timedelta(days=n)).isoformat()
    if unit.startswith("week"):
        return iso_week(anchor + dt.timedelta(weeks=n))
    if unit.startswith("month"):
        month = anchor.year * 12 + anchor.month - 1 + n
        return f"{month // 12:04d}-{month % 12 + 1:02d}"
    if unit.startswith("quarter"):
        quarter = (anchor.year * 4 + (anchor.month - 1) // 3) + n
        return f"{quarter // 4:04d}-Q{quarter % 4 + 1}"
    if unit.startswith("year"):
        return f"{anchor.year + n:04d}"
    if unit.startswith("decade"):
        return f"{(anchor.year + 10 * n) // 10:03d}"
    if unit.startswith("centur"):
        return f"{(anchor.year + 100 * n) // 100:02d}"
    return "PAST_REF" if sign < 0 else "FUTURE_REF"


def duration_value(text: str) -> str | None:
    """``P4Y`` for "four years"/"four-year", ``PT3H`` for "three hours", ``PXD`` for "several days"."""
    lowered = text.lower()
    if m := PLURAL_UNIT.match(lowered.strip()):
        unit = m.group(1).rstrip("s")
        unit = "century" if unit.startswith("centur") else unit
        code, is_time = UNITS.get(unit, ("X", False))
        code = {"DE": "E", "CE": "C"}.get(code, code)  # TimeML's decade and century units
        return f"P{'T' if is_time else ''}X{code}"
    if re.search(r"\ba while\b|\ba (?:\w+ly )?(?:long|short|lengthy|brief|extended) (?:time|period|while)\b", lowered):
        return "PXX"
    if scaled := SCALED_YEARS.search(lowered):  # "20 million years": the number times its scale
        amount = _number(scaled.group(1))
        return None if amount == "X" else f"P{int(amount * SCALES[scaled.group(2)])}Y"
    match = DURATION.search(lowered)
    if not match:
        return None
    amount = _number(match.group(1)) if match.group(1) else 1
    if re.search(r"\b(couple)\b", lowered):
        amount = 2
    elif re.search(r"\b(few|several|many|some)\b", lowered) and not match.group(1):
        amount = "X"
    if amount != "X" and re.search(rf"{re.escape(match.group(0))}\s+and\s+a\s+half\b", lowered):
        amount += 0.5
    unit = match.group(2).lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    code, is_time = UNITS.get(unit, ("X", False))
    if code == "DE":
        amount, code = (amount * 10 if amount != "X" else "X"), "Y" if amount != "X" else "E"
    elif code == "CE":
        amount, code = (amount * 100 if amount != "X" else "X"), "Y" if amount != "X" else "C"
    elif code == "Q" and amount != "X":
        amount, code = amount * 3, "M"
    if amount != "X" and not float(amount).is_integer():
        smaller = {"H": ("M", 60), "M": ("S", 60)} if is_time else {"D": ("H", 24), "Y": ("M", 12), "M": ("D", 30), "W": ("D", 7)}
        if code in smaller:
            unit_code, factor = smaller[code]
            whole = int(amount)
            rest = int(round((amount - whole) * factor))
            head = f"{whole}{code}" if whole else ""
            if not is_time and code in ("D",):
                return f"P{head}T{rest}{unit_code}"
            return f"P{'T' if is_time else ''}{head}{rest}{unit_code}"
    number = "X" if amount == "X" else str(int(amount)) if float(amount).is_integer() else str(amount)
    return f"P{'T' if is_time else ''}{number}{code}"


def weekday_value(name: str, anchor: dt.date, tense: str) -> str:
    """A bare weekday: the last such day on or before the article date, the next for future tense.

    News reports in the present tense ("talks resume Monday", "he meets Thursday") as often
    announce as recount, so there the weekday is the nearest one, looking back on a tie.
    """
    target = WEEKDAYS.index(name.lower())
    ahead, back = (target - anchor.weekday()) % 7, (anchor.weekday() - target) % 7
    if tense == "future" or tense == "present" and ahead < back:
        return (anchor + dt.timedelta(days=ahead)).isoformat()
    return (anchor - dt.timedelta(days=back)).isoformat()


def _relative_unit(which: str, unit: str, anchor: dt.date, tense: str = "past") -> str:
    which, unit = which.lower(), unit.lower()
    sign = {"last": -1, "past": -1, "previous": -1, "latest": -1, "recent": -1, "next": 1, "coming": 1,
            "following": 1}.get(which, 0)
    if unit == "week":
        return iso_week(anchor + dt.timedelta(weeks=sign))
    if unit == "weekend":
        return iso_week(anchor + dt.timedelta(weeks=sign)) + "-WE"
    if unit == "month":
        return shift(anchor, abs(sign), "month", sign or 1) if sign else f"{anchor.year:04d}-{anchor.month:02d}"
    if unit == "quarter":
        return shift(anchor, abs(sign), "quarter", sign or 1) if sign else shift(anchor, 0, "quarter", 1)
    if unit == "decade":
        return f"{(anchor.year + 10 * sign) // 10:03d}"
    if unit == "century":
        return f"{(anchor.year + 100 * sign) // 100:02d}"
    return f"{anchor.year + sign:04d}"


def _calendar_value(text: str, anchor: dt.date, tense: str) -> str | None:
    """Explicit calendar dates through dateparser, at the granularity the text states."""
    cleaned = re.sub(r"\b(on|in|of|the|early|late|mid|since|by|until|last|this|next|fiscal|calendar|year)\b", " ",
                     text, flags=re.I)
    cleaned = re.sub(r"\b(a\.m\.?|p\.m\.?)", lambda m: m.group(1).replace(".", ""), cleaned, flags=re.I)
    cleaned = re.sub(r"\b(e[sd]t|[cmp][sd]t|gmt|utc)\b", " ", cleaned, flags=re.I)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned).strip(" ,.-'")
    if not cleaned or not re.search(r"\d|" + "|".join(m[:3] for m in MONTHS), cleaned, re.I):
        return None
    data = _parser().get_date_data(cleaned)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    has_year = bool(YEAR.search(text))
    if not re.search(r"\d", CLOCK.sub(" ", text)) and CLOCK.search(text):
        day = anchor  # "at 10:35 a.m.": the article's day
    if not has_year and not re.search("|".join(MONTHS) + r"|\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b", text, re.I):
        day = anchor if data.period == "time" else day.replace(year=anchor.year, month=anchor.month) if _valid_month(day, anchor) else anchor
    if not has_year and re.search("|".join(MONTHS) + r"|\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b", text, re.I):
        # a month without a year: its occurrence nearest the article date, or the one "last"/"next" says
        candidates = [day.replace(year=anchor.year + k) for k in (-1, 0, 1) if _valid(day, anchor.year + k)]
        which = re.search(r"\b(last|next|this|coming|past)\b", text, re.I)
        which = which.group(1).lower() if which else ""
        month_start = anchor.replace(day=1)
        if which in ("last", "past"):
            candidates = [c for c in candidates if c < month_start] or candidates
            day = max(candidates)
        elif which in ("next", "coming"):
            candidates = [c for c in candidates if c.replace(day=1) > month_start] or candidates
            day = min(candidates)
        elif which == "this":
            day = day.replace(year=anchor.year)
        else:
            day = _nearest_occurrence(candidates, anchor, tense)
    period = data.period
    if period == "year" or (re.fullmatch(r"\s*(?:the\s+)?(?:year\s+|fiscal\s+)?\d{4}\s*", text, re.I)):
        return f"{day.year:04d}"
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "week":
        return iso_week(day)
    if period == "time" or re.search(r"\d:\d\d|\b\d{1,2}\s*(a\.?m\b\.?|p\.?m\b\.?)", text, re.I):
        time = data.date_obj.strftime("%H:%M")
        return f"{day.isoformat()}T{time}"
    return day.isoformat()


def _nearest_occurrence(candidates: list[dt.date], anchor: dt.date, tense: str) -> dt.date:
    """Which year a date without one ("March", "Oct. 23", "Thanksgiving") falls in.

    Future tense: the next occurrence from the article's month on. Past tense: the last one
    up to the article's month, unless the next falls within ``SCHEDULED_MONTHS`` (a reported
    verb often governs a scheduled date: "said the sale closes in December"). Present tense:
    the nearest one. "since": the last one on or before the article date.
    """
    def ahead(c: dt.date) -> int:
        return (c.year - anchor.year) * 12 + c.month - anchor.month

    if tense == "future" and (later := [c for c in candidates if ahead(c) >= 0]):
        return min(later)
    if tense == "since" and (earlier := [c for c in candidates if c <= anchor]):
        return max(earlier)  # "in custody since May": the last May, however the sentence reports it
    if tense in ("past", "since"):
        soon = [c for c in candidates if 0 <= ahead(c) <= SCHEDULED_MONTHS]
        if soon or (earlier := [c for c in candidates if ahead(c) < 0]):
            return min(soon) if soon else max(earlier)
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))


def _valid_month(day: dt.date, anchor: dt.date) -> bool:
    try:
        day.replace(year=anchor.year, month=anchor.month)
    except ValueError:
        return False
    return True


def _valid(day: dt.date, year: int) -> bool:
    try:
        day.replace(year=year)
    except ValueError:  # 29 February
        return False
    return True


def normalise_timex(text: str, anchor: dt.date | None, tense: str = "past", kind: str = "",
                    quarterly: bool = False, reference: str | None = None) -> tuple[str, str]:
    """The TimeML (type, value) of a time expression, relative to the article date ``anchor``.

    ``tense`` ("past", "present", "future") of the governing verb decides bare weekdays and
    months ("since" for the object of "since", always behind);
    ``kind`` is the type the span tagger guessed (DATE, DURATION, …), which settles
    "the year" (a date) against "a year" (a duration). ``quarterly``: the article has spoken
    of a quarter before this expression, so a bare "a year ago" compares with the quarter a
    year back (earnings news). ``reference`` is the value of the last date the text mentioned
    before this expression (the narrative time): "that day", "the next morning", "the
    following month", "the previous Friday", "two days later" count from it, not from the
    article date (see :func:`anaphoric_value`). Unknown values are ``""``.
    """
    lowered = " ".join(text.lower().split()).strip(" ,.;:")
    lowered = re.sub(r"^(on|in|at(?!\s+(?:least|most)\b)|during|for|of)\s+", "", lowered)
    lowered = re.sub(r"(?:'s|')$", "", lowered).strip()
    if SET_WORDS.search(lowered):
        return "SET", _set_value(lowered)
    bare = HEDGES.sub("", lowered).strip()
    counted = kind == "DURATION" and DURATION.fullmatch(bare)  # "one day" typed a duration is not "someday"
    for words, value in ((PRESENT_WORDS, "PRESENT_REF"), (PAST_WORDS, "PAST_REF"), (FUTURE_WORDS, "FUTURE_REF")):
        if (lowered in words or bare in words) and not counted:
            return "DATE", value
    if re.fullmatch(r"(?:this|the present|the current)\s+(?:\w+\s+)?(?:moment|juncture|point in time)", bare):
        return "DATE", "PRESENT_REF"
    if ORDINAL_CLOCK.fullmatch(bare):
        return "TIME", ""  # "in the 70th minute", "the third hour": of a match or a siege, no date the text gives
    if anchor is None:
        value = duration_value(bare) if _looks_like_duration(bare) or kind == "DURATION" else ""
        return ("DURATION", value) if value else ("DATE", "")
    if DEEP_PAST.search(bare):
        return "DATE", "PAST_REF"  # "60 million years ago": long before any calendar date a value can write
    point = re.match(r"(?:the\s+)?(?:end|beginning|start|middle)\s+of\b", lowered)  # a point, not a stretch
    ordinal = "quarter" in bare and QUARTER.search(bare)
    if kind == "DURATION" and not AGO.search(bare) and not point and not ordinal and (value := duration_value(bare)):
        return "DURATION", value
    if quarterly and YEAR_AGO.fullmatch(bare):
        return "DATE", shift(anchor, 5, "quarter", -1)
    if reference and (value := anaphoric_value(bare, reference)):
        return ("TIME" if "T" in value else "DATE"), value
    if reference and re.fullmatch(r"\d{4}-\d{2}-\d{2}", reference[:10]) and (_bare_clock(bare) or BARE_PART.fullmatch(bare)):
        anchor = dt.date.fromisoformat(reference[:10])  # "on Friday … at 7:40 a.m.", "later in the afternoon": its day
    return _anchored(lowered, bare, anchor, tense, kind)


def _bare_clock(text: str) -> bool:
    """Whether a time expression is a time of day and nothing else ("7:40 a.m.", "about 16:15 UTC", "noon")."""
    clock = CLOCK.search(text) or NOON.search(text)
    rest = re.sub(r"\b(?:about|around|approximately|roughly|just|after|before|shortly|local|time|[a-z]{2,4}t|utc)\b",
                  " ", NOON.sub(" ", CLOCK.sub(" ", text)))
    return bool(clock) and not re.search(r"\w", rest)


NOON = re.compile(r"\b(?:noon|midday|midnight)\b")
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
#: the words that scale a count, in dates and amounts alike: "3 billion years ago", "210 million euros"
SCALE_WORDS = frozenset(SCALES) | {word + "s" for word in SCALES} | {"trillion", "mln", "bn"}
#: a count of years with its scale: "some 20 million years" is P20000000Y
SCALED_YEARS = re.compile(rf"\b(\d+(?:\.\d+)?)\s+({'|'.join(SCALES)})\s+years?\b")
#: geological or archaeological time: "60 million years ago", "thousands of years ago"
DEEP_PAST = re.compile(rf"\b(?:{'|'.join(SCALES)}|{'|'.join(word + 's' for word in SCALES)})\s+(?:of\s+)?years\s+ago\b")
#: a part of a day no word dates: "(later in) the afternoon"
BARE_PART = re.compile(r"(?:(?:later|earlier)\s+(?:in\s+)?)?the\s+(?:morning|afternoon|evening|night)")


#: an ordinal of a clock unit: the time into something ("the 70th minute", "the third hour"), not a date
ORDINAL_CLOCK = re.compile(r"(?:the\s+)?(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
                           r"ninth|tenth|final|last|closing|opening|dying)\s+(?:minute|second|hour)s?")
_UNITS = r"(day|morning|afternoon|evening|night|week|month|quarter|year)"
SAME_UNIT = re.compile(rf"(?:(?:earlier|later)\s+)?(?:that|the\s+same|that\s+same)\s+{_UNITS}")
NEXT_UNIT = re.compile(rf"the\s+(next|following|previous|preceding|prior)\s+({_UNITS[1:-1]}|{'|'.join(WEEKDAYS)})")
UNITS_LATER = re.compile(r"(\S+)\s+(day|week|month|year)s?\s+(later|afterwards?|after\s+that|earlier|before\s+that)")
DAY_AROUND = re.compile(r"the\s+day\s+(before|after)")
#: the precisions of a reference date fine enough to count a unit from
FINE_ENOUGH = {"day": {"day"}, "week": {"day", "week"}, "month": {"day", "month"},
               "quarter": {"day", "month", "quarter"},
               "year": {"day", "week", "month", "quarter", "half", "season", "year"}}


def anaphoric_value(bare: str, reference: str) -> str | None:
    """Expressions that count from the narrative's last date, not the article's.

    "On March 3 … that day / the next morning / two days later / a week earlier / the previous Friday": the
    value is the ``reference`` date moved as the words say, at their unit's granularity (a
    part of the day keeps its TimeML code, ``2000-03-04TMO``). None when the expression is not
    one of these or the reference is too coarse for it ("the next day" after "in 2019").
    """
    bounds = value_bounds(reference)
    if bounds is None:
        return None
    start, _, precision = bounds
    if m := SAME_UNIT.fullmatch(bare):
        unit, sign, amount = m.group(1), 1, 0
    elif m := NEXT_UNIT.fullmatch(bare):
        unit, sign, amount = m.group(2), 1 if m.group(1) in ("next", "following") else -1, 1
    elif m := UNITS_LATER.fullmatch(bare):
        unit, sign, amount = m.group(2), -1 if m.group(3).startswith(("earlier", "before")) else 1, _number(m.group(1))
    elif m := DAY_AROUND.fullmatch(bare):
        unit, sign, amount = "day", 1 if m.group(1) == "after" else -1, 1
    else:
        return None
    if unit in WEEKDAYS:
        if precision != "day":
            return None
        gap = (WEEKDAYS.index(unit) - start.weekday()) * sign % 7 or 7
        return (start + dt.timedelta(days=sign * gap)).isoformat()
    part = PARTS_OF_DAY.get(unit)
    base = "day" if part else unit
    if precision not in FINE_ENOUGH[base] or not isinstance(amount, (int, float)):
        return None
    value = shift(start, amount, base, sign)
    return f"{value}T{part}" if part else value


def _anchored(lowered: str, bare: str, anchor: dt.date, tense: str, kind: str) -> tuple[str, str]:
    if found := _day_and_time(bare, anchor, tense, kind):
        return found
    if YEAR_AGO_PERIOD.search(bare) and not QUARTER.search(bare):
        # earnings news compares the quarter just reported with the same quarter a year before
        return "DATE", shift(anchor, 5, "quarter", -1)
    if value := _half_or_quarter(bare, anchor, tense):
        return "DATE", value
    if value := _month_of_relative_year(bare, anchor, tense):
        return ("TIME" if "T" in value else "DATE"), value
    if value := _holiday(bare, anchor, tense):
        return "DATE", value
    if m := AGO.search(bare):
        sign = -1 if m.group(3) in ("ago", "earlier", "before") else 1
        return "DATE", shift(anchor, _number(m.group(1)), m.group(2).lower(), sign)
    if year := spelled_year(bare):
        month = next((n for n, name in enumerate(MONTHS, start=1) if re.search(rf"\b{name}\b", bare)), None)
        season = next((code for word, code in SEASONS.items() if re.search(rf"\b{word}\b", bare)), None)
        return "DATE", f"{year}-{month:02d}" if month else f"{year}-{season}" if season else year
    if m := CENTURY.search(bare):
        return "DATE", f"{int(m.group(1)) - 1:02d}"
    if m := re.fullmatch(r"(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:the|this)\s+(week|month|year)|"
                         r"(?:earlier|later)\s+in\s+the\s+(week|month|year)", lowered):
        return "DATE", _relative_unit("this", m.group(1) or m.group(2), anchor, tense)
    if re.search(r"\b(year|fiscal)[\s-](ago|earlier)\b|\bprevious year\b|\bprior year\b|\bthe year before\b", bare):
        return "DATE", f"{anchor.year - 1:04d}"
    if re.fullmatch(r"(?:the\s+)?(?:current\s+|full\s+|fiscal\s+|calendar\s+|same\s+)*year(?:[\s-]end|'s end)?|year[\s-]end|year's end",
                    bare) and (kind != "DURATION" or "end" in bare):
        return "DATE", f"{anchor.year:04d}"
    if re.fullmatch(r"(?:the\s+)?(?:latest|most recent|recent|past|last|just[\s-]ended|reporting)?\s*(?:fiscal\s+)?(?:quarter|period)", bare) \
            and kind != "DURATION":
        return "DATE", shift(anchor, 1, "quarter", -1)
    if re.fullmatch(r"(?:the\s+)?weekend", bare) and kind != "DURATION":
        back = 0 if anchor.weekday() >= 5 else 1
        return "DATE", iso_week(anchor - dt.timedelta(weeks=back)) + "-WE"
    if (m := RELATIVE_UNIT.search(bare)) and not _looks_like_duration(bare):
        return "DATE", _relative_unit(m.group(1), m.group(2), anchor, tense)
    if m := DECADE.search(bare):
        if m.group(1):
            return "DATE", f"{m.group(1)}{m.group(2)}"
        return "DATE", f"19{m.group(3)}"
    if season := _season(bare, anchor):
        return "DATE", season
    if _looks_like_duration(bare) or kind == "DURATION":
        value = duration_value(bare)
        if value:
            return "DURATION", value
    if (m := re.fullmatch(r"(?:the\s+)?week\s+(?:of|beginning|starting|ending)\s+(.+)", bare)) \
            and (value := _calendar_value(m.group(1), anchor, tense)) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return "DATE", iso_week(dt.date.fromisoformat(value))
    value = _calendar_value(bare, anchor, tense)
    if value:
        return ("TIME" if "T" in value else "DATE"), value
    if len(years := YEAR.findall(bare)) == 1:  # "post-1959", "1990 and beyond", "the 1988 period"
        return "DATE", years[0]
    if re.search(r"\b(recent|past|previous|earlier)\b", bare):
        return "DATE", "PAST_REF"
    if re.search(r"\b(coming|future|upcoming)\b", bare):
        return "DATE", "FUTURE_REF"
    return "DATE", ""


def _half_or_quarter(bare: str, anchor: dt.date, tense: str = "") -> str | None:
    """``2019-H1`` for "the first half of 2019", ``1989-Q3`` for "this year's third quarter"; a bare one in the past
    that this year has not begun yet is last year's ("reported a profit for the fourth quarter" in March)."""
    half = HALF.search(bare) if not DECADE.search(bare) else None
    quarter = QUARTER.search(bare) if "quarter" in bare else None
    year = YEAR.search(bare)
    if year and re.search(r"\b\d{4}\s+(?:fiscal\s+)?quarter\b", bare) and not quarter:
        # "the 1988 quarter": the quarter being reported, in that year
        return f"{year.group(1)}-{shift(anchor, 1, 'quarter', -1)[5:]}"
    if not half and not quarter or quarter and quarter.group(1).lower() == "final" and not year:
        return None  # "the final quarter" alone: of which year, the text before must say
    if year:
        year = int(year.group(1))
    elif re.search(r"\bnext year", bare):
        year = anchor.year + 1
    elif re.search(r"\b(?:last|previous|prior) year|year[\s-](?:ago|earlier)", bare):
        year = anchor.year - 1
    else:
        year = anchor.year
        first_month = (HALVES[half.group(1).lower()] - 1) * 6 + 1 if half else \
            (ORDINALS[quarter.group(1).lower()] - 1) * 3 + 1
        if tense == "past" and dt.date(year, first_month, 1) > anchor and not re.search(r"\bthis\b", bare):
            year -= 1
    if half:
        return f"{year}-H{HALVES[half.group(1).lower()]}"
    return f"{year}-Q{ORDINALS[quarter.group(1).lower()]}"


def _month_of_relative_year(bare: str, anchor: dt.date, tense: str) -> str | None:
    """"June last year", "January this year": the month (or day) in the year the phrase names."""
    m = re.search(r"\b(this|last|next|previous|the previous|the following)\s+year\b", bare)
    if not m or not re.search(MONTH_NAME, bare):
        return None
    shift = {"this": 0, "next": 1, "the following": 1}.get(m.group(1), -1)
    explicit = bare.replace(m.group(0), str(anchor.year + shift))
    return _calendar_value(explicit, anchor, tense)


def holiday_date(rule: tuple, year: int) -> dt.date:
    """The day a :data:`HOLIDAYS` rule gives in ``year``."""
    if rule[0] == "fixed":
        return dt.date(year, rule[1], rule[2])
    if rule[0] == "easter":
        return easter(year) + dt.timedelta(days=rule[1])
    if rule[0] == "election":  # US: the Tuesday after the first Monday of November
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7 + 1)
    _, month, weekday, n = rule
    if n < 0:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _holiday(bare: str, anchor: dt.date, tense: str) -> str | None:
    """"Thanksgiving Day", "last Christmas", "Easter week": the holiday in the year the text or tense says."""
    name = next((n for n in sorted(HOLIDAYS, key=len, reverse=True)
                 if re.search(rf"\b{re.escape(n)}\b", bare.replace("’", "'"))), None)
    if name is None:
        return None
    rule = HOLIDAYS[name]
    if year := YEAR.search(bare):
        day = holiday_date(rule, int(year.group(1)))
    else:
        candidates = [holiday_date(rule, anchor.year + k) for k in (-1, 0, 1)]
        if re.search(r"\b(?:last|past|previous)\b", bare):
            day = max(c for c in candidates if c < anchor)
        elif re.search(r"\b(?:next|coming)\b", bare):
            day = min(c for c in candidates if c > anchor)
        elif re.search(r"\bthis\b", bare):
            day = candidates[1]
        else:
            day = _nearest_occurrence(candidates, anchor, tense)
    return iso_week(day) if re.search(r"\bweek(?:end)?\b", bare) else day.isoformat()


def _day_and_time(bare: str, anchor: dt.date, tense: str, kind: str = "") -> tuple[str, str] | None:
    """Today, yesterday, weekdays and parts of the day, with an optional clock time.

    A part of the day ("Friday night") is kept unless the tagger typed the span a DATE:
    TimeML annotators mark such spans as the day itself when the hour does not matter.
    """
    part = next((code for word, code in PARTS_OF_DAY.items() if re.search(rf"\b{word}\b", bare)), None)
    if re.search(r"\b(midday|noon)\b", bare):
        part = "12:00"
    elif re.search(r"\bmidnight\b", bare):
        part = "24:00"
    elif re.search(r"\bovernight\b", bare):
        part = "NI"
    clock = re.search(r"\b(\d{1,2})(?::(\d\d))?\s*(a\.?m\b\.?|p\.?m\b\.?|in the morning|in the evening|at night)", bare)
    day = None
    if re.search(r"\b(today|this day|tonight)\b", bare) or re.fullmatch(r"(?:this|the)\s+(?:morning|afternoon|evening|night)|overnight|midday|noon|midnight", bare):
        day = anchor
    elif re.search(r"\byesterday\b|\blast night\b|\bthe day before\b", bare):
        day = anchor - dt.timedelta(days=1)
    elif re.search(r"\btomorrow\b", bare):
        day = anchor + dt.timedelta(days=1)
    elif m := re.search(r"\b(?:(last|this|next|past|coming)\s+)?(" + "|".join(WEEKDAYS) + r")\b", bare):
        which, name = m.groups()
        if re.search(r"\d", bare.replace(m.group(0), "")) and not clock:
            return None  # "Monday, Oct. 26": the calendar date decides
        day = dt.date.fromisoformat(weekday_value(name, anchor, {"last": "past", "past": "past", "next": "future",
                                                                  "coming": "future"}.get(which or "", tense)))
        if which == "next" and day == anchor:
            day += dt.timedelta(days=7)
        elif which in ("last", "past") and day == anchor:
            day -= dt.timedelta(days=7)
    if day is None:
        return None
    if clock:
        hour = int(clock.group(1)) % 12 + (12 if re.match(r"p|in the evening|at night", clock.group(3)) else 0)
        return "TIME", f"{day.isoformat()}T{hour:02d}:{clock.group(2) or '00'}"
    if part and not re.search(r"\b(day|days)\b", bare) and kind != "DATE":
        return "TIME", f"{day.isoformat()}T{part}"
    return "DATE", day.isoformat()


def _looks_like_duration(lowered: str) -> bool:
    if AGO.search(lowered) or re.search(r"\b(last|this|next|coming|previous|current|same)\s+\w+$", lowered) and not re.search(r"\b(past|last|next)\s+(\w+\s+)?(\d+|" + "|".join(NUMBER_WORDS) + r")\s", lowered):
        return False
    if PLURAL_UNIT.match(lowered):
        return True
    return bool(re.fullmatch(rf"(the\s+|a\s+|an\s+)?(past|last|next|first|coming|more than|about|nearly|almost|over|at least|some|up to|couple of|few|several)?\s*{_NUM}?[\s-]*(more\s+|full\s+|trading\s+|business\s+|consecutive\s+)?{_UNIT}(\s+and\s+a\s+half)?(\s+long|\s+old|[\s-]long|[\s-]old|\s+period|\s+term)?",
                             lowered))


def _season(lowered: str, anchor: dt.date) -> str | None:
    for word, code in SEASONS.items():
        if re.search(rf"\b{word}\b", lowered):
            year = YEAR.search(lowered)
            if year:
                return f"{year.group(1)}-{code}"
            if re.search(r"\blast\b", lowered):
                return f"{anchor.year - 1}-{code}"
            if re.search(r"\bnext\b", lowered):
                return f"{anchor.year + 1}-{code}"
            return f"{anchor.year}-{code}"
    return None


def _set_value(lowered: str) -> str:
    for word, code in PARTS_OF_DAY.items():
        if word in lowered:
            return f"XXXX-XX-XXT{code}"
    for day in WEEKDAYS:
        if day in lowered:
            return f"XXXX-WXX-{WEEKDAYS.index(day) + 1}"
    for n, month in enumerate(MONTHS, start=1):
        if re.search(rf"\b{month}\b", lowered):
            return f"XXXX-{n:02d}"
    for word, value in (("hour", "PT1H"), ("day", "P1D"), ("daily", "P1D"), ("night", "P1D"), ("week", "P1W"),
                        ("month", "P1M"), ("quarter", "P3M"), ("year", "P1Y"), ("annual", "P1Y")):
        if word in lowered:
            return value
    return "P1D"


DAY_PART_WORDS = {code: word for word, code in PARTS_OF_DAY.items() if word != "tonight"} | {"DT": "daytime"}


def readable(value: str) -> str:
    """A TimeML value as people write it in a label: "2019-06-17TMO" → "2019-06-17 morning",
    "2024-01-03T10:35" → "2024-01-03 10:35"; other values unchanged."""
    match = re.fullmatch(r"([\dX]{4}(?:-[\dX]{2}){0,2})T(.+)", value)
    if not match:
        return value
    return f"{match[1]} {DAY_PART_WORDS.get(match[2], match[2])}"


def value_bounds(value: str) -> tuple[dt.date, dt.date, str] | None:
    """The first and last day a TimeML date value covers, and its precision; None if not a date."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", value):
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return day, day, "day"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        return start, start + dt.timedelta(days=6), "week"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m.group(1)), int(m.group(2))
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), nxt - dt.timedelta(days=1), "month"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        year, q = int(m.group(1)), int(m.group(2))
        start = dt.date(year, 3 * q - 2, 1)
        end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
        return start, end, "quarter"
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        year, half = int(m.group(1)), int(m.group(2))
        return dt.date(year, 6 * half - 5, 1), dt.date(year, 6 * half, 30 + (half == 2)), "half"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        year = int(m.group(1))
        spans = {"SP": ((3, 20), (6, 20)), "SU": ((6, 21), (9, 22)), "FA": ((9, 23), (12, 20)), "WI": ((12, 21), (12, 31))}
        (sm, sd), (em, ed) = spans[m.group(2)]
        return dt.date(year, sm, sd), dt.date(year, em, ed), "season"
    if m := re.fullmatch(r"(\d{4})", value):
        year = int(m.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if m := re.fullmatch(r"(\d{3})", value):
        decade = int(m.group(1)) * 10
        return dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31), "decade"
    if m := re.fullmatch(r"(\d{2})", value):
        century = int(m.group(1)) * 100
        return dt.date(max(century, 1), 1, 1), dt.date(century + 99, 12, 31), "century"
    return None
