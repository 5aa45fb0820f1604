"""The rule tests' ground: articles stored and tagged the normal way (pages of the demo
site read as extraction reads them, then the pipeline's tag step), the admin's rule
form, and the tag rows an article has."""

import pytest
from django.urls import reverse

from newsmonitor import pipeline
from newsmonitor.articles.models import Article, ArticleCountry, ArticlePair, ArticleTopic
from newsmonitor.demo import SITE_DIR
from newsmonitor.lib.fetch import decode_body
from newsmonitor.lib.pages import extract_page
from newsmonitor.rules import current
from newsmonitor.rules.models import Rule


@pytest.fixture(autouse=True)
def no_tagger_of_another_test():
    """The taggers of one test's revisions leave memory with it."""
    yield
    current._taggers.clear()


def demo_pages():
    return sorted(p for p in SITE_DIR.glob("*/*.html") if p.name != "index.html")


def store_article(path):
    page = extract_page(decode_body(path.read_bytes())[0])
    relative = path.relative_to(SITE_DIR).as_posix()
    return Article.objects.create(url=f"https://{relative.split('/')[0]}.example/{relative}", title=page.title,
                                  body=page.body, published_at=page.published_at, extraction_status="done")


@pytest.fixture
def demo_articles(db):
    """Every article of the demo site, stored and tagged by the rules in force."""
    articles = [store_article(path) for path in demo_pages()]
    pipeline.tag([a.pk for a in articles])
    return articles


def article(title, body, **fields):
    """One article with this text, stored and tagged as the pipeline does."""
    stored = Article.objects.create(url=f"https://x.example/{abs(hash((title, body)))}", title=title, body=body,
                                    extraction_status="done", **fields)
    pipeline.tag([stored.pk])
    return stored


def tags_of(article_id):
    """{(kind, tag)} of an article's stored machine tags, as the preview names them."""
    countries = {("country", c) for c in ArticleCountry.objects.filter(article_id=article_id, source="machine")
                 .values_list("code", flat=True)}
    pairs = {("pair", f"{a}-{b}") for a, b in ArticlePair.objects.filter(article_id=article_id, source="machine")
             .values_list("a", "b")}
    topics = {("topic", t) for t in ArticleTopic.objects.filter(article_id=article_id, source="machine")
              .values_list("topic", flat=True)}
    return countries | pairs | topics


def add_form(active=True, **fields):
    """The admin's add form for a rule, filled in."""
    data = {"kind": "", "target": "", "field": "", "term": "", "weight": "", "note": "", "preview_size": "", **fields}
    if active:
        data["active"] = "on"
    return data


def change_form(rule, active=None, **fields):
    """The admin's change form of a row as shown, with these fields changed."""
    data = {"weight": "" if rule.weight is None else f"{rule.weight:g}", "note": rule.note, "preview_size": "",
            **fields}
    if (rule.active if active is None else active):
        data["active"] = "on"
    return data


def add_url():
    return reverse("admin:rules_rule_add")


def change_url(rule):
    return reverse("admin:rules_rule_change", args=[rule.pk])


def shipped_row(kind, target, field, term):
    return Rule.objects.get(kind=kind, target=target, field=field, term=term)
