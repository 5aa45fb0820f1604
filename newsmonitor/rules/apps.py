from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "newsmonitor.rules"
    verbose_name = "Tag rules"
