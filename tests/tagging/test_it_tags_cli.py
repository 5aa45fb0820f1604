"""The real command line: `python -m newsmonitor.tagging`, JSON lines in and out,
streaming, and a bad line in the middle that is reported and skipped."""

import json
import os
import subprocess
import sys
from tests.support.paths import ROOT


GOOD_1 = {"id": "a1", "title": "مصر وباكستان تبحثان تعزيز التعاون العسكري",
          "body": "التقى وزير الإنتاج الحربي المصري سفير باكستان في القاهرة."}
GOOD_2 = {"id": 7, "title": "وزير الخارجية التركي يصل إلى الرياض", "body": "وصل وزير الخارجية التركي إلى الرياض."}


def command(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return [sys.executable, "-m", "newsmonitor.tagging", *args], env


def run(lines, *args):
    cmd, env = command(*args)
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    return subprocess.run(cmd, input=data, capture_output=True, env=env, cwd=ROOT, timeout=120)


def test_it_tags_each_line_and_reports_a_bad_line_in_the_middle_without_stopping():
    lines = [json.dumps(GOOD_1, ensure_ascii=False), "{this is not json", json.dumps({"id": "x", "title": "t"}),
             json.dumps({"id": 3, "body": 42}), "", json.dumps(GOOD_2, ensure_ascii=False)]
    done = run(lines)
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(out) == 5  # the blank line is skipped
    assert out[0]["id"] == "a1" and out[0]["countries"] == ["EG", "PK"] and out[0]["primary_pair"] == ["EG", "PK"]
    assert out[1] == {"id": None, "line": 2, "error": out[1]["error"]} and "JSON" in out[1]["error"]
    assert out[2]["id"] == "x" and out[2]["line"] == 3 and "body" in out[2]["error"]
    assert out[3]["id"] == 3 and out[3]["line"] == 4 and "string" in out[3]["error"]
    assert out[4]["id"] == 7 and out[4]["pairs"] == [["SA", "TR"]]
    for key in ("countries", "pairs", "primary_pair", "topics", "country_details", "pair_details", "topic_details"):
        assert key in out[0]
    errors = done.stderr.decode("utf-8")
    assert "line 2" in errors and "line 3" in errors and "line 4" in errors
    assert done.returncode == 1  # some lines were bad


def test_all_good_lines_exit_zero_and_keep_arabic_readable():
    done = run([json.dumps(GOOD_2, ensure_ascii=False)])
    assert done.returncode == 0 and done.stderr == b""
    text = done.stdout.decode("utf-8")
    assert "الرياض" in text  # evidence printed as Arabic, not \\u escapes


def test_it_streams_one_answer_per_line_before_the_input_ends():
    cmd, env = command()
    with subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, cwd=ROOT) as proc:
        proc.stdin.write((json.dumps(GOOD_1, ensure_ascii=False) + "\n").encode("utf-8"))
        proc.stdin.flush()
        first = json.loads(proc.stdout.readline())  # arrives while stdin is still open
        assert first["id"] == "a1"
        proc.stdin.write(b"[1, 2]\n")
        proc.stdin.flush()
        second = json.loads(proc.stdout.readline())
        assert second["line"] == 2 and second["id"] is None
        proc.stdin.close()
        assert proc.wait(timeout=60) == 1


def test_invalid_utf8_is_a_bad_line_too():
    cmd, env = command()
    data = b'{"id": 1, "body": "\xff\xfe"}\n' + (json.dumps(GOOD_2, ensure_ascii=False) + "\n").encode("utf-8")
    done = subprocess.run(cmd, input=data, capture_output=True, env=env, cwd=ROOT, timeout=120)
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert out[0]["line"] == 1 and "UTF-8" in out[0]["error"]
    assert out[1]["id"] == 7


def test_help():
    cmd, env = command("--help")
    done = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0
    assert "JSON lines" in done.stdout.decode("utf-8")


def test_an_id_that_is_an_object_or_a_list_is_a_bad_line():
    lines = [json.dumps({"id": {"x": 1}, "body": "نص"}), json.dumps({"id": [1], "body": "نص"}),
             json.dumps(GOOD_1, ensure_ascii=False)]
    done = run(lines)
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [o.get("line") for o in out[:2]] == [1, 2] and all("id must be" in o["error"] for o in out[:2])
    assert out[2]["id"] == "a1" and done.returncode == 1
