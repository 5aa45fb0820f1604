"""The committed demo site (newsmonitor/demo/site/) is exactly what its builder makes of
the content files and templates: `python -m newsmonitor.demo.builder --out DIR`, run
as a developer runs it (no Django settings), writes the same files byte for byte,
none missing, none extra. A template or builder change that alters the site must come
with the rebuilt site."""

import os
import subprocess
import sys

import pytest

from newsmonitor.demo import SITE_DIR
from tests.support.paths import ROOT

pytestmark = pytest.mark.core

# The builder's inputs sit in the site folder too; they are not its output.
INPUTS = "_content"


def site_files(root):
    """Every file under root (the builder's inputs aside), by relative path."""
    return {path.relative_to(root).as_posix(): path for path in root.rglob("*")
            if path.is_file() and path.relative_to(root).parts[0] != INPUTS}


def rebuild(out):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run([sys.executable, "-m", "newsmonitor.demo.builder", "--out", str(out)],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)


def test_it_rebuilds_every_committed_file_byte_for_byte(tmp_path):
    rebuild(tmp_path)
    committed, rebuilt = site_files(SITE_DIR), site_files(tmp_path)
    # A vacuous comparison (an empty or moved site folder) must not pass.
    assert {"outlets.json", "annotations.json", "nile/feed.xml", "rabia/feed.xml"} <= committed.keys()
    assert sorted(committed.keys() - rebuilt.keys()) == [], "missing from the rebuild"
    assert sorted(rebuilt.keys() - committed.keys()) == [], "extra in the rebuild"
    differ = [name for name in sorted(committed) if committed[name].read_bytes() != rebuilt[name].read_bytes()]
    assert differ == [], "rebuilt differently: run python -m newsmonitor.demo.builder and commit the site"
