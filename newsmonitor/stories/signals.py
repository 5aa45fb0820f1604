"""Sent when an editor's split or merge moved articles between stories (article_ids:
theirs), after the commit. The project refreshes their read models (newsmonitor/apps.py
connects pipeline.refresh), which a part below the timelines cannot call itself."""

from django.dispatch import Signal

stories_changed = Signal()
