"""Subscribing as a reader does, for the digests' tests: forms read and submitted as a
browser would submit them, emails read part by part, their links followed.

    form_values(html)            the values a browser would submit for the page's
                                 subscription form, as a list of (name, value)
    submit(client, page, **changes)   POST that form with some fields changed
    parts(message)               (text, html) of an email
    link(message, purpose)       the path of the email's confirm or manage link
    csrf_post(client, path, data)     GET the page for its token, then POST as a browser
    confirmed(client, outbox, ...)    subscribe and confirm: (subscription, manage path)
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from django.test import Client

from newsmonitor.digests.models import Subscription

LINK = re.compile(r"https?://[^\s\"'<>]+/subscriptions/(confirm|manage|unsubscribe)/[^\s\"'<>/]+/")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _FormReader(HTMLParser):
    def __init__(self, marker):
        super().__init__(convert_charrefs=True)
        self.marker, self.inside, self.done = marker, False, False
        self.values, self.select, self.options, self.textarea = [], None, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and self.marker in a:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.values.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.options = a.get("name"), []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected] or [v for v, _s in self.options[:1]]
            self.values += [(self.select, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.values.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form":
            self.inside, self.done = False, True


def form_values(html, marker="data-subscription-form"):
    reader = _FormReader(marker)
    reader.feed(html if isinstance(html, str) else html.decode())
    return reader.values


def submit(client, page, path=None, button=None, **changes):
    """POST the page's subscription form as a browser would, with `changes` (a list
    value sets a repeated field; None removes it). `button` is (name, value)."""
    html = page.content.decode()
    values = form_values(html)
    for name, value in changes.items():
        values = [(n, v) for n, v in values if n != name]
        if value is None:
            continue
        values += [(name, v) for v in (value if isinstance(value, (list, tuple)) else [value])]
    if button:
        values.append(button)
    action = re.search(r'<form method="post" action="([^"]*)"[^>]*data-subscription-form', html)
    path = path or (action.group(1).replace("&amp;", "&") if action else page.wsgi_request.path)
    return client.post(path, urlencode(values), content_type="application/x-www-form-urlencoded")


def parts(message):
    """(text, html) of an EmailMultiAlternatives."""
    html = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(html) == 1, "the email has one HTML part"
    return message.body, html[0]


def links(text):
    """{purpose: path} of the signed links in a text."""
    return {m.group(1): urlsplit(m.group(0)).path for m in LINK.finditer(text)}


def link(message, purpose):
    text, html = parts(message)
    in_text, in_html = links(text), links(html.replace("&amp;", "&"))
    assert in_text.get(purpose) and in_text.get(purpose) == in_html.get(purpose), (in_text, in_html)
    return in_text[purpose]


def browser(address="192.0.2.1", language="en"):
    """A client that checks CSRF tokens as the site does for a browser."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)


def csrf_post(client, path, data=None, page=None):
    """POST to `path` with the token of the page (GET `path` unless `page` is given)."""
    page = page or client.get(path)
    token = TOKEN.search(page.content.decode()).group(1)
    return client.post(path, {**(data or {}), "csrfmiddlewaretoken": token})


def confirmed(client, outbox, query="?pair=EG-PK", email="reporter@example.org", **fields):
    """Subscribe through the form and confirm through the emailed link, as a reader
    does: (the subscription, the path of its manage link as the confirmed page gives it)."""
    before = len(outbox)
    page = client.get(f"/subscribe/{query}")
    assert submit(client, page, email=email, **fields).status_code == 200
    done = csrf_post(client, link(outbox[before], "confirm"))
    manage = re.search(r'<a href="([^"]+)" data-manage-link>', done.content.decode()).group(1)
    return Subscription.objects.filter(email__iexact=email).order_by("-changed_at").first(), manage
