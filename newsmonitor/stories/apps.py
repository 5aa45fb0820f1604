from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "newsmonitor.stories"
    verbose_name = "Stories"
