"""Page furniture glued onto a story (other stories' leads, "read also" lines, app
promotions after a rule, op-ed signatures) is not the article: its states are not
tagged. The texts here were written for this test."""

from newsmonitor.tagging import Tagger
from newsmonitor.tagging.furniture import story_text

STORY = [
    "دبي، الإمارات العربية المتحدة (CNN)-- بحث وزير الخارجية المصري مع نظيره الأردني في عمّان، الأحد، "
    "سبل تعزيز التعاون بين البلدين في مجالات الطاقة والنقل.",
    "وقال الوزير المصري إن البلدين اتفقا على تشكيل لجنة مشتركة تجتمع كل ثلاثة أشهر.",
    "وأضاف أن المباحثات تناولت كذلك ربط شبكتي الكهرباء قبل نهاية العام المقبل.",
]
LEADS = [
    "أعلنت وزارة الدفاع اليابانية، الإثنين، إجراء تدريبات بحرية قرب جزر أوكيناوا.",
    "قال رئيس الوزراء الكندي، الجمعة، إن حكومته ستخفض الضرائب على الشركات الصغيرة.",
    "في 3 مارس/آذار من عام 1924 ألغيت الخلافة العثمانية في تركيا.",
]


def test_it_drops_other_stories_leads_after_a_cnn_story():
    body = "\n".join(STORY + LEADS)
    assert story_text(body) == "\n".join(STORY)
    result = Tagger.load().tag("مصر والأردن تبحثان التعاون في الطاقة", body).as_dict()
    assert result["countries"] == ["AE", "EG", "JO"]  # the dateline counts; the leads do not
    assert result["pairs"] == [["EG", "JO"]]


def test_it_keeps_a_story_whose_last_paragraphs_are_its_own():
    own_ending = STORY + ["يذكر أن اللجنة المشتركة عقدت آخر اجتماع لها قبل عامين في القاهرة.",
                          "كما ناقش الجانبان تسهيل حركة الشاحنات عبر معبر العقبة."]
    assert story_text("\n".join(own_ending)) == "\n".join(own_ending)
    without_dateline = [STORY[0].split("-- ", 1)[1]] + STORY[1:] + LEADS  # not a site known to glue leads on
    assert story_text("\n".join(without_dateline)) == "\n".join(without_dateline)


def test_it_drops_read_also_lines_promotions_and_signatures():
    body = "\n".join([
        STORY[1],
        "اقرأ أيضا| السعودية وروسيا تتفقان على خفض إنتاج النفط",
        STORY[2],
        "* نقلا عن صحيفة الحياة",
        "** جميع المقالات المنشورة تمثل رأي كتابها فقط.",
        "------------------------------------------",
        "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل التطبيق، وتابعونا من الكويت وقطر",
    ])
    assert story_text(body) == "\n".join([STORY[1], STORY[2]])
    assert Tagger.load().tag("", body).as_dict()["countries"] == ["EG"]
