"""The crawl benchmark's figures (crawl.py's runs) as a BENCHMARKS.md section."""

from django.conf import settings

from newsmonitor.bench.report import write_section

RESTART = 5  # crawl.RESTART_AFTER (not imported: crawl.py imports this module)

STAGES = (("waiting for the poll (appeared → polled)", 0, 1), ("extraction (polled → extracted)", 1, 2),
          ("tagging (extracted → tagged)", 2, 3), ("grouping and timelines (tagged → visible)", 3, 4),
          ("**appeared → visible**", 0, 4))


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def spans(outcome, start, end):
    return [t[end] - t[start] for t in outcome.times.values() if t[start] is not None and t[end] is not None]


def summary(crawl, outcome):
    times = outcome.times.values()
    visible = [t for t in times if t[4] is not None]
    delays = [t[4] - t[0] for t in visible]
    # The first minute's entries wait for the feeds' first polls, set a minute into the
    # run (crawl.FIRST_POLL): a start-up effect, not the steady state the goal is about.
    steady = [t[4] - t[0] for t in visible if t[0] >= crawl.sites.start + 60]
    depths = [s[2] for s in crawl.samples]
    loads = [s[3] for s in crawl.samples]
    last = max((t[4] for t in visible), default=crawl.end)
    cpu = {name: sum(v for (n, _pid), v in crawl.cpu.items() if n == name) for name in ("extract", "poll")}
    done = max(len(visible), 1)
    return {
        "entries published": outcome.published,
        "with an article": outcome.published - len(outcome.missing),
        "not on its timeline at the end (no article, or not visible)": len(outcome.missing) + len(times) - len(visible),
        "tasks left in the queues at the end (extract, tag, unacked)": ", ".join(
            str(crawl.left.get(q, "?")) for q in ("extract", "tag", "unacked")),
        "stored twice (articles, feed entries)": f"{len(outcome.doubled)}, {outcome.feed_entries_doubled}",
        "not tagged at the end": sum(t[3] is None for t in times),
        "extraction statuses": ", ".join(f"{k} {v}" for k, v in sorted(outcome.statuses.items())),
        "extractions claimed again (lease expired)": len(outcome.extracted_again),
        "delay p50 / p95 / max s": f"{pct(delays, .5):.0f} / {pct(delays, .95):.0f} / {max(delays, default=0):.0f}",
        "delay p50 / p95 / max s, from the second minute on (steady state)":
            f"{pct(steady, .5):.0f} / {pct(steady, .95):.0f} / {max(steady, default=0):.0f}",
        "last entry visible, s after the last appeared": f"{last - crawl.end:.0f}",
        "deepest queues (extract, tag, unacked)": ", ".join(
            str(max((d[q] for d in depths), default=0)) for q in ("extract", "tag", "unacked")),
        "CPU s per article: extract/tag worker, poll worker": f"{cpu['extract'] / done:.3f}, {cpu['poll'] / done:.3f}",
        "load average (1 min) mean / max": f"{sum(loads) / max(len(loads), 1):.1f} / {max(loads, default=0):.1f}",
    }


def around_kill(crawl, outcome):
    """Entries that appeared from a minute before the kill to two after it."""
    if not crawl.killed:
        return ""
    near = [t for t in outcome.times.values() if crawl.killed - 60 <= t[0] <= crawl.killed + 120]
    delays = [t[4] - t[0] for t in near if t[4] is not None]
    # What the killed worker held: extractions it had claimed (claimed again once their
    # lease ran out) and articles extracted before the kill but tagged a minute after it.
    held = [outcome.times[k] for k in outcome.extracted_again]
    held += [t for t in outcome.times.values() if t[2] and t[3] and t[2] < crawl.killed < t[3] - 60]
    text = (f"The extract/tag worker was killed {crawl.killed - crawl.sites.start:.0f} s into the run and started "
            f"again {RESTART} s later. Entries that appeared from a minute before to two minutes after the kill: "
            f"{len(near)}, {len(near) - len(delays)} not visible at the end; delay p50 {pct(delays, .5):.0f} s, "
            f"p95 {pct(delays, .95):.0f} s, max {max(delays, default=0):.0f} s. ")
    if held:
        last = max((t[4] for t in held if t[4]), default=None)
        text += (f"Articles the killed worker held (an extraction claimed again after its lease, or tagged more "
                 f"than a minute after the kill though extracted before it): {len(held)}"
                 + (f"; the last on its timeline {last - crawl.killed:.0f} s after the kill." if last else "."))
    return text


def by_minute(results, minutes):
    names = list(results)
    rows = [" | ".join(["minute appeared"] + [f"{n}: entries, p50 / p95 s" for n in names]),
            " | ".join(["---:"] * (len(names) + 1))]
    for minute in range(minutes):
        cells = [str(minute)]
        for crawl, outcome in results.values():
            lo = crawl.sites.start + 60 * minute
            delays = [t[4] - t[0] for t in outcome.times.values() if lo <= t[0] < lo + 60 and t[4] is not None]
            cells.append(f"{len(delays)}, {pct(delays, .5):.0f} / {pct(delays, .95):.0f}" if delays else "0, – / –")
        rows.append(" | ".join(cells))
    return "\n".join(f"| {row} |" for row in rows)


def table(header, rows):
    lines = [f"| {' | '.join(header)} |", f"| {' | '.join(['---'] + ['---:'] * (len(header) - 1))} |"]
    return "\n".join([*lines, *(f"| {' | '.join(str(c) for c in row)} |" for row in rows)])


def report(results, minutes, feeds, notes=""):
    names = list(results)
    sums = {n: summary(*results[n]) for n in names}
    first = sums[names[0]]
    body = [
        f"{feeds} feeds, each on its own loopback host, each gaining an entry a minute (spread over the minute) "
        f"for {minutes} minutes: {feeds} new articles a minute. Production layout (docker-compose.yml): a threaded "
        "worker (32) for poll and mail, a prefork worker (4, two per core) for extract and tag, beat with its real "
        f"schedule (dispatch every {settings.NEWSMONITOR_DISPATCH_SECONDS} s); Redis, PostgreSQL, politeness and the "
        "adaptive poll interval as in production (a feed publishing every minute is polled at the minimum "
        f"interval, {settings.NEWSMONITOR_POLL_MIN_INTERVAL} s). The feeds' first polls begin a minute into the "
        "run, so the first minute's entries wait longer. Published = when the entry first appeared in its "
        "feed; visible = when its article's timeline rows were first read (ArticleDoc, sampled every 2 s). "
        "Goal: p95 under 60 s. `killed`: the extract/tag worker SIGKILLed with its children halfway and started "
        f"again {RESTART} s later. After the last entry appeared, the run waits at most "
        f"{results[names[0]][0].drain} minutes for the rest.",
        table(["", *names], [[k, *(sums[n][k] for n in names)] for k in first]),
        "Where the time goes (p50 / p95 s):",
        table(["stage", *names], [[label, *(f"{pct(spans(results[n][1], a, b), .5):.1f} / "
                                            f"{pct(spans(results[n][1], a, b), .95):.1f}" for n in names)]
                                  for label, a, b in STAGES]),
        "By minute of appearance:",
        by_minute(results, minutes),
        *(around_kill(*results[n]) for n in names),
        notes,
    ]
    write_section("crawl", f"Reliability: steady-state crawl of {feeds} feeds",
                  "python -m newsmonitor.bench crawl", "\n\n".join(part for part in body if part))
