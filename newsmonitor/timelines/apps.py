from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class TimelinesConfig(AppConfig):
    name = "newsmonitor.timelines"
    verbose_name = gettext_lazy("Timelines")
