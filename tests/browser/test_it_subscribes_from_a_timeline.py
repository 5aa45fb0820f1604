"""Subscribing in headless Chromium, as a reader does: from a pair timeline's "Email me
this view", through the form (its fields showing as they apply), the confirmation
email's link, the confirm button, to the manage page and a pause. No console errors
(the CSP blocks any inline script or style), no serious accessibility violation."""

import re

import pytest

from newsmonitor.digests.models import Subscription
from tests.browser.conftest import describe, run_axe, screenshot
from tests.support.factory import load_sample
from tests.support.subscribing import parts

pytestmark = pytest.mark.slow

CONFIRM = re.compile(r"https?://\S+/subscriptions/confirm/[^/\s]+/")
# A refused form is answered 400, which Chromium logs as a failed load; nothing else may be logged.
REFUSED = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


@pytest.fixture
def site(transactional_db, live_server, settings):
    load_sample()
    settings.SITE_ROOT = live_server.url  # the emailed links lead to this server
    return live_server.url


def test_subscribe_from_a_timeline_confirm_and_pause(site, open_page, mailoutbox):
    page = open_page(f"{site}/pairs/EG-PK/?topic=defence-industry", lang="en")
    page.get_by_role("link", name="Email me this view").click()
    page.wait_for_url(re.compile(r"/subscribe/\?pair=EG-PK&topic=defence-industry$"))
    assert page.get_by_label("Pairs").input_value() == "EG-PK"
    assert page.locator("#field-pair .names").inner_text() == "Egypt – Pakistan"
    assert page.get_by_label("Defence industry").is_checked()

    # Daily is chosen: the day of the week is hidden until weekly is.
    weekday = page.locator("#field-weekday")
    assert weekday.is_hidden()
    page.get_by_label("Weekly").check()
    weekday.wait_for(state="visible")
    page.get_by_label("Day of the week").select_option("4")
    page.get_by_label("Hour").select_option(label="09:00")
    page.get_by_label("Time zone").fill("Asia/Karachi")
    spikes = page.locator("[data-shown-with=spike_alerts]")
    assert spikes.is_hidden()
    page.get_by_label("Tell me when a pair I follow gets far more coverage than usual").check()
    spikes.wait_for(state="visible")
    page.get_by_label("Your email address").fill("reporter@example.org")
    violations = run_axe(page)
    assert not violations, describe(violations)
    screenshot(page, "subscribe-en.png")
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()

    subscription = Subscription.objects.get()
    assert (subscription.status, subscription.frequency, subscription.weekday, subscription.hour) == (
        Subscription.Status.PENDING, "weekly", 4, 9)
    assert (subscription.time_zone, subscription.spike_alerts, subscription.language) == ("Asia/Karachi", True, "en")
    [message] = mailoutbox
    text, _html = parts(message)
    confirm = CONFIRM.search(text).group(0)
    assert confirm.startswith(site)

    page.goto(confirm)
    page.get_by_role("heading", name="Confirm your subscription").wait_for()
    assert Subscription.objects.get().status == Subscription.Status.PENDING  # opening the link changed nothing
    page.get_by_role("button", name="Confirm and start").click()
    page.get_by_role("heading", name="Subscription confirmed").wait_for()
    assert Subscription.objects.get().status == Subscription.Status.ACTIVE

    page.get_by_role("link", name="Manage your subscription").click()
    page.get_by_role("heading", name="Your subscription").wait_for()
    assert page.locator("[data-status]").inner_text() == "Active"
    assert page.get_by_label("Time zone").input_value() == "Asia/Karachi"
    violations = run_axe(page)
    assert not violations, describe(violations)
    page.get_by_role("button", name="Pause").click()
    page.get_by_text("Paused: nothing is sent until you resume.").wait_for()
    assert page.locator("[data-status]").inner_text() == "Paused"
    assert Subscription.objects.get().status == Subscription.Status.PAUSED
    screenshot(page, "manage-en.png")
    assert len(mailoutbox) == 1  # nothing but the confirmation was sent
    assert not page.errors, page.errors


def test_the_form_in_arabic_is_right_to_left_and_accessible(site, open_page):
    page = open_page(f"{site}/subscribe/?pair=EG-PK", lang="ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#field-pair .names").inner_text() == "مصر – باكستان"
    assert page.get_by_label("العربية").is_checked()  # the email's language starts as the page's
    violations = run_axe(page)
    assert not violations, describe(violations)
    screenshot(page, "subscribe-ar.png")
    # A refused form: the summary names each problem and takes the focus.
    page.get_by_label("عنوان بريدك الإلكتروني").fill("reporter@example.org")
    page.locator("#id_pair").fill("XX-YY")
    page.get_by_role("button", name="اشترك").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert "ليس ثنائياً من الدول" in summary.inner_text()
    page.wait_for_function("document.activeElement && document.activeElement.hasAttribute('data-error-summary')")
    assert page.locator("#id_pair").get_attribute("aria-invalid") == "true"
    violations = run_axe(page)
    assert not violations, describe(violations)
    assert [error for error in page.errors if error != REFUSED] == [], page.errors
