"""After five wrong passwords for one username from one address, the admin login form
refuses that username from that address, right password included, until a cool-off
has passed; other users and other addresses can still log in."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

RIGHT = "correct horse battery staple"
LIMIT = 5


@pytest.fixture
def admins(db):
    return [User.objects.create_superuser(name, f"{name}@example.org", RIGHT) for name in ("amina", "omar")]


def log_in(username, password, address="192.0.2.10", client=None, **headers):
    """The real admin login form: GET it for the CSRF token, POST it, as a browser does."""
    client = client or Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
    page = client.get("/admin/login/", headers=headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post("/admin/login/?next=/admin/", {"username": username, "password": password,
                           "csrfmiddlewaretoken": token, "next": "/admin/"}, headers=headers)
    response.logged_in = response.status_code == 302 and response["Location"] == "/admin/"
    return response


def fail_until_locked(username, address="192.0.2.10", **headers):
    for attempt in range(LIMIT):
        response = log_in(username, "wrong password", address, **headers)
        assert not response.logged_in
    return response


def test_the_right_password_works_before_any_failure(admins):
    assert log_in("amina", RIGHT).logged_in


def test_five_failures_lock_the_username_from_that_address(admins):
    last = fail_until_locked("amina")
    assert last.status_code == 429
    refused = log_in("amina", RIGHT)
    assert not refused.logged_in
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.content.decode()
    assert "15 minutes" in refused.content.decode()


def test_four_failures_do_not_lock(admins):
    for _ in range(LIMIT - 1):
        assert not log_in("amina", "wrong password").logged_in
    assert log_in("amina", RIGHT).logged_in


def test_other_users_and_other_addresses_are_unaffected(admins):
    fail_until_locked("amina", "192.0.2.10")
    assert log_in("omar", RIGHT, "192.0.2.10").logged_in
    assert log_in("amina", RIGHT, "198.51.100.4").logged_in
    assert not log_in("amina", RIGHT, "192.0.2.10").logged_in


def test_the_lock_ends_after_the_cool_off(admins):
    from axes.models import AccessAttempt

    fail_until_locked("amina")
    assert not log_in("amina", RIGHT).logged_in
    # Move the attempts back in time rather than wait: the cool-off counts from the last failure.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in("amina", RIGHT).logged_in


def test_behind_the_production_proxy_the_forwarded_address_counts(admins, settings):
    settings.NEWSMONITOR_PRODUCTION = True
    settings.SECURE_PROXY_SSL_HEADER = None  # this client speaks plain http; the address is what is tested
    # Every request comes from the proxy's address; the proxy appends the client's.
    fail_until_locked("amina", "10.0.0.2", **{"X-Forwarded-For": "203.0.113.9"})
    assert not log_in("amina", RIGHT, "10.0.0.2", **{"X-Forwarded-For": "203.0.113.9"}).logged_in
    # A client cannot escape by sending its own X-Forwarded-For: the proxy's entry is the last one.
    assert not log_in("amina", RIGHT, "10.0.0.2", **{"X-Forwarded-For": "1.2.3.4, 203.0.113.9"}).logged_in
    assert log_in("amina", RIGHT, "10.0.0.2", **{"X-Forwarded-For": "198.51.100.4"}).logged_in
