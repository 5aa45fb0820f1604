"""Indexes Django cannot declare portably: covering indexes (INCLUDE, PostgreSQL only;
plain on SQLite) and the GIN index that serves search on PostgreSQL (search.py
builds the matching expression; SQLite searches with LIKE)."""

from django.db import migrations

# name: (table, key columns, included columns)
COVERING = {
    "pairentry_chart_idx": ("timelines_pairentry", "a, b, day",
                            'topics, main_topic, "primary", outlet_country, outlet_id, language'),
    "pairday_day_idx": ("timelines_pairday", "day, a, b", "n, n_primary"),
    "pairday_b_idx": ("timelines_pairday", "b, day", "a, n, n_primary"),
    "topicday_day_idx": ("timelines_topicday", "day, topic", "n"),
}
SEARCH = "timelines_doc_search_gin"


def create(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, (table, keys, included) in COVERING.items():
        include = f" INCLUDE ({included})" if postgres else ""
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({keys}){include}")
    if postgres:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {SEARCH} ON timelines_articledoc "
            "USING gin (to_tsvector('simple'::regconfig, search_text))"
        )


def drop(apps, schema_editor):
    for name in [*COVERING, SEARCH]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("timelines", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
