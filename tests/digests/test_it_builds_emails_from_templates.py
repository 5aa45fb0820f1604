"""mail.build_message: one email from templates/emails/NAME-{subject,body-text,body-html}
in the email's own language (whatever the interface's), the text part unescaped, the
HTML part escaped and set right-to-left for Arabic, with our own Message-ID and the
caller's headers."""

from django.utils import translation

from newsmonitor.digests.mail import build_message
from newsmonitor.digests.models import Subscription

CONTEXT = {
    "known": False, "days": 3, "confirm_url": "https://news.example/subscriptions/confirm/abc/",
    "manage_url": "", "view_url": "https://news.example/pairs/EG-PK/?q=a%26b",
    "lines": [("Words", "“<script>x & y</script>”")],
}


def test_one_email_in_the_language_asked_for(db, settings):
    settings.SITE_ROOT = "https://news.example"
    with translation.override("en"):
        message = build_message("confirm", {**CONTEXT, "subscription": Subscription(email="a@b.example")},
                                "reader@example.org", "ar", headers={"X-Test": "1"})
        assert translation.get_language() == "en"  # the interface language is left as it was
    assert message.to == ["reader@example.org"]
    assert "\n" not in message.subject and message.subject != "Confirm your newsmonitor subscription"
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert '<html lang="ar" dir="rtl">' in html
    assert "“<script>x & y</script>”" in message.body  # plain text: as it is
    assert "&lt;script&gt;x &amp; y&lt;/script&gt;" in html and "<script>" not in html
    assert message.extra_headers["Message-ID"].endswith("@news.example>")
    assert message.extra_headers["X-Test"] == "1" and message.extra_headers["Content-Language"] == "ar"
    assert "\n\n\n" not in message.body


def test_english_is_left_to_right(db):
    message = build_message("confirm", {**CONTEXT, "subscription": Subscription(email="a@b.example")},
                            ["one@example.org", "two@example.org"], "en")
    assert message.subject == "Confirm your newsmonitor subscription"
    assert '<html lang="en" dir="ltr">' in message.alternatives[0][0]
    assert message.to == ["one@example.org", "two@example.org"]
