"""No test reaches another host: lookups of other names and connections to other
addresses are refused in-process (tests.support.no_other_host), and the tests that
poll hostile feeds run again inside a network namespace with only a loopback."""

import os
import shutil
import socket
import subprocess
import sys

import pytest

from tests.support import no_other_host
from tests.support.paths import ROOT

IN_CI = os.getenv("CI", "").lower() == "true"
HOSTILE_TESTS = ["tests/pipeline/test_it_refuses_hostile_feeds.py", "tests/pipeline/test_it_caps_new_entries_per_poll.py",
                 "tests/pipeline/test_it_polls_any_feed_bytes.py", "tests/pipeline/test_it_keeps_long_urls_apart.py",
                 "tests/pipeline/test_it_fetches_pages_politely.py"]


@pytest.mark.reaches_other_hosts
def test_it_refuses_a_lookup_of_another_host():
    before = len(no_other_host.attempts)
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("news.example.com", 443)
    assert no_other_host.attempts[before:] == ["lookup of 'news.example.com'"]


@pytest.mark.reaches_other_hosts
def test_it_refuses_a_connection_to_another_address():
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="another host"):
        sock.connect(("192.0.2.10", 80))  # TEST-NET-1: nobody's, but it must not even be tried


def test_it_lets_loopback_through(http_server):
    with socket.create_connection(("127.0.0.1", http_server.port), timeout=5):
        pass


def namespace_or_skip():
    if shutil.which("unshare") and shutil.which("ip"):
        probe = subprocess.run(["unshare", "-n", "sh", "-c", "ip link set lo up && ip -o addr"],
                               capture_output=True, text=True)
        if probe.returncode == 0:
            return probe.stdout
        reason = f"unshare -n refused: {probe.stderr.strip()}"
    else:
        reason = "unshare or ip not installed"
    if IN_CI:
        pytest.fail(f"the hostile-feed tests must run in a network namespace: {reason}")
    pytest.skip(reason)


@pytest.mark.slow
def test_it_polls_hostile_feeds_inside_a_network_namespace(tmp_path):
    interfaces = namespace_or_skip()
    assert {line.split()[1] for line in interfaces.splitlines()} == {"lo"}  # nothing but loopback
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env["NEWSMONITOR_VAR_DIR"] = str(tmp_path)  # embedded: SQLite, no service outside the namespace
    script = 'ip link set lo up && exec "$0" -m pytest -p no:cacheprovider -q -p no:logging "$@"'
    run = subprocess.run(["unshare", "-n", "sh", "-c", script, sys.executable, *HOSTILE_TESTS],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    tail = run.stdout[-3000:]
    assert run.returncode == 0, tail + run.stderr[-2000:]
    assert " passed" in tail and "skipped" not in tail and "failed" not in tail
