from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "newsmonitor.digests"
    verbose_name = "Digests and alerts"
    default_auto_field = "django.db.models.BigAutoField"
