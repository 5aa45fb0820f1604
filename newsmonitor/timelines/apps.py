from django.apps import AppConfig


class TimelinesConfig(AppConfig):
    name = "newsmonitor.timelines"
    verbose_name = "Timelines"
