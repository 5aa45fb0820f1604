"""The tagger is a plain library: importing and using it pulls in neither Django nor
Celery (the project package newsmonitor/__init__.py does, so it is stubbed here)."""

import json
import subprocess
import sys

from tests.support.paths import ROOT


PROBE = """
import json, sys, types
package = types.ModuleType("newsmonitor")
package.__path__ = [sys.argv[1] + "/newsmonitor"]
sys.modules["newsmonitor"] = package
import newsmonitor.tagging
from newsmonitor.tagging import Tagger, TAGGER_VERSION, normalize
import newsmonitor.tagging.__main__, newsmonitor.tagging.tune
result = Tagger.load().tag("مصر وباكستان تبحثان التعاون", "التقى الوزير المصري سفير باكستان في القاهرة.").as_dict()
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"django", "celery", "kombu", "redis", "psycopg"})
print(json.dumps({"heavy": heavy, "version": TAGGER_VERSION, "countries": result["countries"]}))
"""


def test_it_imports_and_tags_without_django_or_celery():
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], capture_output=True, timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout)
    assert report["heavy"] == []
    assert report["countries"] == ["EG", "PK"]
    assert isinstance(report["version"], str) and report["version"]


def test_load_is_cached_per_process():
    from newsmonitor.tagging import Tagger

    assert Tagger.load() is Tagger.load()
