"""With NEWSMONITOR_PRODUCTION=1 the settings refuse to load, saying what to set, when
SECRET_KEY is missing, is the old fixed development key, or is obviously weak."""

import pytest

from tests.support.settings_process import run_manage

STRONG = "Zq3" + "x7Kp9vLm2Wn8Rt4Yb6Hc1Jd5Fg0Ss" * 2


@pytest.mark.parametrize("key", [None, "", "dev-only-secret-key-change-me-in-production", "short-key",
                                 "a" * 80, "django-insecure-" + STRONG])
def test_production_refuses_a_missing_or_weak_key(tmp_path, key):
    env = {"NEWSMONITOR_PRODUCTION": "1"}
    if key is not None:
        env["SECRET_KEY"] = key
    result = run_manage(["check"], tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr.splitlines()[-1]  # the message says what to set
    assert not (tmp_path / "secret_key").exists()  # production never makes a key of its own


def test_production_starts_with_a_strong_key(tmp_path):
    result = run_manage(["check"], tmp_path, NEWSMONITOR_PRODUCTION="1", SECRET_KEY=STRONG)
    assert result.returncode == 0, result.stderr


def test_production_refuses_debug(tmp_path):
    result = run_manage(["check"], tmp_path, NEWSMONITOR_PRODUCTION="1", SECRET_KEY=STRONG, DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr.splitlines()[-1]
