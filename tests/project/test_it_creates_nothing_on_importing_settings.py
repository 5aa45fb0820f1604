"""Importing the settings has no side effects: a tool that only reads them (a linter, a
docs build, `python -c "import newsmonitor.settings"`) leaves no var/ folder, broker
folders or key behind. Start-up (django.setup()) makes them."""

import subprocess
import sys

from tests.support.settings_process import ROOT, environment, run_python


def test_importing_the_settings_creates_no_folder(tmp_path):
    var_dir = tmp_path / "var"
    result = subprocess.run([sys.executable, "-c", "import newsmonitor.settings as s; print(s.SECRET_KEY[:4])"],
                            cwd=ROOT, env=environment(var_dir), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not var_dir.exists()


def test_start_up_makes_the_embedded_folders(tmp_path):
    var_dir = tmp_path / "var"
    result = run_python("print('ok')", var_dir)
    assert result.returncode == 0, result.stderr
    assert (var_dir / "broker" / "queue").is_dir() and (var_dir / "staticfiles").is_dir()
    assert (var_dir / "secret_key").is_file()
