"""The timelines app: the dashboard researchers read, built from tagged articles.

    models.py, migrations/   the read-side tables (Django's places)
    names.py                 the vocabulary every part shares: topics (in the bit order
                             of the tables' topic masks), countries, regions, and their
                             display names
    readmodels/              keeping those tables up to date, and the queries over them
    search/                  Arabic full-text search
    web/                     the researcher pages
    api/                     the JSON API, its schema, CSV/JSON exports, Atom feeds
    urls.py                  every path of the app (web/urls.py, then api/urls.py)
    templatetags/            template helpers of the pages
    management/commands/     manage.py refreshtimelines
"""
