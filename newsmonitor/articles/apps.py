from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "newsmonitor.articles"
    verbose_name = "Articles"
