import time
from datetime import date, datetime, timedelta, timezone

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmonitor.lib.dates import from_struct_time, parse_arabic_date, parse_date_detail, to_utc

UTC = timezone.utc
PLUS3 = timezone(timedelta(hours=3))

EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
            "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
             "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
MAGHREBI = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
            "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]
# Monday first, as date.weekday() counts.
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def at(*args, tz=UTC):
    return datetime(*args, tzinfo=tz)


@pytest.mark.parametrize("month", range(1, 13))
@pytest.mark.parametrize("names", [EGYPTIAN, LEVANTINE, MAGHREBI], ids=["egyptian", "levantine", "maghrebi"])
def test_every_month_name_in_each_system(names, month):
    assert parse_arabic_date(f"17 {names[month - 1]} 2024") == at(2024, month, 17)


@pytest.mark.parametrize("text, month", [
    ("3 ابريل 2025", 4), ("3 إبريل 2025", 4), ("3 يونيه 2025", 6), ("3 يونية 2025", 6),
    ("3 يوليه 2025", 7), ("3 اغسطس 2025", 8), ("3 اكتوبر 2025", 10), ("3 اذار 2025", 3),
    ("3 ايار 2025", 5), ("3 اب 2025", 8), ("3 ايلول 2025", 9), ("3 تشرين اول 2025", 10),
    ("3 أفريل 2025", 4), ("3 جويلية 2025", 7), ("3 أوت 2025", 8), ("3 جانفي 2025", 1),
])
def test_spelling_variants(text, month):
    assert parse_arabic_date(text) == at(2025, month, 3)


@pytest.mark.parametrize("text, expected", [
    ("الأحد 5 أكتوبر 2025", at(2025, 10, 5)),
    ("الإثنين، 6 تشرين الأول 2025", at(2025, 10, 6)),
    ("الاثنين 6 تشرين الأول (أكتوبر) 2025", at(2025, 10, 6)),
    ("كانون الثاني/يناير 14, 2026", at(2026, 1, 14)),
    ("12 ربيع الآخر 1447 هـ الموافق 4 أكتوبر 2025م", at(2025, 10, 4)),
    ("2025/10/05", at(2025, 10, 5)),
    ("2025-10-05", at(2025, 10, 5)),
    ("05-10-2025 14:20", at(2025, 10, 5, 14, 20)),
    ("5.10.2025", at(2025, 10, 5)),
    ("10/25/2025", at(2025, 10, 25)),
    ("October 5, 2025", at(2025, 10, 5)),
    ("نشر في: 12 نوفمبر 2025 الساعة 09:15 مساءً", at(2025, 11, 12, 21, 15)),
    ("10:30 ص - الأحد 5 أكتوبر 2025", at(2025, 10, 5, 10, 30)),
])
def test_common_page_forms(text, expected):
    assert parse_arabic_date(text) == expected


def test_arabic_indic_and_persian_digits():
    assert parse_arabic_date("٥ تشرين الأول ٢٠٢٥ - ١٠:٣٠ ص") == at(2025, 10, 5, 10, 30)
    assert parse_arabic_date("۱۴ مارس ۲۰۲۴ ساعت ۰۸:۴۵") == at(2024, 3, 14, 8, 45)
    assert parse_arabic_date("٢٠٢٥/٠٢/٢٨") == at(2025, 2, 28)


@pytest.mark.parametrize("text, hour, minute", [
    ("1 مايو 2025 10:30 ص", 10, 30),
    ("1 مايو 2025 10:30 م", 22, 30),
    ("1 مايو 2025 12:05 ص", 0, 5),
    ("1 مايو 2025 12:05 م", 12, 5),
    ("1 مايو 2025 08:00 صباحاً", 8, 0),
    ("1 مايو 2025 08:00 مساء", 20, 0),
    ("1 مايو 2025 الساعة 3:45 مساءً", 15, 45),
    ("1 مايو 2025 19:10", 19, 10),
])
def test_twelve_hour_clock(text, hour, minute):
    assert parse_arabic_date(text) == at(2025, 5, 1, hour, minute)


def test_the_gregorian_era_letter_is_not_pm():
    # "2025م" marks the era; the hour that follows has no suffix.
    assert parse_arabic_date("1 مايو 2025م 09:00") == at(2025, 5, 1, 9, 0)


@pytest.mark.parametrize("text, expected", [
    ("2025-10-05T14:30:00+03:00", at(2025, 10, 5, 11, 30)),
    ("2025-10-05T14:30:00.250Z", at(2025, 10, 5, 14, 30)),
    ("2025-10-05T01:30:00-05:00", at(2025, 10, 5, 6, 30)),
    ("2025-10-05 00:30:00+0300", at(2025, 10, 4, 21, 30)),
    ("Sun, 05 Oct 2025 14:30:00 +0300", at(2025, 10, 5, 11, 30)),
    ("Sun, 05 Oct 2025 14:30:00 GMT", at(2025, 10, 5, 14, 30)),
    ("5 أكتوبر 2025 14:00 بتوقيت غرينتش", at(2025, 10, 5, 14, 0)),
    ("5 أكتوبر 2025 14:00 +04:00", at(2025, 10, 5, 10, 0)),
])
def test_offsets_are_converted_to_utc(text, expected):
    parsed = parse_arabic_date(text)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)


def test_naive_times_are_read_in_the_default_zone():
    assert parse_arabic_date("05-10-2025 14:20", default_tz=PLUS3) == at(2025, 10, 5, 11, 20)
    assert parse_arabic_date("5 أكتوبر 2025", default_tz=PLUS3) == at(2025, 10, 4, 21, 0)
    # An explicit offset wins over the default zone.
    assert parse_arabic_date("2025-10-05T14:30:00Z", default_tz=PLUS3) == at(2025, 10, 5, 14, 30)


@pytest.mark.parametrize("text", [
    "منذ ساعتين", "أكتوبر 2025", "تشرين الأول ٢٠٢٥", "", "   ", "lorem ipsum dolor",
    "قبل 3 أيام", "اليوم", "2025", "12:30", "الأحد", "5 أكتوبر", "٣٧٢٨١٩٢٠", "<p>&nbsp;</p>",
])
def test_unreadable_text_gives_none(text):
    assert parse_arabic_date(text) is None


@pytest.mark.parametrize("text", [
    "31 شباط 2025", "30 فبراير 2024", "29 شباط 2023", "31 نيسان 2025", "32 أكتوبر 2025",
    "0 أكتوبر 2025", "2025-13-01", "31/06/2025", "2025-02-30T10:00:00Z",
    "5 أكتوبر 2025 25:10", "5 أكتوبر 2025 13:30 ص", "5 أكتوبر 2025 10:75",
])
def test_impossible_dates_give_none(text):
    assert parse_arabic_date(text) is None


def test_leap_day_is_possible():
    assert parse_arabic_date("29 شباط 2024") == at(2024, 2, 29)


@pytest.mark.parametrize("text", [
    "5 أكتوبر 1989", "5 أكتوبر 2101", "1447/04/12", "0001-01-01T00:00:00Z", "9999-12-31",
])
def test_years_outside_range_give_none(text):
    assert parse_arabic_date(text) is None


def test_detail_tells_whether_a_time_was_printed():
    assert parse_date_detail("5 أكتوبر 2025") == (at(2025, 10, 5), False)
    assert parse_date_detail("5 أكتوبر 2025 00:00") == (at(2025, 10, 5), True)
    assert parse_date_detail("غير معروف") is None


def test_to_utc():
    assert to_utc(datetime(2025, 10, 5, 14, 30)) == at(2025, 10, 5, 14, 30)
    assert to_utc(datetime(2025, 10, 5, 14, 30), PLUS3) == at(2025, 10, 5, 11, 30)
    converted = to_utc(datetime(2025, 10, 5, 14, 30, tzinfo=PLUS3), timezone(timedelta(hours=-8)))
    assert converted == at(2025, 10, 5, 11, 30) and converted.tzinfo == UTC


def test_from_struct_time_reads_feedparser_tuples():
    feed = feedparser.parse(
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
        "<item><title>خبر</title><pubDate>Sun, 05 Oct 2025 14:30:00 +0300</pubDate></item>"
        "</channel></rss>"
    )
    assert from_struct_time(feed.entries[0].published_parsed) == at(2025, 10, 5, 11, 30)
    assert from_struct_time(time.struct_time((2025, 2, 1, 8, 0, 0, 5, 32, 0))) == at(2025, 2, 1, 8, 0)
    assert from_struct_time(None) is None
    assert from_struct_time(time.gmtime(0)) is None  # 1970: a feed's placeholder, not news


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text):
    result = parse_arabic_date(text)
    assert result is None or (result.tzinfo == UTC and 1989 <= result.year <= 2101)


ARABIC_ISH = st.text(
    alphabet=st.sampled_from(list("٠١٢٣٤٥٦٧٨٩0123456789:/-., صمأكتوبرشباطتشرينالأولكانون۱۲۳+Z")),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(ARABIC_ISH)
def test_date_like_noise_never_raises(text):
    result = parse_arabic_date(text)
    assert result is None or result.tzinfo == UTC


@settings(max_examples=500, deadline=None)
@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    names=st.sampled_from([EGYPTIAN, LEVANTINE, MAGHREBI]),
    digits=st.sampled_from([None, ARABIC_INDIC, PERSIAN]),
    weekday=st.booleans(),
)
def test_valid_dates_round_trip(day, names, digits, weekday):
    text = f"{day.day} {names[day.month - 1]} {day.year}"
    if digits:
        text = text.translate(digits)
    if weekday:
        text = f"{WEEKDAYS[day.weekday()]}، {text}"
    assert parse_arabic_date(text) == at(day.year, day.month, day.day)
