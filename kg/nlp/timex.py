"""Time expressions: TimeML TIMEX3 types and values normalised against the article's date.

dateparser reads calendar dates ("January 3, 2020", "3 Jan") and tells their granularity;
the rules here add what TimeML needs on top: tense-aware weekdays, weeks as ``2013-W11``,
"N years ago" at year granularity, decades, seasons, quarters, durations, sets and the
PRESENT/PAST/FUTURE_REF values.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from dateparser.date import DateDataParser

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "half": 0.5, "several": "X",
    "few": "X", "many": "X", "some": "X", "couple": 2, "dozen": 12, "dozens": "X",
}
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "weekend": ("WE", False), "month": ("M", False),
    "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False), "quarter": ("Q", False),
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
PRESENT_WORDS = {"now", "currently", "at present", "presently", "present", "nowadays", "today's", "these days", "right now"}
PAST_WORDS = {"recently", "previously", "formerly", "earlier", "the past", "once", "lately", "in the past", "former"}
FUTURE_WORDS = {"soon", "the future", "in the future", "future", "shortly", "later", "eventually"}
SET_WORDS = re.compile(r"\b(every|each|per|daily|weekly|monthly|annually|yearly|nightly|hourly)\b", re.I)

_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT = r"(seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|years?|decades?|centur(?:y|ies)|quarters?)"
AGO = re.compile(rf"\b{_NUM}[\s-]+{_UNIT}\s+(ago|earlier|before|later|from now|hence)\b", re.I)
DURATION = re.compile(rf"\b{_NUM}?[\s-]*(?:more\s+)?{_UNIT}\b", re.I)
RELATIVE_UNIT = re.compile(r"\b(last|this|next|past|coming|previous|current|same)\s+(week|weekend|month|year|quarter|decade|century)\b", re.I)
DECADE = re.compile(r"\b(?:the\s+)?(?:(\d{2})(\d)0s|'(\d)0s)\b", re.I)
QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])\s*(?:quarter|-quarter)?\b", re.I)
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
            "q1": 1, "q2": 2, "q3": 3, "q4": 4}


@functools.cache
def _parser(anchor: dt.date) -> DateDataParser:
    base = dt.datetime(anchor.year, anchor.month, anchor.day, 12, 0)
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False, "REQUIRE_PARTS": [],
    })


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _number(word: str) -> float | str:
    word = word.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    try:
        return float(word)
    except ValueError:
        return "X"


def _shift(anchor: dt.date, amount: float | str, unit: str, sign: int) -> str:
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
    if unit.startswith("year"):
        return f"{anchor.year + n:04d}"
    if unit.startswith("decade"):
        return f"{(anchor.year + 10 * n) // 10:03d}"
    if unit.startswith("centur"):
        return f"{(anchor.year + 100 * n) // 100:02d}"
    return "PAST_REF" if sign < 0 else "FUTURE_REF"


def duration_value(text: str) -> str | None:
    """``P4Y`` for "four years"/"four-year", ``PT3H`` for "three hours", ``PXD`` for "several days"."""
    match = DURATION.search(text)
    if not match:
        return None
    amount = _number(match.group(1)) if match.group(1) else 1
    unit = match.group(2).lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    code, is_time = UNITS.get(unit, ("X", False))
    if code == "DE":
        amount, code = (amount * 10 if amount != "X" else "X"), "Y"
    elif code == "CE":
        amount, code = (amount * 100 if amount != "X" else "X"), "Y"
    if amount == "X":
        number = "X"
    elif float(amount).is_integer():
        number = str(int(amount))
    else:
        number = str(amount)
    return f"P{'T' if is_time else ''}{number}{code}"


def weekday_value(name: str, anchor: dt.date, tense: str) -> str:
    """A bare weekday: the last such day on or before the article date, or the next for future tense."""
    target = WEEKDAYS.index(name.lower())
    delta = (anchor.weekday() - target) % 7
    if tense == "future":
        return (anchor + dt.timedelta(days=(target - anchor.weekday()) % 7)).isoformat()
    return (anchor - dt.timedelta(days=delta)).isoformat()


def _relative_unit(which: str, unit: str, anchor: dt.date) -> str:
    sign = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which.lower(), 0)
    unit = unit.lower()
    if unit == "week":
        return iso_week(anchor + dt.timedelta(weeks=sign))
    if unit == "weekend":
        return iso_week(anchor + dt.timedelta(weeks=sign)) + "-WE"
    if unit == "month":
        return _shift(anchor, abs(sign), "month", sign or 1) if sign else f"{anchor.year:04d}-{anchor.month:02d}"
    if unit == "quarter":
        quarter = (anchor.month - 1) // 3 + sign
        year = anchor.year + (quarter // 4)
        return f"{year:04d}-Q{quarter % 4 + 1}"
    if unit == "decade":
        return f"{(anchor.year + 10 * sign) // 10:03d}"
    if unit == "century":
        return f"{(anchor.year + 100 * sign) // 100:02d}"
    return f"{anchor.year + sign:04d}"


def _calendar_value(text: str, anchor: dt.date, tense: str) -> str | None:
    """Explicit calendar dates through dateparser, at the granularity the text states."""
    cleaned = re.sub(r"\b(on|in|of|the|early|late|mid|since|by|until|last|this|next)\b", " ", text, flags=re.I)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned).strip(" ,.-")
    if not cleaned or not re.search(r"\d|" + "|".join(m[:3] for m in MONTHS), cleaned, re.I):
        return None
    data = _parser(anchor).get_date_data(cleaned)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    has_year = bool(YEAR.search(text))
    if not has_year and re.search("|".join(MONTHS) + r"|\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b", text, re.I):
        # a month without a year: the nearest occurrence, in the past unless the tense says future
        if tense != "future" and day > anchor + dt.timedelta(days=31):
            day = day.replace(year=day.year - 1)
        elif tense == "future" and day < anchor - dt.timedelta(days=31):
            day = day.replace(year=day.year + 1)
    period = data.period
    if period == "year" or (re.fullmatch(r"\s*(?:the\s+)?(?:year\s+)?\d{4}\s*", text, re.I)):
        return f"{day.year:04d}"
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "week":
        return iso_week(day)
    if period == "time" or re.search(r"\d:\d\d|\b\d{1,2}\s*(a\.?m\.?|p\.?m\.?)", text, re.I):
        time = data.date_obj.strftime("%H:%M")
        return f"{day.isoformat()}T{time}"
    return day.isoformat()


def normalise_timex(text: str, anchor: dt.date | None, tense: str = "past") -> tuple[str, str]:
    """The TimeML (type, value) of a time expression, relative to the article date ``anchor``.

    ``tense`` ("past", "present", "future") of the governing verb decides bare weekdays and
    months. Unknown values are returned as ``""`` so callers can tell them apart.
    """
    lowered = " ".join(text.lower().split()).strip(" ,.")
    lowered = re.sub(r"^(on|in|at|during|since|until|by|for|over)\s+", "", lowered)
    if SET_WORDS.search(lowered):
        return "SET", _set_value(lowered)
    if lowered in PRESENT_WORDS:
        return "DATE", "PRESENT_REF"
    if lowered in PAST_WORDS:
        return "DATE", "PAST_REF"
    if lowered in FUTURE_WORDS:
        return "DATE", "FUTURE_REF"
    if anchor is None:
        value = duration_value(lowered) if _looks_like_duration(lowered) else ""
        return ("DURATION", value) if value else ("DATE", "")
    return _anchored(lowered, anchor, tense)


def _anchored(lowered: str, anchor: dt.date, tense: str) -> tuple[str, str]:
    for word, code in PARTS_OF_DAY.items():
        if re.fullmatch(rf"(this|tonight|later this|early this|late this)?\s*{word}", lowered) or lowered == "tonight":
            return "TIME", f"{anchor.isoformat()}T{code}"
    if re.fullmatch(r"(later |earlier )?today|this day", lowered):
        return "DATE", anchor.isoformat()
    if lowered in ("yesterday", "the day before"):
        return "DATE", (anchor - dt.timedelta(days=1)).isoformat()
    if lowered == "tomorrow":
        return "DATE", (anchor + dt.timedelta(days=1)).isoformat()
    if m := re.fullmatch(r"(yesterday|tomorrow)\s+(morning|afternoon|evening|night)", lowered):
        shift = -1 if m.group(1) == "yesterday" else 1
        return "TIME", f"{(anchor + dt.timedelta(days=shift)).isoformat()}T{PARTS_OF_DAY[m.group(2)]}"
    if m := re.fullmatch(r"(last|this|next|past)?\s*(" + "|".join(WEEKDAYS) + r")(?:\s+(morning|afternoon|evening|night))?", lowered):
        which, day, part = m.groups()
        tense = {"last": "past", "past": "past", "next": "future"}.get(which or "", tense)
        value = weekday_value(day, anchor, tense)
        return ("TIME", f"{value}T{PARTS_OF_DAY[part]}") if part else ("DATE", value)
    if m := AGO.search(lowered):
        sign = -1 if m.group(3) in ("ago", "earlier", "before") else 1
        return "DATE", _shift(anchor, _number(m.group(1)), m.group(2).lower(), sign)
    if m := RELATIVE_UNIT.fullmatch(lowered) or RELATIVE_UNIT.search(lowered) if not _looks_like_duration(lowered) else None:
        return "DATE", _relative_unit(m.group(1), m.group(2), anchor)
    if m := DECADE.search(lowered):
        if m.group(1):
            return "DATE", f"{m.group(1)}{m.group(2)}"
        return "DATE", f"19{m.group(3)}"
    if season := _season(lowered, anchor):
        return "DATE", season
    if (m := QUARTER.search(lowered)) and "quarter" in lowered:
        year = YEAR.search(lowered)
        return "DATE", f"{year.group(1) if year else anchor.year}-Q{ORDINALS[m.group(1).lower()]}"
    if _looks_like_duration(lowered):
        value = duration_value(lowered)
        if value:
            return "DURATION", value
    value = _calendar_value(lowered, anchor, tense)
    if value:
        return ("TIME" if "T" in value else "DATE"), value
    if re.search(r"\b(recent|past|previous|earlier)\b", lowered):
        return "DATE", "PAST_REF"
    if re.search(r"\b(coming|future|upcoming)\b", lowered):
        return "DATE", "FUTURE_REF"
    return "DATE", ""


def _looks_like_duration(lowered: str) -> bool:
    if AGO.search(lowered) or re.search(r"\b(last|this|next|coming|previous|current|same)\s+\w+$", lowered) and not re.search(r"\b(past|last|next)\s+(\w+\s+)?(\d+|" + "|".join(NUMBER_WORDS) + r")\s", lowered):
        return False
    return bool(re.fullmatch(rf"(the\s+)?(past|last|next|first|coming|more than|about|nearly|almost|over|at least|some|up to)?\s*{_NUM}?[\s-]*(more\s+)?{_UNIT}(\s+long|\s+old)?", lowered))


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
    for word, value in (("hour", "PT1H"), ("day", "P1D"), ("daily", "P1D"), ("night", "P1D"), ("week", "P1W"),
                        ("month", "P1M"), ("year", "P1Y"), ("annual", "P1Y")):
        if word in lowered:
            return value
    return "P1D"


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
