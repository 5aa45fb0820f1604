from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "newsmonitor.feeds"
    verbose_name = "Feeds"
