"""The tag rules in use: the tagger's shipped data files (newsmonitor/tagging/data) with
the editors' changes on top, and the revision they make.

    from newsmonitor.rules import current_tagger, tagger_version
    tagger = current_tagger()     # the Tagger for the rule set in force (built once per revision)
    tagger_version()              # TAGGER_VERSION, plus "+r<revision>" once rules were edited

Everything that tags stored articles takes its tagger from here, so a rule change
reaches every worker on its next article."""

from .current import current_tagger, tagger_version

__all__ = ["current_tagger", "tagger_version"]
