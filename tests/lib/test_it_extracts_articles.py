from datetime import datetime, timedelta, timezone

import pytest

from newsmonitor.lib.pages import Extracted, content_hash, extract_page
from tests.support.paths import FIXTURES

PAGES = FIXTURES / "pages"
UTC = timezone.utc


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


PARAGRAPHS = [
    "قررت لجنة الانتخابات المحلية تمديد فترة تسجيل الناخبين أسبوعا إضافيا بعد إقبال فاق التوقعات في الأيام الأخيرة من المهلة الأصلية.",
    "وقال المتحدث باسم اللجنة إن عدد المسجلين تجاوز مليون ناخب، وإن المراكز في الأحياء المزدحمة ستفتح أبوابها حتى العاشرة مساء.",
    "ودعت منظمات المجتمع المدني إلى تسهيل التسجيل لكبار السن وذوي الإعاقة عبر فرق متنقلة تزور القرى البعيدة عن مراكز المدن.",
]


def article(head: str = "", meta_block: str = "", paragraphs=PARAGRAPHS) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>تمديد تسجيل الناخبين</title>{head}</head><body>"
        f'<nav><a href="/">الرئيسية</a> <a href="/p">سياسة</a></nav>'
        f"<article><h1>تمديد تسجيل الناخبين</h1>{meta_block}<div class=\"content\">{body}</div></article>"
        f"<footer>حقوق النشر محفوظة © 2025</footer></body></html>"
    )


# -- the fixture pages ---------------------------------------------------------

def test_page_with_full_metadata():
    result = extract_page(page("article_meta.html"), url="https://wadi-news.example/local/desalination-plant-opens")
    assert result.ok, result.error
    assert result.error == ""
    assert result.title == "افتتاح محطة لتحلية المياه في مدينة رأس الساحل"
    assert result.author == "سارة عبد الرحمن"
    assert result.published_at == datetime(2025, 10, 5, 11, 30, tzinfo=UTC)
    assert result.date_text == "2025-10-05T14:30:00+03:00"
    assert result.language == "ar"
    paragraphs = result.body.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("افتتح محافظ الإقليم الساحلي، صباح الأحد، محطة جديدة لتحلية مياه البحر")
    assert paragraphs[-1].endswith("لربط المحطة بشبكة التوزيع في البلدات الداخلية.")
    for chrome in ("مقالات الرأي", "تسجيل الدخول", "عاجل", "اقرأ أيضا", "ارتفاع أسعار الخضروات",
                   "سياسة الخصوصية", "جميع الحقوق محفوظة", "الاثنين 13 أكتوبر"):
        assert chrome not in result.body


def test_page_with_only_a_visible_arabic_date():
    html = page("article_visible_date.html")
    result = extract_page(html)
    assert result.ok, result.error
    assert result.title == "مزارعو السهل يبدأون قطاف الزيتون وسط توقعات بموسم وفير"
    assert result.author == "خالد منصور"
    # The masthead's "today" (9 October) is not the article's date.
    assert result.published_at == datetime(2025, 10, 5, 10, 30, tzinfo=UTC)
    assert result.date_text == "٥ تشرين الأول ٢٠٢٥ - ١٠:٣٠ ص"
    assert result.body.startswith("بدأ المزارعون في قرى السهل الغربي هذا الأسبوع موسم قطاف الزيتون")
    assert "مصدرا رئيسيا للدخل إلى جانب زراعة القمح والعدس." in result.body
    for chrome in ("الأكثر قراءة", "أسعار المحروقات", "الصفحة الرئيسية", "شروط الاستخدام", "بقلم"):
        assert chrome not in result.body


def test_visible_time_without_offset_is_read_in_the_sources_zone():
    result = extract_page(page("article_visible_date.html"), default_tz=timezone(timedelta(hours=3)))
    assert result.published_at == datetime(2025, 10, 5, 7, 30, tzinfo=UTC)


HOSTILE_LEAKS = (
    "نص إعلاني داخل سكربت", "نص مخفي", "dataLayer", "console.log", "ملفات تعريف الارتباط",
    "اشترك الآن", "فعّل جافاسكربت", "تعليق من أحد القراء", "النشرة البريدية", "font-family", "{",
)


def check_hostile(result: Extracted):
    assert result.ok, result.error
    assert result.title == "هيئة الطيران تعلن تشغيل مطار الواحة الجديد مطلع العام"
    assert result.author == "ليلى الهاشمي"
    assert result.published_at == datetime(2025, 11, 12, 17, 15, tzinfo=UTC)
    paragraphs = result.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("أعلنت هيئة الطيران المدني مساء الأربعاء")
    assert paragraphs[3].endswith("إلى جانب رحلات الركاب.")
    for leak in HOSTILE_LEAKS:
        assert leak not in result.body


def test_hostile_page_scripts_iframes_comments_stay_out():
    check_hostile(extract_page(page("article_hostile.html")))


def test_hostile_page_with_a_giant_inline_style():
    giant = "".join(f".c{i}{{color:#{i % 4096:03x};margin:{i % 7}px}}\n" for i in range(50_000))
    html = page("article_hostile.html").replace("/*GIANT-STYLE*/", giant)
    assert len(html) > 1_500_000
    check_hostile(extract_page(html))


def test_menu_only_page_is_not_an_article():
    result = extract_page(page("menu_only.html"))
    assert result.ok is False
    assert result.error == "no-body" or result.error.startswith("too-short: ")
    # The footer's "© 2025" must not become a 1 January publication date.
    assert result.published_at is None
    assert result.date_text == ""


# -- rules exercised on small pages --------------------------------------------

def test_too_short_reports_the_length_and_keeps_what_was_found():
    result = extract_page(page("article_meta.html"), min_chars=5000)
    assert result.ok is False
    assert result.error == f"too-short: {len(result.body)} chars"
    assert 500 < len(result.body) < 5000
    assert result.published_at == datetime(2025, 10, 5, 11, 30, tzinfo=UTC)


@pytest.mark.parametrize("html", ["", "   \n  "])
def test_empty_input_is_a_parse_error(html):
    result = extract_page(html)
    assert result.ok is False and result.error.startswith("parse-error: ")
    assert result.body == "" and result.published_at is None


def test_jsonld_with_trailing_comma_still_gives_the_date():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "تمديد",'
        ' "datePublished": "2025-03-01T08:00:00Z", "author": [{"name": "منى سليم"}],}</script>'
    )
    result = extract_page(article(head=head), min_chars=100)
    assert result.ok, result.error
    assert result.published_at == datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def test_jsonld_author_list():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-03-01T08:00:00+02:00",'
        ' "author": [{"@type": "Person", "name": "منى سليم"}, {"@type": "Person", "name": "رامي حداد"}]}</script>'
    )
    result = extract_page(article(head=head), min_chars=100)
    assert result.published_at == datetime(2025, 3, 1, 6, 0, tzinfo=UTC)
    assert "منى سليم" in result.author and "رامي حداد" in result.author


def test_date_only_metadata_is_refined_by_a_visible_time_on_the_same_day():
    head = '<meta property="article:published_time" content="2025-06-20">'
    meta = '<div class="article-date">الجمعة 20 يونيو 2025 | 04:45 م</div>'
    result = extract_page(article(head=head, meta_block=meta), min_chars=100)
    assert result.published_at == datetime(2025, 6, 20, 16, 45, tzinfo=UTC)


def test_date_only_metadata_wins_over_a_visible_date_on_another_day():
    head = '<meta property="article:published_time" content="2025-06-20">'
    meta = '<div class="article-date">الأحد 22 يونيو 2025 | 04:45 م</div>'
    result = extract_page(article(head=head, meta_block=meta), min_chars=100)
    assert result.published_at == datetime(2025, 6, 20, tzinfo=UTC)
    assert result.date_text == "2025-06-20"


def test_updated_line_loses_to_published_line():
    meta = ('<div class="dates"><span class="updated-date">آخر تحديث: 3 يوليو 2025 11:00</span>'
            '<span class="publish-date">نشر في: 1 يوليو 2025 09:00</span></div>')
    result = extract_page(article(meta_block=meta), min_chars=100)
    assert result.published_at == datetime(2025, 7, 1, 9, 0, tzinfo=UTC)


def test_no_readable_date_gives_none_not_a_default():
    meta = '<div class="date">منذ ساعتين</div>'
    result = extract_page(article(meta_block=meta), min_chars=100)
    assert result.ok
    assert result.published_at is None and result.date_text == ""


def test_dates_of_related_teasers_are_not_the_articles():
    teasers = (
        '<aside class="more"><article class="teaser"><time datetime="2025-02-02T10:00:00Z">2 فبراير 2025</time>'
        '<a href="/old">خبر قديم</a></article></aside>'
        '<div class="related-posts"><span class="date">3 فبراير 2025 10:00</span></div>'
    )
    html = article().replace("</article>", "</article>" + teasers)
    result = extract_page(html, min_chars=100)
    assert result.ok
    assert result.published_at is None


def test_a_wrapper_class_does_not_hide_the_story_date():
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        '<html><body><div class="container has-sidebar"><div class="post">'
        '<h1>تمديد تسجيل الناخبين</h1><span class="date">الثلاثاء 4 نوفمبر 2025 - 08:10 ص</span>'
        f'{body}</div><div class="sidebar"><span class="date">1 نوفمبر 2025</span></div></div></body></html>'
    )
    result = extract_page(html, min_chars=100)
    assert result.published_at == datetime(2025, 11, 4, 8, 10, tzinfo=UTC)


def test_a_date_in_the_url_is_used_when_the_page_has_none():
    result = extract_page(article(), url="https://site.example/2025/09/14/registration.html", min_chars=100)
    assert result.published_at == datetime(2025, 9, 14, tzinfo=UTC)


def test_language_follows_the_body():
    english = [
        "The electoral commission extended voter registration by a week after turnout exceeded expectations.",
        "A spokesman said more than one million voters had registered and that busy centres would stay open late.",
    ]
    result = extract_page(article(paragraphs=english), min_chars=100)
    assert result.language == "en"


# -- never fetches ---------------------------------------------------------------

def test_extraction_never_fetches_the_page_or_its_resources(clean_http_server):
    base = clean_http_server.base_url
    head = f'<link rel="canonical" href="{base}/canonical"><link rel="amphtml" href="{base}/amp">'
    meta = f'<img src="{base}/img.jpg"><iframe src="{base}/frame"></iframe>'
    result = extract_page(article(head=head, meta_block=meta), url=f"{base}/story", min_chars=100)
    assert result.ok
    empty = extract_page("<html><body><p>قصير</p></body></html>", url=f"{base}/empty")
    assert empty.ok is False
    assert clean_http_server.requests == []


# -- duplicates --------------------------------------------------------------------

def test_content_hash_ignores_whitespace_and_invisible_marks():
    a = content_hash("تمديد تسجيل الناخبين", "فقرة أولى.\n\nفقرة ثانية.")
    b = content_hash("  تمديد   تسجيل\u200f الناخبين ", "فقرة أولى.\nفقرة\tثانية.  ")
    assert a == b
    assert len(a) == 64 and int(a, 16) >= 0


def test_content_hash_sees_real_differences():
    base = content_hash("تمديد تسجيل الناخبين", "فقرة أولى.")
    assert content_hash("تمديد تسجيل الناخبين", "فقرة ثانية.") != base
    assert content_hash("تمديد تسجيل", "الناخبين فقرة أولى.") != base
    assert content_hash("", "") != base
