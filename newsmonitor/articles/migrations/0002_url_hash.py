"""Articles unique by the hash of their full canonical URL instead of a URL cut at
1,000 characters (which merged two long links into one article)."""

from django.db import migrations, models

from newsmonitor.lib.urls import url_hash


def fill_hashes(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    batch = []
    for pk, url in Article.objects.values_list("pk", "url").iterator(chunk_size=2000):
        batch.append(Article(pk=pk, url_hash=url_hash(url)))
        if len(batch) >= 2000:
            Article.objects.bulk_update(batch, ["url_hash"])
            batch = []
    Article.objects.bulk_update(batch, ["url_hash"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="article", name="url_hash",
            field=models.CharField(editable=False, max_length=64, null=True, help_text="sha256 of the canonical URL"),
        ),
        migrations.RunPython(fill_hashes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article", name="url_hash",
            field=models.CharField(editable=False, max_length=64, unique=True, help_text="sha256 of the canonical URL"),
        ),
        migrations.AlterField(model_name="article", name="url", field=models.TextField(help_text="canonical URL")),
        migrations.AlterField(model_name="article", name="original_url", field=models.TextField(blank=True)),
    ]
