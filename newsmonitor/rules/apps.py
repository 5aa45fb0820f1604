from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class RulesConfig(AppConfig):
    name = "newsmonitor.rules"
    verbose_name = gettext_lazy("Tag rules")

    def ready(self):
        from .sync import sync_after_migrate

        # The shipped files' terms as rows, after every migrate (see sync.py for why then).
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="newsmonitor.rules.sync")
