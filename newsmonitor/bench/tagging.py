"""The tagger's own benchmark, written into BENCHMARKS.md."""

import contextlib
import io

from newsmonitor.bench.report import write_section


def run():
    from newsmonitor.bench import tagger_speed as bench

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bench.main([])
    write_section("tagging", "Tagging speed", "make bench (python -m newsmonitor.bench.tagger_speed)", out.getvalue())
    corpus_speed()


def corpus_speed(rounds=3):
    """Real articles through each tagger's command line (JSON in and out, evidence
    included), CPU time of the child process, start-up (a one-article run) taken off."""
    import statistics

    from newsmonitor.bench.release import RELEASE, ROOT, release_tree, run_cli
    from newsmonitor.tagging import TAGGER_VERSION
    from newsmonitor.tagging.gold.real.corpus import articles

    corpus = list(articles().values())
    trees = {f"release {RELEASE} (1.2.0)": release_tree(ROOT / "var"), f"tagger {TAGGER_VERSION} (this commit)": ROOT}
    lines = []
    for name, tree in trees.items():
        rates, startups = [], []
        for _ in range(rounds):
            _out, startup = run_cli(tree, corpus[:1])
            _out, seconds = run_cli(tree, corpus)
            rates.append(len(corpus) / max(seconds - startup, 1e-9))
            startups.append(startup)
        lines.append(f"| {name} | {statistics.median(rates):,.0f} | {statistics.median(startups):.2f} |")
    body = (f"The {len(corpus):,} real articles of `../shared/corpus/` (median body 218 words) through "
            "`python -m newsmonitor.tagging`, JSON lines in and out with evidence, one process on one core; CPU "
            f"seconds of the child, start-up (a one-article run) taken off; median of {rounds} rounds. "
            "Bar: ≥ 1,000 articles/s.\n\n"
            "| tagger | articles/s | start-up s |\n| --- | ---: | ---: |\n" + "\n".join(lines))
    write_section("tagging-corpus", "Tagging speed on real articles, against the previous release",
                  "make bench (python -m newsmonitor.bench tagging)", body)
