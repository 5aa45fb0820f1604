"""Celery processes for the benchmarks that run the system as a deployment does: a
worker or beat started as its own process on the configured broker and database."""

import os
import signal
import subprocess
import sys

from django.conf import settings


def spawn(args, env, log=None):
    """`celery -A newsmonitor <args>` in a session of its own, so that stop() and kill()
    reach a prefork worker's children too (as a container's end does). Its output goes
    to `log` (a path) when given, else to this process's."""
    out = open(log, "a", encoding="utf-8") if log else None
    try:
        return subprocess.Popen([sys.executable, "-m", "celery", "-A", "newsmonitor", *args, "-l", "warning"],
                                cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT if out else None,
                                start_new_session=True)
    finally:
        if out:
            out.close()


def stop(proc, timeout=30):
    """SIGTERM (a warm shutdown), then SIGKILL if it has not ended in `timeout` s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            kill(proc)


def kill(proc):
    """SIGKILL to the process and its children at once: no task is acknowledged or
    handed back, as when a machine or container dies."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)


def cpu_seconds(proc):
    """User and system CPU time of a process and its live children (a prefork
    worker's pool), from /proc: what the work cost, whatever else the machine runs."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command: state, ppid, ..., utime and stime are the 12th and 13th.
        if int(entry) == proc.pid or int(fields[1]) == proc.pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total
