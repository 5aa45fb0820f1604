"""What a fault test saw, for the Reliability figures in BENCHMARKS.md.

The fault tests are the scenarios: each kills, stops or doubles something real, then
asserts that nothing was lost or doubled. How long the system took to recover is not
asserted (a test never times anything); it is recorded here, and only when
NEWSMONITOR_RELIABILITY_LOG names a file: `python -m newsmonitor.bench reliability`
runs tests/reliability with it set and writes the table.

    from tests.support.faults import Recovery
    with Recovery("worker killed during extraction") as seen:
        ...kill it...          # the clock starts when the block is entered
        wait_for(everything_done)
        seen.happened = "the page was fetched again by the next worker"
        seen.lost, seen.doubled = 0, 0
"""

import json
import os
import time
from dataclasses import asdict, dataclass, field

LOG = "NEWSMONITOR_RELIABILITY_LOG"


@dataclass
class Recovery:
    scenario: str
    happened: str = ""
    lost: int | None = None
    doubled: int | None = None
    items: int | None = None  # how many articles or emails the scenario had in flight
    recovery_s: float | None = None
    _started: float = field(default=0.0, repr=False)

    def __enter__(self):
        self._started = time.monotonic()
        return self

    def done(self):
        """The moment the system is whole again (call it right after the wait that
        proves so); without a call the block's end counts."""
        self.recovery_s = time.monotonic() - self._started

    def __exit__(self, exc_type, exc, tb):
        if self.recovery_s is None:
            self.done()
        if exc_type is None:
            record(self)
        return False


def record(recovery):
    path = os.getenv(LOG)
    if not path:
        return
    row = {k: v for k, v in asdict(recovery).items() if not k.startswith("_")}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
