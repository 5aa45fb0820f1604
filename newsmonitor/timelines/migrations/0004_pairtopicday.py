"""PairTopicDay: a pair's articles per day, topic combination and language, the roll-up
the pair timeline's chart reads (see models.py). Its unique key covers the counts on
PostgreSQL (INCLUDE) so the chart is an index-only scan; SQLite gets the plain key. The
table is filled from PairEntry here, so an existing database shows the same charts at
once (VACUUM it afterwards on PostgreSQL, or let autovacuum, for index-only scans).

Also an index of the pair rows by outlet country, covering the chart's columns: charts
filtered by the outlet's country are answered from PairEntry (the roll-up has no outlet
countries) and without it read every row of the pair."""

from django.db import migrations, models

UNIQUE = "pairtopicday_uniq"
FACET = "pairentry_outlet_country_idx"
FILL = (
    "INSERT INTO timelines_pairtopicday (a, b, day, topics, main_topic, language, n, n_primary) "
    "SELECT a, b, day, topics, main_topic, language, COUNT(*), SUM(CASE WHEN \"primary\" THEN 1 ELSE 0 END) "
    "FROM timelines_pairentry GROUP BY a, b, day, topics, main_topic, language"
)


def create(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    include = " INCLUDE (n, n_primary)" if postgres else ""
    # main_topic right after day: the stacked chart groups by (day, main topic) as the
    # index reads, with no sort and no hash.
    schema_editor.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {UNIQUE} ON timelines_pairtopicday "
                          f"(a, b, day, main_topic, topics, language){include}")
    include = ' INCLUDE (topics, main_topic, "primary", language, outlet_id)' if postgres else ""
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {FACET} ON timelines_pairentry "
                          f"(a, b, outlet_country, day){include}")
    schema_editor.execute(FILL)
    if postgres:
        schema_editor.execute("ANALYZE timelines_pairtopicday")


def drop(apps, schema_editor):
    for name in (UNIQUE, FACET):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('timelines', '0003_search_vector'),
    ]

    operations = [
        migrations.CreateModel(
            name='PairTopicDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('a', models.CharField(max_length=2)),
                ('b', models.CharField(max_length=2)),
                ('day', models.DateField()),
                ('topics', models.IntegerField(default=0, help_text='bitmask over names.TOPIC_SLUGS')),
                ('main_topic', models.CharField(blank=True, max_length=40)),
                ('language', models.CharField(blank=True, max_length=8)),
                ('n', models.IntegerField(default=0)),
                ('n_primary', models.IntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
