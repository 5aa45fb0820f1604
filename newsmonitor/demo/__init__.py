"""The bundled demo: a sample site of feeds and article pages written for this project,
and the small server that serves it for `make demo`, the tests and the benchmarks."""

import json
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent / "site"


def demo_outlets():
    return json.loads((SITE_DIR / "outlets.json").read_text(encoding="utf-8"))


def load_demo_feeds(host_port):
    """Register every demo outlet and feed, pointing at the demo server."""
    # Here, not at the top: the demo server (python -m newsmonitor.demo.server) serves
    # the site without Django, and importing feeds would need it.
    from newsmonitor.feeds.feedlist import add_feed

    feeds = []
    for outlet in demo_outlets():
        for item in outlet["feeds"]:
            feed, _, _ = add_feed(
                f"http://{host_port}/{item['path']}", outlet=outlet["name"], country=outlet["country"],
                language=outlet.get("language", "ar"), homepage=outlet.get("homepage", ""), check=False,
            )
            feeds.append(feed)
    return feeds
