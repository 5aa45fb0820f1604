"""PostgreSQL: the search tsvector as a stored generated column, indexed with GIN.

Matching against a stored vector costs microseconds a row; against the expression
index of 0002 every row the planner reads past the index (a text filter within a
pair's 190,000 rows, a recheck) recomputed to_tsvector: seconds at a million
documents. The column is PostgreSQL's own (Django's model does not list it: nothing
writes it but PostgreSQL); SQLite keeps searching search_text with LIKE."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE timelines_articledoc ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED")
    schema_editor.execute("DROP INDEX IF EXISTS timelines_doc_search_gin")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS timelines_doc_vector_gin ON timelines_articledoc "
                          "USING gin (search_vector)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS timelines_doc_vector_gin")
    schema_editor.execute("ALTER TABLE timelines_articledoc DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS timelines_doc_search_gin ON timelines_articledoc "
                          "USING gin (to_tsvector('simple'::regconfig, search_text))")


class Migration(migrations.Migration):
    dependencies = [("timelines", "0002_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
