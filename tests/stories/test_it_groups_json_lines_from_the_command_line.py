"""python -m newsmonitor.stories: JSON lines in, one {"id", "story"} line out per input
line in the same order; a bad line gets an error line and the rest is still grouped;
the tagger's fields are used when given."""

import json
import subprocess
import sys

import pytest

from tests.stories import gold
from tests.support.paths import ROOT

pytestmark = [pytest.mark.core]


def run(lines):
    done = subprocess.run([sys.executable, "-m", "newsmonitor.stories"], input="\n".join(lines).encode("utf-8"),
                          capture_output=True, cwd=ROOT, timeout=300)
    return done.returncode, [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()], done.stderr.decode()


def test_it_writes_a_story_per_line_and_an_error_for_each_bad_line():
    rows = [r for r in gold.rows("dev") if r["story"] in ("eg-sa-interconnection", "eg-sa-coordination-council")]
    lines = [json.dumps({k: r[k] for k in ("id", "title", "body", "published", "outlet")}, ensure_ascii=False)
             for r in rows]
    lines[3:3] = ["{not json", json.dumps({"id": "no-body", "title": "x"}), json.dumps({"id": 7, "body": 5}),
                  json.dumps({"id": "bad-date", "body": "نص", "published": "yesterday-ish"})]
    code, out, err = run(lines)
    assert code == 1 and len(out) == len(lines)
    errors = [row for row in out if "error" in row]
    assert [(e["id"], e["line"]) for e in errors] == [(None, 4), ("no-body", 5), (7, 6), ("bad-date", 7)]
    assert "line 4" in err and "published is not a date" in errors[-1]["error"]
    stories = {row["id"]: row["story"] for row in out if "story" in row}
    assert set(stories) == {r["id"] for r in rows}
    truth = {r["id"]: r["story"] for r in rows}
    assert gold.partition(stories) == gold.partition({i: gold.grouped("dev")[i] for i in truth})
    assert stories["eg-sa-interconnection/title"] == "eg-sa-interconnection/original"  # the first article's id


def test_it_uses_the_taggers_fields_when_given():
    rows = [r for r in gold.rows("test") if r["story"] == "qa-tr-emir-ankara"]
    tagged = [{**{k: r[k] for k in ("id", "title", "body", "published")}, "pairs": [["QA", "TR"]],
               "topics": ["diplomacy-visits"], "countries": ["QA", "TR"]} for r in rows]
    code, out, _err = run([json.dumps(t, ensure_ascii=False) for t in tagged])
    assert code == 0 and len({row["story"] for row in out}) == 1
    # With no pair at all a rewritten follow-up cannot be a follow-up: only the copies join.
    bare = [{**t, "pairs": [], "countries": [], "topics": []} for t in tagged]
    code, out, _err = run([json.dumps(t, ensure_ascii=False) for t in bare])
    stories = {row["id"]: row["story"] for row in out}
    assert code == 0 and stories["qa-tr-emir-ankara/follow-up"] != stories["qa-tr-emir-ankara/original"]
