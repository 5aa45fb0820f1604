"""Articles of an outlet as the extraction step stores them (save_extraction: the real
learning and cleaning, without fetching a page), and the paragraphs they are made of:
stories each of their own words, and an outlet's furniture. All written here."""

import pytest

from newsmonitor.articles.extraction import save_extraction
from newsmonitor.articles.models import Article
from newsmonitor.feeds.models import Outlet
from newsmonitor.lib.pages import Extracted

ROLES = ["الخارجية", "الاقتصاد", "الصحة", "التعليم", "النقل", "الزراعة", "الطاقة", "الثقافة", "السياحة",
         "الإسكان", "الري", "الشباب", "العمل", "البيئة", "الاتصالات", "الصناعة", "التموين"]
FIELDS = ["الموانئ", "الأدوية", "المنح الدراسية", "السكك الحديدية", "القمح", "الطاقة الشمسية", "المتاحف",
          "الفنادق", "المدن الجديدة", "المياه الجوفية", "الملاعب", "التدريب المهني", "الغابات"]
PLACES = ["أسوان", "طنطا", "المنيا", "دمياط", "الفيوم", "سوهاج", "بورسعيد", "قنا"]

# An outlet's furniture: a comment policy, and an app promotion naming two states no
# story here names (Tunisia, Morocco).
COMMENT_POLICY = ("نرحب بتعليقات القراء على أن تلتزم بآداب الحوار، وتحتفظ الوكالة بحق حجب أي تعليق مسيء "
                  "أو خارج عن موضوع الخبر.")
APP_PROMOTION = "تابعوا أخبار الوكالة على تطبيقها للهواتف الذكية، المتاح الآن لقرائنا في تونس والمغرب."


def story(n):
    """The n-th article's own paragraphs, in words no other article has."""
    role, field, place = ROLES[n % len(ROLES)], FIELDS[n % len(FIELDS)], PLACES[n // len(ROLES) % len(PLACES)]
    return [f"{place}: بحث وزير {role} المصري مع وفد زائر سبل التعاون في مجال {field}، وفق بيان صدر عقب اللقاء.",
            f"وقال الوزير في {place} إن ملف {field} يحظى بأولوية لدى وزارة {role} خلال المرحلة المقبلة.",
            f"وأضاف أن فرق وزارة {role} ستعد تصوراً عن مشروعات {field} في {place} قبل نهاية الشهر."]


def body_of(paragraphs):
    return "\n\n".join(paragraphs)


@pytest.fixture
def gulf(db):
    return Outlet.objects.create(name="صحيفة الخليج اليوم", country="AE", homepage="http://gulf.example/")


@pytest.fixture
def read(db):
    """read(outlet, paragraphs) -> the article stored as the extraction step stores a page
    whose text is these paragraphs."""
    count = [0]

    def read(outlet, paragraphs, title=""):
        count[0] += 1
        article = Article.objects.create(url=f"https://{outlet.pk}.example/{count[0]}", outlet=outlet,
                                         title=title or f"خبر رقم {count[0]}", extraction_status="running")
        save_extraction(article, Extracted(body=body_of(paragraphs), ok=True, language="ar"))
        article.refresh_from_db()
        return article

    return read
