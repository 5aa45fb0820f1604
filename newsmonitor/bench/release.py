"""The previous release of the tagger, beside the current one, for the same-run
comparisons of the tagging benchmarks: its package is taken from git (`git archive`)
into var/, and both are run through their own command line (`python -m
newsmonitor.tagging`, JSON lines in and out) in a process of their own."""

import io
import json
import os
import resource
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Tagger 1.2.0, as it stood before issue 8 (the last release measured in BENCHMARKS.md).
RELEASE = "4b42096"
PACKAGES = ("newsmonitor/__init__.py", "newsmonitor/celery.py", "newsmonitor/tagging", "newsmonitor/lib")


def release_tree(var_dir, revision=RELEASE):
    """A directory holding the release's tagger package (extracted once)."""
    target = Path(var_dir) / f"release-{revision}"
    if not (target / "newsmonitor" / "tagging" / "__main__.py").exists():
        archive = subprocess.run(["git", "archive", "--format=tar", revision, *PACKAGES], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    return target


def run_cli(tree, articles):
    """(one output dict per article, CPU seconds the child spent) for the tagger of
    `tree` over `articles` ({id, title, body} dicts), through its command line."""
    payload = "".join(json.dumps({"id": a["id"], "title": a["title"], "body": a["body"]}, ensure_ascii=False) + "\n"
                      for a in articles).encode("utf-8")
    env = dict(os.environ, PYTHONPATH=str(tree))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "newsmonitor.tagging"], input=payload, env=env, cwd=tree,
                          capture_output=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()], seconds
