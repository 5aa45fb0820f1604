from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DigestsConfig(AppConfig):
    name = "newsmonitor.digests"
    verbose_name = gettext_lazy("Digests and alerts")
    default_auto_field = "django.db.models.BigAutoField"
