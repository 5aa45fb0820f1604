"""Stories in the read models: every row's story (story_key: the Story's id, or minus
the article's id while it has none), which rows lead their story (its first article
of the table, of the pair, of the pair's primary rows, of each topic), and story
counts beside the article counts in the roll-ups (models.py says what they count).

The rows are filled here from stories.StoryMember, so an existing database shows the
same pages at once (on SQLite the story columns are worked out in Python: it has no
bit_or); covering indexes are made again with the story columns
(PostgreSQL INCLUDE; SQLite gets the plain keys), and the story indexes added: a
story's rows of a pair, and a story's documents, in time order."""

from collections import defaultdict

from django.db import migrations, models

from newsmonitor.tagging import TOPIC_SLUGS
from newsmonitor.timelines.names import TOPIC_BIT

# Each table's story columns in one pass (on a large table every pass rewrites every
# row and its index entries): a row's story, whether it is the first of its story's
# rows (of the pair's, of the pair's primary ones), and the topics it brings first.
STORIES = ("(SELECT t.*, COALESCE(m.story_id, -t.article_id) AS story FROM {table} t "
           "LEFT JOIN stories_storymember m ON m.article_id = t.article_id)")
DOC_FILL = (
    "UPDATE timelines_articledoc SET story_key = w.story, lead = (w.rn = 1), lead_topics = w.topics & ~w.pt "
    "FROM (SELECT article_id, story, topics, ROW_NUMBER() OVER s AS rn, "
    "COALESCE(bit_or(topics) OVER (s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pt "
    f"FROM {STORIES.format(table='timelines_articledoc')} k "
    "WINDOW s AS (PARTITION BY story ORDER BY time, article_id)) w "
    "WHERE w.article_id = timelines_articledoc.article_id")
PAIR_FILL = (
    "UPDATE timelines_pairentry SET story_key = w.story, lead = (w.rn = 1), "
    'lead_primary = (w.rp = 1 AND w."primary"), '
    "lead_topics = w.topics & ~w.pt, prior_topics = CASE WHEN (w.topics & ~w.pt) = 0 THEN 0 ELSE w.pt END, "
    'lead_topics_primary = CASE WHEN w."primary" THEN w.topics & ~w.ptp ELSE 0 END, '
    'prior_topics_primary = CASE WHEN w."primary" AND (w.topics & ~w.ptp) <> 0 THEN w.ptp ELSE 0 END '
    'FROM (SELECT id, story, "primary", topics, ROW_NUMBER() OVER s AS rn, ROW_NUMBER() OVER sp AS rp, '
    "COALESCE(bit_or(topics) OVER (s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pt, "
    "COALESCE(bit_or(topics) OVER (sp ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS ptp "
    f"FROM {STORIES.format(table='timelines_pairentry')} k "
    "WINDOW s AS (PARTITION BY a, b, story ORDER BY time, article_id), "
    'sp AS (PARTITION BY a, b, story, "primary" ORDER BY time, article_id)) w '
    "WHERE w.id = timelines_pairentry.id")
SEARCH = ("timelines_doc_vector_gin", "CREATE INDEX timelines_doc_vector_gin ON timelines_articledoc "
          "USING gin (search_vector)")
STORY = "lead_topics, prior_topics, lead_topics_primary, prior_topics_primary"
COUNTS = ('COUNT(*), SUM(CASE WHEN "primary" THEN 1 ELSE 0 END), SUM(CASE WHEN lead THEN 1 ELSE 0 END), '
          "SUM(CASE WHEN lead_primary THEN 1 ELSE 0 END)")
ROLLUPS = [
    "DELETE FROM timelines_pairday",
    f"INSERT INTO timelines_pairday (a, b, day, n, n_primary, s, s_primary) SELECT a, b, day, {COUNTS} "
    "FROM timelines_pairentry GROUP BY a, b, day",
    "DELETE FROM timelines_pairtopicday",
    f"INSERT INTO timelines_pairtopicday (a, b, day, topics, main_topic, language, {STORY}, n, n_primary, s, "
    f"s_primary) SELECT a, b, day, topics, main_topic, language, {STORY}, {COUNTS} FROM timelines_pairentry "
    f"GROUP BY a, b, day, topics, main_topic, language, {STORY}",
]
# name: (unique?, table, key columns, included columns)
INDEXES = {
    "pairentry_chart_idx": (False, "timelines_pairentry", "a, b, day",
                            'topics, main_topic, "primary", outlet_country, outlet_id, language'),
    "pairentry_outlet_country_idx": (False, "timelines_pairentry", "a, b, outlet_country, day",
                                     'topics, main_topic, "primary", language, outlet_id, story_key, time, article_id'),
    "pairentry_story_idx": (False, "timelines_pairentry", "a, b, story_key, time, article_id",
                            'day, topics, main_topic, "primary", language, outlet_id, outlet_country'),
    "doc_story_idx": (False, "timelines_articledoc", "story_key, time, article_id",
                      "day, topics, main_topic, language, outlet_id, outlet_country"),
    "pairday_day_idx": (False, "timelines_pairday", "day, a, b", "n, n_primary, s, s_primary"),
    "pairday_b_idx": (False, "timelines_pairday", "b, day", "a, n, n_primary, s, s_primary"),
    "topicday_day_idx": (False, "timelines_topicday", "day, topic", "n, s"),
    "pairtopicday_uniq": (True, "timelines_pairtopicday", f"a, b, day, main_topic, topics, language, {STORY}",
                          "n, n_primary, s, s_primary"),
}


def fill(apps, schema_editor):
    run = schema_editor.execute
    postgres = schema_editor.connection.vendor == "postgresql"
    # The indexes made again below go first, and so does search's (PostgreSQL): the
    # updates then write no entry to them, and they are built once from the result.
    for name in INDEXES:
        run(f"DROP INDEX IF EXISTS {name}")
    if postgres:
        run(f"DROP INDEX IF EXISTS {SEARCH[0]}")
        run(DOC_FILL)
        run(PAIR_FILL)
    else:
        fill_in_python(schema_editor.connection)
    for statement in ROLLUPS:
        run(statement)
    bits = ", ".join(f"('{slug}', {TOPIC_BIT[slug]})" for slug in TOPIC_SLUGS)
    run("DELETE FROM timelines_topicday")
    run(f"WITH bits(topic, bit) AS (VALUES {bits}) INSERT INTO timelines_topicday (topic, day, n, s) "
        "SELECT bits.topic, d.day, COUNT(*), SUM(CASE WHEN (d.lead_topics & bits.bit) <> 0 THEN 1 ELSE 0 END) "
        "FROM timelines_articledoc d JOIN bits ON (d.topics & bits.bit) <> 0 GROUP BY bits.topic, d.day")
    for name, (unique, table, keys, included) in INDEXES.items():
        include = f" INCLUDE ({included})" if postgres else ""
        run(f"CREATE {'UNIQUE ' if unique else ''}INDEX {name} ON {table} ({keys}){include}")
    if postgres:
        run(SEARCH[1])
        for table in ("timelines_articledoc", "timelines_pairentry", "timelines_pairday", "timelines_pairtopicday",
                      "timelines_topicday"):
            run(f"ANALYZE {table}")


def fill_in_python(connection):
    """DOC_FILL and PAIR_FILL for SQLite, which has no bit_or (embedded databases are small)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, story_id FROM stories_storymember")
        stories = dict(cursor.fetchall())
        for table, key, columns in (("timelines_articledoc", "article_id", ""),
                                    ("timelines_pairentry", "id", ', a, b, "primary"')):
            cursor.execute(f"SELECT {key}, article_id, topics{columns} FROM {table}")
            rows = [(stories.get(row[1], -row[1]), *row) for row in cursor.fetchall()]
            if table == "timelines_articledoc":
                cursor.execute("SELECT article_id, time FROM timelines_articledoc")
                times = dict(cursor.fetchall())
                rows.sort(key=lambda r: (r[0], times[r[2]], r[2]))
                cursor.executemany("UPDATE timelines_articledoc SET story_key = %s, lead = %s, lead_topics = %s "
                                   "WHERE article_id = %s", list(_doc_marks(rows)))
            else:
                cursor.execute("SELECT id, time FROM timelines_pairentry")
                times = dict(cursor.fetchall())
                rows.sort(key=lambda r: (r[4], r[5], r[0], times[r[1]], r[2]))
                cursor.executemany("UPDATE timelines_pairentry SET story_key = %s, lead = %s, lead_primary = %s, "
                                   "lead_topics = %s, prior_topics = %s, lead_topics_primary = %s, "
                                   "prior_topics_primary = %s WHERE id = %s", list(_pair_marks(rows)))


def _doc_marks(rows):
    prior = {}
    for story, article_id, _article, topics in rows:
        before = prior.get(story)
        yield story, before is None, topics & ~(before or 0), article_id
        prior[story] = (before or 0) | topics


def _pair_marks(rows):
    prior = defaultdict(lambda: None)
    for story, pk, _article, topics, a, b, primary in rows:
        marks = []
        for key in ((a, b, story), (a, b, story, True)):
            if key[-1] is True and not primary:
                marks.append((False, 0, 0))
                continue
            before = prior[key]
            new = topics & ~(before or 0)
            marks.append((before is None, new, (before or 0) if new else 0))
            prior[key] = (before or 0) | topics
        (lead, new, had), (lead_p, new_p, had_p) = marks
        yield story, lead, lead_p, new, had, new_p, had_p, pk


# 0002's and 0004's indexes, as unfill makes them again.
BEFORE = {
    "pairentry_chart_idx": (False, "timelines_pairentry", "a, b, day",
                            'topics, main_topic, "primary", outlet_country, outlet_id, language'),
    "pairentry_outlet_country_idx": (False, "timelines_pairentry", "a, b, outlet_country, day",
                                     'topics, main_topic, "primary", language, outlet_id'),
    "pairday_day_idx": (False, "timelines_pairday", "day, a, b", "n, n_primary"),
    "pairday_b_idx": (False, "timelines_pairday", "b, day", "a, n, n_primary"),
    "topicday_day_idx": (False, "timelines_topicday", "day, topic", "n"),
    "pairtopicday_uniq": (True, "timelines_pairtopicday", "a, b, day, main_topic, topics, language", "n, n_primary"),
}


def unfill(apps, schema_editor):
    """Back to 0004's indexes. PairTopicDay's rows are keyed by stories here, which its
    old unique key refuses: they are emptied (refreshtimelines --rollups fills them)."""
    postgres = schema_editor.connection.vendor == "postgresql"
    schema_editor.execute("DELETE FROM timelines_pairtopicday")
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name, (unique, table, keys, included) in BEFORE.items():
        include = f" INCLUDE ({included})" if postgres else ""
        schema_editor.execute(f"CREATE {'UNIQUE ' if unique else ''}INDEX {name} ON {table} ({keys}){include}")


class Migration(migrations.Migration):

    dependencies = [
        ('timelines', '0004_pairtopicday'),
        ('stories', '0001_stories'),
    ]

    operations = [
        migrations.AddField(
            model_name='articledoc',
            name='lead',
            field=models.BooleanField(default=True, help_text='the first article of its story'),
        ),
        migrations.AddField(
            model_name='articledoc',
            name='lead_topics',
            field=models.IntegerField(default=0, help_text="topic bits of which it is its story's first article"),
        ),
        migrations.AddField(
            model_name='articledoc',
            name='story_key',
            field=models.BigIntegerField(default=0, help_text="the story's id, or minus the article's id (no story yet)"),
        ),
        migrations.AddField(
            model_name='pairday',
            name='s',
            field=models.IntegerField(default=0, help_text='stories first reported on the pair that day'),
        ),
        migrations.AddField(
            model_name='pairday',
            name='s_primary',
            field=models.IntegerField(default=0, help_text='stories first reported with the pair primary that day'),
        ),
        migrations.AddField(
            model_name='pairentry',
            name='lead',
            field=models.BooleanField(default=True, help_text="the first of its story's rows of this pair"),
        ),
        migrations.AddField(
            model_name='pairentry',
            name='lead_primary',
            field=models.BooleanField(default=False, help_text="the first of its story's primary rows of this pair"),
        ),
        migrations.AddField(
            model_name='pairentry',
            name='lead_topics',
            field=models.IntegerField(default=0, help_text='its topics no earlier row of its story here had'),
        ),
        migrations.AddField(
            model_name='pairentry',
            name='lead_topics_primary',
            field=models.IntegerField(default=0, help_text='lead_topics among the primary rows'),
        ),
        migrations.AddField(
            model_name='pairentry',
            name='prior_topics',
            field=models.IntegerField(default=0, help_text="the earlier rows' topics, when lead_topics"),
        ),
        migrations.AddField(
            model_name='pairentry',
            name='prior_topics_primary',
            field=models.IntegerField(default=0, help_text='prior_topics among the primary rows'),
        ),
        migrations.AddField(
            model_name='pairentry',
            name='story_key',
            field=models.BigIntegerField(default=0, help_text='as ArticleDoc.story_key'),
        ),
        migrations.AddField(
            model_name='pairtopicday',
            name='lead_topics',
            field=models.IntegerField(default=0, help_text="as PairEntry's: part of the key"),
        ),
        migrations.AddField(
            model_name='pairtopicday',
            name='lead_topics_primary',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='pairtopicday',
            name='prior_topics',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='pairtopicday',
            name='prior_topics_primary',
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name='pairtopicday',
            name='s',
            field=models.IntegerField(default=0, help_text='of these rows, the leads (PairEntry.lead)'),
        ),
        migrations.AddField(
            model_name='pairtopicday',
            name='s_primary',
            field=models.IntegerField(default=0, help_text='of these rows, the primary leads'),
        ),
        migrations.AddField(
            model_name='topicday',
            name='s',
            field=models.IntegerField(default=0, help_text='stories whose first article with the topic is of that day'),
        ),
        migrations.RunPython(fill, unfill),
    ]
