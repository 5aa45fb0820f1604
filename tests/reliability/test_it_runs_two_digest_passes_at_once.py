"""Two digest passes at once, in real processes: two `manage.py senddigests` started
together beside two workers each running digests.dispatch and the sends it queues. Every
subscriber gets each digest exactly once at the SMTP server.

The threads of tests/digests/test_it_sends_each_digest_once.py race inside one process;
here the racers are separate processes with their own connections, as in production
(beat's dispatch, a worker retrying it, an operator running the command)."""

import subprocess
import sys
from collections import Counter

import pytest
from django.db import connection

from newsmonitor.digests.models import Delivery
from newsmonitor.tasks import dispatch_digests
from tests.support.crawl import real_services
from tests.support.faults import Recovery
from tests.support.mailing import SITE, subscriber, tagged
from tests.support.paths import ROOT
from tests.support.worker import WorkerProcess, wait_for

pytestmark = [pytest.mark.slow, real_services]

READERS = 60


def command(env):
    return subprocess.Popen([sys.executable, "manage.py", "senddigests"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def last_line(output):
    lines = output.strip().splitlines()
    return lines[-1] if lines else "nothing"


def backends():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_commands_and_two_workers_at_once_send_each_digest_once(mail_settings, smtp_server):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    tagged("السعودية وباكستان توقعان اتفاقية دفاع", pair=("PK", "SA"))
    readers = [subscriber(pairs=["EG-PK"] if n % 2 else ["PK-SA"], frequency="instant" if n % 5 == 0 else "daily")
               for n in range(READERS)]
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "EMAIL_USE_TLS": "false",
           "NEWSMONITOR_DIGEST_SETTLE_SECONDS": "0", "SITE_ROOT": SITE}
    workers = [WorkerProcess(queues=("mail",), extra_env=env) for _ in range(2)]
    workers[0].start()
    workers[1].start(purge=False)
    connection.close()  # the processes have their own connections
    try:
        with Recovery("two digest passes at once") as seen:
            before = backends()
            commands = [command(workers[0].env()) for _ in range(2)]
            # The tasks go out as the commands reach the database, so that the passes
            # overlap (they need seconds to start; the workers are ready).
            wait_for(lambda: backends() >= before + 2 or any(p.poll() is not None for p in commands),
                     interval=0.05, message="the commands connected")
            for _ in range(4):  # two for each worker's two pool processes
                dispatch_digests.delay()
            outputs = [proc.communicate(timeout=180)[0] for proc in commands]
            wait_for(lambda: Delivery.objects.filter(status="sent").count() >= READERS, timeout=180,
                     message="every digest sent")
            seen.done()
            received = Counter(message["To"] for message in smtp_server.messages)
            seen.items = READERS
            seen.lost = sum(1 for r in readers if not received[r.email])
            seen.doubled = sum(n - 1 for n in received.values())
            seen.happened = ("two senddigests commands and four digests.dispatch on two workers at once; "
                             "the commands said: " + " / ".join(last_line(out) for out in outputs))
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nworker 1:\n{workers[0].log()}\nworker 2:\n{workers[1].log()}") from exc
    finally:
        for worker in workers:
            worker.stop()
    assert all(proc.returncode == 0 for proc in commands), outputs
    assert received == {r.email: 1 for r in readers}
    assert Delivery.objects.count() == READERS
    # Each delivery claimed once: no pass took one another had.
    assert sorted(set(Delivery.objects.values_list("attempts", flat=True))) == [1]
