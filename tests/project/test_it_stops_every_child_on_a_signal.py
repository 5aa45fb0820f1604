"""`make demo` stopped by a process manager (SIGTERM) or a closed terminal (SIGHUP), not
only by Ctrl-C: runall's children run in sessions of their own, so unless runall stops
them they outlive it. Every process it started, and every one those started (the
worker's pool, gunicorn's workers), must be gone, and the ports closed."""

import signal

import pytest

from tests.support.runall import Runall, descendants, free_port, port_is_closed, still_running

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
