"""Common wire-copy constructions that report a relation between states without the
usual "X وY تبحثان" shape. Sentences written for these tests; each comes after a
neutral first sentence so that the lead rule does not decide it."""

from newsmonitor.tagging import Tagger

LEAD = "ذكرت مصادر مطلعة اليوم أن الأمور تسير كما هو مخطط. "


def pairs(sentence):
    return Tagger.load().tag("", LEAD + sentence).as_dict()["pairs"]


def test_a_coordinated_pair_after_a_verb_with_an_object_pronoun():
    assert pairs("وأكد الوزير أهمية اتفاقية الدفاع التي وقعتها باكستان والمملكة العربية السعودية.") == [["PK", "SA"]]
    assert pairs("وتحدث المسؤول عن الاتفاق الذي أبرمته مصر وتركيا في مجال الطاقة.") == [["EG", "TR"]]


def test_co_mediators_pair_with_each_side_not_with_each_other():
    # The rules' reading; the pair model (trained on real news) may keep fewer.
    text = "وتوصلت إثيوبيا والصومال إلى اتفاق بوساطة قطرية وتركية."
    assert ["QA", "TR"] not in pairs(text)
    assert Tagger.load().rules_only().tag("", text).as_dict()["pairs"] == [
        ["ET", "QA"], ["ET", "SO"], ["ET", "TR"], ["QA", "SO"], ["SO", "TR"]]


def test_aid_pairs_the_donor_with_the_receiver():
    assert pairs("وقدمت السعودية مساعدات إنسانية إلى السودان.") == [["SA", "SD"]]
    assert pairs("وتلقى الأردن مساعدات أمريكية بقيمة مليار دولار.") == [["JO", "US"]]


def test_the_saudi_relief_centre_stands_for_saudi_arabia():
    assert pairs("ووزع مركز الملك سلمان للإغاثة والأعمال الإنسانية سلالا غذائية في السودان.") == [["SA", "SD"]]


def test_two_nisbas_after_a_relation_noun_are_the_pair():
    assert pairs("وتناولت المباحثات المصرية الباكستانية سبل تعزيز التعاون.") == [["EG", "PK"]]
    assert pairs("وتشهد العلاقات التركية الروسية تطورا ملحوظا.") == [["RU", "TR"]]
    assert pairs("وأشاد الوزير بمستوى التعاون الأردني العراقي.") == [["IQ", "JO"]]
    assert pairs("وعقدت اللجنة المشتركة المصرية الأردنية اجتماعها في عمان.") == [["EG", "JO"]]


def test_a_companys_nationality_still_makes_no_pair_without_a_relation_noun():
    assert pairs("وتعمل الشركات التركية الروسية في قطاع البناء منذ سنوات.") == []


def test_imports_and_payments_between_states():
    assert pairs("وتستورد مصر الغاز من إسرائيل بموجب اتفاق طويل الأمد.") == [["EG", "IL"]]
    assert pairs("ودفعت العراق مستحقات لشركات تركية.") == [["IQ", "TR"]]


def test_states_welcoming_a_third_states_event_each_pair_with_it_not_with_each_other():
    assert pairs("رحبت مصر والأردن بإجراء الانتخابات في العراق.") == [["EG", "IQ"], ["IQ", "JO"]]
    # with two others (a pair between them) the speakers pair with neither
    assert pairs("رحبت مصر والسعودية بالاتفاق الموقع بين إثيوبيا وإريتريا.") == [["ER", "ET"]]
