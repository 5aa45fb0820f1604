"""manage.py senddigests: what beat and the workers do, from the command line, with
--dry-run (who would get what; nothing sent, nothing recorded), --now (everyone
active is due now) and --to ADDRESS (only that address)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsmonitor.digests.models import Delivery, Subscription
from tests.support.mailing import subscriber, tagged

pytestmark = [pytest.mark.core, pytest.mark.django_db]


def run(*args):
    out = StringIO()
    call_command("senddigests", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def readers(mail_settings):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    tagged("السعودية وباكستان توقعان اتفاقية دفاع", pair=("PK", "SA"))
    later = timezone.now() + timedelta(hours=6)
    return {
        "due": subscriber("due@example.net"),
        "later": subscriber("later@example.net", pairs=["PK-SA"], due=later),
        "quiet": subscriber("quiet@example.net", pairs=["IN-PK"], due=later),
        "left": subscriber("left@example.net", status=Subscription.Status.UNSUBSCRIBED),
    }


def test_it_sends_what_is_due(readers, smtp_server):
    out = run()
    assert [m["To"] for m in smtp_server.messages] == ["due@example.net"]
    assert "1 sent" in out
    assert run() == "nothing due\n"  # and only once
    assert len(smtp_server.messages) == 1


def test_a_dry_run_says_who_would_get_what_and_sends_and_records_nothing(readers, smtp_server):
    before = list(Subscription.objects.order_by("pk").values_list("sent_through", "next_due_at"))
    out = run("--dry-run", "--now")
    assert "due@example.net: daily digest" in out
    assert "due@example.net" in out and "later@example.net" in out and "1 articles, 1 stories" in out
    assert "quiet@example.net" in out and "(empty: nothing sent)" in out
    assert "left@example.net" not in out
    assert "dry run: 1 empty, 2 would send" in out
    assert smtp_server.messages == []
    assert Delivery.objects.count() == 0
    assert list(Subscription.objects.order_by("pk").values_list("sent_through", "next_due_at")) == before


def test_now_makes_every_active_subscription_due(readers, smtp_server):
    out = run("--now")
    assert sorted(m["To"] for m in smtp_server.messages) == ["due@example.net", "later@example.net"]
    assert "1 empty, 2 sent" in out
    assert Delivery.objects.filter(subscription=readers["left"]).count() == 0


def test_to_sends_only_to_that_address(readers, smtp_server):
    run("--now", "--to", "LATER@example.net")
    assert [m["To"] for m in smtp_server.messages] == ["later@example.net"]
    assert set(Delivery.objects.values_list("subscription__email", flat=True)) == {"later@example.net"}
    run("--to", "due@example.net")
    assert [m["To"] for m in smtp_server.messages] == ["later@example.net", "due@example.net"]
