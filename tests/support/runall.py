"""`manage.py runall` (what `make demo` and `make run` start) as the tests run it: in
embedded mode, in a var/ directory of its own, its output in a log file; and the
processes it started, read from /proc."""

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.paths import ROOT
from tests.support.worker import wait_for


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    """(status, headers, body) of URL, or None while nothing answers there."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")
    except OSError:
        return None


def get(url):
    """The body of URL when it answers 200, else None."""
    answer = fetch(url)
    return answer[2] if answer and answer[0] == 200 else None


def port_is_closed(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def embedded_env(var):
    """Our environment in the embedded mode (SQLite and the filesystem broker) in VAR."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(NEWSMONITOR_VAR_DIR=str(var), NEWSMONITOR_FETCH_ALLOW_PRIVATE="", PYTHONUNBUFFERED="1")
    return env


class Runall:
    """`manage.py runall ARGS --addr 127.0.0.1:<free port>` in var/ under TMP_PATH; with
    MAKE_TARGET, `make TARGET ARGS=...` (`make demo`, `make run`) starting it."""

    def __init__(self, tmp_path, *args, make_target=None):
        self.tmp_path = Path(tmp_path)
        self.port = free_port()
        self.log_path = self.tmp_path / "runall.log"
        env = embedded_env(self.tmp_path / "var")
        args = [*args, "--addr", f"127.0.0.1:{self.port}"]
        argv = [sys.executable, "manage.py", "runall", *args]
        if make_target:  # -o: the installed virtualenv counts as up to date (no pip run here)
            argv = ["make", "-s", "-o", ".venv/.installed", make_target, f"PY={sys.executable}",
                    f"ARGS={' '.join(args)}"]
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def log(self):
        return self.log_path.read_text(errors="replace")[-6000:]

    def wait_until_serving(self, timeout=180):
        try:
            wait_for(lambda: get(self.url()), timeout=timeout, interval=1, message="runall's web server")
        except AssertionError:
            raise AssertionError(self.log())

    def stop(self, sig, timeout=90):
        """Sends SIG to runall (or make) alone, not its children, and waits for it to exit."""
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"runall did not exit within {timeout}s of signal {sig}:\n{self.log()}")

    def kill(self):
        """Clean-up after a failed test: no process of runall's may outlive it."""
        for pid in [*descendants(self.proc.pid), self.proc.pid]:
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        self.proc.wait()


def processes():
    """{pid: (ppid, pgid, command line)} of every live process (zombies are gone)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # exited while we looked
        # The command name, in parentheses, may hold spaces: the fields follow its end.
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z":
            table[int(entry.name)] = (int(fields[1]), int(fields[2]), cmdline.strip())
    return table


def descendants(pid):
    """{pid: command line} of PID's children, their children and so on, and of any
    process left in one of their process groups after its parent went."""
    table = processes()
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, _, cmdline) in table.items():
            if ppid == parent and child not in found:
                found[child] = cmdline
                frontier.append(child)
    groups = {table[child][1] for child in found} - {table.get(pid, (0, 0))[1]}
    found.update({other: cmdline for other, (_, pgid, cmdline) in table.items() if pgid in groups})
    return found


def still_running(pids):
    """Those of PIDS that still run, or that are in the process group of one of them."""
    table = processes()
    groups = set(pids)
    return {pid: cmdline for pid, (_, pgid, cmdline) in table.items() if pid in pids or pgid in groups}
