"""A subscription that cannot be served is refused on the form, with a message tied to
the field it is about, in the interface language; nothing is stored or sent."""

import re

import pytest

from newsmonitor.digests.models import Delivery, Subscription
from tests.support.subscribing import browser, submit


def error_of(html, field):
    """The field's error text, checked to be tied to its control by aria-describedby."""
    listed = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert listed, f"no error shown for {field}"
    control = re.search(rf'<(?:input|select|textarea)[^>]*aria-describedby="[^"]*id_{field}_error[^"]*"', html) or \
        re.search(rf'<fieldset[^>]*id="field-{field}"[^>]*aria-describedby="[^"]*id_{field}_error', html)
    assert control, f"the error of {field} is not tied to its control"
    return re.sub(r"<[^>]+>", " ", listed.group(1)).strip()


@pytest.mark.parametrize("changes, field, message", [
    ({"email": "not an address"}, "email", "Enter a valid email address."),
    ({"email": ""}, "email", "This field is required."),
    ({"pair": "XX-YY"}, "pair", "'XX-YY': not a pair of countries"),
    ({"pair": "EG-EG"}, "pair", "'EG-EG': not a pair of countries"),
    ({"pair": "EG-PK, egypt-pakistan"}, "pair", "'egypt-pakistan': not a pair of countries"),
    ({"country": "PK, QQ"}, "country", "'QQ': not a country code"),
    ({"topic": "astrology"}, "topic", "Select a valid choice. astrology is not one of the available choices."),
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "'Mars/Olympus_Mons' is not a time zone we know"),
    ({"time_zone": ""}, "time_zone", "This field is required."),
    ({"hour": "24"}, "hour", "Select a valid choice."),
    ({"frequency": "hourly"}, "frequency", "Select a valid choice."),
    ({"email_language": "fr"}, "email_language", "Select a valid choice."),
    ({"spike_alerts": "on", "spike_k": "0"}, "spike_k", "greater than or equal to 1"),
    ({"spike_alerts": "on", "spike_floor": "-3"}, "spike_floor", "greater than or equal to 1"),
    ({"spike_alerts": "on", "pair": "", "country": "PK"}, "spike_alerts", "Spike alerts watch the pairs you follow"),
])
def test_a_bad_value_is_refused_with_a_message_at_its_field(sample, mailoutbox, changes, field, message):
    client = browser(language="en")
    page = client.get("/subscribe/?pair=EG-PK")
    response = submit(client, page, **{"email": "reporter@example.org", **changes})
    assert response.status_code == 400
    html = response.content.decode().replace("&#x27;", "'")
    assert message in error_of(html, field)
    assert 'class="error-summary" role="alert"' in html and f'href="#' in html
    assert not Subscription.objects.exists() and not Delivery.objects.exists() and not mailoutbox


def test_an_empty_selection_is_refused(sample, mailoutbox):
    client = browser(language="en")
    page = client.get("/subscribe/")
    response = submit(client, page, email="reporter@example.org")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose something to follow: a pair, a country, a topic, words or an outlet country." in html
    # The message is tied to the part of the form it is about.
    assert re.search(r'<fieldset class="section" id="what" aria-describedby="non-field-errors">', html)
    assert not Subscription.objects.exists() and not mailoutbox


def test_article_language_or_primary_alone_is_no_selection(sample, mailoutbox):
    client = browser(language="en")
    response = submit(client, client.get("/subscribe/"), email="reporter@example.org", language="ar", primary="on")
    assert response.status_code == 400 and "Choose something to follow" in response.content.decode()
    assert not Subscription.objects.exists()


def test_errors_are_in_the_interface_language(sample, mailoutbox):
    client = browser(language="ar")
    page = client.get("/subscribe/")
    html = submit(client, page, email="ليس عنواناً", pair="XX-YY", time_zone="Mars/Base").content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "أدخِل عنوان بريد إلكتروني صحيح." in error_of(html, "email")  # Django's own message
    assert "ليس ثنائياً من الدول" in error_of(html, "pair")
    assert "ليست منطقة زمنية نعرفها" in error_of(html, "time_zone")
    empty = submit(client, page, email="reporter@example.org").content.decode()
    assert "اختر ما تريد متابعته" in empty
    assert not Subscription.objects.exists() and not mailoutbox


def test_unknown_values_in_a_dashboard_address_are_left_out_and_said(sample):
    html = browser(language="en").get("/subscribe/?pair=XX-YY&pair=EG-PK&country=ZZ&topic=astrology").content.decode()
    assert "Left out: pair='XX-YY' is not known." in html.replace("&#x27;", "'")
    assert "Left out: country='ZZ' is not known." in html.replace("&#x27;", "'")
    assert 'name="pair" value="EG-PK"' in html


def test_a_valid_form_with_odd_spellings_is_read_canonically(sample, mailoutbox):
    client = browser(language="en")
    response = submit(client, client.get("/subscribe/"), email="  Reporter@Example.ORG ", pair="pk-eg، in_pk",
                      country="sa pk", topic=["energy", "defence-industry"], outlet_country=["SA", "EG"], q="  تدريبات ",
                      time_zone="Asia/Karachi")
    assert response.status_code == 200, response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == "Reporter@example.org"
    assert subscription.pairs == ["EG-PK", "IN-PK"] and subscription.countries == ["PK", "SA"]
    assert subscription.query == ("topic=defence-industry&topic=energy&outlet_country=EG&outlet_country=SA"
                                  "&q=%D8%AA%D8%AF%D8%B1%D9%8A%D8%A8%D8%A7%D8%AA")
