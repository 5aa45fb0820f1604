"""Properties (hypothesis): any Unicode input returns without error; tatweel and bidi
control marks never change the result; stripping diacritics never turns one state
into another; a proclitic on a name always leaves the name's state."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmonitor.tagging import Tagger

INVISIBLE = "\u0640\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
MARKS_RE = re.compile(f"[{MARKS}]")
CLITICS = ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"]
WORDS = [
    # states, capitals, nisbas, and the ambiguous ones
    "مصر", "القاهرة", "المصري", "باكستان", "الباكستانية", "السعودية", "الرياض", "عمان", "عمّان", "عُمان",
    "مسقط", "الأردن", "نهر", "جورجيا", "ولاية", "كوريا", "الشمالية", "الجنوبية", "جنوب", "السودان", "السوداني",
    "الكونغو", "الديمقراطية", "غينيا", "مالي", "بنين", "المغرب", "صلاة", "قطر", "البحرين", "الهند", "الهندسة",
    "الرياضة", "سيول", "طرابلس", "لبنان", "واشنطن", "بوست", "الإمارة", "الإسلامية", "الإمارات", "محمد", "تركي",
    # interaction words, fillers, punctuation
    "تبحثان", "بين", "سفير", "في", "لدى", "إلى", "زيارة", "وقعت", "اتفاقية", "مع", "نظيره", "قال", "إن", "الوزير",
    "التعاون", "العسكري", "النفط", "المباراة", "البلدين", "،", ".", "؟", "\n", "(", ")", "«", "»", "3", "٣٥",
]
TAGGER = Tagger.load()
FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def arabic_texts():
    return st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)


def any_texts():
    return st.one_of(st.text(max_size=400), arabic_texts())


def interleave(text, inserts):
    """`text` with invisible characters put at the given positions."""
    chars = list(text)
    for position, char in sorted(inserts, reverse=True):
        chars.insert(position % (len(chars) + 1), char)
    return "".join(chars)


@FAST
@given(title=any_texts(), body=any_texts())
def test_any_unicode_returns_a_well_formed_answer(title, body):
    result = TAGGER.tag(title, body).as_dict()
    assert set(result) == {"countries", "pairs", "primary_pair", "topics", "country_details", "pair_details",
                           "topic_details", "language"}
    assert result["countries"] == sorted(set(result["countries"]))
    assert all(re.fullmatch("[A-Z]{2}", c) for c in result["countries"])
    assert result["pairs"] == sorted(result["pairs"])
    assert all(a < b and a in result["countries"] and b in result["countries"] for a, b in result["pairs"])
    assert result["primary_pair"] is None or result["primary_pair"] in result["pairs"]
    assert result["topics"] == sorted(set(result["topics"]))


@FAST
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace"))))
def test_odd_input_types_and_bytes_do_not_break_it(text):
    TAGGER.tag(None, text).as_dict()
    TAGGER.tag(text, None).as_dict()
    TAGGER.tag(text, "").as_dict()


@FAST
@given(title=any_texts(), body=any_texts(),
       inserts=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(INVISIBLE)), max_size=25))
def test_tatweel_and_bidi_marks_never_change_the_result(title, body, inserts):
    plain = TAGGER.tag(title, body).as_dict()
    marked = TAGGER.tag(interleave(title, inserts[::2]), interleave(body, inserts[1::2])).as_dict()
    assert marked == plain


@FAST
@given(words=st.lists(st.tuples(st.sampled_from(WORDS), st.lists(st.sampled_from(MARKS), max_size=3)),
                      max_size=30))
def test_stripping_diacritics_never_turns_one_state_into_another(words):
    vowelled = " ".join(_vowel(word, marks) for word, marks in words)
    stripped = MARKS_RE.sub("", vowelled)
    assert set(TAGGER.tag("", stripped).as_dict()["countries"]) <= set(TAGGER.tag("", vowelled).as_dict()["countries"])


def _vowel(word, marks):
    """The word with marks after its first letters (as a writer might add them)."""
    out = []
    for i, char in enumerate(word):
        out.append(char)
        if i < len(marks) and char.isalpha():
            out.append(marks[i])
    return "".join(out)


NAMES = TAGGER.gazetteer.strong_names()
NEUTRAL = ["قال", "اليوم", "إن", "بيان", "الأحد", "مؤتمر", "صحفي", "أمس", "المتحدث", "كما", "أن", "الذي"]


@FAST
@given(name=st.sampled_from(NAMES), clitic=st.sampled_from(CLITICS),
       before=st.lists(st.sampled_from(NEUTRAL), max_size=4), after=st.lists(st.sampled_from(NEUTRAL), max_size=4))
def test_a_proclitic_on_a_name_always_leaves_its_state(name, clitic, before, after):
    code, surface = name  # surface is normalised: ال + ل is written لل
    word = clitic + (surface[1:] if clitic.endswith("ل") and surface.startswith("ال") else surface)
    text = " ".join(before + [word] + after)
    assert code in TAGGER.tag("", text).as_dict()["countries"], text
