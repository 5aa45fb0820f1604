"""The tagger's own benchmark, written into BENCHMARKS.md."""

import contextlib
import io

from newsmonitor.bench.report import write_section


def run():
    from newsmonitor.tagging import bench

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bench.main([])
    write_section("tagging", "Tagging speed", "make bench (python -m newsmonitor.tagging.bench)", out.getvalue())
