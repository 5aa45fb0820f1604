import pytest

from newsmonitor.lib.language import detect_language, is_arabic

ARABIC = (
    "أعلنت وزارة الصحة في بيان صدر صباح اليوم عن افتتاح مستشفى جديد في المدينة، "
    "وقالت إن المستشفى سيقدم خدماته لأكثر من مئتي ألف مواطن في المنطقة الشمالية خلال العام المقبل."
)
# Egyptian colloquial in a quote; no ة in it, so the letters alone cannot decide.
ARABIC_COLLOQUIAL = "قال أحد السكان إحنا مستنيين المي من شهرين ومحدش بيرد علينا خالص"
PERSIAN = (
    "وزارت بهداشت روز گذشته اعلام کرد که بیمارستان تازه‌ای در شمال شهر ساخته می‌شود "
    "و این بیمارستان تا پایان سال آینده به بیش از دویست هزار نفر خدمات خواهد داد."
)
URDU = (
    "وزارت صحت نے آج صبح ایک بیان میں کہا ہے کہ شہر کے شمالی علاقے میں ایک نیا ہسپتال "
    "کھولا جائے گا جو اگلے سال تک دو لاکھ سے زیادہ شہریوں کو خدمات فراہم کرے گا۔"
)
ENGLISH = (
    "The health ministry said on Sunday that a new hospital will open in the northern part "
    "of the city next year, serving more than two hundred thousand residents."
)
FRENCH = (
    "Le ministère de la Santé a annoncé dimanche l'ouverture d'un nouvel hôpital dans le nord "
    "de la ville, qui devrait accueillir plus de deux cent mille habitants l'année prochaine."
)


@pytest.mark.parametrize("text, code", [
    (ARABIC, "ar"), (ARABIC_COLLOQUIAL, "ar"), (PERSIAN, "fa"), (URDU, "ur"),
    (ENGLISH, "en"), (FRENCH, "fr"),
])
def test_paragraphs(text, code):
    assert detect_language(text) == code


def test_persian_typed_with_arabic_yeh_and_kaf_is_still_persian():
    # Many Persian sites are typed on Arabic keyboards: ي and ك instead of ی and ک.
    assert detect_language(PERSIAN.replace("ی", "ي").replace("ک", "ك")) == "fa"


def test_arabic_with_a_foreign_name_stays_arabic():
    text = "التقى وزير الخارجية نظيره الفرنسي Jean-Pierre Martin في باريس لبحث الأزمة الإقليمية والتعاون الاقتصادي"
    assert detect_language(text) == "ar"


def test_english_mentioning_an_arabic_name_stays_english():
    assert detect_language("The minister met محمد in the capital to discuss trade and energy cooperation today") == "en"


def test_urdu_is_not_persian_even_when_short():
    assert detect_language("حکومت نے نئے بجٹ کا اعلان کر دیا ہے") == "ur"


@pytest.mark.parametrize("text", ["", "   ", "مرحبا", "Hello world", "12345 67890 !!!", "٢٠٢٥/١٠/٠٥"])
def test_too_short_or_no_letters_is_unknown(text):
    assert detect_language(text) == ""


def test_long_text_is_sampled_not_rejected():
    assert detect_language(ARABIC * 200) == "ar"


@pytest.mark.parametrize("code, expected", [
    ("ar", True), ("AR", True), ("ar-EG", True), ("ar_SA", True), ("arz", True), ("ary", True),
    ("fa", False), ("ur", False), ("en", False), ("", False), ("arn", False),
])
def test_is_arabic(code, expected):
    assert is_arabic(code) is expected
