"""Shared personas of the people who curate (a pytest plugin, see tests/conftest.py):
an editor and an admin, each a staff account in its role's group, and a researcher with
an account but no staff rights. Their clients are logged in."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

PASSWORD = "quiet amber harbour 92"


def person(username, *, staff=True, group=None):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return person("salma", group="editors")


@pytest.fixture
def site_admin(db):
    return person("karim", group="admins")


@pytest.fixture
def researcher(db):
    return person("huda", staff=False)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@pytest.fixture
def admin_client_of_role(site_admin):
    return logged_in(site_admin)


@pytest.fixture
def researcher_client(researcher):
    return logged_in(researcher)


DEMO_PAGE = "nile/2025-10-05-egypt-pakistan-military-production.html"


@pytest.fixture
def tagged_article(db):
    """A demo site's article (written here), stored and tagged through the pipeline."""
    from newsmonitor import pipeline
    from newsmonitor.articles.models import Article
    from newsmonitor.demo import SITE_DIR
    from newsmonitor.lib.fetch import decode_body
    from newsmonitor.lib.pages import extract_page

    page = extract_page(decode_body((SITE_DIR / DEMO_PAGE).read_bytes())[0])
    article = Article.objects.create(url=f"https://nile.example/{DEMO_PAGE}", title=page.title, body=page.body,
                                     published_at=page.published_at, extraction_status="done", language="ar")
    pipeline.tag([article.pk])
    article.refresh_from_db()
    return article
