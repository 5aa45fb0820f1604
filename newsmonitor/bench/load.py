"""Load benchmark: the dashboard's synthetic corpus (a million articles) served by
gunicorn with production settings, `wrk` on loopback against the busiest pair's
timeline page, search and the timeline API (and the three in turn), at rising
concurrency: requests/s, p50/p95/p99, errors, machine CPU, and where it saturates;
then gunicorn's obvious alternatives (worker count, threads) side by side at one
concurrency.

    python -m newsmonitor.bench load      (part of `make bench`, after `dashboard`,
                                          which generates the corpus) runs the command
                                          below in a process of its own and writes its
                                          output into BENCHMARKS.md
    python -m newsmonitor.bench.load [--seconds 60] [--steps 1,2,4,8,16,32,64] [--compare-at 4,32]

It uses the dashboard benchmark's database (DATABASE_URL, default newsmonitor_dash_bench)
as it is: generating the corpus is `python -m newsmonitor.bench.dashboard_corpus`.
Needs `wrk` (Debian package wrk). Prints a Markdown section on stdout.

Production settings as docker-compose.yml runs them: NEWSMONITOR_PRODUCTION=1 with a
strong random SECRET_KEY, DEBUG off, Redis as broker and cache. Production serves
HTTPS only and takes the scheme from the TLS proxy's X-Forwarded-Proto, so wrk sends
`X-Forwarded-Proto: https` as that proxy would (without it every request would be a
301 to https); nothing in the settings is switched off. The proxy itself (TLS, nginx)
is not in the measurement.
"""

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from newsmonitor.bench.report import write_section
from newsmonitor.bench.setup import ROOT

STEPS = (1, 2, 4, 8, 16, 32, 64)
SEARCH = "/search/?q=باكستان"
# A redis database of its own for the cache and (unused by these GETs) the broker.
REDIS = "redis://127.0.0.1:6379/12"
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Language": "ar"}
# (label, gunicorn arguments): the sweep's server first, then what it is compared with.
SERVERS = [
    ("sync, 5 workers (2 × cores + 1)", ["--workers", "5"]),
    ("sync, 3 workers (docker-compose.yml)", ["--workers", "3"]),
    ("gthread, 3 workers × 4 threads", ["--workers", "3", "--worker-class", "gthread", "--threads", "4"]),
    ("sync, 9 workers", ["--workers", "9"]),
]

# wrk runs one Lua state per thread: each counts its own non-2xx answers, and done()
# (a state of its own) adds them up through the thread objects setup() kept.
LUA = """
local threads = {}
local paths = {%(paths)s}
%(headers)s
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0; sent = 0 end
function request()
  sent = sent + 1
  return wrk.format("GET", paths[(sent %% #paths) + 1])
end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50": %%d, "p95": %%d, "p99": %%d, "non2xx": %%d, '
    .. '"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), bad, e.connect, e.read, e.write, e.timeout))
end
"""


def run():
    """`python -m newsmonitor.bench load`: this benchmark in a process of its own (it
    reads the dashboard benchmark's database), its output written into BENCHMARKS.md."""
    # stderr passes through: the progress of a run of some forty minutes.
    out = subprocess.run([sys.executable, "-m", "newsmonitor.bench.load"], cwd=ROOT,
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    write_section("load", "Load: gunicorn on the million-article corpus", "make bench (python -m newsmonitor.bench.load)",
                  out)


# --- the server -----------------------------------------------------------------------------
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env():
    return dict(os.environ, NEWSMONITOR_PRODUCTION="1", SECRET_KEY=secrets.token_urlsafe(50), DEBUG="0",
                CELERY_BROKER_URL=REDIS, CACHE_URL=REDIS, LOG_LEVEL="WARNING")


def log_path():
    return Path(os.environ["NEWSMONITOR_VAR_DIR"]) / "load-gunicorn.log"


@contextmanager
def gunicorn(args):
    """A gunicorn serving the project on a loopback port with `args`; yields (base URL, master pid)."""
    port = free_port()
    log = open(log_path(), "ab")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "newsmonitor.wsgi", "--bind", f"127.0.0.1:{port}",
                             *args], cwd=ROOT, env=server_env(), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, proc)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def wait_ready(base, proc, timeout=120):
    """Until gunicorn accepts connections; then one request, which must be a 200."""
    host, port = base.rsplit("/", 1)[1].split(":")
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}: see {log_path()}")
        try:
            socket.create_connection((host, int(port)), timeout=5).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not listen in time: see {log_path()}")
            time.sleep(0.5)
    fetch(base, "/api/pairs/")


def fetch(base, path):
    """One request as wrk makes them; anything but a 200 is an error (a 301 would mean
    the production redirect was not satisfied, and wrk would time only redirects)."""
    request = urllib.request.Request(base + quote(path, safe="/?=&+"), headers=HEADERS)
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        if response.status != 200 or response.url != request.full_url:
            raise RuntimeError(f"{path}: {response.status} {response.url}")


# --- the load generator ----------------------------------------------------------------------
def lua_script(paths):
    quoted = ", ".join(json.dumps(quote(p, safe="/?=&+")) for p in paths)
    headers = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in HEADERS.items())
    path = Path(os.environ["NEWSMONITOR_VAR_DIR"]) / "load.lua"
    path.write_text(LUA % {"paths": quoted, "headers": headers}, encoding="utf-8")
    return path


def wrk(server, script, connections, seconds):
    """wrk's figures for `connections` clients for `seconds`: one wrk thread, which keeps
    the load generator's own share of the two cores small (it needs a few % here)."""
    base, master = server
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "60s", "-s", str(script),
               base + "/"]
    before, started = cpu_times(), time.monotonic()
    workers_before, database_before = workers_cpu(master), database_cpu()
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    busy = cpu_busy(before, cpu_times())
    workers = (workers_cpu(master) - workers_before) / (time.monotonic() - started)
    database = sum(used - database_before.get(pid, 0) for pid, used in database_cpu().items())
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    figures = json.loads(line[len("RESULT "):])
    seconds_run = figures["duration_us"] / 1e6
    socket_errors = sum(figures[k] for k in ("connect", "read", "write", "timeout"))
    return {"clients": connections, "rps": figures["requests"] / seconds_run, "requests": figures["requests"],
            "p50": figures["p50"] / 1000, "p95": figures["p95"] / 1000, "p99": figures["p99"] / 1000,
            "non2xx": figures["non2xx"], "socket": socket_errors, "timeouts": figures["timeout"], "cpu": busy,
            "workers": workers, "cpu_ms": cpu_per_request(workers * (time.monotonic() - started) + database,
                                                           figures["requests"]),
            "load1": os.getloadavg()[0]}


def cpu_per_request(seconds, requests):
    return seconds * 1000 / requests if requests else float("nan")


def cpu_times():
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    return sum(values), values[3] + values[4]  # total, idle + iowait


def cpu_busy(before, after):
    total, idle = after[0] - before[0], after[1] - before[1]
    return 1 - idle / total if total else 0.0


def workers_cpu(master):
    """CPU seconds the gunicorn workers have used so far. A worker that restarted
    mid-step would lose its seconds: gunicorn logs that."""
    pids = [pid for task in Path(f"/proc/{master}/task").iterdir() for pid in (task / "children").read_text().split()]
    return sum(process_cpu(pid) for pid in pids)


def database_cpu():
    """{pid: CPU seconds so far} of the PostgreSQL backends serving the workers (those
    of this database but this process's own). Connections persist (CONN_MAX_AGE), so a
    step sees the same backends at its start and end."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        return {pid: process_cpu(pid) for (pid,) in cursor.fetchall()}


def process_cpu(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


# --- the runs ---------------------------------------------------------------------------------
def sweep(server, paths, steps, seconds):
    script = lua_script(paths)
    wrk(server, script, 2, min(5, seconds))  # warm-up: each worker's first requests, not counted
    rows = []
    for clients in steps:
        rows.append(wrk(server, script, clients, seconds))
        print(f"  {clients} clients: {rows[-1]['rps']:.1f} req/s", file=sys.stderr)
    return rows


def saturation(rows):
    """The fewest clients reaching 90 % of the best throughput: beyond it more clients
    add waiting, not requests answered."""
    best = max(row["rps"] for row in rows)
    return next(row for row in rows if row["rps"] >= 0.9 * best)


def errors(row):
    text = str(row["non2xx"] + row["socket"])
    if row["socket"]:
        text += f" ({row['socket']} socket, {row['timeouts']} timeouts)"
    return text


def table(rows, first_column):
    lines = [f"| {first_column} | req/s | p50 ms | p95 ms | p99 ms | requests | errors | CPU busy | gunicorn cores "
             "| CPU ms a request | load 1 min |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        lines.append(f"| {row['label']} | {row['rps']:.1f} | {row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} | "
                     f"{row['requests']:,} | {errors(row)} | {row['cpu']:.0%} | {row['workers']:.2f} | "
                     f"{row['cpu_ms']:.0f} | {row['load1']:.2f} |")
    return "\n".join(lines)


def targets(pair):
    timeline, api = f"/pairs/{pair}/", f"/api/pairs/{pair}/timeline/"
    return [("Pair timeline page", [timeline]), ("Search", [SEARCH]), ("API timeline", [api]),
            ("Mixed (the three in turn)", [timeline, SEARCH, api])]


def measure_sweeps(pair, steps, seconds):
    """{target label: rows} for every target against the sweep's server."""
    found = {}
    label, args = SERVERS[0]
    with gunicorn(args) as server:
        for name, paths in targets(pair):
            for path in paths:
                fetch(server[0], path)
            print(f"{name} ({label})", file=sys.stderr)
            found[name] = (paths, sweep(server, paths, steps, seconds))
    return found


def measure_servers(pair, levels, seconds):
    """The mixed URLs at each concurrency of `levels` against each server of SERVERS, one
    server after another; rows by level, then server."""
    paths = targets(pair)[-1][1]
    rows = []
    for label, args in SERVERS:
        print(f"compare: {label}", file=sys.stderr)
        with gunicorn(args) as server:
            rows += [dict(row, label=f"{label}, {row['clients']} clients") for row in sweep(server, paths, levels, seconds)]
    return sorted(rows, key=lambda row: row["clients"])


def section(corpus, pair, sweeps, compared, args, load_before):
    out = [f"Corpus: {corpus:,} articles (`python -m newsmonitor.bench.dashboard_corpus`), busiest pair {pair}. "
           f"gunicorn {gunicorn_version()}, {SERVERS[0][0]}, NEWSMONITOR_PRODUCTION=1, DEBUG off, Redis cache; "
           f"`wrk` (one thread, {args.seconds} s a step, a {min(5, args.seconds)} s warm-up per URL set not counted) "
           "on loopback sending `X-Forwarded-Proto: https` as the TLS proxy would. Latency is wrk's, from sending "
           "the request to the last byte, so it includes waiting in gunicorn's accept queue. Errors: non-2xx "
           "answers plus socket errors. CPU busy: the whole machine's (both cores, everything on it) during the step; "
           "gunicorn cores: the CPU seconds its workers used per second; CPU ms a request: the workers' and their "
           "PostgreSQL backends' CPU time over the requests answered, which depends far less on the other processes "
           "than latency does: two idle cores divided by it is a ceiling of requests/s on this machine.",
           "", "Load average (1, 5, 15 min) before the run: {:.2f} {:.2f} {:.2f}; the machine is shared with other "
           "helpers' tests and benchmarks, so read the figures as noisy: trends over concurrency, not third "
           "digits.".format(*load_before), ""]
    for name, (paths, rows) in sweeps.items():
        knee = saturation(rows)
        out += [f"### {name}: " + ", ".join(f"`{p}`" for p in paths), "",
                table([dict(row, label=str(row["clients"])) for row in rows], "clients"), "",
                f"Saturates at about {plural(knee['clients'], 'client')}: {knee['rps']:.1f} req/s (best "
                f"{max(r['rps'] for r in rows):.1f}); beyond it more clients wait longer, no more are served. "
                f"Ceiling on two idle cores: about {ceiling(rows):.0f} req/s (2,000 CPU ms a second over the median "
                "CPU ms a request).", ""]
    out += [f"### Servers compared: mixed URLs at {args.compare_at.replace(',', ' and ')} clients, {args.seconds} s "
            "each, one server after another", "",
            "The same sync server as above is measured again here, so the four meet the same moment of the machine. "
            "gthread keeps wrk's connections alive between requests; sync workers close each one.", "",
            table(compared, "gunicorn"), ""]
    return "\n".join(out)


def ceiling(rows):
    return 2000 / statistics.median(row["cpu_ms"] for row in rows)


def plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def gunicorn_version():
    import gunicorn

    return gunicorn.__version__


def corpus_size():
    from newsmonitor.bench.dashboard import article_count

    return article_count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of each step (the issue asks 60)")
    parser.add_argument("--steps", default=",".join(map(str, STEPS)), help="concurrency steps, comma-separated")
    parser.add_argument("--compare-at", default="4,32", help="concurrency of the servers' comparison, comma-separated")
    args = parser.parse_args(argv)
    from newsmonitor.bench.dashboard import configure, scenarios, vacuum

    configure()
    corpus = corpus_size()
    if not corpus:
        sys.exit("the corpus is empty: run python -m newsmonitor.bench.dashboard_corpus first")
    vacuum()
    pair = scenarios()[1]
    steps = [int(s) for s in args.steps.split(",")]
    load_before = os.getloadavg()
    sweeps = measure_sweeps(pair, steps, args.seconds)
    compared = measure_servers(pair, [int(s) for s in args.compare_at.split(",")], args.seconds)
    print(section(corpus, pair, sweeps, compared, args, load_before))


if __name__ == "__main__":
    main()
