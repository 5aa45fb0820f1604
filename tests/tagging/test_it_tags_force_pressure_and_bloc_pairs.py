"""Pair rules of the conflict family: military action, support to a side, pressure aimed
at a state, a coalition acting through its leader; and what they must not pair
(co-actors of one strike, a militia's patron, a membership list). Sentences written
for these tests, in the register of wire copy."""

import pytest

from newsmonitor.tagging import Tagger


def pairs(text):
    """What the rules of this family report (the pair model, trained on real news, decides
    the tagger's final answer; its vetoes are tested at the end)."""
    return Tagger.load().rules_only().tag("", text).as_dict()["pairs"]


def final_pairs(text):
    return Tagger.load().tag("", text).as_dict()["pairs"]


@pytest.mark.parametrize("text, expected", [
    ("شنت إسرائيل فجر اليوم غارات على مواقع إيرانية في سوريا.", [["IL", "IR"], ["IL", "SY"]]),
    ("وقال المرصد إن القوات الروسية في سوريا عززت مواقعها قرب إدلب.", [["RU", "SY"]]),
    ("أعلنت أنقرة أنها ستنشر قوات إضافية في قطر خلال الأسابيع المقبلة.", [["QA", "TR"]]),
    ("وأسقطت الدفاعات السورية طائرة إسرائيلية فوق الجولان.", [["IL", "SY"]]),
])
def test_military_action_pairs_the_actor_and_the_place_or_target(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("وتقاتل القوات الحكومية اليمنية المدعومة من السعودية المتمردين قرب الحديدة.", [["SA", "YE"]]),
    ("وقال المسؤول إن إيران تدعم النظام في سوريا بالمال والسلاح.", [["IR", "SY"]]),
])
def test_support_pairs_the_supporter_and_the_supported(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("فرضت الولايات المتحدة عقوبات جديدة على إيران تستهدف قطاع النفط.", [["IR", "US"]]),
    ("استدعت تركيا السفير السعودي للمرة الثانية خلال أسبوع.", [["SA", "TR"]]),
    ("وقال المتحدث إن الرياض تتهم طهران بتهريب الصواريخ إلى المتمردين.", [["IR", "SA"]]),
])
def test_pressure_pairs_the_state_and_its_target(text, expected):
    assert pairs(text) == expected


def test_a_coalition_acts_through_its_named_leader():
    assert pairs("وشن التحالف بقيادة السعودية غارات جديدة على مواقع المتمردين في اليمن.") == [["SA", "YE"]]


def test_a_conflict_noun_with_two_nisbas_is_a_relation():
    assert pairs("ودخلت الحرب الروسية الأوكرانية عامها الثاني دون أفق للحل.") == [["RU", "UA"]]


@pytest.mark.parametrize("text, absent", [
    # Co-actors of one strike are each paired with the target, not with each other.
    ("وقصفت مدمرات أمريكية وطائرات حربية بريطانية وأخرى فرنسية مواقع تابعة للنظام في سوريا.",
     [["GB", "US"], ["FR", "GB"], ["FR", "US"]]),
    # A militia's patron is named, but does not act.
    ("وقصفت ميليشيا الحوثي الإيرانية أحياء سكنية في مأرب اليمنية.", [["IR", "YE"]]),
])
def test_it_does_not_pair_co_actors_or_a_militias_patron(text, absent):
    found = pairs(text) + final_pairs(text)
    assert not [pair for pair in absent if pair in found], found


def test_a_membership_list_pairs_no_one():
    text = "وتضم مجموعة السبع الولايات المتحدة وفرنسا وألمانيا وبريطانيا وإيطاليا واليابان وكندا."
    assert pairs(text) == [] and final_pairs(text) == []
