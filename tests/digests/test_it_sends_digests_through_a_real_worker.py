"""The digests' tasks as production runs them: a real Celery worker on the "mail"
queue picks up digests.dispatch, queues the sends by name and delivers each digest
once to a real SMTP server."""

import pytest
from django.db import connection

from newsmonitor.digests.models import Delivery
from newsmonitor.tasks import dispatch_digests
from tests.support.mailing import SITE, subscriber, tagged
from tests.support.worker import WorkerProcess, wait_for

pytestmark = [pytest.mark.core, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_a_worker_dispatches_and_sends_each_digest_once(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    readers = [subscriber(), subscriber(language="en")]
    worker = WorkerProcess(queues=("mail",), extra_env={
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "EMAIL_USE_TLS": "false",
        "NEWSMONITOR_DIGEST_SETTLE_SECONDS": "0", "SITE_ROOT": SITE})
    worker.start()
    try:
        connection.close()  # the worker's processes have their own connections
        dispatch_digests.delay()
        wait_for(lambda: len(smtp_server.messages) >= 2, message="two digests over SMTP")
        dispatch_digests.delay()  # a second tick: nothing new is due
        wait_for(lambda: Delivery.objects.filter(status="sent").count() == 2, message="deliveries recorded")
    finally:
        worker.stop()
    assert sorted(message["To"] for message in smtp_server.messages) == sorted(r.email for r in readers)
    assert all(message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for message in smtp_server.messages)
