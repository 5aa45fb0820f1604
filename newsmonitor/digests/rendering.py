"""What a digest or spike-alert email says (templates/emails/digest-*, alert-*, and
the _articles, _item and _footer parts they include), and how one rendering serves
many subscribers.

An email is rendered once per (content, language) with the subscriber's parts as
placeholders: times as tokens (put in each time zone after), the manage and
unsubscribe links, the address. A story is rendered once per language for all the
emails it is in (its group's link put in after). For each subscriber the placeholders
are then replaced: in the strings of a Django message (`Renderer.message`, any
backend), or, over SMTP, in the MIME bytes built once (`Renderer.wire`), so that an
email costs a few replacements and the SMTP conversation. Both give the same bytes
(tests/digests/test_it_sends_the_same_bytes_either_way.py).
"""

import copy
import re
from datetime import datetime, timezone as dt_timezone
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import npgettext, pgettext

from newsmonitor.digests import content as contents, links, mail, schedule
from newsmonitor.digests.models import Delivery
from newsmonitor.timelines.names import country_name, topic_name

Kind = Delivery.Kind


class Renderer:
    """The renderings of one batch of deliveries. `stats(delivery)`: the spike
    statistics an alert states."""

    def __init__(self, stats=None):
        self.stats = stats
        self.rendered = {}       # (kind, content, language[, zone]) -> message
        self.fragments = {}      # stories rendered, by what they show
        self.prepared = {}       # (kind, content, language[, zone]) -> MIME bytes with placeholders

    def rendered_base(self, delivery, content):
        """The email of this content in the subscriber's language, rendered once per
        (content, language): its times as tokens, its personal parts as placeholders."""
        sub = delivery.subscription
        language = sub.language if sub.language in ("ar", "en") else "ar"
        key = (delivery.kind, id(content), language)
        base = self.rendered.get(key)
        if base is None:
            stats = self.stats(delivery) if delivery.kind == Kind.ALERT else None
            context = email_context(content, delivery.kind, language, stats, self.fragments)
            context.update(PLACEHOLDERS)
            base = self.rendered[key] = mail.build_message(delivery.kind, context, [PLACEHOLDERS["email"]], language)
        return key, base

    def localised(self, delivery, content):
        """That email with its times in the subscriber's time zone (once per zone)."""
        key, base = self.rendered_base(delivery, content)
        tz = schedule.zone(delivery.subscription.time_zone)
        local_key = key + (str(tz),)
        localised = self.rendered.get(local_key)
        if localised is None:
            localised = self.rendered[local_key] = derive(base, lambda text, html: in_zone(text, tz))
        return localised

    def message(self, delivery, content):
        """The email of one delivery, made personal (an EmailMultiAlternatives)."""
        return personal(self.localised(delivery, content), delivery, delivery.subscription)

    def wire(self, delivery, content):
        """(from, [to], bytes) of the email of one delivery as it goes over SMTP: the
        MIME of its rendered email is built once per (content, language), and the
        subscriber's times, links, address and Message-ID put into the bytes; None
        when that cannot be done exactly (an address that MIME or HTML would encode,
        a part not sent as 8bit text): then it is built whole (`message`). What a
        server receives is the same either way (test_it_sends_the_same_bytes_either_way)."""
        sub = delivery.subscription
        address = sanitize_address(sub.email, "utf-8")
        if address != sub.email or str(conditional_escape(sub.email)) != sub.email:
            return None
        key, base = self.rendered_base(delivery, content)
        prepared = self.prepared.get(key)
        if prepared is None:
            prepared = self.prepared[key] = prepare(base)
        if not prepared:
            return None
        raw, sender = prepared
        tz = schedule.zone(sub.time_zone)
        local_key = key + (str(tz),)
        local = self.prepared.get(local_key)
        if local is None:
            local = self.prepared[local_key] = in_zone_bytes(raw, tz)
        manage, unsubscribe = links.url(sub, links.MANAGE), links.url(sub, links.UNSUBSCRIBE)
        # The header first, folded as the email package folds a long one (onto a line of its own).
        header = f"List-Unsubscribe: <{unsubscribe}>"
        if len(header) > 78:
            header = f"List-Unsubscribe: \r\n <{unsubscribe}>"
        local = local.replace(WIRE_UNSUBSCRIBE, header.encode(), 1)
        for placeholder, value in ((PLACEHOLDERS["manage_url"], manage), (PLACEHOLDERS["unsubscribe_url"], unsubscribe),
                                   (PLACEHOLDERS["email"], sub.email),
                                   (WIRE_MESSAGE_ID, delivery.message_id or message_id(delivery))):
            local = local.replace(placeholder.encode(), value.encode())
        return sender, [address], local


def prepare(base):
    """(MIME bytes with the times and personal parts as placeholders, envelope sender),
    or False when a placeholder did not come through as it is (a part encoded as
    quoted-printable or base64 would break it)."""
    template = derive(base, lambda text, html: text)
    template.to = [PLACEHOLDERS["email"]]
    template.extra_headers.update(headers(WIRE_MESSAGE_ID, PLACEHOLDERS["unsubscribe_url"]))
    raw = template.message().as_bytes(linesep="\r\n")
    parts = [template.body] + [alternative[0] for alternative in template.alternatives]
    for placeholder in (PLACEHOLDERS["manage_url"], PLACEHOLDERS["unsubscribe_url"], PLACEHOLDERS["email"]):
        expected = sum(part.count(placeholder) for part in parts) + (placeholder != PLACEHOLDERS["manage_url"])
        if raw.count(placeholder.encode()) != expected:
            return False
    times = sum(len(TIME.findall(part)) for part in parts)
    if (raw.count(WIRE_MESSAGE_ID.encode()) != 1 or raw.count(WIRE_UNSUBSCRIBE) != 1
            or len(TIME_BYTES.findall(raw)) != times
            or raw.count(PLACEHOLDERS["time_zone"].encode()) != sum(part.count(PLACEHOLDERS["time_zone"])
                                                                   for part in parts)):
        return False
    return raw, sanitize_address(template.from_email, "utf-8")


# Rendered once per content, then made personal by replacing these (letters, digits
# and hyphens: HTML escaping leaves them as they are). Times are written as TIME
# tokens (seconds since the epoch) and put in the subscriber's time zone after.
PLACEHOLDERS = {"manage_url": "NMPERSONAL-MANAGE-URL", "unsubscribe_url": "NMPERSONAL-UNSUBSCRIBE-URL",
                "email": "NMPERSONAL-ADDRESS@invalid", "time_zone": "NMPERSONAL-ZONE"}
TIME = re.compile(r"NMTIME-([0-9]+)-")
TIME_BYTES = re.compile(rb"NMTIME-([0-9]+)-")
# On the wire (Batch.wire): the MIME of an email is built once with these, then made personal.
WIRE_MESSAGE_ID = "<NMPERSONAL-MESSAGE-ID@invalid>"
WIRE_UNSUBSCRIBE = f"List-Unsubscribe: <{PLACEHOLDERS['unsubscribe_url']}>".encode()


def time_token(moment):
    return f"NMTIME-{int(moment.timestamp())}-" if moment else ""


def in_zone_bytes(raw, tz):
    return TIME_BYTES.sub(lambda m: datetime.fromtimestamp(int(m[1]), tz).strftime("%Y-%m-%d %H:%M").encode(),
                          raw.replace(PLACEHOLDERS["time_zone"].encode(), str(tz).encode()))


def in_zone(text, tz):
    return TIME.sub(lambda m: datetime.fromtimestamp(int(m[1]), tz).strftime("%Y-%m-%d %H:%M"),
                    text.replace(PLACEHOLDERS["time_zone"], str(tz)))


def derive(base, fill):
    """A copy of a rendered message with `fill(text, is_html)` applied to its subject and parts."""
    message = copy.copy(base)
    message.subject = fill(base.subject, False)
    message.body = fill(base.body, False)
    message.alternatives = []
    for alternative in base.alternatives:
        message.attach_alternative(fill(alternative[0], alternative[1] == "text/html"), alternative[1])
    message.extra_headers = dict(base.extra_headers)
    return message


def personal(base, delivery, sub):
    """The rendered email for one subscriber: their links, address and headers."""
    manage, unsubscribe = links.url(sub, links.MANAGE), links.url(sub, links.UNSUBSCRIBE)

    def fill(text, html):
        email = str(conditional_escape(sub.email)) if html else sub.email
        return (text.replace(PLACEHOLDERS["manage_url"], manage)
                .replace(PLACEHOLDERS["unsubscribe_url"], unsubscribe).replace(PLACEHOLDERS["email"], email))

    message = derive(base, fill)
    message.to = [sub.email]
    message.cc, message.bcc = [], []
    message.extra_headers.update(headers(delivery.message_id or message_id(delivery), unsubscribe))
    return message


def headers(msgid, unsubscribe):
    return {
        "Message-ID": msgid,
        # RFC 8058: one click in the mail client unsubscribes, by a POST to this URL.
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "X-Auto-Response-Suppress": "OOF, AutoReply",
    }


def message_id(delivery):
    """The same for every attempt at one subscription's period (or pair-day alert), so
    a copy sent twice after a crash is recognisable as one message. Stored on the
    delivery when it is made."""
    if delivery.kind == Kind.ALERT:
        return alert_message_id(delivery.subscription_id, delivery.key)
    return digest_message_id(delivery.subscription_id, delivery.period_end)


def message_host():
    return urlsplit(settings.SITE_ROOT).hostname or "localhost"


def digest_message_id(subscription_id, period_end):
    return f"<digest.{subscription_id}.{period_end.astimezone(dt_timezone.utc):%Y%m%dT%H%M%S}@{message_host()}>"


def alert_message_id(subscription_id, key):
    pair, _sep, day = key.partition(" ")
    return f"<alert.{subscription_id}.{pair}.{day.replace('-', '')}@{message_host()}>"


# --- what an email says ----------------------------------------------------------------------------------
def local(moment, tz):
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def group_title(group, language):
    if group.kind == "pair":
        return " – ".join(country_name(code, language) for code in group.codes)
    if group.kind == "country":
        return country_name(group.codes[0], language)
    return pgettext("digest", "All articles")


# Where a story's link to its group's filtered timeline goes (a story is rendered once
# for all the emails and groups it is in).
GROUP_URL = "NMPERSONAL-GROUP-URL"


def story(item, language, fragments=None):
    """{"html": ..., "text": ...}: one story rendered by templates/emails/_item-body-*,
    remembered in `fragments` (a dict) by what it shows: many emails show it."""
    key = (language, item.article_id, item.title, item.outlet, item.outlet_country, item.time, item.evidence,
           tuple(item.copies), item.more_copies, item.articles)
    found = fragments.get(key) if fragments is not None else None
    if found is None:
        context = {"item": {
            "title": item.title or pgettext("digest", "(untitled)"),
            "url": contents.article_url(item.article_id),
            "outlet": item.outlet,
            "outlet_country": country_name(item.outlet_country, language) if item.outlet_country else "",
            "time": time_token(item.time),
            "evidence": item.evidence,
            "copies": [(name, country_name(code, language) if code else "") for name, code in item.copies],
            "more_copies": item.more_copies,
            "articles": item.articles,
        }, "group_url": GROUP_URL, "align": "right" if language == "ar" else "left", "language": language}
        found = {"html": render_to_string("emails/_item-body-html.html", context),
                 "text": mail.render_plain("emails/_item-body-text.txt", context)}
        if fragments is not None:
            fragments[key] = found
    return found


def email_context(content, kind, language, stats=None, fragments=None):
    """The templates' context, in the subscriber's language (times as tokens, put in
    the subscriber's time zone after, and without the personal links). `fragments`:
    stories already rendered (see `story`)."""
    with translation.override(language):
        # The timelines' days are UTC days.
        since = content.day if content.day else content.start.astimezone(dt_timezone.utc).date()
        groups = []
        for group in content.groups:
            url = contents.group_url(group, content.selection, since)
            in_html = str(conditional_escape(url))
            topics = []
            for topic in group.topics:
                items = []
                for item in topic.items:
                    rendered = story(item, language, fragments)
                    # Both parts are rendered already (the HTML one escaped): safe as they are.
                    items.append({"html": mark_safe(rendered["html"].replace(GROUP_URL, in_html)),
                                  "text": mark_safe(rendered["text"].replace(GROUP_URL, url))})
                topics.append({"name": topic_name(topic.slug, language), "count": topic.count, "more": topic.more,
                               "items": items})
            groups.append({"title": group_title(group, language), "count": group.count, "articles": group.articles,
                           "stories": group.stories, "topics": topics, "url": url})
        context = {
            "kind": kind, "language": language, "direction": "rtl" if language == "ar" else "ltr",
            "align": "right" if language == "ar" else "left",
            "groups": groups, "total": content.total, "stories": content.stories, "articles": content.articles,
            "unit": content.unit, "more": content.more,
            "empty": content.empty, "site_url": settings.SITE_ROOT.rstrip("/"),
            # The view with most articles (each group's own is beside its articles).
            "full_url": groups[0]["url"] if groups else contents.absolute("/"),
            "period_start": time_token(content.start), "period_end": time_token(content.end),
            "subject": subject(content, kind, language, groups, stats),
        }
        if kind == Kind.ALERT:
            context.update({"day": content.day.isoformat(), "pair": groups[0]["title"] if groups else "",
                            "count": stats.count, "mean": f"{stats.mean:.1f}", "std": f"{stats.std:.1f}"})
        return context


def subject(content, kind, language, groups, stats):
    names = "، ".join(g["title"] for g in groups[:3]) if language == "ar" else ", ".join(g["title"] for g in groups[:3])
    if len(groups) > 3:
        names += " …"
    stories = content.unit == "stories"
    if kind == Kind.ALERT:
        spike = (pgettext("digest", "Spike in coverage: %(pair)s, %(day)s (%(n)s stories)") if stories else
                 pgettext("digest", "Spike in coverage: %(pair)s, %(day)s (%(n)s articles)"))
        return spike % {"pair": names, "day": content.day.isoformat(), "n": stats.count}
    if content.empty:
        return pgettext("digest", "No new articles: %(names)s") % {"names": names}
    if stories:
        return npgettext("digest", "%(n)s new story: %(names)s", "%(n)s new stories: %(names)s", content.total) % {
            "n": content.total, "names": names}
    return npgettext("digest", "%(n)s new article: %(names)s", "%(n)s new articles: %(names)s", content.total) % {
        "n": content.total, "names": names}


