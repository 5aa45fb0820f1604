"""Subscribing and managing by signed link. Paths are part of what emails already sent
carry: add, never rename."""

from django.urls import path

from newsmonitor.digests import views

app_name = "digests"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscriptions/confirm/<str:signed>/", views.confirm, name="confirm"),
    path("subscriptions/manage/<str:signed>/", views.manage, name="manage"),
    # RFC 8058 one-click: a POST here unsubscribes with no login and no CSRF token; a
    # GET only shows a button (mail scanners follow links).
    path("subscriptions/unsubscribe/<str:signed>/", views.unsubscribe, name="unsubscribe"),
]
