"""The project as an app: what start-up prepares, and the home of the commands that run
the whole pipeline (newsmonitor/management/commands)."""

import os
import secrets
import tempfile
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Start-up refuses a var/ with less free space: SQLite, the task queue and the mail
# files would otherwise fail one write at a time, far from the cause.
MIN_FREE_MB = 20


class ProjectConfig(AppConfig):
    name = "newsmonitor"
    verbose_name = "newsmonitor"

    def ready(self):
        check_var_dir(settings.VAR_DIR)
        make_folders()
        if not settings.NEWSMONITOR_PRODUCTION and not os.getenv("SECRET_KEY"):
            settings.SECRET_KEY = development_key(settings.DEVELOPMENT_KEY_FILE)


def check_var_dir(folder):
    """Stops start-up with a sentence saying what is wrong when FOLDER (var/) cannot be
    written or is nearly full, rather than a traceback from the first write that fails."""
    where = f"newsmonitor's var directory {folder} (NEWSMONITOR_VAR_DIR)"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".probe.")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ImproperlyConfigured(f"{where} cannot be written: {exc.strerror}. Make it writable, "
                                   "or point NEWSMONITOR_VAR_DIR at a directory that is.") from None
    disk = os.statvfs(folder)
    free_mb = disk.f_bavail * disk.f_frsize / 1e6
    if free_mb < MIN_FREE_MB:
        raise ImproperlyConfigured(f"{where} is on a disk with only {free_mb:.1f} MB free; it needs at least "
                                   f"{MIN_FREE_MB} MB for the database, the task queue and the mail "
                                   "files. Free some space, or point NEWSMONITOR_VAR_DIR at another disk.")


def make_folders():
    """The embedded mode's folders under var/: made at start-up, not on importing the
    settings (a tool that only reads them must leave no trace)."""
    folders = [settings.VAR_DIR, Path(settings.STATIC_ROOT)]
    if getattr(settings, "EMAIL_FILE_PATH", None):
        folders.append(Path(settings.EMAIL_FILE_PATH))
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    folders += [Path(options[name]) for name in ("data_folder_in", "processed_folder", "control_folder")
                if name in options]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)


def development_key(path):
    """A random key made on first use and kept in PATH (mode 0600), so sessions survive
    restarts. Web, worker and beat may start at once: the key is written to a private
    temporary file and linked into place, which fails if another process got there
    first, so every process ends up reading one complete key."""
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # created 0600
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(50))
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()
