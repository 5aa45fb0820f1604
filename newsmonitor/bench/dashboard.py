"""The dashboard benchmark runs in a process of its own (its own database holds the
synthetic million-article corpus, which the other benchmarks would wipe)."""

import subprocess
import sys

from newsmonitor.bench.report import write_section
from newsmonitor.bench.setup import ROOT


def run():
    out = subprocess.run([sys.executable, "-m", "newsmonitor.timelines.bench"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    write_section("dashboard", "Dashboard at a million articles", "make bench (python -m newsmonitor.timelines.bench)", out)
