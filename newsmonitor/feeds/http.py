"""The project's one fetcher, configured from settings."""

from functools import lru_cache

from django.conf import settings

from newsmonitor.lib.fetch import Fetcher


def get_fetcher():
    return _fetcher(
        settings.NEWSMONITOR_USER_AGENT,
        tuple(settings.NEWSMONITOR_FETCH_ALLOW_PRIVATE),
        settings.NEWSMONITOR_FETCH_DEADLINE,
    )


@lru_cache(maxsize=4)
def _fetcher(user_agent, allow_private, deadline):
    # Cached per configuration: tests change the allow list with override_settings.
    return Fetcher(user_agent=user_agent, allow_private=allow_private, deadline=deadline)
