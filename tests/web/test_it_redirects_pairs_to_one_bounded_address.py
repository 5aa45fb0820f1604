"""Either order of a pair redirects to its one address, with a bounded Location; codes
that name no state (the EU, the UN, the unknown region) make no pair page."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_keeps_a_short_query_as_sent(client):
    response = client.get("/pairs/PK-EG/?topic=energy&cursor=abc")
    assert response.status_code == 301
    assert response["Location"] == "/pairs/EG-PK/?topic=energy&cursor=abc"


def test_it_rebuilds_a_long_query_from_its_filters(client):
    response = client.get("/pairs/PK-EG/?topic=energy&junk=" + "x" * 50_000)
    assert response.status_code == 301
    assert response["Location"] == "/pairs/EG-PK/?topic=energy"


def test_it_drops_a_long_query_with_no_filter(client):
    response = client.get("/pairs/PK-EG/?junk=" + "x" * 5_000)
    assert response["Location"] == "/pairs/EG-PK/"


@pytest.mark.parametrize("slug", ["EG-ZZ", "EU-EG", "EG-UN", "QO-PK", "EG-XA"])
def test_it_makes_no_page_for_a_code_that_is_no_state(client, slug):
    assert client.get(f"/pairs/{slug}/").status_code == 404
