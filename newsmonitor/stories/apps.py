from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class StoriesConfig(AppConfig):
    name = "newsmonitor.stories"
    verbose_name = gettext_lazy("Stories")
