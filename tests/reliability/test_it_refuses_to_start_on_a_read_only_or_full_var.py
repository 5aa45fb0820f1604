"""In the embedded mode everything is written under var/. On a read-only or full disk
every command stops at once, with a sentence naming the directory and the cause, not a
traceback from the first write (a worker used to stop on an unreadable queue file, a
poll to say only "disk I/O error") and never a hang."""

import sys

import pytest

from tests.support.namespace import PrivateDisk
from tests.support.paths import ROOT
from tests.support.runall import embedded_env, free_port

pytestmark = [pytest.mark.slow]

COMMANDS = {
    "poll --sync": ["manage.py", "poll", "--sync"],
    "make demo": ["manage.py", "runall", "--demo", "--addr", "127.0.0.1:{port}", "--demo-port", "{port2}"],
    "celery worker": ["-m", "celery", "-A", "newsmonitor", "worker", "-l", "info"],
}
CAUSES = {"read-only": "cannot be written: Read-only file system", "full": "MB free; it needs at least"}


@pytest.mark.parametrize("state", sorted(CAUSES))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_it_stops_with_the_directory_and_the_cause(tmp_path, state, command):
    var = tmp_path / "var"
    argv = [part.format(port=free_port(), port2=free_port()) for part in COMMANDS[command]]
    with PrivateDisk(var) as disk:
        disk.make_read_only() if state == "read-only" else disk.fill()
        # The timeout only turns a hang into a failure.
        done = disk.run([sys.executable, *argv], cwd=ROOT, env=embedded_env(var), timeout=120)
    assert done.returncode != 0
    last_line = done.stderr.strip().splitlines()[-1]
    assert f"newsmonitor's var directory {var} (NEWSMONITOR_VAR_DIR)" in last_line, done.stderr[-3000:]
    assert CAUSES[state] in last_line
