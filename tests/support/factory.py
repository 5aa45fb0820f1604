"""A small hand-written corpus of tagged articles, independent of the tagger: what the
dashboard's tests, browser tests and screenshots run on.

    make_article(...)   one article with the tag rows given, as the tagger would store them
    load_sample()       the corpus below, refreshed into the timeline tables
"""

from datetime import datetime, timedelta, timezone

from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor.feeds.models import Outlet
from newsmonitor.timelines.readmodels.rollups import refresh_for_articles

FORMS = {
    "EG": ["مصر", "المصري", "المصرية", "القاهرة"],
    "PK": ["باكستان", "الباكستاني", "الباكستانية", "إسلام آباد"],
    "SA": ["السعودية", "الرياض", "السعودي"],
    "AE": ["الإمارات", "أبوظبي"],
    "TR": ["تركيا", "أنقرة", "التركي"],
    "IN": ["الهند", "الهندي"],
    "US": ["الولايات المتحدة", "واشنطن", "الأمريكي"],
}

OUTLETS = [
    ("وكالة النيل للأنباء", "EG", "http://nile.example/"),
    ("صحيفة الرياض اليوم", "SA", "http://riyadh.example/"),
    ("الخليج الإخبارية", "AE", "http://gulf.example/"),
]

# title, body, days before the anchor, outlet index, countries, pairs (a, b, primary, evidence), topics
STORIES = [
    ("مصر وباكستان تبحثان تعزيز التعاون في مجال التصنيع العسكري",
     "بحث مسؤولون مصريون وباكستانيون في القاهرة سبل التعاون الثنائي في مجالات التصنيع العسكري.\n"
     "والتقى وزير الدولة المصري للإنتاج الحربي بسفير باكستان في القاهرة، حيث أشاد باتفاقية الدفاع "
     "الاستراتيجي المشترك التي تم توقيعها بين باكستان والسعودية مؤخراً.\n"
     "ووجه الوزير دعوة للشركات الباكستانية للمشاركة في المعرض الدولي للصناعات الدفاعية.",
     0, 0, ["EG", "PK", "SA"],
     [("EG", "PK", True, "والتقى وزير الدولة المصري للإنتاج الحربي بسفير باكستان في القاهرة"),
      ("PK", "SA", False, "اتفاقية الدفاع الاستراتيجي المشترك التي تم توقيعها بين باكستان والسعودية")],
     [("defence-industry", 0.9), ("diplomacy-visits", 0.6)]),
    ("وزير الخارجية المصري يستقبل نظيره الباكستاني",
     "استقبل وزير الخارجية المصري نظيره الباكستاني في القاهرة لبحث العلاقات الثنائية.",
     1, 0, ["EG", "PK"], [("EG", "PK", True, "استقبل وزير الخارجية المصري نظيره الباكستاني في القاهرة")],
     [("diplomacy-visits", 0.8)]),
    ("مباحثات تجارية بين مصر وباكستان لزيادة التبادل التجاري",
     "اتفقت مصر وباكستان على زيادة حجم التبادل التجاري وتسهيل الاستثمار.",
     3, 1, ["EG", "PK"], [("EG", "PK", True, "اتفقت مصر وباكستان على زيادة حجم التبادل التجاري")],
     [("trade-economy", 0.9)]),
    ("تدريبات عسكرية مشتركة بين القوات المصرية والباكستانية",
     "انطلقت تدريبات عسكرية مشتركة بين القوات المصرية والباكستانية لتعزيز التعاون الدفاعي.",
     12, 2, ["EG", "PK"], [("EG", "PK", True, "تدريبات عسكرية مشتركة بين القوات المصرية والباكستانية")],
     [("military-cooperation", 0.9), ("defence-industry", 0.3)]),
    ("لباكستان دور في أمن الخليج بحسب مسؤول سعودي",
     "قال مسؤول سعودي إن لباكستان دوراً في أمن الخليج، مشيداً بالتعاون العسكري بين الرياض وإسلام آباد.",
     2, 1, ["PK", "SA"], [("PK", "SA", True, "مشيداً بالتعاون العسكري بين الرياض وإسلام آباد")],
     [("military-cooperation", 0.8), ("security-terrorism", 0.4)]),
    ("السعودية وباكستان توقعان اتفاقية دفاع استراتيجي مشترك",
     "وقعت السعودية وباكستان اتفاقية الدفاع الاستراتيجي المشترك في الرياض.",
     20, 1, ["PK", "SA"], [("PK", "SA", True, "وقعت السعودية وباكستان اتفاقية الدفاع الاستراتيجي المشترك")],
     [("military-cooperation", 0.9), ("defence-industry", 0.5)]),
    ("مصر والسعودية تبحثان مشروعات الطاقة المتجددة",
     "بحث وزيرا الطاقة في مصر والسعودية مشروعات الربط الكهربائي والطاقة المتجددة.",
     4, 0, ["EG", "SA"], [("EG", "SA", True, "بحث وزيرا الطاقة في مصر والسعودية مشروعات الربط الكهربائي")],
     [("energy", 0.9)]),
    ("الإمارات ومصر توقعان اتفاقيات استثمار جديدة",
     "وقعت الإمارات ومصر اتفاقيات استثمار جديدة في أبوظبي.",
     6, 2, ["AE", "EG"], [("AE", "EG", True, "وقعت الإمارات ومصر اتفاقيات استثمار جديدة")],
     [("trade-economy", 0.9)]),
    ("تركيا وباكستان تعززان التعاون في الصناعات الدفاعية",
     "أعلنت أنقرة وإسلام آباد عن مشروع مشترك للصناعات الدفاعية بين تركيا وباكستان.",
     8, 2, ["PK", "TR"], [("PK", "TR", True, "مشروع مشترك للصناعات الدفاعية بين تركيا وباكستان")],
     [("defence-industry", 0.9)]),
    ("الهند وباكستان: توتر على الحدود",
     "تصاعد التوتر بين الهند وباكستان بعد اشتباكات على الحدود.",
     5, 0, ["IN", "PK"], [("IN", "PK", True, "تصاعد التوتر بين الهند وباكستان بعد اشتباكات على الحدود")],
     [("conflict", 0.9), ("security-terrorism", 0.5)]),
    ("وفد رياضي مصري يزور إسلام آباد",
     "وصل وفد رياضي مصري إلى إسلام آباد للمشاركة في بطولة ودية مع المنتخب الباكستاني.",
     40, 0, ["EG", "PK"], [("EG", "PK", False, "وصل وفد رياضي مصري إلى إسلام آباد")],
     [("sports", 0.7)]),
    ("الرئيس المصري يتلقى اتصالاً من رئيس الوزراء الباكستاني",
     "تلقى الرئيس المصري اتصالاً هاتفياً من رئيس الوزراء الباكستاني تناول العلاقات الثنائية.",
     70, 1, ["EG", "PK"], [("EG", "PK", True, "تلقى الرئيس المصري اتصالاً هاتفياً من رئيس الوزراء الباكستاني")],
     [("diplomacy-visits", 0.9)]),
]


def make_article(title, body, *, outlet=None, published=None, countries=(), pairs=(), topics=(), url=None,
                 language="ar", discovered=None):
    """One article and its tag rows. `pairs`: (a, b, primary, evidence sentence);
    `topics`: (slug, score). The rows are those the tagger's storage writes."""
    published = published or datetime.now(timezone.utc)
    article = Article.objects.create(
        url=url or f"http://news.example/{abs(hash((title, published.isoformat())))}",
        outlet=outlet, title=title, body=body, language=language, published_at=published,
        published_source="page", discovered_at=discovered or published,
        extraction_status=Article.Extraction.DONE, tagged_at=datetime.now(timezone.utc), tagger_version="sample",
    )
    day = article.day
    for position, code in enumerate(countries):
        ArticleCountry.objects.create(article=article, day=day, code=code, mentions=2, first_position=position,
                                      score=1.0 - position / 10, forms=[f for f in FORMS.get(code, []) if f in body + title])
    for a, b, primary, evidence in pairs:
        a, b = sorted((a, b))
        ArticlePair.objects.create(article=article, day=day, a=a, b=b, primary=primary, score=0.9 if primary else 0.5,
                                   evidence=[evidence] if evidence else [], cues=["التعاون"])
    for slug, score in topics:
        ArticleTopic.objects.create(article=article, day=day, topic=slug, score=score, terms=[slug.split("-")[0]])
    return article


def outlets():
    return [Outlet.objects.get_or_create(name=name, defaults={"country": country, "homepage": homepage})[0]
            for name, country, homepage in OUTLETS]


def load_sample(anchor=None):
    """The sample corpus, dated back from `anchor` (default: now), refreshed into the
    timeline tables. Returns the articles in STORIES order."""
    anchor = anchor or datetime.now(timezone.utc).replace(hour=10, minute=0, second=0, microsecond=0)
    places = outlets()
    articles = []
    for i, (title, body, days_ago, outlet, countries, pairs, topics) in enumerate(STORIES):
        articles.append(make_article(title, body, outlet=places[outlet],
                                     published=anchor - timedelta(days=days_ago, minutes=i),
                                     countries=countries, pairs=pairs, topics=topics,
                                     url=f"http://{places[outlet].homepage.split('/')[2]}/story/{i + 1}"))
    refresh_for_articles([a.pk for a in articles])
    return articles
