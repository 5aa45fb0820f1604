"""`make run` serves through gunicorn, with WhiteNoise for the static files, not Django's
development server; and stops all of it on SIGTERM. An empty feed list keeps it off the
internet."""

import signal

import pytest

from tests.support.runall import Runall, descendants, fetch, port_is_closed, still_running

pytestmark = [pytest.mark.slow]


def test_it_serves_pages_and_static_files_through_gunicorn(tmp_path):
    feeds = tmp_path / "no-feeds.json"
    feeds.write_text("[]")
    runall = Runall(tmp_path, "--feeds", str(feeds))
    try:
        runall.wait_until_serving()
        page = fetch(runall.url("/"))
        css = fetch(runall.url("/static/timelines/print.css"))
        admin_css = fetch(runall.url("/static/admin/css/base.css"))  # an app's static file, not only ours
        started = descendants(runall.proc.pid)
        code = runall.stop(signal.SIGTERM)
    except BaseException:
        runall.kill()
        raise
    assert page[0] == 200 and page[1]["Server"] == "gunicorn" and 'dir="rtl"' in page[2]
    for status, headers, body in (css, admin_css):
        assert (status, headers["Server"]) == (200, "gunicorn")
        assert headers["Content-Type"].startswith("text/css") and body.strip()
    assert any("gunicorn newsmonitor.wsgi" in command for command in started.values())
    assert not any("runserver" in command for command in started.values())
    assert code == 0, runall.log()
    assert still_running(started) == {} and port_is_closed(runall.port)
