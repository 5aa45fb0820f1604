"""Subscribing, confirming, managing and leaving, with no account: the signed links in
the emails are the keys (links.py).

    /subscribe/                              the form, filled from a dashboard view's address;
                                             a valid POST sends one confirmation email
    /subscriptions/confirm/<signed>/         GET shows a button, POST confirms (double opt-in)
    /subscriptions/manage/<signed>/          change, pause, resume, unsubscribe, delete
    /subscriptions/unsubscribe/<signed>/     RFC 8058 one-click: POST unsubscribes (no CSRF
                                             token, no login), GET shows a button

A GET never changes anything: mail scanners and link previews follow links. The page
after subscribing is the same whatever the address's state, so it tells no one which
addresses subscribe; the email to a known address says so and carries its manage link
instead of a confirmation. Pages reached by a signed link are in the subscription's
language unless the reader chose one on the site, and are never cached or indexed."""

import smtplib

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsmonitor.digests import links, ratelimit, selection
from newsmonitor.digests.forms import ManageForm, SubscribeForm, time_zones
from newsmonitor.digests.mail import build_message
from newsmonitor.digests.models import Delivery, Subscription
from newsmonitor.digests.schedule import next_due
from newsmonitor.security import client_ip
from newsmonitor.timelines.names import language as interface_language
from newsmonitor.timelines.web.views.common import notices

Status = Subscription.Status
CONFIRM_DAYS = links.MAX_AGE[links.CONFIRM] // (24 * 3600)


# --- subscribing --------------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        initial, problems = SubscribeForm.initial_from_query(request.GET, interface_language())
        return form_page(request, SubscribeForm(initial=initial), notices=notices(problems))
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return form_page(request, form, status=400)
    refusal = ratelimit.check(client_ip(request), form.cleaned_data["email"])
    if refusal:
        minutes = max(1, refusal.retry_after // 60)
        if refusal.scope == "address":
            text = ngettext("Too many requests for this address: try again in %(n)s minute.",
                            "Too many requests for this address: try again in %(n)s minutes.", minutes)
        else:
            text = ngettext("Too many requests from your network: try again in %(n)s minute.",
                            "Too many requests from your network: try again in %(n)s minutes.", minutes)
        form.add_error(None, text % {"n": minutes})
        response = form_page(request, form, status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    subscription, known = subscription_for(form)
    if not send_confirmation(subscription, known, form.cleaned_data["email_language"]):
        form.add_error(None, _("The email could not be sent just now. Please try again in a few minutes."))
        return form_page(request, form, status=503)
    # The same page whatever the address's state: it names no subscription.
    return page(request, "digests/sent.html", {"email": form.cleaned_data["email"], "days": CONFIRM_DAYS})


def subscription_for(form):
    """(the subscription this request is about, whether it was already confirmed).
    The address's subscription to the same selection is reused: a confirmed one is
    left as it is (only its owner may change it, by its manage link); a waiting or
    ended one takes the form's settings and waits for confirmation. Else a new one."""
    email = form.cleaned_data["email"]
    pairs, countries, query = form.selection()
    with transaction.atomic():
        same = [s for s in Subscription.objects.select_for_update().filter(email__iexact=email).order_by("pk")
                if (s.pairs, s.countries, s.query) == (pairs, countries, query)]
        confirmed = [s for s in same if s.status in (Status.ACTIVE, Status.PAUSED)]
        if confirmed:
            return confirmed[0], True
        subscription = same[0] if same else Subscription(email=email)
        form.apply(subscription)
        subscription.status = Status.PENDING
        subscription.next_due_at = None
        subscription.changed_at = timezone.now()
        subscription.save()
        return subscription, False


def send_confirmation(subscription, known, language):
    """The confirmation email (or, for an address that already follows this view, a
    note with its manage link), recorded as a Delivery for the admin. True if sent."""
    now = timezone.now()
    context = {
        "subscription": subscription, "known": known, "days": CONFIRM_DAYS,
        "lines": selection.describe(subscription, language),
        "confirm_url": links.url(subscription, links.CONFIRM),
        "manage_url": links.url(subscription, links.MANAGE) if known else "",
        "view_url": settings.SITE_ROOT.rstrip("/") + selection.view_url(subscription),
    }
    message = build_message("confirm", context, subscription.email, language)
    delivery = Delivery(subscription=subscription, kind=Delivery.Kind.CONFIRM, period_end=now, attempts=1,
                        message_id=message.extra_headers["Message-ID"][:200])
    try:
        message.send()
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        delivery.status, delivery.last_error = Delivery.Status.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
    else:
        delivery.status, delivery.sent_at = Delivery.Status.SENT, timezone.now()
    delivery.save()
    return delivery.status == Delivery.Status.SENT


# --- signed links --------------------------------------------------------------------------------
class LinkProblem(Exception):
    def __init__(self, reason, subscription=None):
        super().__init__(reason)
        self.reason, self.subscription = reason, subscription


def subscription_of(signed, purpose):
    """The subscription a signed link names, or LinkProblem: "invalid" (altered, or for
    something else), "expired" (with the subscription when it still exists) or "gone"
    (deleted)."""
    try:
        token = links.read(signed, purpose)
    except links.BadLink as exc:
        if str(exc) != "expired":
            raise LinkProblem("invalid") from exc
        # Signed by us, only old: say what it was for, so the page can help.
        data = signing.loads(signed, salt=links.SALT)
        token = data.get("t") if isinstance(data, dict) and data.get("p") == purpose else None
        raise LinkProblem("expired", Subscription.objects.filter(token=token).first() if token else None) from exc
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is None:
        raise LinkProblem("gone")
    return subscription


def link_problem(request, problem):
    status = 400 if problem.reason == "invalid" else 410
    subscription = problem.subscription
    again = reverse("digests:subscribe")
    if subscription is not None:
        use_language(request, subscription)
        again += selection.subscribe_query(subscription)
    confirmed = subscription is not None and subscription.status in (Status.ACTIVE, Status.PAUSED)
    return page(request, "digests/bad_link.html", {"reason": problem.reason, "again": again, "days": CONFIRM_DAYS,
                                                   "confirmed": confirmed}, status=status)


def use_language(request, subscription):
    """Pages reached from an email speak the email's language, unless the reader chose
    one on the site (the language cookie)."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and subscription.language in ("ar", "en"):
        translation.activate(subscription.language)
        request.LANGUAGE_CODE = subscription.language


def page(request, template, context, status=200, private=True):
    """A page of this app. Private ones (all but the blank form) may name an address:
    never stored on the way, never indexed."""
    response = render(request, template, context, status=status)
    if private:
        response["Cache-Control"] = "no-store, private"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def form_page(request, form, status=200, **extra):
    return page(request, "digests/subscribe.html", {"form": form, "time_zones": time_zones(), **extra},
                status=status, private=request.method == "POST")


def signed_path(subscription, purpose):
    return reverse(f"digests:{purpose}", args=[links.sign(subscription, purpose)])


# --- confirming --------------------------------------------------------------------------------
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, signed):
    try:
        subscription = subscription_of(signed, links.CONFIRM)
    except LinkProblem as problem:
        return link_problem(request, problem)
    use_language(request, subscription)
    state = {Status.PENDING: "ask", Status.UNSUBSCRIBED: "ended"}.get(subscription.status, "already")
    if request.method == "POST" and state == "ask":
        with transaction.atomic():
            subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
            if subscription.status == Status.PENDING:
                now = timezone.now()
                subscription.status = Status.ACTIVE
                subscription.confirmed_at = subscription.changed_at = subscription.sent_through = now
                subscription.next_due_at = next_due(subscription, now)
                subscription.save(update_fields=["status", "confirmed_at", "changed_at", "sent_through",
                                                 "next_due_at"])
                state = "confirmed"
            else:
                state = "already"
    return page(request, "digests/confirm.html", {
        "subscription": subscription, "state": state, "lines": selection.describe(subscription),
        "manage_url": signed_path(subscription, links.MANAGE) if state in ("confirmed", "already") else "",
        "view_url": selection.view_url(subscription), "again": reverse("digests:subscribe"),
    })


# --- managing ----------------------------------------------------------------------------------
ACTIONS = ("save", "pause", "resume", "unsubscribe", "unsubscribe_all", "delete")


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, signed):
    try:
        subscription = subscription_of(signed, links.MANAGE)
    except LinkProblem as problem:
        return link_problem(request, problem)
    use_language(request, subscription)
    form, status = None, 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "delete":
            if request.POST.get("sure") == "1":
                return delete_address(request, subscription)
            messages.error(request, _("Tick the box to confirm that everything for this address is to be deleted."))
            return redirect(request.path + "#delete")
        if action == "save":
            form = ManageForm(request.POST)
            if form.is_valid():
                save_changes(subscription, form)
                messages.success(request, _("Your changes are saved."))
                return redirect(request.path)
            status = 400
        elif action in ACTIONS:
            messages.success(request, change_status(subscription, action))
            return redirect(request.path)
        else:
            status = 400
    others = (Subscription.objects.filter(email__iexact=subscription.email).exclude(pk=subscription.pk)
              .order_by("created_at"))
    return page(request, "digests/manage.html", {
        "subscription": subscription, "lines": selection.describe(subscription),
        "form": form or ManageForm(initial=ManageForm.initial_of(subscription)),
        "view_url": selection.view_url(subscription),
        "unsubscribe_url": signed_path(subscription, links.UNSUBSCRIBE),
        "others": [{"subscription": other, "lines": selection.describe(other),
                    "url": signed_path(other, links.MANAGE)} for other in others],
        "time_zones": time_zones(),
    }, status=status)


def save_changes(subscription, form):
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        form.apply(subscription)
        now = timezone.now()
        subscription.changed_at = now
        if subscription.status == Status.ACTIVE:
            # A new hour, day or frequency counts from now; what was sent stays sent.
            subscription.next_due_at = next_due(subscription, now)
        subscription.save()


def stop(queryset, status):
    """Subscriptions paused or ended: nothing due, and their unsent emails cancelled."""
    ids = list(queryset.values_list("pk", flat=True))
    now = timezone.now()
    with transaction.atomic():
        Subscription.objects.filter(pk__in=ids).update(status=status, next_due_at=None, changed_at=now)
        Delivery.objects.filter(subscription_id__in=ids, kind__in=[Delivery.Kind.DIGEST, Delivery.Kind.ALERT],
                                status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]).update(
            status=Delivery.Status.CANCELLED, next_attempt_at=None)
    return len(ids)


def change_status(subscription, action):
    """Pause, resume, unsubscribe (this one or every one of the address): the message
    that says what was done. Each is idempotent."""
    this = Subscription.objects.filter(pk=subscription.pk)
    if action == "pause":
        stop(this.filter(status=Status.ACTIVE), Status.PAUSED)
        return _("Paused: nothing is sent until you resume.")
    if action == "resume":
        with transaction.atomic():
            subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
            if subscription.status != Status.ACTIVE:
                # Holding the manage link proves the address: no new confirmation. What
                # appeared meanwhile is on the site; the next digest starts from now.
                now = timezone.now()
                subscription.status = Status.ACTIVE
                subscription.confirmed_at = subscription.confirmed_at or now
                subscription.sent_through = subscription.changed_at = now
                subscription.next_due_at = next_due(subscription, now)
                subscription.save()
        return _("Resumed: the next digest covers articles from now on.")
    if action == "unsubscribe":
        stop(this.exclude(status=Status.UNSUBSCRIBED), Status.UNSUBSCRIBED)
        return _("Unsubscribed: nothing more is sent for this view.")
    if action == "unsubscribe_all":
        n = stop(Subscription.objects.filter(email__iexact=subscription.email).exclude(status=Status.UNSUBSCRIBED),
                 Status.UNSUBSCRIBED)
        return ngettext("Unsubscribed from %(n)s view: nothing more is sent to this address.",
                        "Unsubscribed from %(n)s views: nothing more is sent to this address.", n) % {"n": n}
    return ""


def delete_address(request, subscription):
    """Every subscription of the address and every email record of them, gone."""
    email = subscription.email
    with transaction.atomic():
        rows = Subscription.objects.filter(email__iexact=email)
        n = rows.count()
        deliveries = Delivery.objects.filter(subscription__in=rows).count()
        rows.delete()  # deliveries go with them (CASCADE)
    return page(request, "digests/deleted.html", {"email": email, "subscriptions": n, "deliveries": deliveries})


# --- one-click unsubscribe (RFC 8058) ------------------------------------------------------------
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, signed):
    """A POST (the mail client's "List-Unsubscribe=One-Click", or this page's button)
    unsubscribes: no CSRF token, no cookie, no login, answered 200 each time. "scope=all"
    (the page's second button) unsubscribes every view of the address. A GET only
    shows the buttons."""
    try:
        subscription = subscription_of(signed, links.UNSUBSCRIBE)
    except LinkProblem as problem:
        if problem.reason == "gone":
            # Deleted with its address: nothing will be sent, which is what was asked.
            return page(request, "digests/unsubscribe.html", {"state": "gone"})
        return link_problem(request, problem)
    use_language(request, subscription)
    state, count = "ask", 0
    if request.method == "POST":
        if request.POST.get("scope") == "all":
            count = stop(Subscription.objects.filter(email__iexact=subscription.email)
                         .exclude(status=Status.UNSUBSCRIBED), Status.UNSUBSCRIBED)
            state = "all"
        else:
            stop(Subscription.objects.filter(pk=subscription.pk).exclude(status=Status.UNSUBSCRIBED),
                 Status.UNSUBSCRIBED)
            state = "done"
        subscription.refresh_from_db()
    others = (Subscription.objects.filter(email__iexact=subscription.email, status__in=[Status.ACTIVE, Status.PAUSED])
              .exclude(pk=subscription.pk).count())
    return page(request, "digests/unsubscribe.html", {
        "state": state, "subscription": subscription, "lines": selection.describe(subscription),
        "count": count, "others": others, "manage_url": signed_path(subscription, links.MANAGE),
    })
