from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "newsmonitor.workbench"
    verbose_name = "Workbench"
