"""The signed links an email carries. Each names a subscription's token and what the
link is for, signed with the project's key (django.core.signing), so a link cannot
be made for another address or another purpose; confirmation links expire."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM, MANAGE, UNSUBSCRIBE = "confirm", "manage", "unsubscribe"
SALT = "newsmonitor.digests"
# A confirmation link is good for three days; manage and unsubscribe links for as long
# as the subscription exists (they are in every email, also old ones).
MAX_AGE = {CONFIRM: 3 * 24 * 3600, MANAGE: None, UNSUBSCRIBE: None}


class BadLink(Exception):
    """A link that was altered, is for something else, or has expired."""


def sign(subscription, purpose):
    return signing.dumps({"t": subscription.token, "p": purpose}, salt=SALT, compress=True)


def read(value, purpose):
    """The token a signed link names, or BadLink."""
    try:
        data = signing.loads(value, salt=SALT, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as exc:
        raise BadLink("expired") from exc
    except signing.BadSignature as exc:
        raise BadLink("invalid") from exc
    if not isinstance(data, dict) or data.get("p") != purpose or not isinstance(data.get("t"), str):
        raise BadLink("invalid")
    return data["t"]


def url(subscription, purpose):
    """The absolute https (in production) URL of a subscription's link."""
    return settings.SITE_ROOT.rstrip("/") + reverse(f"digests:{purpose}", args=[sign(subscription, purpose)])
