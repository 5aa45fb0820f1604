"""Reliability figures: the fault tests of tests/reliability run for real (killed
workers, a stopped broker, a restarted database, doubled beats and digest passes), each
recording what happened, what was lost or doubled and how long recovery took
(tests/support/faults.py); this writes their table under "Reliability" in BENCHMARKS.md.

    python -m newsmonitor.bench reliability

Runs on PostgreSQL and Redis (a database and Redis db of its own), as CI's first pass."""

import json
import os
import subprocess
import sys
import tempfile

from newsmonitor.bench.report import write_section
from newsmonitor.bench.setup import ROOT

DATABASE = "postgres://postgres@127.0.0.1:5432/newsmonitor_reliability"
BROKER = "redis://127.0.0.1:6379/13"


def run_tests(log_path):
    env = dict(os.environ, CI="true", DATABASE_URL=DATABASE, CELERY_BROKER_URL=BROKER,
               NEWSMONITOR_VAR_DIR=str(ROOT / "var" / "bench-reliability"),
               NEWSMONITOR_RELIABILITY_LOG=log_path)
    argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/reliability"]
    return subprocess.run(argv, cwd=ROOT, env=env).returncode


def table(rows):
    lines = ["| scenario | what happened | items | lost | doubled | recovered in s |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for row in rows:
        cells = [row["scenario"], row["happened"], row.get("items"), row.get("lost"), row.get("doubled"),
                 f"{row['recovery_s']:.1f}" if row.get("recovery_s") is not None else ""]
        lines.append("| " + " | ".join("" if c is None else str(c) for c in cells) + " |")
    return "\n".join(lines)


def run():
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as log:
        code = run_tests(log.name)
        rows = [json.loads(line) for line in log if line.strip()]
    if code:
        sys.exit(f"the reliability tests failed (exit {code}); no figures written")
    body = ("Each row is a test of tests/reliability run against real processes (PostgreSQL, Redis, "
            "Celery workers and beat, a local feed site, an SMTP server). The test asserts that nothing "
            "was lost or doubled; the recovery time is measured from the fault to the moment the test "
            "saw the system whole again, and is not asserted.\n\n" + table(rows))
    write_section("reliability", "Reliability", "make bench (python -m newsmonitor.bench reliability)", body)
