"""Corrections of an article's tags in the admin (filled in by the corrections work)."""
