"""manage.py senddigests [--dry-run] [--now] [--to ADDRESS]

What beat's digests.dispatch and the digests.send workers do, in this process: make
the deliveries now due (digests and spike alerts) and send them, with the same
claims, so it is safe beside running workers.

    --dry-run       compose and print who would get what; send nothing, record nothing
    --now           every active subscription is due now (its period ends now)
    --to ADDRESS    only the subscriptions of this address
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from newsmonitor.digests import sending
from newsmonitor.digests.models import Subscription


class Command(BaseCommand):
    help = "Make and send the digests and spike alerts now due."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compose and print, send and record nothing")
        parser.add_argument("--now", action="store_true", help="treat every active subscription as due now")
        parser.add_argument("--to", metavar="ADDRESS", help="only the subscriptions of this address")

    def handle(self, *args, dry_run=False, now=False, to=None, **options):
        moment = timezone.now()
        subscriptions = Subscription.objects.all()
        if to:
            subscriptions = subscriptions.filter(email__iexact=to.strip())
            if not subscriptions.exists():
                self.stderr.write(f"no subscription for {to}")
        if dry_run:
            # Every write (the deliveries made, the claims) is rolled back at the end.
            with transaction.atomic():
                ids = sending.due_deliveries(moment, subscriptions=subscriptions, force=now)
                results = sending.send_batch(ids, now=moment, dry_run=True, out=self.stdout.write)
                transaction.set_rollback(True)
        else:
            ids = sending.due_deliveries(moment, subscriptions=subscriptions, force=now)
            results = {}
            for start in range(0, len(ids), sending.BATCH):
                results.update(sending.send_batch(ids[start:start + sending.BATCH], now=moment))
                if options["verbosity"] > 1:
                    self.stdout.write(f"{min(start + sending.BATCH, len(ids))} / {len(ids)}")
        counts = {}
        for status in results.values():
            counts[status] = counts.get(status, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing due"
        self.stdout.write(("dry run: " if dry_run else "") + summary)
