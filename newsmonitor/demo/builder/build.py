#!/usr/bin/env python3
"""Build the bundled demo site (feeds, article pages, outlets.json, annotations.json).

The article texts and their hand annotations live in ``_content/<outlet>.txt``;
this script only wraps them in per-outlet page templates and feeds.  Run it from
anywhere with the project's Python:

    python newsmonitor/demo/site/_build.py

Content file format: lines starting with ``#`` before the first entry are
comments.  Each entry starts with ``=== <file-stem>``, then ``key: value``
header lines, then a line ``---``, then the body paragraphs separated by blank
lines.  Header keys:

    published     ISO 8601 with offset (empty: the article has no date at all)
    visible_date  if set, the page shows only this Arabic date (no machine date)
    section, author, title, standfirst (optional)
    countries     ISO 3166-1 alpha-2 codes, space separated
    pairs         XX-YY pairs whose relations the article reports, space separated
    primary       one pair or empty
    topics        topic slugs from DESIGN.md, space separated
    flags         tracking-link | syndicate:<outlet> | no-date
    notes         free text copied into annotations.json

Everything is fictional: outlet names, hosts (``*.example``), authors.  Links
use the literal host ``__BASE__``, which the demo server replaces with its own
``host:port`` when it serves a file.
"""
from __future__ import annotations

import email.utils
import html
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "_content"
BASE = "http://__BASE__"

TOPICS = {
    "defence-industry", "military-cooperation", "trade-economy", "energy",
    "diplomacy-visits", "security-terrorism", "conflict", "migration", "health",
    "culture-education", "sports", "domestic-politics",
}

DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
          "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
MONTHS_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                 "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]

# 1x1 transparent GIF used for every picture on the site.
GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")

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


@dataclass
class Article:
    outlet: str
    stem: str
    title: str
    section: str
    author: str
    paragraphs: list[str]
    published: datetime | None
    visible_date: str
    standfirst: str
    countries: list[str]
    pairs: list[list[str]]
    primary: list[str] | None
    topics: list[str]
    flags: list[str] = field(default_factory=list)
    notes: str = ""
    related: list["Article"] = field(default_factory=list)
    post_id: int = 0

    @property
    def path(self) -> str:
        return f"{self.outlet}/{self.stem}.html"

    @property
    def url_path(self) -> str:
        return "/" + self.path

    @property
    def url(self) -> str:
        return BASE + self.url_path

    @property
    def date_in_page(self) -> str:
        if self.published is None:
            return "none"
        return "visible" if self.visible_date else "meta"

    @property
    def summary(self) -> str:
        text = self.paragraphs[0]
        # Drop the wire dateline ("القاهرة (وكالة النيل) - ", "دبي - "الخليج اليوم": ").
        text = re.sub(r'^[^.،]{0,60}?(?: - [^:]{0,30}:| - )\s*', "", text, count=1)
        if len(text) > 230:
            text = text[:230].rsplit(" ", 1)[0] + "…"
        return text

    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


# ---------------------------------------------------------------- parsing

def parse_pairs(value: str) -> list[list[str]]:
    pairs = [sorted(p.split("-")) for p in value.split()]
    return sorted(pairs)


def load(outlet: str) -> list[Article]:
    text = (CONTENT / f"{outlet}.txt").read_text("utf-8")
    chunks = re.split(r"^=== ", text, flags=re.M)[1:]
    articles = []
    for chunk in chunks:
        head, _, body = chunk.partition("\n---\n")
        lines = head.split("\n")
        stem = lines[0].strip()
        meta = {}
        for line in lines[1:]:
            if line.strip():
                key, _, value = line.partition(":")
                meta[key.strip()] = value.strip()
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]
        published = datetime.fromisoformat(meta["published"]) if meta.get("published") else None
        primary = meta.get("primary") or ""
        art = Article(
            outlet=outlet, stem=stem, title=meta["title"], section=meta["section"],
            author=meta["author"], paragraphs=paragraphs, published=published,
            visible_date=meta.get("visible_date", ""), standfirst=meta.get("standfirst", ""),
            countries=sorted(meta.get("countries", "").split()),
            pairs=parse_pairs(meta.get("pairs", "")),
            primary=sorted(primary.split("-")) if primary else None,
            topics=sorted(meta.get("topics", "").split()),
            flags=meta.get("flags", "").split(), notes=meta.get("notes", ""),
        )
        check(art)
        articles.append(art)
    return articles


def check(a: Article) -> None:
    where = a.path
    assert a.topics and set(a.topics) <= TOPICS, (where, a.topics)
    for pair in a.pairs:
        assert len(pair) == 2 and set(pair) <= set(a.countries), (where, pair)
    if a.primary:
        assert a.primary in a.pairs, (where, a.primary)
    if a.published is None:
        assert "no-date" in a.flags, where
    else:
        assert a.published.utcoffset() is not None, where
        assert a.stem.startswith(a.published.strftime("%Y-%m-%d")), where
    assert 4 <= len(a.paragraphs) <= 9, (where, len(a.paragraphs))
    assert 250 <= a.words() <= 700, (where, a.words())


# ---------------------------------------------------------------- helpers

E = html.escape


def ar_date(dt: datetime, levant: bool = False, with_day: bool = True) -> str:
    month = (MONTHS_LEVANT if levant else MONTHS)[dt.month - 1]
    day = DAYS[dt.weekday()] + " " if with_day else ""
    return f"{day}{dt.day} {month} {dt.year}"


def ar_time(dt: datetime) -> str:
    hour = dt.hour % 12 or 12
    return f"{hour:02d}:{dt.minute:02d} {'ص' if dt.hour < 12 else 'م'}"


def body_html(a: Article, indent: str = "        ", read_also: str = "") -> str:
    out = []
    for i, p in enumerate(a.paragraphs):
        out.append(f"{indent}<p>{E(p)}</p>")
        if read_also and i == 2:
            out.append(indent + read_also)
    return "\n".join(out)


def og_tags(a: Article, site: str, image: str) -> str:
    tags = [
        f'<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{E(site)}">',
        f'<meta property="og:title" content="{E(a.title)}">',
        f'<meta property="og:description" content="{E(a.summary)}">',
        f'<meta property="og:url" content="{a.url}">',
        f'<meta property="og:image" content="{BASE}{image}">',
        f'<meta property="og:locale" content="ar_AR">',
        f'<meta property="article:section" content="{E(a.section)}">',
    ]
    if a.date_in_page == "meta":
        tags.append(f'<meta property="article:published_time" content="{a.published.isoformat()}">')
    return "\n    ".join(tags)


def json_ld(a: Article, site: str) -> str:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": a.title, "articleSection": a.section, "inLanguage": "ar",
        "mainEntityOfPage": a.url, "author": {"@type": "Person", "name": a.author},
        "publisher": {"@type": "Organization", "name": site},
    }
    if a.date_in_page == "meta":
        data["datePublished"] = a.published.isoformat()
        data["dateModified"] = a.published.isoformat()
    return ('<script type="application/ld+json">'
            + json.dumps(data, ensure_ascii=False) + "</script>")


def related_items(a: Article, fmt: str) -> str:
    return "\n".join(fmt.format(url=r.url_path, title=E(r.title)) for r in a.related)


# ---------------------------------------------------------------- templates

def page_nile(a: Article, ctx: dict) -> str:
    o = OUTLET["nile"]
    nav = ["الرئيسية", "أخبار مصر", "عربي ودولي", "سياسة", "اقتصاد", "طاقة", "رياضة", "صحة",
           "ثقافة", "منوعات", "فيديو", "ملفات خاصة"]
    nav_html = "\n".join(
        f'          <li><a href="/nile/section/{i}">{E(n)}</a></li>' for i, n in enumerate(nav))
    ticker = "\n".join(f'        <li><a href="{t.url_path}">{E(t.title)}</a></li>' for t in ctx["ticker"])
    if a.date_in_page == "meta":
        date_html = (f'<time class="news-date" datetime="{a.published.isoformat()}">'
                     f'{ar_date(a.published)} - {ar_time(a.published)}</time>')
    elif a.date_in_page == "visible":
        date_html = f'<span class="news-date">{E(a.visible_date)}</span>'
    else:
        date_html = ""
    read_also = ""
    if a.related:
        r = a.related[0]
        read_also = (f'<div class="read-also"><strong>اقرأ أيضاً:</strong> '
                     f'<a href="{r.url_path}">{E(r.title)}</a></div>')
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{E(a.title)} | {E(o['name'])}</title>
    <meta name="description" content="{E(a.summary)}">
    <meta name="author" content="{E(a.author)}">
    <link rel="canonical" href="{a.url}">
    {og_tags(a, o['name'], '/nile/img/photo.gif')}
    <meta name="twitter:card" content="summary_large_image">
    <link rel="stylesheet" href="/nile/static/site.css">
    <script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('js',new Date());</script>
</head>
<body class="nile-site single-news">
  <div class="top-strip">
    <div class="ticker"><span class="ticker-label">عاجل</span>
      <ul>
{ticker}
      </ul>
    </div>
  </div>
  <header class="site-header">
    <div class="container">
      <div class="logo"><a href="/nile/"><img src="/nile/img/photo.gif" alt=""> {E(o['name'])}</a></div>
      <form class="search" action="/nile/search"><input type="search" name="q" placeholder="ابحث في الأخبار"><button>بحث</button></form>
      <nav class="main-nav">
        <ul>
{nav_html}
        </ul>
      </nav>
    </div>
  </header>
  <div class="container page-body">
    <ol class="breadcrumb">
      <li><a href="/nile/">الرئيسية</a></li>
      <li><a href="/nile/section/{E(a.section)}">{E(a.section)}</a></li>
      <li class="active">{E(a.title[:40])}…</li>
    </ol>
    <main class="content">
      <article class="news-item">
        <h1 class="news-title">{E(a.title)}</h1>
        <div class="news-meta">
          <span class="news-author">كتب: {E(a.author)}</span>
          {date_html}
        </div>
        <figure class="news-photo"><img src="/nile/img/photo.gif" alt="{E(a.title)}"><figcaption>صورة من الأرشيف</figcaption></figure>
        <div class="news-body">
{body_html(a, read_also=read_also)}
        </div>
        <div class="news-tags">الكلمات المفتاحية: <a href="/nile/tag/{E(a.section)}">{E(a.section)}</a></div>
        <div class="share-bar">شارك الخبر: <a href="#">فيسبوك</a> <a href="#">إكس</a> <a href="#">واتساب</a> <a href="#">تيليغرام</a> <a href="#">نسخ الرابط</a></div>
      </article>
      <section class="related-news">
        <h3>أخبار ذات صلة</h3>
        <ul>
{related_items(a, '          <li><a href="{url}">{title}</a></li>')}
        </ul>
      </section>
    </main>
    <aside class="newsletter-box">
      <h4>النشرة البريدية</h4>
      <p>اشترك لتصلك أهم أخبار الوكالة صباح كل يوم.</p>
      <form action="/nile/newsletter" method="post"><input type="email" name="email" placeholder="بريدك الإلكتروني"><button type="submit">اشترك</button></form>
    </aside>
  </div>
  <footer class="site-footer">
    <ul class="footer-links">
      <li><a href="/nile/about">من نحن</a></li>
      <li><a href="/nile/contact">اتصل بنا</a></li>
      <li><a href="/nile/privacy">سياسة الخصوصية</a></li>
      <li><a href="/nile/terms">شروط الاستخدام</a></li>
      <li><a href="/nile/rss">خدمة RSS</a></li>
    </ul>
    <p class="copyright">© 2025 {E(o['name'])}. جميع الحقوق محفوظة. يحظر النقل دون ذكر المصدر.</p>
  </footer>
  <script src="/nile/static/app.js" defer></script>
</body>
</html>
"""


def page_khaleej(a: Article, ctx: dict) -> str:
    o = OUTLET["khaleej"]
    nav = [("home", "الرئيسية"), ("uae", "الإمارات"), ("gulf", "الخليج"), ("arab", "عربي"),
           ("world", "دولي"), ("economy", "اقتصاد"), ("energy", "طاقة"), ("sport", "رياضة"),
           ("tech", "تكنولوجيا"), ("opinion", "آراء"), ("culture", "ثقافة")]
    nav_html = "\n".join(f'            <a class="nav-link" href="/khaleej/{k}">{E(n)}</a>' for k, n in nav)
    if a.date_in_page == "meta":
        date_html = (f'<span class="meta-date">تاريخ النشر: {a.published.day:02d} '
                     f'{MONTHS[a.published.month - 1]} {a.published.year} '
                     f'{a.published.hour:02d}:{a.published.minute:02d}</span>')
    elif a.date_in_page == "visible":
        date_html = f'<span class="meta-date">{E(a.visible_date)}</span>'
    else:
        date_html = ""
    most_read = "\n".join(
        f'            <li><span class="rank">{i}</span><a href="{m.url_path}">{E(m.title)}</a></li>'
        for i, m in enumerate(ctx["most_read"], 1))
    standfirst = f'<p class="standfirst">{E(a.standfirst)}</p>' if a.standfirst else ""
    return f"""<!doctype html>
<html lang="ar" dir="rtl">
  <head>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width,initial-scale=1">
    <title>{E(a.title)} - {E(o['name'])}</title>
    <meta name="description" content="{E(a.summary)}">
    <link rel="canonical" href="{a.url}">
    {og_tags(a, o['name'], '/khaleej/img/lead.gif')}
    {json_ld(a, o['name'])}
    <link rel="alternate" type="application/atom+xml" title="{E(o['name'])}" href="/khaleej/feed.xml">
  </head>
  <body>
    <div id="cookie-consent" class="consent">نستخدم ملفات تعريف الارتباط لتحسين تجربتك. <button>موافق</button></div>
    <div class="masthead">
      <div class="masthead__brand"><a href="/khaleej/">{E(o['name'])}</a><span class="masthead__tag">صحيفة يومية مستقلة</span></div>
      <div class="masthead__tools"><a href="/khaleej/login">تسجيل الدخول</a> <a href="/khaleej/subscribe">اشترك</a> <a href="/khaleej/epaper">النسخة الرقمية</a></div>
      <nav class="primary-nav" aria-label="الأقسام">
{nav_html}
      </nav>
    </div>
    <div class="ad-slot ad-slot--leaderboard">إعلان</div>
    <main id="main" class="layout">
      <div class="layout__main">
        <nav class="crumbs"><a href="/khaleej/">الرئيسية</a> / <a href="/khaleej/section">{E(a.section)}</a></nav>
        <div class="article-wrapper">
          <header class="article-header">
            <div class="kicker">{E(a.section)}</div>
            <h1 class="headline">{E(a.title)}</h1>
            {standfirst}
            <div class="byline"><span class="byline__name">بقلم: {E(a.author)}</span> {date_html}</div>
          </header>
          <figure class="lead-image"><img src="/khaleej/img/lead.gif" alt=""><figcaption>(أرشيفية)</figcaption></figure>
          <div class="article-content" itemprop="articleBody">
{body_html(a, indent='            ')}
          </div>
          <div class="share-tools"><span>شارك:</span> <button>فيسبوك</button> <button>إكس</button> <button>واتساب</button> <button>لينكدإن</button> <button>البريد الإلكتروني</button></div>
        </div>
        <section class="more-stories">
          <h2>قد يهمك أيضاً</h2>
          <div class="cards">
{related_items(a, '            <a class="card" href="{url}"><span class="card__title">{title}</span></a>')}
          </div>
        </section>
      </div>
      <aside class="layout__side">
        <div class="widget widget--most-read">
          <h3>الأكثر قراءة</h3>
          <ol>
{most_read}
          </ol>
        </div>
        <div class="widget widget--newsletter">
          <h3>نشرة الخليج اليوم</h3>
          <p>أهم العناوين في بريدك كل مساء.</p>
          <form><input type="email" placeholder="البريد الإلكتروني" aria-label="البريد الإلكتروني"><button>سجّل الآن</button></form>
        </div>
        <div class="ad-slot ad-slot--mpu">إعلان</div>
      </aside>
    </main>
    <footer class="footer">
      <div class="footer__links"><a href="/khaleej/about">من نحن</a> · <a href="/khaleej/contact">اتصل بنا</a> · <a href="/khaleej/privacy">سياسة الخصوصية</a> · <a href="/khaleej/advertise">أعلن معنا</a> · <a href="/khaleej/careers">الوظائف</a></div>
      <div class="footer__copy">جميع الحقوق محفوظة © {E(o['name'])} 2025</div>
    </footer>
    <script async src="/khaleej/static/bundle.js"></script>
  </body>
</html>
"""


def page_indus(a: Article, ctx: dict) -> str:
    o = OUTLET["indus"]
    cats = ["الرئيسية", "باكستان", "العالم الإسلامي", "آسيا", "اقتصاد", "طاقة", "دفاع", "أمن",
            "ثقافة", "رياضة", "مقالات", "تقارير"]
    menu = "\n".join(
        f'          <li class="menu-item menu-item-{200 + i}"><a href="/indus/category/{i}/">{E(c)}</a></li>'
        for i, c in enumerate(cats))
    if a.date_in_page == "meta":
        date_html = (f'<span class="posted-on"><time class="entry-date published" '
                     f'datetime="{a.published.isoformat()}">{a.published.day} '
                     f'{MONTHS[a.published.month - 1]}، {a.published.year}</time></span>')
    elif a.date_in_page == "visible":
        date_html = f'<span class="posted-on">{E(a.visible_date)}</span>'
    else:
        date_html = ""
    prev_next = ctx["prev_next"]
    nav_links = " ".join(
        f'<div class="nav-{k}"><a href="{r.url_path}" rel="{k}"><span class="meta-nav">'
        f'{"السابق" if k == "prev" else "التالي"}</span> {E(r.title)}</a></div>'
        for k, r in prev_next if r)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{E(a.title)} &#8211; {E(o['name'])}</title>
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="canonical" href="{a.url}">
<link rel="shortlink" href="{BASE}/indus/?p={a.post_id}">
    {og_tags(a, o['name'], '/indus/img/thumb.gif')}
<link rel="alternate" type="application/rss+xml" title="{E(o['name'])} &raquo; الخلاصة" href="/indus/feed.xml">
<link rel="stylesheet" id="theme-style-css" href="/indus/wp-content/themes/observer/style.css" media="all">
</head>
<body class="rtl post-template-default single single-post postid-{a.post_id} single-format-standard">
<div id="page" class="site">
  <a class="skip-link screen-reader-text" href="#content">تخطي إلى المحتوى</a>
  <header id="masthead" class="site-header">
    <div class="site-branding">
      <p class="site-title"><a href="/indus/" rel="home">{E(o['name'])}</a></p>
      <p class="site-description">نافذتك العربية على باكستان وجنوب آسيا</p>
    </div>
    <nav id="site-navigation" class="main-navigation">
      <button class="menu-toggle" aria-controls="primary-menu">القائمة</button>
      <div class="menu-main-container">
        <ul id="primary-menu" class="menu">
{menu}
        </ul>
      </div>
    </nav>
  </header>
  <div id="content" class="site-content">
    <div class="breadcrumbs" typeof="BreadcrumbList"><a href="/indus/">الرئيسية</a> &raquo; <a href="/indus/category/">{E(a.section)}</a> &raquo; <span>{E(a.title)}</span></div>
    <div id="primary" class="content-area">
      <main id="main" class="site-main">
        <article id="post-{a.post_id}" class="post-{a.post_id} post type-post status-publish format-standard has-post-thumbnail hentry">
          <header class="entry-header">
            <h1 class="entry-title">{E(a.title)}</h1>
            <div class="entry-meta">{date_html} <span class="byline">إعداد: <span class="author vcard"><a class="url fn n" href="/indus/author/{a.post_id % 7}/">{E(a.author)}</a></span></span></div>
          </header>
          <div class="post-thumbnail"><img width="1200" height="675" src="/indus/img/thumb.gif" class="attachment-post-thumbnail wp-post-image" alt=""></div>
          <div class="entry-content">
{body_html(a, indent='            ')}
          </div>
          <footer class="entry-footer">
            <span class="cat-links">نشر في <a href="/indus/category/" rel="category tag">{E(a.section)}</a></span>
            <div class="sharedaddy"><h3 class="sd-title">شارك هذا:</h3><ul><li><a href="#">فيسبوك</a></li><li><a href="#">إكس</a></li><li><a href="#">واتساب</a></li><li><a href="#">طباعة</a></li></ul></div>
          </footer>
        </article>
        <nav class="navigation post-navigation" aria-label="المقالات"><h2 class="screen-reader-text">تصفّح المقالات</h2><div class="nav-links">{nav_links}</div></nav>
        <div class="related-posts">
          <h3 class="related-title">مواضيع ذات صلة</h3>
          <ul>
{related_items(a, '            <li><a href="{url}" rel="bookmark">{title}</a></li>')}
          </ul>
        </div>
        <div id="comments" class="comments-area">
          <div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">أضف تعليقاً</h3>
          <form action="/indus/wp-comments-post.php" method="post" id="commentform"><p class="comment-notes">لن يتم نشر عنوان بريدك الإلكتروني.</p><textarea id="comment" name="comment"></textarea><input name="submit" type="submit" value="إرسال التعليق"></form></div>
        </div>
      </main>
    </div>
    <aside id="secondary" class="widget-area">
      <section class="widget widget_newsletter"><h2 class="widget-title">القائمة البريدية</h2><p>اشترك ليصلك ملخص أسبوعي بأهم أخبار باكستان.</p><form><input type="email" name="EMAIL" placeholder="بريدك الإلكتروني"><input type="submit" value="اشتراك"></form></section>
      <section class="widget widget_categories"><h2 class="widget-title">التصنيفات</h2><ul><li><a href="/indus/category/1/">باكستان</a></li><li><a href="/indus/category/4/">اقتصاد</a></li><li><a href="/indus/category/6/">دفاع</a></li></ul></section>
    </aside>
  </div>
  <footer id="colophon" class="site-footer">
    <div class="footer-menu"><a href="/indus/about/">عن المرصد</a> | <a href="/indus/contact/">تواصل معنا</a> | <a href="/indus/privacy-policy/">سياسة الخصوصية</a> | <a href="/indus/editorial-policy/">السياسة التحريرية</a></div>
    <div class="site-info">&copy; {E(o['name'])}. جميع الحقوق محفوظة.</div>
  </footer>
</div>
<script src="/indus/wp-includes/js/jquery/jquery.min.js"></script>
<script>var _indusStats = {{"post":{a.post_id}}};</script>
</body>
</html>
"""


def page_rabia(a: Article, ctx: dict) -> str:
    o = OUTLET["rabia"]
    sections = ["الصفحة الأولى", "محليات", "عربي ودولي", "اقتصاد", "برلمان", "رياضة", "ثقافة وفنون",
                "مقالات", "كاريكاتير", "وفيات", "أرشيف"]
    menu = " | ".join(f'<a href="/rabia/sec.php?id={i}" class="menulink">{E(s)}</a>'
                      for i, s in enumerate(sections, 1))
    if a.date_in_page == "meta":
        date_html = (f'تاريخ النشر: {ar_date(a.published, levant=True)} - '
                     f'{a.published.hour:02d}:{a.published.minute:02d}')
    elif a.date_in_page == "visible":
        date_html = E(a.visible_date)
    else:
        date_html = ""
    meta_date = (f'\n<meta property="article:published_time" content="{a.published.isoformat()}">'
                 if a.date_in_page == "meta" else "")
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="windows-1256">
<title>{E(o['name'])} : {E(a.title)}</title>
<meta name="keywords" content="{E(o['name'])}, {E(a.section)}, الأردن, أخبار">
<meta property="og:title" content="{E(a.title)}">
<meta property="og:description" content="{E(a.summary)}">
<meta property="og:url" content="{a.url}">
<meta property="og:type" content="article">{meta_date}
<link href="/rabia/css/style.css" rel="stylesheet" type="text/css">
</head>
<body bgcolor="#FFFFFF" topmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0" id="header">
  <tr>
    <td class="logo"><a href="/rabia/"><img src="/rabia/images/logo.gif" alt="{E(o['name'])}" border="0"></a><br><span class="sitename">{E(o['name'])}</span></td>
    <td class="topad" align="left">مساحة إعلانية</td>
  </tr>
  <tr><td colspan="2" class="menu">{menu}</td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td valign="top" width="680">
      <div class="path">أنت هنا: <a href="/rabia/">الرئيسية</a> &gt; <a href="/rabia/sec.php">{E(a.section)}</a></div>
      <div id="main">
        <div class="newsdetails">
          <h1 class="ntitle">{E(a.title)}</h1>
          <div class="ninfo"><span class="nwriter">{E(a.author)}</span> - <span class="ndate">{date_html}</span></div>
          <div class="nimage"><img src="/rabia/images/news.gif" width="400" alt=""></div>
          <div class="ntext">
{body_html(a, indent='            ')}
          </div>
          <div class="ntools"><a href="#">طباعة</a> | <a href="#">أرسل لصديق</a> | <a href="#">فيسبوك</a> | <a href="#">تويتر</a> | <a href="#">واتساب</a></div>
        </div>
      </div>
      <div class="morenews">
        <div class="boxtitle">أخبار أخرى من {E(a.section)}</div>
        <ul>
{related_items(a, '          <li>&raquo; <a href="{url}">{title}</a></li>')}
        </ul>
      </div>
    </td>
    <td valign="top" width="290" class="sidebar">
      <div class="box">
        <div class="boxtitle">القائمة البريدية</div>
        <form action="/rabia/maillist.php" method="post">أدخل بريدك الإلكتروني لتصلك نشرة الرابية اليومية<br><input type="text" name="email" size="25"><input type="submit" value="اشترك"></form>
      </div>
      <div class="box"><div class="boxtitle">استفتاء</div>هل تؤيد تمديد العمل بالتوقيت الصيفي طوال العام؟<br><input type="radio" name="v"> نعم <input type="radio" name="v"> لا</div>
    </td>
  </tr>
</table>
<table width="980" align="center" id="footer">
  <tr><td align="center"><a href="/rabia/about.php">من نحن</a> - <a href="/rabia/contact.php">اتصل بنا</a> - <a href="/rabia/privacy.php">سياسة الخصوصية</a> - <a href="/rabia/ads.php">للإعلان</a><br>
  جميع الحقوق محفوظة لـ {E(o['name'])} &copy; 2025</td></tr>
</table>
</body>
</html>
"""


def page_najd(a: Article, ctx: dict) -> str:
    o = OUTLET["najd"]
    nav = [("local", "محليات"), ("politics", "سياسة"), ("economy", "اقتصاد"), ("gulf", "خليجي"),
           ("world", "دولي"), ("sport", "رياضة"), ("culture", "ثقافة وفنون"), ("tech", "تقنية"),
           ("health", "صحة"), ("opinion", "كتّاب")]
    nav_html = "\n".join(f'          <li class="site-nav__item"><a href="/najd/{k}/">{E(n)}</a></li>'
                         for k, n in nav)
    if a.date_in_page == "meta":
        date_html = (f'<time class="article__date" datetime="{a.published.isoformat()}">'
                     f'{ar_date(a.published)} - {ar_time(a.published)}</time>')
    elif a.date_in_page == "visible":
        date_html = f'<span class="article__date">{E(a.visible_date)}</span>'
    else:
        date_html = ""
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
  <meta charset="utf-8">
  <meta http-equiv="X-UA-Compatible" content="IE=edge">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{E(a.title)} | {E(o['name'])}</title>
  <meta name="description" content="{E(a.summary)}">
  <link rel="canonical" href="{a.url}">
  {og_tags(a, o['name'], '/najd/img/cover.gif')}
  {json_ld(a, o['name'])}
</head>
<body class="page-article">
  <header class="site-header">
    <div class="site-header__top"><a class="site-header__logo" href="/najd/">{E(o['name'])}</a><div class="site-header__social">تابعنا: <a href="#">إكس</a> <a href="#">سناب شات</a> <a href="#">يوتيوب</a></div></div>
    <nav class="site-nav">
      <ul class="site-nav__list">
        <li class="site-nav__item"><a href="/najd/">الرئيسية</a></li>
{nav_html}
      </ul>
    </nav>
  </header>
  <div class="page">
    <div class="breadcrumbs"><a href="/najd/">الرئيسية</a> <span>›</span> <a href="/najd/{E(a.section)}/">{E(a.section)}</a> <span>›</span> <span>الخبر</span></div>
    <article class="single-article">
      <header class="article__header">
        <span class="article__category">{E(a.section)}</span>
        <h1 class="article__title">{E(a.title)}</h1>
        <div class="article__meta"><span class="article__author">{E(a.author)}</span> {date_html}</div>
      </header>
      <figure class="article__figure"><img src="/najd/img/cover.gif" alt="{E(a.title)}"><figcaption>المصدر: نجد</figcaption></figure>
      <div class="article__body">
{body_html(a, indent='        ')}
      </div>
      <div class="article__share">شارك الخبر <a href="#">إكس</a> <a href="#">واتساب</a> <a href="#">تيليجرام</a> <a href="#">نسخ</a></div>
    </article>
    <section class="related">
      <h2 class="related__title">أخبار متعلقة</h2>
      <ul class="related__list">
{related_items(a, '        <li class="related__item"><a href="{url}">{title}</a></li>')}
      </ul>
    </section>
    <section class="newsletter">
      <h2>اشترك في نشرة نجد</h2>
      <p>ملخص يومي بأهم أخبار المملكة والعالم في بريدك.</p>
      <form class="newsletter__form"><input type="email" placeholder="example@mail.com"><button type="submit">اشتراك</button></form>
    </section>
  </div>
  <footer class="site-footer">
    <nav class="site-footer__nav"><a href="/najd/about/">عن الصحيفة</a> <a href="/najd/contact/">اتصل بنا</a> <a href="/najd/privacy/">سياسة الخصوصية</a> <a href="/najd/terms/">الشروط والأحكام</a></nav>
    <p class="site-footer__copy">© 2025 {E(o['name'])} - جميع الحقوق محفوظة</p>
  </footer>
  <script src="/najd/assets/main.js"></script>
</body>
</html>
"""


TEMPLATES = {"nile": page_nile, "khaleej": page_khaleej, "indus": page_indus,
             "rabia": page_rabia, "najd": page_najd}
RELATED_COUNT = {"nile": 5, "khaleej": 4, "indus": 6, "rabia": 5, "najd": 4}


# ---------------------------------------------------------------- feeds

def rfc822(dt: datetime, gmt: bool = False) -> str:
    if gmt:
        return email.utils.format_datetime(dt.astimezone(timezone.utc), usegmt=True)
    return email.utils.format_datetime(dt)


def X(text: str) -> str:
    return html.escape(text, quote=False)


def feed_link(a: Article) -> str:
    if "tracking-link" in a.flags:
        return a.url + "?utm_source=rss&utm_medium=feed#top"
    return a.url


def rss_nile(arts: list[Article]) -> str:
    o = OUTLET["nile"]
    items = []
    for a in arts:
        items.append(f"""    <item>
      <title>{X(a.title)}</title>
      <link>{X(feed_link(a))}</link>
      <guid isPermaLink="true">{a.url}</guid>
      <pubDate>{rfc822(a.published)}</pubDate>
      <category>{X(a.section)}</category>
      <dc:creator>{X(a.author)}</dc:creator>
      <description>{X(a.summary)}</description>
    </item>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{X(o['name'])} - آخر الأخبار</title>
    <link>{BASE}/nile/</link>
    <description>{X(o['description'])}</description>
    <language>ar</language>
    <copyright>© 2025 {X(o['name'])}</copyright>
    <lastBuildDate>{rfc822(arts[0].published)}</lastBuildDate>
    <ttl>15</ttl>
    <atom:link href="{BASE}/nile/feed.xml" rel="self" type="application/rss+xml"/>
{chr(10).join(items)}
  </channel>
</rss>
"""


def indus_description(a: Article, cdata: bool) -> str:
    frag = (f'<p><img src="{BASE}/indus/img/thumb.gif" width="300" height="169" '
            f'alt="{E(a.title)}" class="wp-post-image" /></p>'
            f'<p>{E(a.summary)}</p>'
            f'<p>ظهرت المقالة <a href="{a.url}" rel="nofollow">{E(a.title)}</a> '
            f'أولاً على <a href="{BASE}/indus/">{E(OUTLET["indus"]["name"])}</a>.</p>'
            f'<script type="text/javascript">document.write(\'<img src="http://stats.indus-observer.example/px?p={a.post_id}">\');</script>')
    if cdata:
        return f"<![CDATA[{frag}]]>"
    return html.escape(frag, quote=False)


def rss_indus(arts: list[Article]) -> str:
    o = OUTLET["indus"]
    items = []
    dated = [a for a in arts if a.published]
    for n, a in enumerate(arts):
        pub = f"\n      <pubDate>{rfc822(a.published, gmt=True)}</pubDate>" if a.published else ""
        items.append(f"""    <item>
      <title>{X(a.title)}</title>
      <link>{a.url}</link>{pub}
      <dc:creator><![CDATA[{a.author}]]></dc:creator>
      <category><![CDATA[{a.section}]]></category>
      <guid isPermaLink="false">{BASE}/indus/?p={a.post_id}</guid>
      <description>{indus_description(a, cdata=(n % 4 == 1))}</description>
    </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	>
<channel>
	<title>{X(o['name'])}</title>
	<atom:link href="{BASE}/indus/feed.xml" rel="self" type="application/rss+xml" />
	<link>{BASE}/indus/</link>
	<description>{X(o['description'])}</description>
	<lastBuildDate>{rfc822(dated[0].published, gmt=True)}</lastBuildDate>
	<language>ar</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.8.2</generator>
{chr(10).join(items)}
</channel>
</rss>
"""


def rss_rabia(arts: list[Article]) -> str:
    o = OUTLET["rabia"]
    items = []
    for a in arts:
        items.append(f"""<item>
<title>{X(a.title)}</title>
<link>{a.url}</link>
<guid>{a.url}</guid>
<pubDate>{rfc822(a.published)}</pubDate>
<description>{X(a.summary)}</description>
</item>""")
    return f"""<?xml version="1.0" encoding="windows-1256"?>
<rss version="2.0">
<channel>
<title>{X(o['name'])}</title>
<link>{BASE}/rabia/</link>
<description>{X(o['description'])}</description>
<language>ar-jo</language>
<lastBuildDate>{rfc822(arts[0].published)}</lastBuildDate>
{chr(10).join(items)}
</channel>
</rss>
"""


def atom(slug: str, arts: list[Article], extra: list[dict]) -> str:
    o = OUTLET[slug]
    entries = []
    utc = slug == "najd"

    def stamp(dt: datetime) -> str:
        if utc:
            return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return dt.isoformat()

    rows = [dict(title=a.title, link=a.url, id=a.url, published=a.published, author=a.author,
                 category=a.section, summary=a.standfirst or a.summary) for a in arts] + extra
    rows.sort(key=lambda r: r["published"], reverse=True)
    for r in rows:
        if slug == "najd":
            summary = f'<summary type="html">{X("<p>" + E(r["summary"]) + "</p>")}</summary>'
        else:
            summary = f'<summary type="text">{X(r["summary"])}</summary>'
        entries.append(f"""  <entry>
    <title type="text">{X(r['title'])}</title>
    <link rel="alternate" type="text/html" href="{r['link']}"/>
    <id>{r['id']}</id>
    <published>{stamp(r['published'])}</published>
    <updated>{stamp(r['published'])}</updated>
    <author><name>{X(r['author'])}</name></author>
    <category term="{E(r['category'])}"/>
    {summary}
  </entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
  <title type="text">{X(o['name'])}</title>
  <subtitle type="text">{X(o['description'])}</subtitle>
  <link rel="alternate" type="text/html" href="{BASE}/{slug}/"/>
  <link rel="self" type="application/atom+xml" href="{BASE}/{slug}/feed.xml"/>
  <id>{BASE}/{slug}/</id>
  <updated>{stamp(rows[0]['published'])}</updated>
  <rights>© 2025 {X(o['name'])}</rights>
  <generator>{"NajdCMS" if slug == "najd" else "Khaleej Publishing Platform"}</generator>
{chr(10).join(entries)}
</feed>
"""


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


# ---------------------------------------------------------------- build

def write(path: Path, text: str, encoding: str = "utf-8", errors: str = "strict") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding, errors))


def main() -> int:
    from datetime import timedelta

    arts_by = {o["slug"]: load(o["slug"]) for o in OUTLETS}
    everything = [a for arts in arts_by.values() for a in arts]

    for slug, arts in arts_by.items():
        # newest first; the undated feature sits where the CMS put it (second).
        dated = sorted([a for a in arts if a.published], key=lambda a: a.published, reverse=True)
        undated = [a for a in arts if not a.published]
        ordered = dated[:1] + undated + dated[1:]
        arts_by[slug] = ordered
        for n, a in enumerate(sorted(arts, key=lambda a: a.stem)):
            a.post_id = 48210 + n * 37 + len(slug)
        for a in arts:
            def score(b: Article) -> tuple:
                shared = len(set(a.countries) & set(b.countries))
                if a.published and b.published:
                    gap = abs((a.published - b.published).total_seconds())
                else:
                    gap = 10 ** 9
                return (-shared, gap, b.stem)
            others = sorted((b for b in arts if b is not a), key=score)
            a.related = others[:RELATED_COUNT[slug]]

    # pages
    for slug, arts in arts_by.items():
        chrono = sorted([a for a in arts if a.published], key=lambda a: a.published)
        for a in arts:
            earlier = [b for b in chrono if a.published and b.published < a.published]
            others = [b for b in chrono if b is not a]
            ctx = {
                "ticker": list(reversed(earlier[-3:])) or others[:3],
                "most_read": earlier[-5:] if len(earlier) >= 3 else others[:5],
                "prev_next": [],
            }
            if slug == "indus" and a.published:
                i = chrono.index(a)
                ctx["prev_next"] = [("prev", chrono[i - 1] if i else None),
                                    ("next", chrono[i + 1] if i + 1 < len(chrono) else None)]
            text = TEMPLATES[slug](a, ctx)
            enc = OUTLET[slug]["encoding"]
            # cp1256 has no Arabic-Indic digits: such pages carry them as &#16xx; references.
            write(HERE / a.path, text, "cp1256" if enc == "windows-1256" else "utf-8",
                  "xmlcharrefreplace")
        for name in {"nile": ["photo.gif"], "khaleej": ["lead.gif"], "indus": ["thumb.gif"],
                     "najd": ["cover.gif"], "rabia": []}[slug]:
            (HERE / slug / "img").mkdir(parents=True, exist_ok=True)
            (HERE / slug / "img" / name).write_bytes(GIF)
        if slug == "rabia":
            (HERE / "rabia" / "images").mkdir(parents=True, exist_ok=True)
            for name in ("logo.gif", "news.gif"):
                (HERE / "rabia" / "images" / name).write_bytes(GIF)

    # feeds
    write(HERE / "nile/feed.xml", rss_nile(arts_by["nile"]))
    write(HERE / "indus/feed.xml", rss_indus(arts_by["indus"]))
    write(HERE / "rabia/feed.xml", rss_rabia(arts_by["rabia"]), "cp1256")  # strict: must fit
    extra: dict[str, list[dict]] = {"khaleej": [], "najd": []}
    for (src, stem, dst), s in SYNDICATED.items():
        orig = next(a for a in arts_by[src] if a.stem == stem)
        assert f"syndicate:{dst}" in orig.flags
        extra[dst].append(dict(
            title=s["title"], link=orig.url, id=f"{BASE}/{dst}/wire/{src}-{stem}",
            published=(orig.published + timedelta(minutes=s["delay_minutes"])).astimezone(
                timezone(timedelta(hours=s["tz_hours"]))),
            author=s["author"], category=s["category"], summary=s["summary"]))
    for slug in ("khaleej", "najd"):
        write(HERE / f"{slug}/feed.xml", atom(slug, arts_by[slug], extra[slug]))

    # outlet index pages (not articles; handy when browsing the demo server)
    for slug, arts in arts_by.items():
        o = OUTLET[slug]
        lis = "\n".join(f'<li><a href="{a.url_path}">{E(a.title)}</a></li>' for a in arts)
        page = (f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="{o["encoding"]}">'
                f'<title>{E(o["name"])}</title></head><body><h1>{E(o["name"])}</h1>'
                f'<p><a href="/{slug}/feed.xml">الخلاصة</a></p><ul>\n{lis}\n</ul></body></html>\n')
        write(HERE / slug / "index.html", page,
              "cp1256" if o["encoding"] == "windows-1256" else "utf-8", "xmlcharrefreplace")

    # outlets.json
    outlets_json = [{
        "slug": o["slug"], "name": o["name"], "name_en": o["name_en"], "homepage": o["homepage"],
        "country": o["country"], "language": o["language"],
        "feeds": [{"path": f"{o['slug']}/feed.xml", "format": o["format"], "encoding": o["encoding"]}],
    } for o in OUTLETS]
    write(HERE / "outlets.json", json.dumps(outlets_json, ensure_ascii=False, indent=2) + "\n")

    # annotations.json
    notes = []
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
        notes.append(row)
    write(HERE / "annotations.json", json.dumps(notes, ensure_ascii=False, indent=1) + "\n")

    words = [a.words() for a in everything]
    print(f"{len(OUTLETS)} outlets, {len(everything)} pages, {sum(words)} words "
          f"(min {min(words)}, max {max(words)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
