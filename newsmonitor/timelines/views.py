from django.db.models import Count, Max
from django.http import JsonResponse
from django.shortcuts import render

from newsmonitor.articles.models import Article
from newsmonitor.feeds.models import Feed


def home(request):
    latest = Article.objects.select_related("outlet").order_by("-discovered_at")[:50]
    stats = Article.objects.aggregate(total=Count("id"), updated=Max("discovered_at"))
    feeds = Feed.objects.aggregate(total=Count("id"), failing=Count("id", filter=_failing()))
    return render(request, "timelines/home.html", {"latest": latest, "stats": stats, "feeds": feeds})


def _failing():
    from django.db.models import Q

    return Q(error_count__gt=0)


def healthz(request):
    return JsonResponse({"articles": Article.objects.count(), "feeds": Feed.objects.count()})
