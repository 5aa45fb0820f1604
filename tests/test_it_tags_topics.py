"""Topics: the 12 stable slugs of DESIGN.md, each a weighted lexicon in data/topics.json;
an article can have several; each comes with its score and matching terms. Texts
written for these tests."""

import json
from pathlib import Path

import pytest

from newsmonitor.tagging import Tagger

TOPICS_JSON = Path(__file__).resolve().parents[1] / "newsmonitor" / "tagging" / "data" / "topics.json"
SLUGS = ["defence-industry", "military-cooperation", "trade-economy", "energy", "diplomacy-visits",
         "security-terrorism", "conflict", "migration", "health", "culture-education", "sports",
         "domestic-politics"]

ARTICLES = {
    "defence-industry": ("افتتاح معرض الصناعات الدفاعية بمشاركة شركات الإنتاج الحربي",
                         "عرضت شركات التصنيع العسكري ذخائر ومدرعات وطائرات مسيرة، ووقعت صفقة أسلحة جديدة."),
    "military-cooperation": ("مناورات عسكرية مشتركة بين الجيشين",
                             "انطلقت تدريبات مشتركة بمشاركة القوات البحرية في إطار اتفاقية الدفاع المشترك "
                             "والتعاون العسكري، بحضور رئيس الأركان."),
    "trade-economy": ("ارتفاع التبادل التجاري إلى ثلاثة مليارات دولار",
                      "قال وزير الاقتصاد إن الصادرات والواردات زادت، وإن الاستثمارات الأجنبية ارتفعت مع خفض "
                      "الرسوم الجمركية."),
    "energy": ("توقيع اتفاق لتوريد الغاز الطبيعي",
               "تشمل الاتفاقية إمدادات النفط وإنشاء محطة كهرباء تعمل بالطاقة الشمسية."),
    "diplomacy-visits": ("وزير الخارجية يبدأ زيارة رسمية",
                         "وصل وزير الخارجية في زيارة رسمية يلتقي خلالها نظيره، وتتناول المباحثات العلاقات "
                         "الثنائية، كما استقبل السفير في مقر الوزارة."),
    "security-terrorism": ("تفكيك خلية إرهابية على الحدود",
                           "أعلنت الأجهزة الأمنية إحباط مخطط إرهابي ومكافحة تهريب الأسلحة وتعزيز أمن الحدود "
                           "وتبادل المعلومات الاستخباراتية."),
    "conflict": ("غارات جوية وقصف مدفعي",
                 "تواصلت الاشتباكات وسقط قتلى وجرحى، ودعت الأمم المتحدة إلى وقف إطلاق النار وفرض هدنة."),
    "migration": ("تسهيلات جديدة لتأشيرات العمالة الوافدة",
                  "أعلنت الحكومة تسهيل إجراءات الإقامة للمهاجرين واللاجئين وتنظيم استقدام العمالة."),
    "health": ("حملة تطعيم ضد الكوليرا",
               "أطلقت وزارة الصحة حملة لقاحات في المستشفيات بالتعاون مع منظمة الصحة العالمية لمواجهة الوباء."),
    "culture-education": ("افتتاح معرض الكتاب",
                          "افتتح وزير الثقافة معرض الكتاب بحضور طلاب الجامعات، وأعلن عن منح دراسية وبرامج "
                          "للتبادل الثقافي."),
    "sports": ("المنتخب يتأهل إلى نهائي البطولة",
               "فاز المنتخب في المباراة بهدفين وتأهل إلى النهائي، وأشاد المدرب باللاعبين والجماهير في الملعب."),
    "domestic-politics": ("البرلمان يصوت على تعديل الدستور",
                          "صوت مجلس النواب على التعديلات الدستورية قبل الانتخابات، وانتقدت أحزاب المعارضة "
                          "مشروع القانون."),
}


def test_the_lexicon_file_has_the_twelve_stable_slugs_with_arabic_names_and_weights():
    data = json.loads(TOPICS_JSON.read_text(encoding="utf-8"))
    assert [t["slug"] for t in data["topics"]] == SLUGS
    for topic in data["topics"]:
        assert topic["ar"] and topic["terms"]
        assert all(isinstance(w, (int, float)) and 0 < w <= 3 for w in topic["terms"].values())


@pytest.mark.parametrize("slug", SLUGS)
def test_an_article_about_each_topic_gets_it(slug):
    title, body = ARTICLES[slug]
    result = Tagger.load().tag(title, body)
    assert slug in result["topics"]
    detail = next(d for d in result["topic_details"] if d["topic"] == slug)
    assert detail["score"] > 0 and detail["terms"]


def test_an_article_can_have_several_topics_listed_in_order():
    result = Tagger.load().tag(
        "مصر وباكستان تبحثان التعاون في التصنيع العسكري",
        "التقى وزير الإنتاج الحربي السفير الباكستاني وبحثا إنتاج الذخائر والمدرعات والتعاون في الصناعات "
        "الدفاعية، كما تناولت المباحثات العلاقات الثنائية وزيارة مرتقبة لوزير الخارجية.")
    assert {"defence-industry", "diplomacy-visits"} <= set(result["topics"])
    assert result["topics"] == sorted(result["topics"])
    assert [d["topic"] for d in result["topic_details"]] == result["topics"]


def test_a_term_counts_with_its_clitics_and_as_a_stem():
    detail = Tagger.load().tag("", "ركزت الخطة على التسليح وبالتسليح والتسليحية والصناعات الدفاعية.")["topic_details"]
    terms = next(d["terms"] for d in detail if d["topic"] == "defence-industry")
    assert "تسليح" in terms and "الصناعات الدفاعية" in terms


def test_a_text_with_no_topic_words_has_no_topic():
    result = Tagger.load().tag("", "قال إنه سيعود غدا إلى البيت بعد الظهر.")
    assert result["topics"] == [] and result["topic_details"] == []


def test_a_phrase_is_counted_once_not_also_as_its_parts():
    detail = Tagger.load().tag("", "ارتفع التبادل التجاري.")["topic_details"]
    scores = Tagger.load().topic_scores("", "ارتفع التبادل التجاري.")
    assert scores["trade-economy"] == 3.0  # التبادل التجاري (3), not + التجاري (1.5)
    assert detail == [] or detail[0]["terms"] == ["التبادل التجاري"]
