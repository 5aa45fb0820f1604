"""The tag rules in use: the tagger's shipped data files (newsmonitor/tagging/data) with
the editors' changes on top, and the revision they make.

    from newsmonitor.rules import current_tagger, tagger_version
    tagger = current_tagger()     # the Tagger for the rule set in force (built once per revision)
    tagger_version(tagger)        # what its tags record: TAGGER_VERSION, plus "+r<revision>" once
                                  # rules were edited (without an argument: the rule set in force now)

Everything that tags stored articles takes its tagger from here, so a rule change
reaches every worker on its next batch.

Inside: shipped.py (the shipped files), edits.py (changes as operations on them),
render.py (the files' own format), materialise.py (a revision's files on disk),
current.py (the tagger in force), models.py (rows, revisions, re-tag jobs), sync.py
(rows from the shipped files), changes.py (saving a change: revision and job),
preview.py (what a change would do), admin.py and admin_views.py, and
management/commands/exportrules.py. The re-tag job itself and the articles a preview
reads belong to the layers above: the project hands them in (runner.py)."""

from .current import current_rules, current_tagger, tagger_version

__all__ = ["current_rules", "current_tagger", "tagger_version"]
