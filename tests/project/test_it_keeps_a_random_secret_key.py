"""Without SECRET_KEY a development run makes a random key once, keeps it in the var
dir readable by its owner only, and uses it again after a restart: there is no fixed
key anywhere."""

import stat

from tests.support.settings_process import run_python

KEY = "from django.conf import settings; print(settings.SECRET_KEY)"
OLD_FIXED_KEY = "dev-only-secret-key-change-me-in-production"


def key_in(var_dir):
    result = run_python(KEY, var_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_development_run_makes_a_random_key_once_and_keeps_it(tmp_path):
    first = key_in(tmp_path / "a")
    kept = tmp_path / "a" / "secret_key"
    assert kept.exists(), "the key is kept in the var dir"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert kept.read_text().strip() == first
    assert first != OLD_FIXED_KEY and len(first) >= 50 and len(set(first)) >= 5
    assert key_in(tmp_path / "a") == first  # a restart keeps the sessions signed with it
    assert key_in(tmp_path / "b") != first  # another install gets its own


def test_secret_key_from_the_environment_wins(tmp_path):
    given = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"
    result = run_python(KEY, tmp_path, SECRET_KEY=given)
    assert result.stdout.strip() == given
    assert not (tmp_path / "secret_key").exists()


def test_processes_starting_together_agree_on_the_key(tmp_path):
    import subprocess
    import sys

    from tests.support.settings_process import ROOT, environment

    env = environment(tmp_path)
    procs = [subprocess.Popen([sys.executable, "-c", "import django; django.setup()\n" + KEY], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True) for _ in range(4)]
    keys = {proc.communicate(timeout=120)[0].strip() for proc in procs}
    assert len(keys) == 1 and keys != {""}
    assert keys == {(tmp_path / "secret_key").read_text().strip()}
