"""`make demo` stopped by a process manager (SIGTERM), a closed terminal (SIGHUP) or a
SIGKILL, not only by Ctrl-C: runall's children run in sessions of their own, so unless runall stops
them they outlive it, and make does not pass a SIGTERM on to runall. Every process it
started, and every one those started (the worker's pool, gunicorn's workers), must be
gone, and the ports closed."""

import os
import signal

import pytest

from tests.support.runall import Runall, descendants, free_port, port_is_closed, still_running
from tests.support.worker import wait_for

pytestmark = [pytest.mark.slow]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_it_stops_every_child_of_make_demo(tmp_path, sig):
    site = free_port()
    runall = Runall(tmp_path, "--demo", "--demo-port", str(site))
    try:
        runall.wait_until_serving()
        started = descendants(runall.proc.pid)
        commands = " ".join(started.values())
        assert "celery -A newsmonitor worker" in commands and "celery -A newsmonitor beat" in commands
        assert "gunicorn" in commands and "newsmonitor.demo.server" in commands
        code = runall.stop(sig)
    except BaseException:
        runall.kill()
        raise
    assert code == 0, runall.log()
    assert f"{sig.name} received" in runall.log()
    assert still_running(started) == {}, runall.log()
    assert port_is_closed(runall.port) and port_is_closed(site)


def test_it_stops_every_child_when_a_process_manager_stops_make_demo(tmp_path):
    """The process manager's SIGTERM reaches make, which dies of it without passing it on."""
    site = free_port()
    runall = Runall(tmp_path, "--demo-port", str(site), make_target="demo")
    try:
        runall.wait_until_serving()
        started = descendants(runall.proc.pid)
        assert any("manage.py runall --demo" in command for command in started.values())
        runall.stop(signal.SIGTERM)
        wait_for(lambda: not still_running(started), timeout=90, message="runall and its children stopped")
    except BaseException:
        runall.kill()
        raise
    assert "SIGTERM received" in runall.log()
    assert port_is_closed(runall.port) and port_is_closed(site)


def test_it_stops_every_child_when_runall_itself_is_killed(tmp_path):
    """SIGKILL (or the OOM killer) gives runall no chance: each child is asked by the
    kernel to stop when runall is gone, and stops its own (pool, gunicorn workers)."""
    site = free_port()
    runall = Runall(tmp_path, "--demo", "--demo-port", str(site))
    started = {}
    try:
        runall.wait_until_serving()
        started = descendants(runall.proc.pid)
        runall.proc.kill()
        runall.proc.wait(30)
        wait_for(lambda: not still_running(started), timeout=90, message="every child of the killed runall stopped")
    except BaseException:
        runall.kill()
        for pid in still_running(started):  # orphans now: runall.kill() no longer finds them
            os.kill(pid, signal.SIGKILL)
        raise
    assert port_is_closed(runall.port) and port_is_closed(site)
