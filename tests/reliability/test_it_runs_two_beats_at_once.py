"""Two beat processes at once (two schedule files, as a second `make run` or a process
manager starting beat twice would): each feed is polled once for its due time, each
article stored, extracted and tagged once, each digest sent once.

What holds it: the dispatcher claims due feeds by moving their next check in the same
statement that picks them (polling.claim_due_feeds), so of two dispatchers only one
queues a feed; a feed's poll lease and the articles' claims make a doubled task harmless
anyway; digests are made under the dispatcher's lock, one delivery per subscription and
period, and claimed before sending."""

from collections import Counter

import pytest

from newsmonitor.digests.models import Delivery
from newsmonitor.feeds.models import FetchLog
from tests.support.crawl import QUICK_LEASES, FeedSite, all_tagged, nothing_lost_or_doubled, real_services
from tests.support.faults import Recovery
from tests.support.mailing import SITE, subscriber, tagged
from tests.support.worker import BeatProcess, WorkerProcess, wait_for

pytestmark = [pytest.mark.slow, real_services]

READERS = 6


def ticks(beat, name):
    return beat.log().count(f"Scheduler: Sending due task {name}")


@pytest.mark.django_db(transaction=True)
def test_two_beats_poll_each_feed_once_and_send_each_digest_once(mail_settings, smtp_server, tmp_path):
    tagged("مصر وباكستان تبحثان التصنيع العسكري")
    readers = [subscriber() for _ in range(READERS)]
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "EMAIL_USE_TLS": "false",
           "NEWSMONITOR_DIGEST_SETTLE_SECONDS": "0", "SITE_ROOT": SITE, **QUICK_LEASES}
    with FeedSite(feeds=6, per_feed=2) as site:
        feeds = site.register()
        worker = WorkerProcess(queues=("poll", "extract", "tag", "mail"), allow_private=[site.host_port],
                               extra_env=env).start()
        beats = [BeatProcess(tmp_path / f"beat-{n}", dispatch_seconds=1) for n in (1, 2)]
        try:
            with Recovery("two beat processes at once") as seen:
                for beat in beats:
                    beat.extra_env.update(QUICK_LEASES)
                    beat.start()
                wait_for(lambda: all_tagged(site.links), timeout=180, message="every article tagged")
                wait_for(lambda: Delivery.objects.filter(status="sent").count() == READERS, message="digests sent")
                seen.done()
                # Both beats go on ticking: a second poll or digest would show now.
                marks = [ticks(beat, "dispatch due feeds") for beat in beats]
                wait_for(lambda: all(ticks(b, "dispatch due feeds") >= m + 3 for b, m in zip(beats, marks)),
                         message="three more dispatches from each beat")
                tally = nothing_lost_or_doubled(site.links)
                received = Counter(message["To"] for message in smtp_server.messages)
                polls = Counter(FetchLog.objects.values_list("feed_id", flat=True))
                seen.items = len(site.links) + READERS
                seen.lost = tally.lost + sum(1 for r in readers if not received[r.email])
                seen.doubled = (tally.doubled + sum(n - 1 for n in received.values())
                                + sum(n - 1 for n in polls.values()))
                seen.happened = (f"two beats sent {sum(ticks(b, 'dispatch due feeds') for b in beats)} feed "
                                 f"dispatches; {len(feeds)} feeds polled {sum(polls.values())} times")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\nworker:\n{worker.log()}\nbeat 1:\n{beats[0].log()}"
                                 f"\nbeat 2:\n{beats[1].log()}") from exc
        finally:
            for beat in beats:
                beat.stop()
            worker.stop()
    assert all(ticks(beat, "dispatch due feeds") >= 3 for beat in beats)  # both beats did dispatch
    # Each feed was due once in the test (its next check is minutes away after a poll):
    # polled once, fetched once.
    assert polls == {feed.pk: 1 for feed in feeds}
    assert all(site.fetches(path) == 1 for path in site.feeds)
    assert received == {r.email: 1 for r in readers}
