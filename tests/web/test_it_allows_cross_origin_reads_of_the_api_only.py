"""The JSON API is public, read-only and sends no cookies' data: any site may read it
(Access-Control-Allow-Origin: *). Nothing else says so: not the pages, not the
exports, not the language switch, not the admin."""

import pytest

from tests.support.factory import load_sample

API = ["/api/", "/api/openapi.json", "/api/topics/", "/api/countries/", "/api/countries/EG/", "/api/pairs/",
       "/api/pairs/EG-PK/timeline/", "/api/articles/", "/api/articles/?limit=0", "/api/countries/QQ/"]
OTHERS = ["/", "/pairs/EG-PK/", "/search/?q=مصر", "/countries/", "/countries/EG/", "/pairs/EG-PK/export.csv",
          "/search/export.json", "/pairs/EG-PK/feed.atom", "/healthz", "/admin/login/", "/i18n/setlang/"]


@pytest.fixture
def sample(db):
    return load_sample()


@pytest.mark.parametrize("url", API)
def test_the_api_may_be_read_from_any_origin(client, sample, url):
    response = client.get(url, HTTP_ORIGIN="https://elsewhere.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert not response.cookies


@pytest.mark.parametrize("url", OTHERS)
def test_nothing_else_is_shared_across_origins(client, sample, url):
    response = client.get(url, HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in response


def test_the_api_changes_nothing(client, sample):
    for method in (client.post, client.put, client.delete, client.patch):
        response = method("/api/pairs/", HTTP_ORIGIN="https://elsewhere.example")
        assert response.status_code == 405
        assert "Access-Control-Allow-Origin" not in response


def test_state_changing_forms_are_not_shared(client, sample):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in response
