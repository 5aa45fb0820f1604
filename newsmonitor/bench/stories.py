"""`python -m newsmonitor.bench stories`: grouping articles into stories, against the
obvious alternatives in the same run.

1. The test set written for it (newsmonitor/stories/gold, test split; dev figures too):
   pairwise and B-cubed precision and recall of the engine, of its copies alone, of an
   exact hash of the normalised text, and of title similarity.
2. The real corpus (../shared/corpus/ant-2018-dev.jsonl, read, never copied): the same
   groupings, scored on pairs annotated by id (gold/real/pairs.jsonl, test half); how
   many copies it finds carried by several outlets.
3. Our MinHash against datasketch's (signatures, estimates, LSH), on the real corpus.
4. Throughput and memory over the million-article corpus (dashboard_corpus.py): the
   engine in memory over all of it, and the database step (grouping.group) on PostgreSQL.

    python -m newsmonitor.bench.stories [--million N] [--pg-seconds S] [--skip-million]
"""

import argparse
import hashlib
import itertools
import json
import os
import resource
import sys
import time
from collections import defaultdict
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from newsmonitor.bench.report import write_section
from newsmonitor.stories import engine, minhash, scoring, text
from newsmonitor.stories.gold.make import HERE as GOLD

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "ant-2018-dev.jsonl"
DATABASE = "newsmonitor_stories_bench"


# --- groupings compared ---------------------------------------------------------------------
def group_engine(docs, copies_only=False):
    saved = engine.FOLLOW_MIN, engine.FOLLOW_MIN_ONE_STATE
    if copies_only:
        engine.FOLLOW_MIN = engine.FOLLOW_MIN_ONE_STATE = 2.0  # never reached
    try:
        grouper = engine.Grouper()
        for doc in docs:
            grouper.add(doc)
        return grouper.labels()
    finally:
        engine.FOLLOW_MIN, engine.FOLLOW_MIN_ONE_STATE = saved


def group_exact(items):
    """Articles whose normalised body words are identical."""
    return {i["id"]: hashlib.sha1(" ".join(text.words(i["body"])).encode()).hexdigest() for i in items}


def group_titles(items, threshold=0.5):
    """Articles whose title words overlap (Jaccard >= threshold) within 72 h, chained."""
    words = {i["id"]: set(text.words(i["title"])) for i in items}
    parent = {i["id"]: i["id"] for i in items}

    def root(x):
        while parent[x] != x:
            x = parent[x]
        return x

    ordered = sorted(items, key=lambda i: i["at"])
    for n, a in enumerate(ordered):
        for b in ordered[n + 1:]:
            if (b["at"] - a["at"]) > engine.WINDOW:
                break
            wa, wb = words[a["id"]], words[b["id"]]
            if wa and wb and len(wa & wb) / len(wa | wb) >= threshold:
                parent[root(b["id"])] = root(a["id"])
    return {i: root(i) for i in parent}


def groupings(items, docs):
    return {"the engine: copies and follow-ups": group_engine(docs),
            "the engine's copies only (MinHash near-duplicates)": group_engine(docs, copies_only=True),
            "exact hash of the normalised text": group_exact(items),
            "title similarity (Jaccard of title words >= 0.5, 72 h)": group_titles(items)}


def tagged_doc(tagger, ident, title, body, at, outlet):
    result = tagger.tag(title, body)
    countries = [d.code for d in sorted(result.country_details, key=lambda d: (-d.salience, d.code))]
    return engine.make_doc(ident, title, body, at, outlet, ["-".join(p) for p in result.pairs], result.topics,
                           countries)


# --- 1. the test set ------------------------------------------------------------------------
def test_set(tagger):
    lines = ["| split | grouping | pairwise P | pairwise R | pairwise F | B³ P | B³ R | B³ F |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for split in ("test", "dev"):
        with (GOLD / f"{split}.jsonl").open(encoding="utf-8") as data:
            rows = [json.loads(line) for line in data if line.strip()]
        items = [{**r, "at": datetime.fromisoformat(r["published"])} for r in rows]
        docs = [tagged_doc(tagger, r["id"], r["title"], r["body"], r["at"], r["outlet"]) for r in items]
        truth = {r["id"]: r["story"] for r in rows}
        for name, labels in groupings(items, docs).items():
            s = scoring.score(truth, labels)
            lines.append(f"| {split} ({len(rows)} articles, {len(set(truth.values()))} events) | {name} | "
                         + " | ".join(f"{s[k]:.3f}" for k in ("pairwise_p", "pairwise_r", "pairwise_f", "bcubed_p",
                                                               "bcubed_r", "bcubed_f")) + " |")
    return "\n".join(lines)


# --- 2. the real corpus ---------------------------------------------------------------------
def real_corpus(tagger):
    if not CORPUS.exists():
        if os.getenv("CI", "").lower() == "true":
            sys.exit(f"the real corpus is missing: {CORPUS}")
        return "The real corpus is not here (`../shared/corpus/ant-2018-dev.jsonl`): skipped.", []
    with CORPUS.open(encoding="utf-8") as data:
        rows = [json.loads(line) for line in data if line.strip()]
    items = [{"id": r["id"], "title": r["title"], "body": r["body"], "outlet": r["outlet"],
              "at": parsedate_to_datetime(r["time"])} for r in rows]
    items.sort(key=lambda i: (i["at"], i["id"]))
    docs = [tagged_doc(tagger, i["id"], i["title"], i["body"], i["at"], i["outlet"]) for i in items]
    annotated = [json.loads(line) for line in (GOLD / "real" / "pairs.jsonl").read_text().splitlines()]
    lines = ["| grouping | annotated pairs | precision (test half) | recall (test half) | precision (all) | "
             "recall (all) | grouped pairs not annotated | stories of 2+ |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, labels in groupings(items, docs).items():
        figures = [pair_figures(labels, [p for p in annotated if half(p) == "test"]), pair_figures(labels, annotated)]
        together = {frozenset(p) for p in same_pairs(labels)}
        unknown = len(together - {frozenset((p["a"], p["b"])) for p in annotated})
        sizes = defaultdict(int)
        for label in labels.values():
            sizes[label] += 1
        lines.append(f"| {name} | {len(annotated)} | {figures[0][0]} | {figures[0][1]} | {figures[1][0]} | "
                     f"{figures[1][1]} | {unknown} | {sum(1 for s in sizes.values() if s > 1)} |")
    return "\n".join(lines), (items, docs)


def half(pair):
    return "dev" if int(hashlib.sha1((pair["a"] + pair["b"]).encode()).hexdigest(), 16) % 2 == 0 else "test"


def same_pairs(labels):
    members = defaultdict(list)
    for ident, label in labels.items():
        members[label].append(ident)
    return [pair for group in members.values() for pair in itertools.combinations(sorted(group), 2)]


def pair_figures(labels, pairs):
    """(precision over the annotated pairs it groups, weighted recall of the same pairs)."""
    grouped = [p for p in pairs if labels[p["a"]] == labels[p["b"]]]
    right = [p for p in grouped if p["same"]]
    same = [p for p in pairs if p["same"]]
    precision = f"{len(right) / len(grouped):.2f} ({len(right)}/{len(grouped)})" if grouped else "–"
    recall = sum(p["weight"] for p in right) / sum(p["weight"] for p in same) if same else 0
    return precision, f"{recall:.2f}"


def wire_copies(items, docs):
    """Stories the engine's copies make that several outlets carried."""
    labels = group_engine(docs, copies_only=True)
    outlets = defaultdict(set)
    for item in items:
        outlets[labels[item["id"]]].add(item["outlet"])
    return sum(1 for o in outlets.values() if len(o) > 1)


# --- 3. our MinHash against datasketch ------------------------------------------------------
def minhash_comparison(items):
    try:
        import datasketch
    except ImportError:
        return "datasketch is not installed (`pip install datasketch`, a bench-only tool): comparison skipped."
    import numpy as np

    word_lists = [text.parts(i["title"], i["body"]) for i in items]
    shingled = [text.shingles(i["title"], i["body"]) for i in items]
    t0 = time.perf_counter()
    ours = [minhash.signature(minhash.shingle_hashes(w, text.SHINGLE), engine.FULL_PERMS) for w in word_lists]
    t1 = time.perf_counter()
    theirs = []
    for w in word_lists:
        m = datasketch.MinHash(num_perm=engine.FULL_PERMS, seed=1)
        m.update_batch([" ".join(t).encode("utf-8") for part in w
                        for t in (zip(*(part[i:] for i in range(text.SHINGLE))) if len(part) >= text.SHINGLE
                                  else [tuple(part)] if part else [])])
        theirs.append(m)
    t2 = time.perf_counter()
    # Estimates against the exact Jaccard, on the pairs that share anything (sampled).
    sets = [set(s) for s in shingled]
    pairs = [(a, b) for a in range(0, len(sets), 7) for b in range(a + 1, min(a + 300, len(sets)))
             if sets[a] & sets[b]][:3000]
    exact = np.array([len(sets[a] & sets[b]) / len(sets[a] | sets[b]) for a, b in pairs])
    ours_err = np.abs(np.array([minhash.similarity(ours[a], ours[b]) for a, b in pairs]) - exact)
    theirs_err = np.abs(np.array([theirs[a].jaccard(theirs[b]) for a, b in pairs]) - exact)
    # LSH: index every article and query each, as the engine does (bands of 3 rows).
    t3 = time.perf_counter()
    index = defaultdict(list)
    for n, sig in enumerate(ours):
        for key in minhash.band_keys(sig, engine.FULL_ROWS):
            index[key].append(n)
    hits_ours = sum(len({m for key in minhash.band_keys(sig, engine.FULL_ROWS) for m in index[key]})
                    for sig in ours)
    t4 = time.perf_counter()
    lsh = datasketch.MinHashLSH(num_perm=engine.FULL_PERMS, params=(engine.FULL_BANDS, engine.FULL_ROWS))
    for n, m in enumerate(theirs):
        lsh.insert(n, m)
    hits_theirs = sum(len(lsh.query(m)) for m in theirs)
    t5 = time.perf_counter()
    n = len(items)
    return "\n".join([
        f"{n} real articles, {engine.FULL_PERMS} permutations, word 3-shingles ({sum(map(len, shingled)):,} in all); "
        "both from the articles' normalised words (ours hashes each word once and mixes neighbours in numpy; "
        "datasketch hashes each shingle's string with SHA-1).",
        "",
        "| | signatures | articles/s | mean abs. error of J (n={}) | LSH index + query all | candidates |".format(len(pairs)),
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| ours (numpy, CRC-32 words, mixed shingles) | {t1 - t0:.2f} s | {n / (t1 - t0):,.0f} | "
        f"{ours_err.mean():.4f} | {t4 - t3:.2f} s | {hits_ours:,} |",
        f"| datasketch {datasketch.__version__} (update_batch, SHA-1) | {t2 - t1:.2f} s | {n / (t2 - t1):,.0f} | "
        f"{theirs_err.mean():.4f} | {t5 - t4:.2f} s | {hits_theirs:,} |",
    ])


# --- 4. throughput and memory over the million ---------------------------------------------
def million_in_memory(limit, chunk=20_000):
    """The engine over the corpus in time order, reading it from PostgreSQL in chunks."""
    from django.db import connection

    grouper = engine.Grouper()
    read = features = grouping = 0.0
    done, last = 0, (datetime.min.replace(tzinfo=None), 0)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title, body, COALESCE(published_at, discovered_at), outlet_id FROM articles_article "
                       "WHERE extraction_status IN ('done', 'summary') ORDER BY 4, 1 LIMIT %s", [limit])
        while True:
            t0 = time.perf_counter()
            rows = cursor.fetchmany(chunk)
            if not rows:
                break
            tags = chunk_tags(connection, [r[0] for r in rows])
            t1 = time.perf_counter()
            docs = [engine.make_doc(pk, title, body, at, outlet, tags["pairs"].get(pk, ()), tags["topics"].get(pk, ()),
                                    tags["countries"].get(pk, ())) for pk, title, body, at, outlet in rows]
            t2 = time.perf_counter()
            for doc in docs:
                grouper.add(doc)
            t3 = time.perf_counter()
            read, features, grouping = read + t1 - t0, features + t2 - t1, grouping + t3 - t2
            done += len(rows)
            print(f"  in memory: {done:,} articles, {done / (read + features + grouping):,.0f}/s", file=sys.stderr)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sizes = defaultdict(int)
    for story in grouper.story_of.values():
        sizes[story] += 1
    return {"articles": done, "read": read, "features": features, "grouping": grouping, "rss_mb": rss / 1024,
            "rss_before_mb": rss_before / 1024, "stories": len(sizes), "largest": max(sizes.values(), default=0),
            "keys": len(grouper.index)}


def chunk_tags(connection, ids):
    out = {"pairs": defaultdict(list), "topics": defaultdict(list), "countries": defaultdict(list)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, a || '-' || b FROM articles_articlepair WHERE article_id = ANY(%s)", [ids])
        for pk, pair in cursor.fetchall():
            out["pairs"][pk].append(pair)
        cursor.execute("SELECT article_id, topic FROM articles_articletopic WHERE article_id = ANY(%s)", [ids])
        for pk, topic in cursor.fetchall():
            out["topics"][pk].append(topic)
        cursor.execute("SELECT article_id, code FROM articles_articlecountry WHERE article_id = ANY(%s) "
                       "ORDER BY article_id, score DESC, code", [ids])
        for pk, code in cursor.fetchall():
            out["countries"][pk].append(code)
    return out


def incremental_on_postgres(seconds, batch=200):
    """grouping.group in time order from an empty index, for `seconds`: articles/s per
    slice, to see whether it stays flat as the index grows."""
    from django.db import connection

    from newsmonitor.stories import regroup
    from newsmonitor.stories.grouping import group

    with connection.cursor() as cursor:
        for table in ("stories_storymember", "stories_story", "stories_link", "stories_band", "stories_fingerprint"):
            cursor.execute(f"TRUNCATE {table} CASCADE")
    ids = regroup.selection().values_list("pk", flat=True).iterator(chunk_size=10_000)
    started, slices, done, slice_start, slice_done = time.perf_counter(), [], 0, time.perf_counter(), 0
    for first in iter(lambda: list(itertools.islice(ids, batch)), []):
        group(first)
        done += len(first)
        slice_done += len(first)
        now = time.perf_counter()
        if now - slice_start >= seconds / 6:
            slices.append((done, slice_done / (now - slice_start)))
            print(f"  grouping.group: {done:,} articles, {slices[-1][1]:.0f}/s", file=sys.stderr)
            slice_start, slice_done = now, 0
        if now - started >= seconds:
            break
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), pg_size_pretty(pg_total_relation_size('stories_band')), "
                       "pg_size_pretty(pg_total_relation_size('stories_fingerprint')) FROM stories_band")
        bands, band_size, fingerprint_size = cursor.fetchone()
        cursor.execute("SELECT count(*), max(size) FROM stories_story")
        stories, largest = cursor.fetchone()
    return {"articles": done, "seconds": time.perf_counter() - started, "slices": slices, "bands": bands,
            "band_size": band_size, "fingerprint_size": fingerprint_size, "stories": stories, "largest": largest}


def throughput(limit, pg_seconds):
    from django.db import connection

    from newsmonitor.bench import dashboard_corpus

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article")
        have = cursor.fetchone()[0]
    if have < limit:
        dashboard_corpus.generate(limit - have, seed=have + 1, progress=lambda m: print(m, file=sys.stderr))
    memory = million_in_memory(limit)
    total = memory["read"] + memory["features"] + memory["grouping"]
    lines = [f"Corpus: the dashboard's synthetic corpus (`python -m newsmonitor.bench.dashboard_corpus`), "
             f"{memory['articles']:,} articles over three years, in time order, on {connection.vendor} "
             f"{connection.pg_version if connection.vendor == 'postgresql' else ''}.",
             "",
             "| the engine in memory (one process) | |",
             "| --- | ---: |",
             f"| articles | {memory['articles']:,} |",
             f"| articles/s, end to end (read + features + grouping) | {memory['articles'] / total:,.0f} |",
             f"| reading from PostgreSQL | {memory['read']:.0f} s |",
             f"| features (shingles, MinHash, facts, band keys) | {memory['features']:.0f} s "
             f"({memory['articles'] / memory['features']:,.0f}/s) |",
             f"| grouping (candidates, links, stories) | {memory['grouping']:.0f} s "
             f"({memory['articles'] / memory['grouping']:,.0f}/s) |",
             f"| peak resident memory | {memory['rss_mb']:,.0f} MB (before: {memory['rss_before_mb']:,.0f} MB) |",
             f"| stories / largest / band keys held | {memory['stories']:,} / {memory['largest']:,} / "
             f"{memory['keys']:,} |"]
    if pg_seconds:
        pg = incremental_on_postgres(pg_seconds)
        lines += ["", f"| grouping.group on PostgreSQL, batches of 200 in time order from an empty index, "
                      f"{pg['seconds']:.0f} s | |", "| --- | ---: |",
                  f"| articles grouped | {pg['articles']:,} ({pg['articles'] / pg['seconds']:,.0f}/s) |"]
        lines += [f"| articles/s while the index held {done:,} articles | {rate:,.0f} |" for done, rate in pg["slices"]]
        lines += [f"| band rows / their table and index | {pg['bands']:,} / {pg['band_size']} |",
                  f"| fingerprints table | {pg['fingerprint_size']} |",
                  f"| stories / largest | {pg['stories']:,} / {pg['largest']} |"]
    return "\n".join(lines)


def configure():
    """Its own database (bench/setup.py), migrated only as far as stories need: the
    million-article corpus is read, and only the stories' tables are written."""
    from newsmonitor.bench.setup import ROOT, ensure_database

    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DATABASE}")
    os.environ.setdefault("NEWSMONITOR_VAR_DIR", str(ROOT / "var" / "bench-stories"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsmonitor.settings")
    ensure_database(os.environ["DATABASE_URL"])
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "stories", verbosity=0, interactive=False)


def run(argv=None):
    parser = argparse.ArgumentParser(prog="python -m newsmonitor.bench.stories")
    parser.add_argument("--million", type=int, default=1_000_000, help="articles of the synthetic corpus")
    parser.add_argument("--pg-seconds", type=int, default=600, help="seconds of grouping.group on PostgreSQL")
    parser.add_argument("--skip-million", action="store_true")
    args = parser.parse_args(argv if argv is not None else [])
    from newsmonitor.tagging import Tagger

    tagger = Tagger.load()
    sections = ["Grouping articles into stories (`newsmonitor/stories/`): copies by MinHash/LSH over word "
                "shingles of the normalised text (estimated containment ≥ "
                f"{engine.COPY_MIN}, sharing ≥ {engine.COPY_FACTS_MIN} of title-and-lead facts), follow-ups by the "
                f"facts of title and lead (≥ {engine.FOLLOW_MIN} shared, same pair, same topic, "
                f"{engine.WINDOW.total_seconds() / 3600:.0f} h); thresholds tuned on the dev split and the dev half "
                "of the real annotations.", "", "### The test set (written for it: 16 events, 8 pairs)", "",
                test_set(tagger), ""]
    real, corpus = real_corpus(tagger)
    sections += ["### The real corpus (3,000 articles of 2018, five outlets)", "", real, ""]
    if corpus:
        items, docs = corpus
        sections += [f"Copies carried by several outlets found by the engine: {wire_copies(items, docs)} stories.",
                     "", "### Our MinHash against datasketch", "", minhash_comparison(items), ""]
    if not args.skip_million:
        configure()
        sections += ["### Throughput and memory over the million-article corpus", "",
                     throughput(args.million, args.pg_seconds)]
    write_section("stories", "Stories: grouping precision, recall and throughput",
                  "python -m newsmonitor.bench stories", "\n".join(sections))


if __name__ == "__main__":
    run(sys.argv[1:])
