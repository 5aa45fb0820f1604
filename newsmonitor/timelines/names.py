"""Display names of countries, regions and topics in the interface language.

Country names come from the tagger's gazetteer (newsmonitor/tagging/data/countries.json)
when it is there, else from Babel's CLDR data, so the dashboard works before and
without the tagger. Topic names are the stable taxonomy of DESIGN.md.
"""

import json
from functools import lru_cache
from pathlib import Path

import babel
from django.utils.translation import get_language, gettext_lazy as _

COUNTRIES_JSON = Path(__file__).resolve().parents[1] / "tagging" / "data" / "countries.json"

# CLDR's default names are formal or long where Arabic news (and researchers) use the
# short ones; these win over both sources.
SHORT_NAMES = {
    "PS": ("فلسطين", "Palestine"),
    "SA": ("السعودية", "Saudi Arabia"),
    "AE": ("الإمارات", "United Arab Emirates"),
    "US": ("الولايات المتحدة", "United States"),
    "GB": ("المملكة المتحدة", "United Kingdom"),
    "KR": ("كوريا الجنوبية", "South Korea"),
    "KP": ("كوريا الشمالية", "North Korea"),
    "CD": ("الكونغو الديمقراطية", "DR Congo"),
}

# (slug, Arabic, English) in taxonomy order; the order is also the bit order of the
# topic bitmask stored on timeline rows (see models.py), so never reorder, only append.
TOPICS = [
    ("defence-industry", "التصنيع العسكري", "Defence industry"),
    ("military-cooperation", "التعاون العسكري", "Military cooperation"),
    ("trade-economy", "التجارة والاقتصاد", "Trade and economy"),
    ("energy", "الطاقة", "Energy"),
    ("diplomacy-visits", "الدبلوماسية والزيارات", "Diplomacy and visits"),
    ("security-terrorism", "الأمن ومكافحة الإرهاب", "Security and counter-terrorism"),
    ("conflict", "النزاعات", "Conflict"),
    ("migration", "الهجرة", "Migration"),
    ("health", "الصحة", "Health"),
    ("culture-education", "الثقافة والتعليم", "Culture and education"),
    ("sports", "الرياضة", "Sports"),
    ("domestic-politics", "السياسة الداخلية", "Domestic politics"),
]
TOPIC_SLUGS = [slug for slug, _ar, _en in TOPICS]
TOPIC_BIT = {slug: 1 << i for i, slug in enumerate(TOPIC_SLUGS)}
TOPIC_INDEX = {slug: i for i, slug in enumerate(TOPIC_SLUGS)}
# Colour-blind-safe palette (Okabe-Ito, then Tol's muted), one per topic, plus "other".
TOPIC_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7",
                 "#882255", "#117733", "#44AA99", "#999933", "#AA4499", "#332288"]
OTHER_COLOUR = "#8c939e"

# Regions for the country page's matrix. Membership is editorial, not geographic
# truth: the groupings researchers of Arab news compare most.
REGIONS = {
    "arab-league": ("جامعة الدول العربية", "Arab League", [
        "DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA",
        "SA", "SO", "SD", "SY", "TN", "AE", "YE"]),
    "gulf": ("الخليج وإيران", "Gulf and Iran", ["SA", "AE", "QA", "KW", "BH", "OM", "IR", "IQ", "YE"]),
    "middle-east": ("الشرق الأوسط", "Middle East", [
        "EG", "SA", "AE", "QA", "IR", "IQ", "SY", "LB", "JO", "PS", "IL", "TR", "YE", "KW", "OM", "BH"]),
    "north-africa": ("شمال أفريقيا", "North Africa", ["EG", "LY", "TN", "DZ", "MA", "MR", "SD"]),
    "south-asia": ("جنوب آسيا", "South Asia", ["PK", "IN", "AF", "BD", "LK", "NP", "IR", "CN"]),
    "powers": ("القوى الكبرى", "Major powers", ["US", "CN", "RU", "GB", "FR", "DE", "JP", "IN", "TR"]),
    "horn-of-africa": ("القرن الأفريقي", "Horn of Africa", ["ET", "ER", "DJ", "SO", "SD", "SS", "KE", "EG"]),
}


def language():
    return "ar" if (get_language() or "ar").startswith("ar") else "en"


@lru_cache(maxsize=1)
def _gazetteer():
    """{code: (arabic, english or None)} from the tagger's data, when present."""
    try:
        data = json.loads(COUNTRIES_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(data, dict):
        data = data.get("countries", list(data.values()))
    names = {}
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            continue
        arabic = _first(item, ["name_ar", "ar", "arabic", "name", "names", "forms"])
        english = _first(item, ["name_en", "en", "english"])
        spellings = [form for key in ("names", "capitals", "adjectives") for form in item.get(key) or []
                     if isinstance(form, str)]
        names[item["code"].upper()] = (arabic, english, spellings, _strings(item.get("names")),
                                       _strings(item.get("adjectives")))
    return names


def _strings(values):
    return [v for v in values or [] if isinstance(v, str) and v.strip()]


def country_adjectives():
    """{a country's Arabic name: its adjectives (nisba bases)} from the gazetteer, so
    that a search for روسيا also finds الروسية. Names and adjectives as written."""
    out = {}
    for _arabic, _english, _spellings, names, adjectives in _gazetteer().values():
        for name in names:
            out[name] = adjectives
    return out


def _first(item, keys):
    for key in keys:
        value = item.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@lru_cache(maxsize=2)
def _cldr(lang):
    return babel.Locale(lang).territories


def country_name(code, lang=None):
    """The country's display name in `lang` (default: the active language)."""
    code = (code or "").upper()
    lang = lang or language()
    index = 0 if lang == "ar" else 1
    if code in SHORT_NAMES:
        return SHORT_NAMES[code][index]
    from_gazetteer = _gazetteer().get(code, (None, None))[index]
    return from_gazetteer or _cldr(lang).get(code) or code


def arabic_forms(code):
    """Arabic spellings of a country (names, capital, adjective), used to highlight it
    in evidence beside the forms the tag row recorded."""
    forms = [country_name(code, "ar"), _cldr("ar").get(code, "")] + _gazetteer().get(code, (None, None, []))[2]
    return list(dict.fromkeys(form for form in forms if form))


# Two-letter codes CLDR names that are no state: unions, the unknown region, pseudo
# and exceptionally reserved territories.
NOT_STATES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "AC", "CP", "DG", "EA", "IC", "TA"})


def is_country(code):
    code = (code or "").upper()
    return (len(code) == 2 and code.isalpha() and code not in NOT_STATES
            and (code in _cldr("en") or code in _gazetteer() or code == "XK"))


def topic_name(slug, lang=None):
    lang = lang or language()
    for s, arabic, english in TOPICS:
        if s == slug:
            return arabic if lang == "ar" else english
    return str(_("Other")) if slug in ("", None, "other") else slug


def topic_colour(slug):
    index = TOPIC_INDEX.get(slug)
    return TOPIC_COLOURS[index] if index is not None else OTHER_COLOUR


def topic_choices():
    return [(slug, topic_name(slug)) for slug in TOPIC_SLUGS]


def topics_of_mask(mask):
    return [slug for slug in TOPIC_SLUGS if mask & TOPIC_BIT[slug]]


def region_name(slug, lang=None):
    arabic, english, _codes = REGIONS[slug]
    return arabic if (lang or language()) == "ar" else english


def regions_of(code):
    return [slug for slug, (_ar, _en, codes) in REGIONS.items() if code in codes]
