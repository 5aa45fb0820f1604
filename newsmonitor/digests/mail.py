"""Building the project's emails from templates, one way for every kind.

An email NAME is three templates (the layout healthchecks uses):

    templates/emails/NAME-subject.txt     one line (whitespace is collapsed)
    templates/emails/NAME-body-text.txt   the plain-text part
    templates/emails/NAME-body-html.html  the HTML part: inline CSS only (mail clients
                                          drop <style> and stylesheets), readable with
                                          images off, dir and lang set on the root

All three are rendered in the email's language (not the interface language of the
request that caused it), with these in their context besides the caller's:

    language      "ar" or "en"
    direction     "rtl" or "ltr"
    site_root     settings.SITE_ROOT without its trailing slash

The subject and text part are rendered without HTML escaping (they are not HTML;
the text part loses runs of blank lines); the HTML part is escaped as any page is.

    build_message(name, context, to, language, headers=None) -> EmailMultiAlternatives

`to` is one address or a list; `headers` are added (and win over the defaults):
every message gets its own Message-ID on the site's domain (no DNS lookup of this
host), Auto-Submitted: auto-generated (RFC 3834: no out-of-office replies) and
Content-Language. Sending is the caller's: message.send(), or a connection's."""

import re
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

LANGUAGES = ("ar", "en")


def site_root():
    return settings.SITE_ROOT.rstrip("/")


def message_domain():
    """The domain of our Message-IDs: the site's (not this host's name, which may be
    a container's and needs a DNS lookup to find)."""
    return urlsplit(settings.SITE_ROOT).hostname or "localhost"


def render_plain(template_name, context):
    """A template rendered as plain text: no HTML escaping."""
    template = get_template(template_name)
    # The Django backend's template wraps the engine's; its render takes a Context,
    # which is where autoescaping is turned off.
    return template.template.render(Context(context, autoescape=False))


def build_message(name, context, to, language, headers=None):
    """The email NAME (templates/emails/NAME-{subject.txt,body-text.txt,body-html.html})
    for `to`, in `language` ("ar" or "en"), with both parts; not sent."""
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    values = {"language": language, "direction": "rtl" if language == "ar" else "ltr", "site_root": site_root()}
    values.update(context)
    with translation.override(language):
        subject = " ".join(render_plain(f"emails/{name}-subject.txt", values).split())
        # Template tags on lines of their own leave blank lines: at most one in a row.
        text = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", render_plain(f"emails/{name}-body-text.txt", values)).strip() + "\n"
        html = render_to_string(f"emails/{name}-body-html.html", values)
    all_headers = {"Message-ID": make_msgid(domain=message_domain()), "Auto-Submitted": "auto-generated",
                   "Content-Language": language}
    all_headers.update(headers or {})
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                                     to=[to] if isinstance(to, str) else list(to), headers=all_headers)
    message.attach_alternative(html, "text/html")
    return message
