"""A rule set as data files: the shipped files with a list of edits applied, written in
the files' own format (render.py), for the tagger to load, for export and for a preview.

A revision's files go to VAR_DIR/rules/r<revision>-<digest>/, the digest of the
shipped files' fingerprint and the edits: a release's new data files make the same
edits a different rule set, and a database started afresh numbers its revisions from 1
again, so the number alone could name another rule set's folder. They are written
into a temporary folder and renamed into place: a process never sees a folder half
written, and when several processes write one at once, one rename wins and the others
drop their copies."""

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from .edits import apply
from .render import render_files
from .shipped import shipped

KEEP_FOLDERS = 6  # revisions' folders kept on disk; an older one is written again if needed
FOLDER = re.compile(r"^r(\d+)-[0-9a-f]+$")


def files_for(edits, base=None):
    """{file name: text} of the five data files with these edits applied."""
    base = base or shipped()
    return render_files(apply(base.data(), edits), base)


def write_files(folder, files):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        with open(folder / name, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
    return folder


def rules_root():
    return Path(settings.VAR_DIR) / "rules"


def revision_dir(number, edits):
    """The folder holding revision `number`'s files (its `edits`), written if missing."""
    base = shipped()
    root = rules_root()
    folder = root / f"r{number}-{digest(edits, base)}"
    if folder.is_dir():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=root, prefix=".tmp-"))
    try:
        write_files(temporary, files_for(edits, base))
        os.rename(temporary, folder)
    except OSError:
        if not folder.is_dir():  # not another process's folder in place: a real error
            raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    prune(root, keep=folder)
    return folder


def digest(edits, base):
    text = base.fingerprint + json.dumps(edits, ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def prune(root, keep):
    """Removes all but the newest revisions' folders (and `keep`)."""
    folders = sorted((int(m.group(1)), path) for path in root.iterdir() if (m := FOLDER.match(path.name)))
    for _, path in folders[:-KEEP_FOLDERS]:
        if path != keep:
            shutil.rmtree(path, ignore_errors=True)
