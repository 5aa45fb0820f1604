from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class WorkbenchConfig(AppConfig):
    name = "newsmonitor.workbench"
    verbose_name = gettext_lazy("Workbench")

    def ready(self):
        # Admin pages of the workbench kept in their own modules (admin.py is the feeds' part).
        from . import corrections_admin  # noqa: F401
        from .roles import make_roles

        # After every migrate, so the groups also get the permissions of models added later.
        post_migrate.connect(make_roles, dispatch_uid="newsmonitor.workbench.roles")
