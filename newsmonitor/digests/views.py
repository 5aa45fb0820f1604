"""Subscribing, confirming, managing and leaving (written next)."""

from django.http import Http404


def subscribe(request):
    raise Http404


def confirm(request, signed):
    raise Http404


def manage(request, signed):
    raise Http404


def unsubscribe(request, signed):
    raise Http404
