"""A small disk of our own for var/: a tmpfs mounted in a mount namespace that only
the processes started through it see, so a test can fill it or make it read-only (as
root, chmod would not stop a write). Needs `unshare -m`; where it is refused the test
skips, and fails instead under CI=true."""

import os
import subprocess

import pytest

IN_CI = os.getenv("CI", "").lower() == "true"


class PrivateDisk:
    def __init__(self, folder, size="200k"):
        self.folder, self.size = folder, size
        self.holder = None

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        script = f"mount -t tmpfs -o size={self.size} tmpfs '{self.folder}' && echo mounted && exec sleep 3600"
        try:
            self.holder = subprocess.Popen(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            mounted = self.holder.stdout.readline().strip() == "mounted"
        except OSError as exc:
            mounted, why = False, str(exc)
        if not mounted:
            why = self.holder.stderr.read() if self.holder else why
            self.__exit__()
            reason = f"cannot mount a tmpfs in a mount namespace of its own (unshare -m, as root): {why}"
            pytest.fail(reason) if IN_CI else pytest.skip(reason)
        return self

    def __exit__(self, *exc):
        if self.holder and self.holder.poll() is None:
            self.holder.kill()
            self.holder.wait()

    def inside(self, argv, cwd="/"):
        """ARGV as run in CWD inside the namespace, where the tmpfs is mounted on the folder."""
        # (this nsenter has no --wdir: entering the namespace puts it in /)
        return ["nsenter", "-t", str(self.holder.pid), "-m", "sh", "-c", 'cd "$0" && exec "$@"', str(cwd), *argv]

    def run(self, argv, cwd="/", **kwargs):
        return subprocess.run(self.inside(argv, cwd), capture_output=True, text=True, **kwargs)

    def fill(self):
        """Writes until nothing is left (dd stops at ENOSPC)."""
        self.run(["dd", "if=/dev/zero", f"of={self.folder}/filler", "bs=4k"], timeout=60)
        assert self.free_bytes() < 8192

    def empty_filler(self):
        self.run(["rm", "-f", f"{self.folder}/filler"], check=True, timeout=60)

    def make_read_only(self):
        self.run(["mount", "-o", "remount,ro", str(self.folder)], check=True, timeout=60)

    def free_bytes(self):
        done = self.run(["stat", "-f", "-c", "%a %S", str(self.folder)], check=True, timeout=60)
        blocks, size = done.stdout.split()
        return int(blocks) * int(size)
