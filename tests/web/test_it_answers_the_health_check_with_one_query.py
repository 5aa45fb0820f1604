"""/healthz, which compose's healthcheck asks every few seconds, says the web process and
its database answer, with one trivial query whatever the size of the corpus."""

import pytest


@pytest.mark.django_db
def test_the_health_check_asks_the_database_once(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
