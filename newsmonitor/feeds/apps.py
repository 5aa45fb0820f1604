from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class FeedsConfig(AppConfig):
    name = "newsmonitor.feeds"
    verbose_name = gettext_lazy("Feeds")
