"""Build the demo site (feeds, article pages, index pages, outlets.json,
annotations.json) from the content files and the templates beside this module.

    python -m newsmonitor.demo.builder [--out DIR]     (default: newsmonitor/demo/site/)

The markup lives in templates/: one page layout per outlet (pages/<outlet>.html),
one template per feed kind (feeds/), the shared Open Graph tags (og.html) and the
outlet index page (index.html).  This module computes what each of them needs:
article order, related articles, post ids, dates in each outlet's style.  Templates
are rendered with Django's engine standalone: no settings, so no number reaches a
template (Django would localize it, which needs settings); dates and ids arrive as
strings.
"""
from __future__ import annotations

import email.utils
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from django.template import Context, Engine

from newsmonitor.demo import SITE_DIR
from newsmonitor.demo.builder.content import BASE, Article, load

TEMPLATES = Path(__file__).resolve().parent / "templates"

OUTLETS = [
    {
        "slug": "nile", "name": "وكالة النيل للأنباء", "name_en": "Nile News Agency",
        "homepage": "https://www.nile-news.example/", "country": "EG", "language": "ar",
        "format": "rss", "encoding": "utf-8",
        "description": "وكالة أنباء مصرية مستقلة: أخبار مصر والعالم العربي والعالم على مدار الساعة",
    },
    {
        "slug": "khaleej", "name": "صحيفة الخليج اليوم", "name_en": "Al Khaleej Today",
        "homepage": "https://www.khaleej-alyoum.example/", "country": "AE", "language": "ar",
        "format": "atom", "encoding": "utf-8",
        "description": "صحيفة يومية إماراتية: سياسة واقتصاد ورياضة ومنوعات",
    },
    {
        "slug": "indus", "name": "مرصد السند الإخباري", "name_en": "Indus Observer (Arabic)",
        "homepage": "https://arabic.indus-observer.example/", "country": "PK", "language": "ar",
        "format": "rss", "encoding": "utf-8",
        "description": "الخدمة العربية لمرصد السند: أخبار باكستان وجنوب آسيا",
    },
    {
        "slug": "rabia", "name": "جريدة الرابية", "name_en": "Al-Rabia Daily",
        "homepage": "https://www.alrabia-news.example/", "country": "JO", "language": "ar",
        "format": "rss", "encoding": "windows-1256",
        "description": "جريدة الرابية اليومية - عمان",
    },
    {
        "slug": "najd", "name": "صحيفة نجد الإلكترونية", "name_en": "Najd Online",
        "homepage": "https://www.najd-online.example/", "country": "SA", "language": "ar",
        "format": "atom", "encoding": "utf-8",
        "description": "صحيفة نجد الإلكترونية: أخبار المملكة والخليج والعالم",
    },
]
OUTLET = {o["slug"]: o for o in OUTLETS}
RELATED_COUNT = {"nile": 5, "khaleej": 4, "indus": 6, "rabia": 5, "najd": 4}
# Each site's pictures, all the same 1x1 transparent GIF.
IMAGES = {"nile": ["img/photo.gif"], "khaleej": ["img/lead.gif"], "indus": ["img/thumb.gif"],
          "rabia": ["images/logo.gif", "images/news.gif"], "najd": ["img/cover.gif"]}
GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
# The two Atom feeds come from different CMSs: Najd's stamps UTC and sends HTML summaries.
ATOM_STYLE = {
    "khaleej": {"utc": False, "html_summary": False, "generator": "Khaleej Publishing Platform"},
    "najd": {"utc": True, "html_summary": True, "generator": "NajdCMS"},
}
# Re-written (not copied) headlines under which partners syndicate a wire story.
SYNDICATED = {
    ("nile", "2025-10-05-egypt-pakistan-military-production", "khaleej"): dict(
        title="مصر وباكستان تبحثان إقامة شراكات في مجال التصنيع العسكري",
        author="وكالة النيل للأنباء", category="عربي",
        summary="وزير الدولة للإنتاج الحربي المصري يستقبل السفير الباكستاني ويدعو الشركات "
                "الباكستانية إلى المشاركة في معرض إيديكس 2025.",
        delay_minutes=35, tz_hours=4,
    ),
}

DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
          "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
MONTHS_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                 "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]


# ---------------------------------------------------------------- data for the templates

def ar_date(dt: datetime, levant: bool = False) -> str:
    month = (MONTHS_LEVANT if levant else MONTHS)[dt.month - 1]
    return f"{DAYS[dt.weekday()]} {dt.day} {month} {dt.year}"


def ar_time(dt: datetime) -> str:
    hour = dt.hour % 12 or 12
    return f"{hour:02d}:{dt.minute:02d} {'ص' if dt.hour < 12 else 'م'}"


def when(dt: datetime | None) -> dict:
    """The pieces each outlet's page composes its date line from."""
    if dt is None:
        return {}
    return {
        "iso": dt.isoformat(), "ar_date": ar_date(dt), "ar_time": ar_time(dt),
        "levant_date": ar_date(dt, levant=True), "day": str(dt.day), "day2": f"{dt.day:02d}",
        "month": MONTHS[dt.month - 1], "year": str(dt.year), "hm": f"{dt.hour:02d}:{dt.minute:02d}",
    }


def json_ld(a: Article) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": a.title, "articleSection": a.section, "inLanguage": "ar",
        "mainEntityOfPage": a.url, "author": {"@type": "Person", "name": a.author},
        "publisher": {"@type": "Organization", "name": OUTLET[a.outlet]["name"]},
    }
    if a.date_in_page == "meta":
        data["datePublished"] = a.published.isoformat()
        data["dateModified"] = a.published.isoformat()
    return json.dumps(data, ensure_ascii=False)


def rfc822(dt: datetime, gmt: bool = False) -> str:
    if gmt:
        return email.utils.format_datetime(dt.astimezone(timezone.utc), usegmt=True)
    return email.utils.format_datetime(dt)


def feed_link(a: Article) -> str:
    if "tracking-link" in a.flags:
        return a.url + "?utm_source=rss&utm_medium=feed#top"
    return a.url


# ---------------------------------------------------------------- order and links

def arrange(slug: str, arts: list[Article]) -> list[Article]:
    """The outlet's articles newest first, with post ids and related articles set."""
    for n, a in enumerate(sorted(arts, key=lambda a: a.stem)):
        a.post_id = 48210 + n * 37 + len(slug)
    for a in arts:
        a.related = sorted((b for b in arts if b is not a), key=lambda b: closeness(a, b))[:RELATED_COUNT[slug]]
    dated = sorted([a for a in arts if a.published], key=lambda a: a.published, reverse=True)
    undated = [a for a in arts if not a.published]
    # The undated feature sits where the CMS put it: second.
    return dated[:1] + undated + dated[1:]


def closeness(a: Article, b: Article) -> tuple:
    """Sort key of b as a related article of a: shared countries, then nearness in time."""
    shared = len(set(a.countries) & set(b.countries))
    gap = abs((a.published - b.published).total_seconds()) if a.published and b.published else 10 ** 9
    return (-shared, gap, b.stem)


def page_context(a: Article, chrono: list[Article]) -> dict:
    """What one article page needs besides the article: its boxes of other articles."""
    earlier = [b for b in chrono if a.published and b.published < a.published]
    others = [b for b in chrono if b is not a]
    post_nav = []
    if a.published:
        i = chrono.index(a)
        if i:
            post_nav.append({"rel": "prev", "article": chrono[i - 1]})
        if i + 1 < len(chrono):
            post_nav.append({"rel": "next", "article": chrono[i + 1]})
    return {
        "a": a, "site": OUTLET[a.outlet], "base": BASE, "when": when(a.published),
        "json_ld": json_ld(a), "post_nav": post_nav,
        "ticker": list(reversed(earlier[-3:])) or others[:3],
        "most_read": earlier[-5:] if len(earlier) >= 3 else others[:5],
        # Najd's app promotion boasts a count of readers that grows from page to page.
        "readers": str(310 + 4 * len(earlier)),
    }


# ---------------------------------------------------------------- feeds

def rss_context(slug: str, arts: list[Article]) -> dict:
    # Indus is WordPress: GMT dates, the item's date left out when it has none, and
    # every fourth description (from the second on) wrapped in CDATA.
    gmt = slug == "indus"
    items = [{"a": a, "link": feed_link(a), "date": rfc822(a.published, gmt) if a.published else "",
              "cdata": n % 4 == 1} for n, a in enumerate(arts)]
    newest = next(a for a in arts if a.published)
    return {"site": OUTLET[slug], "base": BASE, "items": items, "updated": rfc822(newest.published, gmt)}


def syndicated(arts_by: dict[str, list[Article]], dst: str) -> list[dict]:
    """Atom entries under which `dst` runs partners' stories, linking to the originals."""
    rows = []
    for (src, stem, to), s in SYNDICATED.items():
        if to != dst:
            continue
        orig = next(a for a in arts_by[src] if a.stem == stem)
        assert f"syndicate:{dst}" in orig.flags
        rows.append(dict(
            title=s["title"], link=orig.url, id=f"{BASE}/{dst}/wire/{src}-{stem}",
            published=(orig.published + timedelta(minutes=s["delay_minutes"])).astimezone(
                timezone(timedelta(hours=s["tz_hours"]))),
            author=s["author"], category=s["category"], summary=s["summary"]))
    return rows


def atom_context(slug: str, arts: list[Article], extra: list[dict]) -> dict:
    style = ATOM_STYLE[slug]
    rows = [dict(title=a.title, link=a.url, id=a.url, published=a.published, author=a.author,
                 category=a.section, summary=a.standfirst or a.summary) for a in arts] + extra
    rows.sort(key=lambda r: r["published"], reverse=True)
    for r in rows:
        r["stamp"] = stamp(r["published"], style["utc"])
    return {"site": OUTLET[slug], "base": BASE, "style": style, "entries": rows, "updated": rows[0]["stamp"]}


def stamp(dt: datetime, utc: bool) -> str:
    if utc:
        return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return dt.isoformat()


# ---------------------------------------------------------------- build

def engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=True,
                  builtins=["newsmonitor.demo.builder.filters"])


def write(path: Path, text: str, encoding: str = "utf-8", errors: str = "strict") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding, errors))


def write_page(path: Path, text: str, encoding: str) -> None:
    # cp1256 has no Arabic-Indic digits: such pages carry them as &#16xx; references.
    write(path, text, "cp1256" if encoding == "windows-1256" else "utf-8", "xmlcharrefreplace")


def build(out: Path = SITE_DIR) -> list[Article]:
    """Write the whole site under `out`; returns every article."""
    out = Path(out)
    render = engine().get_template
    arts_by = {o["slug"]: arrange(o["slug"], load(o["slug"])) for o in OUTLETS}
    for slug, arts in arts_by.items():
        write_outlet(out, slug, arts, render)
    write_feeds(out, arts_by, render)
    everything = [a for arts in arts_by.values() for a in arts]
    write_outlets_json(out)
    write_annotations(out, everything)
    return everything


def write_outlet(out: Path, slug: str, arts: list[Article], render) -> None:
    """An outlet's article pages, pictures and index page."""
    encoding = OUTLET[slug]["encoding"]
    layout = render(f"pages/{slug}.html")
    chrono = sorted([a for a in arts if a.published], key=lambda a: a.published)
    for a in arts:
        write_page(out / a.path, layout.render(Context(page_context(a, chrono))), encoding)
    for name in IMAGES[slug]:
        (out / slug / name).parent.mkdir(parents=True, exist_ok=True)
        (out / slug / name).write_bytes(GIF)
    index = render("index.html").render(Context({"site": OUTLET[slug], "articles": arts}))
    write_page(out / slug / "index.html", index, encoding)


def write_feeds(out: Path, arts_by: dict[str, list[Article]], render) -> None:
    for slug in ("nile", "indus", "rabia"):
        text = render(f"feeds/{slug}.xml").render(Context(rss_context(slug, arts_by[slug])))
        # Rabia's feed is windows-1256, strictly: every character must fit.
        write(out / slug / "feed.xml", text, "cp1256" if slug == "rabia" else "utf-8")
    for slug in ATOM_STYLE:
        context = atom_context(slug, arts_by[slug], syndicated(arts_by, slug))
        write(out / slug / "feed.xml", render("feeds/atom.xml").render(Context(context)))


def write_outlets_json(out: Path) -> None:
    rows = [{
        "slug": o["slug"], "name": o["name"], "name_en": o["name_en"], "homepage": o["homepage"],
        "country": o["country"], "language": o["language"],
        "feeds": [{"path": f"{o['slug']}/feed.xml", "format": o["format"], "encoding": o["encoding"]}],
    } for o in OUTLETS]
    write(out / "outlets.json", json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


def write_annotations(out: Path, everything: list[Article]) -> None:
    """annotations.json: what a perfect tagger would say of each page."""
    rows = []
    for a in sorted(everything, key=lambda a: a.url_path):
        row = {
            "path": a.path, "url_path": a.url_path, "outlet": a.outlet, "title": a.title,
            "published": a.published.date().isoformat() if a.published else None,
            "published_at": a.published.isoformat() if a.published else None,
            "date_in_page": a.date_in_page,
            "countries": a.countries, "pairs": a.pairs, "primary_pair": a.primary,
            "topics": a.topics, "words": a.words(),
        }
        if a.notes:
            row["notes"] = a.notes
        rows.append(row)
    write(out / "annotations.json", json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
