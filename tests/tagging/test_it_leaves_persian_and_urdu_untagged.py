"""Persian and Urdu share Arabic's script but not its names: the tagger leaves them
untagged and says which language it saw, rather than reading them as Arabic. (The
sentences here were written for this test.)"""

import io
import json

import pytest

from newsmonitor.tagging import Tagger
from newsmonitor.tagging.__main__ import run

PERSIAN = ("وزیر امور خارجه ایران با همتای پاکستانی خود در تهران دیدار کرد و دو طرف درباره گسترش "
           "روابط اقتصادی و امنیتی دو کشور گفتگو کردند")
URDU = ("پاکستان اور ایران کے وزرائے خارجہ نے اسلام آباد میں ملاقات کی اور دونوں ممالک کے درمیان "
        "تجارت بڑھانے پر اتفاق کیا")
ARABIC = "مصر وباكستان تبحثان تعزيز التعاون العسكري بين البلدين"


@pytest.mark.parametrize("text, language", [(PERSIAN, "fa"), (URDU, "ur")])
def test_it_leaves_them_untagged_and_says_why(text, language):
    result = Tagger.load().tag(text, text).as_dict()
    assert result["language"] == language
    assert result["countries"] == result["pairs"] == result["topics"] == [] and result["primary_pair"] is None


def test_it_tags_arabic_with_a_persian_name_in_it():
    # One quoted Persian word in an Arabic article is not a Persian article.
    result = Tagger.load().tag(ARABIC, ARABIC + " ونقلت وكالة «مهر» عن مسؤول قوله: «پاکستان دوست است».").as_dict()
    assert result["language"] == "ar" and result["pairs"] == [["EG", "PK"]]


def test_it_takes_the_language_it_is_given():
    tagger = Tagger.load()
    assert tagger.tag(ARABIC, "", language="fa").as_dict()["countries"] == []
    assert tagger.tag(ARABIC, "", language="ar-EG").as_dict()["pairs"] == [["EG", "PK"]]


def test_the_command_line_passes_the_language_on():
    lines = [{"id": 1, "title": ARABIC, "body": ""}, {"id": 2, "title": PERSIAN, "body": PERSIAN},
             {"id": 3, "title": ARABIC, "body": "", "language": "ur"}]
    out = io.StringIO()
    run(io.BytesIO("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()), out,
        io.StringIO(), Tagger.load())
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["language"] for r in results] == ["ar", "fa", "ur"]
    assert [bool(r["countries"]) for r in results] == [True, False, False]
