"""The parts stand in layers, each importing only those below it:

    lib (pure helpers) < tagging (pure library) < rules < feeds < articles < stories < timelines < digests
        < workbench < the project's pipeline, tasks and commands < demo, bench (developer tools)

Each check imports every module of one part in a fresh process where the parts above
it cannot be imported (an import of one fails loudly) and Django knows only the apps
up to that part. So feeds never imports articles or demo, articles never imports
timelines, lib imports no part at all."""

import json
import subprocess
import sys

import pytest

from tests.support.paths import ROOT


PROBE = """
import importlib, importlib.abc, json, pkgutil, sys
part, blocked = sys.argv[1], json.loads(sys.argv[2])

class Above(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in blocked):
            raise ImportError(f"{part} imports {name}, which is above it")
        return None

sys.meta_path.insert(0, Above())
import django
from django.conf import settings
import newsmonitor.settings as base
values = {k: getattr(base, k) for k in dir(base) if k.isupper()}
values["INSTALLED_APPS"] = [app for app in base.INSTALLED_APPS if app not in blocked]
settings.configure(**values)
django.setup()
package = importlib.import_module(part)
names = [part] + [m.name for m in pkgutil.walk_packages(package.__path__, part + ".")]
for name in names:
    importlib.import_module(name)
print(json.dumps(names))
"""

PROJECT = ["newsmonitor.pipeline", "newsmonitor.tasks", "newsmonitor.management"]
TOOLS = ["newsmonitor.demo", "newsmonitor.bench"]
LAYERS = ["newsmonitor.rules", "newsmonitor.feeds", "newsmonitor.articles", "newsmonitor.stories", "newsmonitor.timelines",
          "newsmonitor.digests", "newsmonitor.workbench"]
ABOVE = {part: LAYERS[i + 1:] + [*PROJECT, *TOOLS] for i, part in enumerate(LAYERS)}
ABOVE["newsmonitor.lib"] = ["newsmonitor.tagging", "newsmonitor.db", "newsmonitor.adminkit", *LAYERS, *PROJECT, *TOOLS]


@pytest.mark.parametrize("part", sorted(ABOVE))
def test_a_part_imports_nothing_above_it(part, tmp_path):
    done = subprocess.run([sys.executable, "-c", PROBE, part, json.dumps(ABOVE[part])], cwd=ROOT,
                          capture_output=True, text=True, timeout=180,
                          env={"PATH": "/usr/bin:/bin", "NEWSMONITOR_VAR_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-3000:]
    imported = json.loads(done.stdout.splitlines()[-1])
    assert len(imported) > 3  # the whole part was walked, not only its package


def test_the_check_fails_when_a_part_reaches_up(tmp_path):
    """The probe itself: a part that imports one above it is caught."""
    done = subprocess.run([sys.executable, "-c", PROBE, "newsmonitor.feeds", json.dumps(["newsmonitor.lib"])],
                          cwd=ROOT, capture_output=True, text=True, timeout=180,
                          env={"PATH": "/usr/bin:/bin", "NEWSMONITOR_VAR_DIR": str(tmp_path)})
    assert done.returncode != 0 and "which is above it" in done.stderr
