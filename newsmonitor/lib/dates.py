"""Publication times as Arabic news pages print them, always as aware UTC.

Everything here returns None rather than guessing: a wrong publication date
silently reorders timelines and digests, while a missing one is visible and
can be filled from the feed or the fetch time by the caller.
"""
from __future__ import annotations

import calendar
import re
import time
from datetime import date, datetime, timedelta, timezone, tzinfo

__all__ = ["parse_arabic_date", "parse_date_detail", "to_utc", "from_struct_time",
           "MIN_YEAR", "MAX_YEAR"]

# Anything outside this window on a news page is a typo, a Hijri year read as
# Gregorian (1447), or a placeholder such as 0001-01-01 or 9999-12-31.
MIN_YEAR = 1990
MAX_YEAR = 2100

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Spelling varies by site and keyboard (hamza or none, Persian ی/ک, ة for ه in
# يونية), so both the text and the month table go through one normaliser.
_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه",
    "،": ",", "٫": ".", "‐": "-", "–": "-", "—": "-",
})
# Harakat, tanween (مساءً), tatweel, and the bidi/zero-width marks that CMSs
# scatter around numbers in right-to-left text.
_INVISIBLE = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _normalise(text: str) -> str:
    text = _INVISIBLE.sub("", text.translate(_DIGITS)).translate(_LETTERS)
    return text.replace("\xa0", " ").casefold()


_MONTH_NAMES = {
    1: ["يناير", "كانون الثاني", "كانون ثاني", "جانفي", "january", "jan"],
    2: ["فبراير", "شباط", "فيفري", "february", "feb"],
    3: ["مارس", "آذار", "march", "mar"],
    4: ["أبريل", "إبريل", "نيسان", "أفريل", "april", "apr"],
    5: ["مايو", "أيار", "ماي", "may"],
    6: ["يونيو", "يونيه", "حزيران", "جوان", "june", "jun"],
    7: ["يوليو", "يوليه", "تموز", "يوليوز", "جويلية", "july", "jul"],
    8: ["أغسطس", "آب", "غشت", "أوت", "august", "aug"],
    9: ["سبتمبر", "أيلول", "شتنبر", "september", "sept", "sep"],
    10: ["أكتوبر", "تشرين الأول", "تشرين أول", "october", "oct"],
    11: ["نوفمبر", "تشرين الثاني", "تشرين ثاني", "نونبر", "november", "nov"],
    12: ["ديسمبر", "كانون الأول", "كانون أول", "دجنبر", "december", "dec"],
}
_MONTHS = {_normalise(name): number for number, names in _MONTH_NAMES.items() for name in names}
# Longest first so "تشرين الثاني" wins over a bare "الثاني" and "مايو" over "ماي".
_MONTH_ALT = "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted(_MONTHS, key=len, reverse=True)
)
# \b treats digits as word characters, which would reject "5أكتوبر"; only a
# neighbouring letter should stop a match.
_NL_BEFORE = r"(?<![^\W\d_])"
_NL_AFTER = r"(?![^\W\d_])"
_MONTH = rf"{_NL_BEFORE}(?:{_MONTH_ALT}){_NL_AFTER}"
# Levantine and Gulf sites print both systems: "5 تشرين الأول (أكتوبر) 2025".
_MONTH_GROUP = rf"(?P<month>{_MONTH})(?:\s*[/(\-]\s*{_MONTH}\s*\)?)?"
# "2025م" marks the Gregorian era, not a PM hour.
_YEAR = rf"(?P<year>\d{{4}})(?!\d)(?:\s*(?:ميلاديه|ميلادي|م){_NL_AFTER})?"
_DAY = r"(?<!\d)(?P<day>\d{1,2})(?!\d)"

_TEXT_DMY = re.compile(
    rf"{_DAY}\s*(?:من\s+)?{_MONTH_GROUP}\s*[,.\-]?\s*(?:(?:سنه|عام|لعام)\s+)?{_YEAR}")
_TEXT_MDY = re.compile(rf"{_MONTH_GROUP}\s+{_DAY}\s*,?\s*{_YEAR}")
_ISO = re.compile(
    r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"[t ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d{1,9})?)?"
    r"(?P<tz>z|[+-]\d{2}(?::?\d{2})?)?(?![\d:])")
_NUM_YMD = re.compile(r"(?<![\d.:/-])(?P<year>\d{4})[/.\-](?P<month>\d{1,2})[/.\-](?P<day>\d{1,2})(?![\d:/])")
_NUM_DMY = re.compile(r"(?<![\d.:/])(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?P<year>\d{4})(?![\d:/])")

_AM = {"ص", "صباحا", "صباح", "فجرا", "am", "a.m."}
_PM = {"م", "مساء", "مساءا", "ظهرا", "عصرا", "ليلا", "pm", "p.m."}
_AMPM_ALT = "|".join(re.escape(w) for w in sorted(_AM | _PM, key=len, reverse=True))
_TIME = (
    r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?![\d:])"
    rf"(?:\s*(?P<ampm>{_AMPM_ALT}){_NL_AFTER})?"
    r"(?:\s*(?:بتوقيت\s+)?(?P<zone>gmt|utc|ut|z|غرينتش|جرينتش|غرينيتش)?"
    r"\s*(?P<offset>[+-]\d{2}:?\d{2}|[+-]\d{1,2}(?![\d:]))?)?"
)
# The time may follow the date ("... 2025 الساعة 09:15 مساءً") or precede it
# ("10:30 ص - الأحد 5 أكتوبر 2025"); only separators may stand between them,
# so an unrelated number further along is never taken for the hour.
_GAP = r"[\s,.\-|/:()]*(?:(?:الساعه|على الساعه|في تمام الساعه|ساعت|في|at)\s*)?[\s,.\-|:]*"
_TIME_AFTER = re.compile(rf"^{_GAP}{_TIME}")
_TIME_BEFORE = re.compile(rf"{_TIME}[\s,.\-|]*(?:[^\W\d_]+[\s,.\-|]*)?$")


def to_utc(dt: datetime, default_tz: tzinfo = timezone.utc) -> datetime:
    """Aware UTC datetime; a naive one is taken to be wall time in default_tz.

    default_tz must be a real tzinfo such as zoneinfo.ZoneInfo: pytz zones
    attached with replace() would apply local mean time.
    """
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        dt = dt.replace(tzinfo=default_tz)
    return dt.astimezone(timezone.utc)


def from_struct_time(t: time.struct_time | tuple | None) -> datetime | None:
    """feedparser's *_parsed tuples are already UTC; None when absent or bogus."""
    if t is None:
        return None
    try:
        seconds = calendar.timegm(tuple(t)[:6] + (0, 0, 0))
        dt = datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    if not MIN_YEAR <= dt.year <= MAX_YEAR:
        return None
    return dt


def parse_arabic_date(text: str, *, default_tz: tzinfo = timezone.utc) -> datetime | None:
    """The first readable full date (day, month, year) in text as aware UTC, else None.

    Numeric dates are read day-first (05-10-2025 is the 5th of October), as
    Arabic sites print them, unless only month-first makes sense
    ("10/25/2025"). A date without a time is midnight in default_tz. Only
    the first 2000 characters are read.
    """
    found = parse_date_detail(text, default_tz=default_tz)
    return found[0] if found else None


def parse_date_detail(text: str, *, default_tz: tzinfo = timezone.utc) -> tuple[datetime, bool] | None:
    """Like parse_arabic_date, also telling whether a time of day was printed.

    Callers weighing several sources need this: a bare date is midnight by
    convention, not a claim about when the article went out.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    norm = _normalise(text[:2000])
    for match in _ISO.finditer(norm):
        found = _from_iso(match, default_tz)
        if found:
            return found
    for pattern in (_TEXT_DMY, _TEXT_MDY):
        for match in pattern.finditer(norm):
            found = _assemble(norm, match, _MONTHS[re.sub(r"\s+", " ", match.group("month"))],
                              int(match.group("day")), default_tz)
            if found:
                return found
    for pattern in (_NUM_YMD, _NUM_DMY):
        for match in pattern.finditer(norm):
            day, month = int(match.group("day")), int(match.group("month"))
            if pattern is _NUM_DMY and month > 12 >= day:
                day, month = month, day
            found = _assemble(norm, match, month, day, default_tz)
            if found:
                return found
    return None


def _from_iso(match: re.Match, default_tz: tzinfo) -> tuple[datetime, bool] | None:
    g = match.groupdict()
    try:
        day = date(int(g["year"]), int(g["month"]), int(g["day"]))
        return _finish(day, (int(g["hour"]), int(g["minute"]), int(g["second"] or 0)),
                       _zone("z", None) if g["tz"] == "z" else _zone(None, g["tz"]), default_tz)
    except ValueError:
        return None


def _assemble(norm: str, match: re.Match, month: int, day: int,
              default_tz: tzinfo) -> tuple[datetime, bool] | None:
    try:
        when = date(int(match.group("year")), month, day)
    except ValueError:
        return None
    clock = _TIME_AFTER.search(norm[match.end():match.end() + 60])
    if clock is None:
        clock = _TIME_BEFORE.search(norm[max(0, match.start() - 40):match.start()])
    if clock is None:
        return _finish(when, None, None, default_tz)
    hms = _clock(clock)
    if hms is None:
        return None
    try:
        tz = _zone(clock.group("zone"), clock.group("offset"))
    except ValueError:
        return None
    return _finish(when, hms, tz, default_tz)


def _clock(match: re.Match) -> tuple[int, int, int] | None:
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    second = int(match.group("second") or 0)
    ampm = match.group("ampm")
    if ampm:
        ampm = re.sub(r"\s+", "", ampm)
        if not 1 <= hour <= 12 and not (ampm in _PM and 13 <= hour <= 23):
            return None
        if ampm in _AM and hour == 12:
            hour = 0
        elif ampm in _PM and hour < 12:
            hour += 12
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _zone(zone: str | None, offset: str | None) -> tzinfo | None:
    if offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if hours > 14 or minutes > 59:
            raise ValueError(offset)
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    if zone:
        return timezone.utc
    return None


def _finish(day: date, hms: tuple[int, int, int] | None, tz: tzinfo | None,
            default_tz: tzinfo) -> tuple[datetime, bool] | None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return None
    hour, minute, second = hms or (0, 0, 0)
    try:
        local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
        return to_utc(local, default_tz), hms is not None
    except (ValueError, OverflowError):
        return None
