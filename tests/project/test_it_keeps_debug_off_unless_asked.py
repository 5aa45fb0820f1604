"""DEBUG is off unless DEBUG=1 asks for it, in the embedded mode too (`make run` on a
server is the embedded mode): an error page never shows settings or the URLconf. The
demo turns it on for its children only when its web server binds to loopback."""

import pytest

from newsmonitor.management.commands.runall import Command
from tests.support.settings_process import run_python

NOT_FOUND = """
from django.test import Client
response = Client().get("/no-such-page/")
print(response.status_code, "URLconf" in response.content.decode())
"""
DEBUG = "from django.conf import settings; print(settings.DEBUG)"


def test_without_debug_set_an_error_page_shows_nothing_of_the_site(tmp_path):
    result = run_python(DEBUG + NOT_FOUND, tmp_path)  # no DATABASE_URL: the embedded mode
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "404", "False"]


def test_debug_1_turns_it_on(tmp_path):
    result = run_python(DEBUG + NOT_FOUND, tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "404", "True"]  # the technical page: why it must be asked for


@pytest.mark.parametrize("addr, debug", [("127.0.0.1:8000", "True"), ("localhost:8000", "True"), ("[::1]:8000", "True"),
                                         ("8000", "True"), ("0.0.0.0:8000", "False"), ("192.0.2.7:8000", "False"),
                                         ("[::]:8000", "False"), ("example.org:8000", "False")])
def test_the_demo_turns_debug_on_for_its_children_only_on_loopback(tmp_path, monkeypatch, addr, debug):
    monkeypatch.delenv("DEBUG", raising=False)
    env = Command().child_environment({"demo": True, "addr": addr, "demo_port": 8001})
    result = run_python(DEBUG, tmp_path, **{k: v for k, v in env.items() if k == "DEBUG"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == debug


def test_the_demo_leaves_an_explicit_debug_0_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("DEBUG", "0")
    env = Command().child_environment({"demo": True, "addr": "127.0.0.1:8000", "demo_port": 8001})
    assert env["DEBUG"] == "0"


def test_run_without_demo_never_turns_debug_on(tmp_path, monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    env = Command().child_environment({"demo": False, "addr": "127.0.0.1:8000", "demo_port": 8001})
    assert "DEBUG" not in env
