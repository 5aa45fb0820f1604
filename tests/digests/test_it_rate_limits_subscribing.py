"""Subscribing is rate-limited per address (5 an hour) and per client (20 an hour):
past a limit the form says so with HTTP 429 and Retry-After, and nothing is stored or
sent. The counts are in the shared cache, so every process counts together."""

import re

from django.conf import settings

from newsmonitor.digests import ratelimit
from newsmonitor.digests.models import Subscription
from tests.support.settings_process import run_python
from tests.support.subscribing import browser, submit

PER_ADDRESS, PER_CLIENT = 5, 20


def ask(client, email, **changes):
    return submit(client, client.get("/subscribe/?pair=EG-PK"), email=email, **changes)


def test_the_limits_are_the_documented_ones():
    assert (settings.NEWSMONITOR_SUBSCRIBE_PER_ADDRESS, settings.NEWSMONITOR_SUBSCRIBE_PER_IP) == (PER_ADDRESS,
                                                                                                    PER_CLIENT)


def test_one_address_may_ask_five_times_an_hour(sample, mailoutbox):
    for n in range(PER_ADDRESS):
        # From different clients: the address's own limit is what counts here.
        assert ask(browser(f"192.0.2.{n + 1}"), "target@example.org").status_code == 200
    assert len(mailoutbox) == PER_ADDRESS
    refused = ask(browser("198.51.100.1"), "TARGET@example.org", pair="IN-PK")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3601
    html = refused.content.decode()
    assert re.search(r"Too many requests for this address: try again in \d+ minutes?\.", html)
    assert 'class="error-summary" role="alert"' in html
    assert 'value="target@example.org"' in html.lower()  # the form keeps what was typed
    assert len(mailoutbox) == PER_ADDRESS  # nothing sent
    assert not Subscription.objects.filter(pairs=["IN-PK"]).exists()  # nothing stored
    # Other addresses are not affected.
    assert ask(browser("198.51.100.1"), "other@example.org").status_code == 200


def test_one_client_may_ask_twenty_times_an_hour(sample, mailoutbox):
    client = browser("203.0.113.9")
    for n in range(PER_CLIENT):
        assert ask(client, f"reader{n}@example.org").status_code == 200
    refused = ask(client, "one-more@example.org")
    assert refused.status_code == 429
    assert "Too many requests from your network" in refused.content.decode()
    assert len(mailoutbox) == PER_CLIENT and not Subscription.objects.filter(email="one-more@example.org").exists()
    # A client over its limit does not use up the address's own allowance.
    assert ask(browser("203.0.113.10"), "one-more@example.org").status_code == 200


def test_the_message_is_in_the_interface_language(sample, mailoutbox):
    for n in range(PER_ADDRESS):
        ask(browser(f"192.0.2.{n + 1}"), "target@example.org")
    refused = ask(browser("198.51.100.1", language="ar"), "target@example.org")
    assert refused.status_code == 429
    assert "طلبات كثيرة لهذا العنوان" in refused.content.decode()


def test_invalid_forms_do_not_use_up_the_allowance(sample, mailoutbox):
    client = browser("203.0.113.20")
    for _ in range(PER_ADDRESS + 2):
        assert ask(client, "target@example.org", pair="XX-YY").status_code == 400
    assert ask(client, "target@example.org").status_code == 200


def test_other_processes_count_in_the_same_cache(sample, mailoutbox, fresh_rate_limits, tmp_path):
    """Four requests counted by another Python process, then this one: the fifth is
    the last allowed, the sixth is refused."""
    code = (
        "from django.test.utils import override_settings\n"
        "from django.conf import settings\n"
        "caches = {**settings.CACHES}\n"
        f"caches['default'] = {{**caches['default'], 'KEY_PREFIX': {fresh_rate_limits!r}}}\n"
        "with override_settings(CACHES=caches):\n"
        "    from newsmonitor.digests import ratelimit\n"
        "    print([ratelimit.check(f'192.0.2.{n}', 'shared@example.org') for n in range(4)])\n"
    )
    done = run_python(code, tmp_path / "var", NEWSMONITOR_VAR_DIR=str(settings.VAR_DIR),
                      CELERY_BROKER_URL=settings.CELERY_BROKER_URL)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[None, None, None, None]"
    assert ratelimit.check("198.51.100.50", "shared@example.org") is None
    refusal = ratelimit.check("198.51.100.51", "shared@example.org")
    assert refusal is not None and refusal.scope == "address"
    assert ask(browser("198.51.100.52"), "shared@example.org").status_code == 429
