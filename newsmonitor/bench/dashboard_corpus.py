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

Stories: about a quarter of the articles are copies of another carried by other outlets
within hours (a new title or an agency's tag, a paragraph dropped, another footer,
now and then a topic more or less), most stories have one article, some two to five,
and one in five hundred is a wire story carried by twenty to eighty outlets over half a
day. Each article is written with its story (stories.Story and StoryMember, as the
grouping step stores them: "first" and "copy") and the read models' story columns.
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
TITLE_TAGS = ["عاجل: ", "", "بالفيديو: ", ""]
AGENCIES = ["(واس)", "(وام)", "(أ ش أ)", "(قنا)", "(كونا)"]
FOOTERS = ["المصدر: وكالة الأنباء الرسمية", "تابعونا على منصات التواصل الاجتماعي", "جميع الحقوق محفوظة للناشر"]
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

    def copies(self):
        """How many other outlets carry a story: none for most, a wire story now and then."""
        r = self.rng.random()
        if r < 0.002:
            return self.rng.randint(20, 80)
        if r < 0.052:
            return self.rng.randint(2, 5)
        return 1 if r < 0.112 else 0

    def copy_of(self, source, outlet_ids, spread_minutes):
        """Another outlet's copy of `source`: a new title or an agency's tag, a paragraph
        dropped or a footer added, now and then a topic more or less; later by minutes to hours."""
        rng = self.rng
        title = rng.choice(TITLE_TAGS) + source["title"] + (" " + rng.choice(AGENCIES) if rng.random() < 0.4 else "")
        paragraphs = source["body"].split("\n")
        if len(paragraphs) > 1 and rng.random() < 0.5:
            paragraphs = paragraphs[:-1]
        if rng.random() < 0.4:
            paragraphs.append(rng.choice(FOOTERS))
        topics = [dict(row) for row in source["topics"]]
        if rng.random() < 0.1:
            extra = rng.choices(TOPIC_SLUGS, weights=TOPIC_WEIGHTS)[0]
            if len(topics) > 1 and rng.random() < 0.5:
                topics.pop()
            elif extra not in {row["topic"] for row in topics}:
                topics.append({"topic": extra, "score": round(rng.uniform(0.3, 0.6), 3)})
        when = source["time"] + timedelta(minutes=rng.randint(2, spread_minutes), seconds=rng.randrange(60))
        outlet = rng.choice([o for o in outlet_ids if o != source["outlet"]] or outlet_ids)
        return dict(source, title=title, body="\n".join(paragraphs), topics=topics, time=when,
                    day=when.astimezone(timezone.utc).date(), outlet=outlet)

    def story(self, day, outlet_ids, room):
        """An article and its copies (at most `room` articles in all), oldest first."""
        source = self.article(day, outlet_ids)
        count = min(self.copies(), room - 1)
        spread = 720 if count >= 20 else 360
        return [source] + sorted((self.copy_of(source, outlet_ids, spread) for _ in range(count)),
                                 key=lambda art: art["time"])


def generate(total, seed=1, batch=20000, days=3 * 365, progress=print):
    """Writes `total` articles (and tags, stories, documents, pair rows, roll-ups). PostgreSQL."""
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
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM stories_story")
        next_story = cursor.fetchone()[0] + 1
        cursor.execute("DROP INDEX IF EXISTS timelines_doc_vector_gin")
    first_id = next_id
    days_list = gen.rng.choices(gen.days, weights=gen.day_weights, k=total)
    days_list.sort()
    made, pending, held, outlet_ids = 0, [], 0, list(outlet_info)
    while made < total:
        members = gen.story(days_list[made], outlet_ids, total - made)
        made += len(members)
        held += len(members)
        pending.append(with_ids(members, next_id, next_story))
        next_id += len(members)
        next_story += 1
        if held >= batch or made >= total:
            chunk = [art for story in pending for art in story]
            _copy_batch(chunk, chunk[0]["id"], outlet_info, seed)
            _copy_stories(pending, outlet_info)
            pending, held = [], 0
            progress(f"{made} / {total} articles")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('articles_article', 'id'), %s)", [next_id])
        cursor.execute("SELECT setval(pg_get_serial_sequence('stories_story', 'id'), %s)", [next_story])
        progress("pair rows")
        # With their story columns (models.PairEntry), worked out as rollups.PAIR_LEADS does.
        cursor.execute(
            'INSERT INTO timelines_pairentry (article_id, a, b, day, time, "primary", score, outlet_id, '
            "outlet_country, language, topics, main_topic, story_key, lead, lead_primary, lead_topics, prior_topics, "
            "lead_topics_primary, prior_topics_primary) "
            'SELECT article_id, a, b, day, time, "primary", score, outlet_id, outlet_country, language, topics, '
            'main_topic, story_key, rn = 1, rp = 1 AND "primary", topics & ~pt, '
            'CASE WHEN (topics & ~pt) = 0 THEN 0 ELSE pt END, CASE WHEN "primary" THEN topics & ~ptp ELSE 0 END, '
            'CASE WHEN "primary" AND (topics & ~ptp) <> 0 THEN ptp ELSE 0 END FROM ('
            'SELECT p.article_id, p.a, p.b, d.day, d.time, p."primary", p.score, d.outlet_id, d.outlet_country, '
            "d.language, d.topics, d.main_topic, d.story_key, ROW_NUMBER() OVER s AS rn, ROW_NUMBER() OVER sp AS rp, "
            "COALESCE(bit_or(d.topics) OVER (s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pt, "
            "COALESCE(bit_or(d.topics) OVER (sp ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS ptp "
            "FROM articles_articlepair p JOIN timelines_articledoc d ON d.article_id = p.article_id "
            "WHERE p.article_id >= %s "
            "WINDOW s AS (PARTITION BY p.a, p.b, d.story_key ORDER BY d.time, p.article_id), "
            'sp AS (PARTITION BY p.a, p.b, d.story_key, p."primary" ORDER BY d.time, p.article_id)) w',
            [first_id])
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
                      "stories_story", "stories_storymember", "timelines_articledoc", "timelines_pairentry",
                      "timelines_pairday", "timelines_pairtopicday", "timelines_topicday"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return next_id - first_id


def with_ids(members, first_id, story_id):
    """The story's articles with their ids and story columns: the first leads the story,
    and each leads the topics no earlier member had (ArticleDoc.lead_topics)."""
    seen = 0
    for i, art in enumerate(members):
        mask = sum(TOPIC_BIT[row["topic"]] for row in art["topics"])
        similarity = 0.0 if i == 0 else round(0.75 + 0.24 * ((i * 7919) % 100) / 100, 3)
        art.update(id=first_id + i, story=story_id, lead=i == 0, lead_topics=mask & ~seen, mask=mask,
                   how="first" if i == 0 else "copy", similarity=similarity)
        seen |= mask
    return members


def _copy_stories(stories, outlet_info):
    now = datetime.now(timezone.utc)
    with connection.cursor() as wrapper:
        raw = wrapper.cursor
        with raw.copy("COPY stories_story (id, first_article_id, first_at, last_at, size, outlets, outlet_countries, "
                      "countries, pairs, topics, pinned, updated_at) FROM STDIN") as copy:
            for members in stories:
                first = members[0]
                outlets = list(dict.fromkeys(art["outlet"] for art in members))
                topics = sorted({row["topic"] for art in members for row in art["topics"]})
                copy.write_row((first["story"], first["id"], first["time"], members[-1]["time"], len(members),
                                json.dumps(outlets), json.dumps(sorted({outlet_info[o][0] for o in outlets})),
                                json.dumps(first["countries"]), json.dumps([f"{a}-{b}" for a, b in first["pairs"]]),
                                json.dumps(topics), False, now))
        with raw.copy("COPY stories_storymember (article_id, story_id, how, similarity, joined_at) FROM STDIN") as copy:
            for members in stories:
                for art in members:
                    copy.write_row((art["id"], art["story"], art["how"], art["similarity"], art["time"]))


def _copy_batch(chunk, first_id, outlet_info, seed):
    from newsmonitor.timelines.readmodels.rollups import main_topic

    now = datetime.now(timezone.utc)
    with connection.cursor() as wrapper:
        raw = wrapper.cursor  # psycopg's own cursor, for COPY
        with raw.copy("COPY articles_article (id, url, url_hash, original_url, title, summary, body, raw_body, author, "
                      "language, published_at, published_source, date_unreadable, discovered_at, extraction_status, "
                      "extraction_error, extraction_attempts, extracted_at, content_hash, tagged_at, first_tagged_at, "
                      "tagger_version, outlet_id) FROM STDIN") as copy:
            for i, art in enumerate(chunk):
                pk = first_id + i
                url = f"https://synthetic.example/{seed}/{pk}"
                copy.write_row((pk, url, url_hash(url), url, art["title"], "", art["body"], "", "",
                                outlet_info[art["outlet"]][1], art["time"], "page", False, art["time"], "done", "", 1,
                                art["time"], "", now, art["time"], "synthetic", art["outlet"]))
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
                      "topics, main_topic, countries, search_text, refreshed_at, story_key, lead, lead_topics) "
                      "FROM STDIN") as copy:
            for i, art in enumerate(chunk):
                country, language = outlet_info[art["outlet"]]
                copy.write_row((first_id + i, art["day"], art["time"], art["outlet"], country, language, art["mask"],
                                main_topic(art["topics"]), " " + " ".join(art["countries"]) + " ",
                                search_text(art["title"], art["body"]), now, art["story"], art["lead"],
                                art["lead_topics"]))


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
