"""The same input in the same order gives the same stories: in one process, and in
processes whose string hashing differs (nothing depends on Python's salted hash())."""

import json
import os
import subprocess
import sys

import pytest

from newsmonitor.stories import engine
from newsmonitor.stories.gold.make import HERE
from tests.stories import gold
from tests.support.paths import ROOT

pytestmark = [pytest.mark.core]


def test_two_runs_in_one_process_agree():
    assert gold.grouped("test") == gold.grouped("test")


def test_runs_in_other_processes_agree():
    data = (HERE / "test.jsonl").read_bytes()
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-m", "newsmonitor.stories"], input=data, capture_output=True,
                              cwd=ROOT, timeout=300, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    labels = {row["id"]: row["story"] for row in map(json.loads, outputs[0].decode().splitlines())}
    assert gold.partition(labels) == gold.partition(gold.grouped("test"))


def test_the_order_of_arrival_does_not_change_these_stories():
    grouper = engine.Grouper()
    for row in reversed(gold.rows("dev")):
        grouper.add(gold.doc("dev", row["id"]))
    assert gold.partition(grouper.labels()) == gold.partition(gold.grouped("dev"))
