"""The grouping test set (newsmonitor/stories/gold/*.jsonl) for the tests: as engine
Docs (tagged by the real tagger, once per process) and as stored articles."""

import json
from datetime import datetime
from functools import lru_cache

from newsmonitor.stories import engine
from newsmonitor.stories.gold.make import HERE


@lru_cache(maxsize=2)
def rows(split):
    return tuple(json.loads(line) for line in (HERE / f"{split}.jsonl").read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=1)
def tagger():
    from newsmonitor.tagging import Tagger

    return Tagger.load()


@lru_cache(maxsize=400)
def doc(split, ident):
    row = next(r for r in rows(split) if r["id"] == ident)
    result = tagger().tag(row["title"], row["body"])
    countries = [d.code for d in sorted(result.country_details, key=lambda d: (-d.salience, d.code))]
    return engine.make_doc(row["id"], row["title"], row["body"], datetime.fromisoformat(row["published"]),
                           row["outlet"], ["-".join(p) for p in result.pairs], result.topics, countries)


def grouped(split, ids=None):
    """{id: story label} of the engine over the split (or these ids), in the file's order."""
    grouper = engine.Grouper()
    for row in rows(split):
        if ids is None or row["id"] in ids:
            grouper.add(doc(split, row["id"]))
    return grouper.labels()


def store(split, ids=None):
    """The split's articles stored (outlets made), not yet tagged: {gold id: Article}."""
    from newsmonitor.articles.models import Article
    from newsmonitor.feeds.models import Outlet

    stored = {}
    for row in rows(split):
        if ids is not None and row["id"] not in ids:
            continue
        outlet, _ = Outlet.objects.get_or_create(name=row["outlet"], defaults={"country": "EG"})
        stored[row["id"]] = Article.objects.create(
            url=f"https://gold.example/{row['id']}", title=row["title"], body=row["body"], outlet=outlet,
            published_at=datetime.fromisoformat(row["published"]), extraction_status="done")
    return stored


def partition(labels):
    """The grouping as a set of frozensets, whatever the story ids are."""
    out = {}
    for ident, label in labels.items():
        out.setdefault(label, set()).add(ident)
    return {frozenset(members) for members in out.values()}
