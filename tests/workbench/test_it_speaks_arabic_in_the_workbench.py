"""The editors' workbench speaks Arabic when Arabic is asked for (the admin follows the
browser's Accept-Language, as the site does): adding feeds by homepage, the tag rules'
list and preview, the health page and the feed list, and the correction form on an
article's page. Its catalog (newsmonitor/workbench/locale) has Arabic for every string,
and the compiled .mo is the .po as it stands."""

import gettext
import os
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from newsmonitor.workbench import silence
from tests.rules.conftest import add_form, add_url, article, no_tagger_of_another_test  # noqa: F401
from tests.workbench.feed_history import feed, staff

pytestmark = [pytest.mark.django_db, pytest.mark.core]

AR = {"accept-language": "ar"}
EN = {"accept-language": "en"}
DISCOVER = reverse("admin:feeds_feed_discover")
CATALOG = settings.BASE_DIR / "newsmonitor" / "workbench" / "locale" / "ar" / "LC_MESSAGES"


def arabic_page(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    return html


def test_adding_feeds_by_homepage_is_in_arabic(sites, admin_client):
    first = arabic_page(admin_client.get(DISCOVER, headers=AR))
    assert "إضافة خلاصات من الصفحة الرئيسية" in first and "عنوان الموقع" in first
    assert 'value="ابحث عن الخلاصات"' in first and "لا يُحفظ شيء حتى تختار" in first
    assert "Find feeds" in admin_client.get(DISCOVER, headers=EN).content.decode()  # the same page, asked in English

    found = arabic_page(admin_client.post(DISCOVER, {"step": "discover", "address": sites("one").url("/")},
                                          headers=AR))
    assert "الخلاصات التي عُثر عليها" in found and "أحدث مادة" in found
    assert 'value="أضف الخلاصات المحددة"' in found and "— وسيلة جديدة —" in found

    nothing = arabic_page(admin_client.post(DISCOVER, {"step": "discover", "address": sites("none").url("/")},
                                            headers=AR))
    assert "لم يُعثر على خلاصة في" in nothing and "No feed found" not in nothing


def test_the_rules_list_and_a_preview_are_in_arabic(admin_client):
    listing = arabic_page(admin_client.get(reverse("admin:rules_rule_changelist"), headers=AR))
    assert "مجموعة القواعد السارية" in listing and "نزّل ملفات البيانات" in listing
    assert "مهام إعادة الوسم" in listing and "معدّلة أو أصلية" in listing  # a tool link and a filter's title

    article("مصانع المحروسة وباكستان", "وقّعت المحروسة وباكستان اتفاقًا للتعاون العسكري في إسلام آباد.")
    form = add_form(kind="country", target="EG", field="names", term="المحروسة")
    response = admin_client.post(add_url(), {**form, "_preview": "1"}, headers=AR)
    preview = arabic_page(response)
    assert response.context["preview"].changed == 1  # so the table of changed articles is shown too
    assert "تَسِم المعاينة أحدث المقالات" in preview and "عدد المقالات للمعاينة" in preview
    assert "لم يُحفظ شيء" in preview and "<th>الوسوم</th>" in preview and "<th>المقال</th>" in preview
    assert "صيغة دولة" in preview  # the kinds of rule in the form's choices


def test_the_health_page_and_the_feed_list_are_in_arabic(client, admin_client):
    client.force_login(staff("editor", "feeds.view_feed"))
    feed("نشرة معطوبة", needs_attention=True, error_count=9, last_error_kind="dns-error",
         last_error="no such host: broken.example")
    healthy = feed("نشرة الصباح", last_success_at=timezone.now())
    silence.check_all(timezone.now())

    health = arabic_page(client.get(reverse("admin:feeds_feed_health"), headers=AR))
    assert "صحة الخلاصات" in health and "بحاجة إلى مراجعة" in health and "اسم المضيف غير موجود" in health
    assert "أخطاء متتالية" in health and "لا شيء." in health  # a column, and the empty silent list

    feeds = arabic_page(admin_client.get(reverse("admin:feeds_feed_changelist"), headers=AR))
    assert "أضف من الصفحة الرئيسية" in feeds and "استورد OPML" in feeds
    assert healthy.title in feeds
    assert '<td class="field-state">سليمة</td>' in feeds  # the feed list's own word, not the site's "ok"


def test_the_correction_form_on_the_article_page_is_in_arabic(tagged_article, editor_client):
    page = f"/articles/{tagged_article.pk}/"
    form = arabic_page(editor_client.get(page, headers=AR))
    assert "التصحيحات" in form and ">صحّح</button>" in form
    assert '<option value="pair">الثنائي</option>' in form and '<option value="add">إضافة</option>' in form

    editor_client.post(f"/editing/articles/{tagged_article.pk}/corrections/",
                       {"kind": "pair", "value": "IN-PK", "action": "add"}, headers=AR)
    made = arabic_page(editor_client.get(page, headers=AR))
    assert "صُحّح: يبقى الوسم مع كل إعادة وسم." in made  # the message, said when it was made
    assert "إضافة الثنائي" in made and ">اسحب</button>" in made  # the correction listed, with its kind in Arabic


def test_every_string_of_the_catalog_has_arabic():
    checked = subprocess.run(["msgfmt", "-c", "--statistics", "-o", "/dev/null", str(CATALOG / "django.po")],
                             capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip().endswith(" translated messages.")  # no fuzzy, no untranslated
    translations = catalog(CATALOG / "django.mo")
    assert len(translations) > 300
    assert [msgid for msgid, text in translations.items() if msgid and not text.strip()] == []  # plural forms too


def test_the_compiled_catalog_is_the_po_as_it_stands(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(CATALOG / "django.po")], check=True)
    assert catalog(CATALOG / "django.mo") == catalog(fresh), "compile it: msgfmt -c -o django.mo django.po"


def catalog(mo):
    with open(mo, "rb") as compiled:
        return gettext.GNUTranslations(compiled)._catalog
