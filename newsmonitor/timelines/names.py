"""Display names of countries, regions and topics in the interface language.

Country names are the tagger's (newsmonitor.tagging.countries()), then Babel's CLDR
data for codes the tagger does not know. Topics are the tagger's taxonomy
(newsmonitor.tagging.TOPICS): its names, and its fixed bits for the roll-ups' masks.
"""

from functools import lru_cache

import babel
from django.utils.translation import get_language, gettext_lazy as _

from newsmonitor.tagging import TOPIC_BY_SLUG, TOPIC_SLUGS, TOPICS, countries

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

# A topic's bit in the masks stored on timeline rows (fixed for ever by the taxonomy).
TOPIC_BIT = {topic.slug: topic.mask for topic in TOPICS}
# Colour-blind-safe palette (Okabe-Ito, then Tol's muted), one per topic by its bit,
# plus "other" (and for a topic added past the palette).
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


def country_adjectives():
    """{a country's Arabic name: its adjectives (nisba bases)}, so that a search for
    روسيا also finds الروسية. Names and adjectives as written."""
    return {name: list(country.adjectives) for country in countries().values() for name in country.names}


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
    known = countries().get(code)
    if known is not None:
        return known.ar if lang == "ar" else known.en
    return _cldr(lang).get(code) or code


def arabic_forms(code):
    """Arabic spellings of a country (names, capital, adjective), used to highlight it
    in evidence beside the forms the tag row recorded."""
    known = countries().get(code)
    spellings = list(known.names + known.capitals + known.adjectives) if known else []
    forms = [country_name(code, "ar"), _cldr("ar").get(code, "")] + spellings
    return list(dict.fromkeys(form for form in forms if form))


# Two-letter codes CLDR names that are no state: unions, the unknown region, pseudo
# and exceptionally reserved territories.
NOT_STATES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "AC", "CP", "DG", "EA", "IC", "TA"})


def is_country(code):
    code = (code or "").upper()
    return (len(code) == 2 and code.isalpha() and code not in NOT_STATES
            and (code in _cldr("en") or code in countries() or code == "XK"))


def topic_name(slug, lang=None):
    topic = TOPIC_BY_SLUG.get(slug)
    if topic is None:
        return str(_("Other")) if slug in ("", None, "other") else slug
    return topic.ar if (lang or language()) == "ar" else topic.en


def topic_colour(slug):
    topic = TOPIC_BY_SLUG.get(slug)
    return TOPIC_COLOURS[topic.bit] if topic is not None and topic.bit < len(TOPIC_COLOURS) else OTHER_COLOUR


def topic_choices():
    return [(slug, topic_name(slug)) for slug in TOPIC_SLUGS]


def topics_of_mask(mask):
    return [slug for slug in TOPIC_SLUGS if mask & TOPIC_BIT[slug]]


def region_name(slug, lang=None):
    arabic, english, _codes = REGIONS[slug]
    return arabic if (lang or language()) == "ar" else english


def regions_of(code):
    return [slug for slug, (_ar, _en, codes) in REGIONS.items() if code in codes]
