"""A wire story and its copies, for the tests of what the read side counts: ten
outlets carry one Egypt–Pakistan meeting within hours (six copies on its first day,
four after midnight), beside two other Egypt–Pakistan events and one Pakistan–Saudi
one. Ten copies of one event are one story: 3 stories and 12 articles on EG-PK."""

from datetime import datetime, timedelta, timezone

from newsmonitor.feeds.models import Outlet
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles
from tests.support.factory import make_article, outlets
from tests.support.story_rows import make_story

WIRE_TITLE = "مصر وباكستان تبحثان تعزيز التعاون الدفاعي خلال زيارة رسمية"
WIRE_BODY = ("بحث وزير الدفاع المصري مع نظيره الباكستاني في القاهرة سبل تعزيز التعاون الدفاعي بين البلدين.\n"
             "وأكد الجانبان أهمية البناء على ما تحقق في مجالات التدريب والتصنيع المشترك.")
EVIDENCE = "بحث وزير الدفاع المصري مع نظيره الباكستاني في القاهرة سبل تعزيز التعاون الدفاعي"
COPY_OUTLETS = [("وكالة الشرق الأوسط", "EG"), ("وكالة الأنباء السعودية", "SA"), ("وكالة أنباء الإمارات", "AE"),
                ("وكالة الأنباء القطرية", "QA"), ("وكالة الأنباء الكويتية", "KW"), ("وكالة أنباء باكستان", "PK"),
                ("الأناضول", "TR")]


def wire_day():
    """The story's first day: two days back, so that its copies after midnight are yesterday's."""
    return (datetime.now(timezone.utc) - timedelta(days=2)).date()


def load_wire():
    """{"wire": [10 articles, first first], "others": [2 EG-PK articles], "gulf": PK-SA
    article}, their stories made (the ten copies one story) and their rows refreshed."""
    places = outlets() + [Outlet.objects.get_or_create(name=name, defaults={"country": country})[0]
                          for name, country in COPY_OUTLETS]
    start = datetime.combine(wire_day(), datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=20)
    wire = []
    for i in range(10):
        title = WIRE_TITLE if i % 3 else f"عاجل: {WIRE_TITLE}"
        wire.append(make_article(title, WIRE_BODY, outlet=places[i], published=start + timedelta(minutes=45 * i),
                                 countries=["EG", "PK"], pairs=[("EG", "PK", True, EVIDENCE)],
                                 topics=[("defence-industry", 0.9), ("diplomacy-visits", 0.5)],
                                 url=f"http://wire.example/{i}"))
    others = [make_article(title, title, outlet=places[0], published=start - timedelta(hours=hours),
                           countries=["EG", "PK"], pairs=[("EG", "PK", True, title)], topics=[("trade-economy", 0.9)],
                           url=f"http://others.example/{hours}")
              for hours, title in ((3, "مباحثات تجارية بين مصر وباكستان"), (30, "مصر وباكستان توقعان مذكرة تفاهم"))]
    gulf = make_article("السعودية وباكستان تبحثان التعاون العسكري", "السعودية وباكستان", outlet=places[1],
                        published=start, countries=["PK", "SA"], pairs=[("PK", "SA", True, "السعودية وباكستان")],
                        topics=[("military-cooperation", 0.9)], url="http://gulf.example/wire")
    make_story(*wire, refresh=False)
    refresh_for_articles([a.pk for a in wire + others + [gulf]])
    return {"wire": wire, "others": others, "gulf": gulf}
