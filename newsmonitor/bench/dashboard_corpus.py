"""A realistic synthetic corpus for the dashboard benchmark: N articles with their tags
and timeline rows, written to PostgreSQL with COPY (a million in minutes).

    python -m newsmonitor.bench.dashboard_corpus [N] [--seed 1] [--days 1095] [--batch 20000]

adds N articles (default: a million) to what is there, in DATABASE_URL (default: the
dashboard benchmark's own database, newsmonitor_dash_bench); the benchmark
(dashboard.py) also calls generate() itself when its corpus is short.

Realistic in what matters to the queries: a few pairs get most of the coverage (Zipf),
volume grows over the years with a weekly rhythm, one to three pairs and topics per
article, a hundred outlets in a dozen countries, Arabic titles and bodies whose country
names carry clitics (وباكستان، لباكستان، الباكستانية) as real text does.
"""

import argparse
import json
import random
import sys
import time as clock
from datetime import datetime, time, timedelta, timezone
from itertools import combinations

from django.db import connection

from newsmonitor.lib.urls import url_hash
from newsmonitor.tagging import TOPIC_SLUGS
from newsmonitor.timelines.names import TOPIC_BIT, country_name
from newsmonitor.timelines.search.text import search_text

# Countries by how often Arabic news names them (a rough, hand-made ranking).
COUNTRIES = ["SA", "EG", "US", "IL", "PS", "IR", "AE", "TR", "QA", "SY", "IQ", "RU", "JO", "LB", "YE", "CN", "FR",
             "GB", "PK", "SD", "LY", "DZ", "MA", "TN", "KW", "OM", "BH", "DE", "IN", "UA", "ET", "IT", "SO", "AF",
             "JP", "KR", "ES", "BR", "MR", "DJ", "ER", "GR", "CY", "AZ", "ID", "MY", "BD", "NG", "KE", "SS"]
OUTLET_COUNTRIES = ["EG", "SA", "AE", "QA", "JO", "LB", "MA", "DZ", "TN", "IQ", "KW", "PS", "GB", "TR"]
TOPIC_WEIGHTS = [6, 8, 14, 7, 30, 9, 14, 4, 3, 5, 3, 6]
VERBS = ["تبحثان", "توقعان", "تعززان", "تناقشان", "تؤكدان"]
SUBJECTS = {
    "defence-industry": "التصنيع العسكري والصناعات الدفاعية", "military-cooperation": "التعاون العسكري والتدريبات المشتركة",
    "trade-economy": "التبادل التجاري والاستثمار", "energy": "مشروعات الطاقة والغاز", "diplomacy-visits":
    "العلاقات الثنائية خلال زيارة رسمية", "security-terrorism": "مكافحة الإرهاب وأمن الحدود", "conflict":
    "وقف إطلاق النار والتوتر", "migration": "أوضاع اللاجئين والعمالة", "health": "التعاون الصحي واللقاحات",
    "culture-education": "التعاون الثقافي والتعليمي", "sports": "البطولة الرياضية", "domestic-politics":
    "الانتخابات والشأن الداخلي",
}
FILLER = ("وأكد المسؤولون أهمية البناء على ما تحقق خلال الفترة الماضية ومتابعة تنفيذ الاتفاقات الموقعة "
          "بما يخدم مصالح البلدين والشعبين ويعزز الاستقرار في المنطقة").split()


def zipf_weights(n, s=1.1):
    return [1 / (rank ** s) for rank in range(1, n + 1)]


class Generator:
    def __init__(self, seed=1, days=3 * 365, end=None):
        self.rng = random.Random(seed)
        self.end = end or datetime.now(timezone.utc).date()
        self.days = [self.end - timedelta(days=days - 1 - i) for i in range(days)]
        # Volume grows by half over the span; Fridays are quiet.
        self.day_weights = [(1 + 0.5 * i / days) * (0.6 if d.weekday() == 4 else 1) for i, d in enumerate(self.days)]
        weights = dict(zip(COUNTRIES, zipf_weights(len(COUNTRIES), 0.9)))
        pairs = [tuple(sorted(p)) for p in combinations(COUNTRIES, 2)]
        pair_weights = [weights[a] * weights[b] * self.rng.uniform(0.2, 1.8) for a, b in pairs]
        ranked = sorted(zip(pair_weights, pairs), reverse=True)[:800]
        self.pairs = [p for _w, p in ranked]
        self.pair_weights = zipf_weights(len(self.pairs), 1.05)
        self.names = {code: country_name(code, "ar") for code in COUNTRIES}

    def outlets(self, n=100):
        return [(f"وكالة أنباء تجريبية {i + 1}", self.rng.choice(OUTLET_COUNTRIES),
                 "ar" if self.rng.random() < 0.95 else self.rng.choice(["en", "fr"])) for i in range(n)]

    def article(self, day, outlet_ids):
        rng = self.rng
        primary = rng.choices(self.pairs, weights=self.pair_weights)[0]
        pairs = [primary]
        for _ in range(rng.choices([0, 1, 2], weights=[65, 27, 8])[0]):
            other = rng.choices(self.pairs, weights=self.pair_weights)[0]
            if other not in pairs and set(other) & set(primary):
                pairs.append(other)
        countries = sorted({c for p in pairs for c in p})
        topics = list(dict.fromkeys(rng.choices(TOPIC_SLUGS, weights=TOPIC_WEIGHTS, k=rng.choice([1, 1, 2, 3]))))
        topic_rows = [{"topic": t, "score": round(rng.uniform(0.3, 1.0), 3)} for t in topics]
        a, b = self.names[primary[0]], self.names[primary[1]]
        subject = SUBJECTS[topics[0]]
        title = f"{a} و{b} {rng.choice(VERBS)} {subject}"
        evidence = f"بحث مسؤولون من {a} و{b} سبل تعزيز {subject} بين البلدين."
        extra = " ".join(f"وأشاد الجانب {self.names[c]} بالموقف ل{self.names[d]}" for c, d in pairs[1:])
        body = "\n".join([evidence, extra, " ".join(rng.sample(FILLER, 18))]).strip()
        when = datetime.combine(day, time(rng.randrange(24), rng.randrange(60), rng.randrange(60)),
                                tzinfo=timezone.utc)
        return {"pairs": pairs, "primary": primary, "countries": countries, "topics": topic_rows, "title": title,
                "body": body, "evidence": evidence, "time": when, "day": day, "outlet": rng.choice(outlet_ids)}


def generate(total, seed=1, batch=20000, days=3 * 365, progress=print):
    """Writes `total` articles (and tags, documents, pair rows, roll-ups). PostgreSQL."""
    # Here, not at the top: `python -m` imports this module before main() sets Django up.
    from newsmonitor.timelines.readmodels.rollups import rebuild_rollups

    assert connection.vendor == "postgresql", "the synthetic corpus is for PostgreSQL"
    gen = Generator(seed=seed, days=days)
    with connection.cursor() as cursor:
        outlets = []
        for name, country, language in gen.outlets():
            cursor.execute("INSERT INTO feeds_outlet (name, homepage, country, language, notes) VALUES (%s, '', %s, %s, '') "
                           "ON CONFLICT (name) DO UPDATE SET country = EXCLUDED.country RETURNING id, country, language",
                           [name, country, language])
            outlets.append(cursor.fetchone())
        outlet_info = {row[0]: (row[1], row[2]) for row in outlets}
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM articles_article")
        next_id = cursor.fetchone()[0] + 1
        cursor.execute("DROP INDEX IF EXISTS timelines_doc_vector_gin")
    first_id = next_id
    days_list = gen.rng.choices(gen.days, weights=gen.day_weights, k=total)
    days_list.sort()
    for start in range(0, total, batch):
        chunk = [gen.article(day, list(outlet_info)) for day in days_list[start:start + batch]]
        _copy_batch(chunk, next_id, outlet_info, seed)
        next_id += len(chunk)
        progress(f"{start + len(chunk)} / {total} articles")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('articles_article', 'id'), %s)", [next_id])
        progress("pair rows")
        cursor.execute(
            'INSERT INTO timelines_pairentry (article_id, a, b, day, time, "primary", score, outlet_id, '
            "outlet_country, language, topics, main_topic) "
            'SELECT p.article_id, p.a, p.b, d.day, d.time, p."primary", p.score, d.outlet_id, d.outlet_country, '
            "d.language, d.topics, d.main_topic FROM articles_articlepair p "
            "JOIN timelines_articledoc d ON d.article_id = p.article_id WHERE p.article_id >= %s", [first_id])
        progress("roll-ups")
        rebuild_rollups()
        progress("search index")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("CREATE INDEX IF NOT EXISTS timelines_doc_vector_gin ON timelines_articledoc "
                       "USING gin (search_vector)")
        # VACUUM, not only ANALYZE: a bulk load leaves the visibility map empty, and
        # without it the index-only scans the charts rely on read the heap after all.
        progress("vacuum analyze")
        for table in ("articles_article", "articles_articlecountry", "articles_articlepair", "articles_articletopic",
                      "timelines_articledoc", "timelines_pairentry", "timelines_pairday", "timelines_pairtopicday",
                      "timelines_topicday"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return next_id - first_id


def _copy_batch(chunk, first_id, outlet_info, seed):
    from newsmonitor.timelines.readmodels.rollups import main_topic

    now = datetime.now(timezone.utc)
    with connection.cursor() as wrapper:
        raw = wrapper.cursor  # psycopg's own cursor, for COPY
        with raw.copy("COPY articles_article (id, url, url_hash, original_url, title, summary, body, author, language, "
                      "published_at, published_source, date_unreadable, discovered_at, extraction_status, "
                      "extraction_error, extraction_attempts, extracted_at, content_hash, tagged_at, tagger_version, "
                      "outlet_id) FROM STDIN") as copy:
            for i, art in enumerate(chunk):
                pk = first_id + i
                url = f"https://synthetic.example/{seed}/{pk}"
                copy.write_row((pk, url, url_hash(url), url, art["title"], "", art["body"], "", outlet_info[art["outlet"]][1],
                                art["time"], "page", False, art["time"], "done", "", 1, art["time"], "", now,
                                "synthetic", art["outlet"]))
        with raw.copy("COPY articles_articlecountry (article_id, day, score, source, code, mentions, "
                      "first_position, forms) FROM STDIN") as copy:
            for i, art in enumerate(chunk):
                for position, code in enumerate(art["countries"]):
                    copy.write_row((first_id + i, art["day"], 1.0, "machine", code, 2, position, "[]"))
        with raw.copy('COPY articles_articlepair (article_id, day, score, source, a, b, "primary", evidence, cues) '
                      "FROM STDIN") as copy:
            for i, art in enumerate(chunk):
                for a, b in art["pairs"]:
                    primary = (a, b) == art["primary"]
                    evidence = json.dumps([art["evidence"]] if primary else [], ensure_ascii=False)
                    copy.write_row((first_id + i, art["day"], 0.9 if primary else 0.5, "machine", a, b, primary,
                                    evidence, "[]"))
        with raw.copy("COPY articles_articletopic (article_id, day, score, source, topic, terms) FROM STDIN") as copy:
            for i, art in enumerate(chunk):
                for row in art["topics"]:
                    copy.write_row((first_id + i, art["day"], row["score"], "machine", row["topic"], "[]"))
        with raw.copy("COPY timelines_articledoc (article_id, day, time, outlet_id, outlet_country, language, "
                      "topics, main_topic, countries, search_text, refreshed_at) FROM STDIN") as copy:
            for i, art in enumerate(chunk):
                country, language = outlet_info[art["outlet"]]
                mask = sum(TOPIC_BIT[row["topic"]] for row in art["topics"])
                copy.write_row((first_id + i, art["day"], art["time"], art["outlet"], country, language, mask,
                                main_topic(art["topics"]), " " + " ".join(art["countries"]) + " ",
                                search_text(art["title"], art["body"]), now))


def main(argv=None):
    """What `manage.py synthcorpus` was: generate() with progress on stdout."""
    parser = argparse.ArgumentParser(description="Generate a synthetic corpus of tagged articles (PostgreSQL, bulk COPY).")
    parser.add_argument("articles", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=3 * 365, help="span of publication days, ending today")
    parser.add_argument("--batch", type=int, default=20000)
    args = parser.parse_args(argv)
    from newsmonitor.bench.dashboard import configure

    configure()
    if connection.vendor != "postgresql":
        sys.exit("the synthetic corpus needs PostgreSQL: set DATABASE_URL")
    started = clock.monotonic()

    def progress(message):
        print(f"[{clock.monotonic() - started:7.1f} s] {message}", flush=True)

    made = generate(args.articles, seed=args.seed, batch=args.batch, days=args.days, progress=progress)
    print(f"{made} articles in {clock.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
