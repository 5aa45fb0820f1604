"""Every response, pages, fragments, the API, static files and the admin alike, carries
the Content-Security-Policy and the other protective headers."""

import pytest

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
PATHS = ["/", "/pairs/EG-PK/", "/countries/PK/", "/search/?q=باكستان", "/api/", "/api/openapi.json",
         "/static/timelines/filters.js", "/static/favicon.svg", "/admin/login/", "/no-such-page/"]


def directives(header):
    return {part.strip().split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_the_policy_and_headers(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    assert directives(response["Content-Security-Policy"]) == directives(CSP)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_a_partial_results_fragment_has_the_policy_too(client):
    response = client.get("/pairs/EG-PK/?topic=sports", headers={"X-Partial": "1"})
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
