"""A paragraph is matched by its normalised words, without numbers and the words that
touch them: a date line, a count or a year that changes from page to page is still one
paragraph, in any digits and spelling; a paragraph with another word is another."""

import pytest

from newsmonitor.articles.boilerplate import paragraph_key
from newsmonitor.articles.models import OutletParagraph

from .conftest import story

pytestmark = [pytest.mark.core]

UPDATED = "آخر تحديث للخبر: الأحد {day} {month} {year} - الساعة {time}، ويتابع الخبر أكثر من {n} ألف قارئ."
VARIANTS = [
    dict(day="5", month="أكتوبر", year="2025", time="10:30", n="250"),
    dict(day="17", month="نوفمبر", year="2025", time="08:05", n="262"),
    dict(day="٢٣", month="ديسمبر", year="٢٠٢٥", time="٢١:٤٥", n="٢٧٠"),  # Arabic-Indic digits
    dict(day="1", month="كانون الثاني", year="2026", time="09:00", n="281"),  # the Levant's month
]


def test_numbers_dates_and_spelling_do_not_make_another_paragraph():
    keys = {paragraph_key(UPDATED.format(**v)) for v in VARIANTS}
    assert len(keys) == 1 and keys != {""}
    printed = "نرحب بتعليقات القراء على أن تلتزم بآداب الحوار."
    assert paragraph_key(printed) == paragraph_key("نُرَحِّبُ بتعليقات القرّاء على أن تلتـزم بآداب الحوار")
    assert paragraph_key(printed) == paragraph_key("نرحب  بتعليقات القراء، على ان تلتزم بآداب الحوار!")


def test_another_word_is_another_paragraph():
    assert paragraph_key("نرحب بتعليقات القراء على أن تلتزم بآداب الحوار.") != \
        paragraph_key("نرحب بتعليقات القراء على أن تلتزم بآداب النشر.")
    assert paragraph_key("-----------------") == ""  # no word: never counted (the tagger's rules see to it)


@pytest.mark.django_db
def test_variants_are_learned_as_one_and_stripped_in_every_form(nile, read):
    for n, variant in enumerate(VARIANTS + [dict(day="9", month="مارس", year="2026", time="12:00", n="300")]):
        article = read(nile, story(n) + [UPDATED.format(**variant)])
    (learned,) = OutletParagraph.objects.filter(outlet=nile, learned=True)
    assert learned.articles == 5 and "مارس" in learned.example  # the latest form, as printed
    assert "آخر تحديث" not in article.body and "آخر تحديث" in article.raw_body
    fresh = read(nile, story(7) + [UPDATED.format(day="٤", month="أبريل", year="٢٠٢٦", time="٠٧:١٥", n="٣١٢")])
    assert "آخر تحديث" not in fresh.body and story(7)[2] in fresh.body
