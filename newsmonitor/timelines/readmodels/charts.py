"""Charts as inline SVG, drawn on the server: no script, no external asset, and the
same numbers go into the <table> each chart carries as its text alternative.

The time axis runs left to right in both languages (as in Arabic newspapers' own
charts and as the numerals read); only the labels change with the language.
"""

from datetime import date, timedelta

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _, ngettext

W, H = 760, 220
PAD_L, PAD_R, PAD_T, PAD_B = 44, 10, 10, 30


# --- buckets --------------------------------------------------------------------------
# More bars than the chart has pixels say nothing more, and the buckets of a chart are
# allocated per request: its interval is made coarser, then its span shorter (fit).
MAX_BUCKETS = 1000
COARSER = {"day": "week", "week": "month"}


def auto_interval(start, end):
    span = (end - start).days if start and end else 0
    return "day" if span <= 92 else "week" if span <= 600 else "month"


def bucket_of(day, interval):
    if interval == "week":
        return day - timedelta(days=day.weekday())  # never before date.min, a Monday
    if interval == "month":
        return day.replace(day=1)
    return day


def bucket_count(start, end, interval):
    first, last = bucket_of(start, interval), bucket_of(end, interval)
    if interval == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    return (last - first).days // (7 if interval == "week" else 1) + 1


def fit(start, end, interval):
    """(start, interval, notes) of a chart from `start` to `end` with no more than
    MAX_BUCKETS bars: a coarser interval than the one asked for when it would draw
    more, and when even months would, only the newest MAX_BUCKETS months. `notes`
    say so to the reader (in the interface language)."""
    notes = []
    if not start or not end:
        return start, interval, notes
    asked = interval
    while interval in COARSER and bucket_count(start, end, interval) > MAX_BUCKETS:
        interval = COARSER[interval]
    if interval != asked:
        notes.append(_("One bar per %(asked)s would make more than %(n)s bars: the chart shows one bar per "
                       "%(interval)s.") % {"asked": interval_name(asked), "n": MAX_BUCKETS,
                                            "interval": interval_name(interval)})
    if bucket_count(start, end, interval) > MAX_BUCKETS:
        last = bucket_of(end, interval)
        months = last.year * 12 + last.month - MAX_BUCKETS
        start = date(months // 12, months % 12 + 1, 1)
        notes.append(_("The chart shows the newest %(n)s months only, from %(date)s.") % {
            "n": MAX_BUCKETS, "date": formats.date_format(start, "F Y")})
    return start, interval, notes


def interval_name(interval):
    return {"day": _("day"), "week": _("week"), "month": _("month")}[interval]


def bucket_range(start, end, interval):
    """Every bucket from start to end, so empty periods show as gaps, not as nothing."""
    if not start or not end:
        return []
    out, current = [], bucket_of(start, interval)
    while current is not None and current <= end and len(out) < MAX_BUCKETS:
        out.append(current)
        current = next_bucket(current, interval)
    return out


def next_bucket(day, interval):
    """The first day of the bucket after `day`'s; None after the last one Python can count."""
    try:
        if interval == "month":
            return date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return day + timedelta(days=7 if interval == "week" else 1)
    except (OverflowError, ValueError):
        return None


def bucket_end(day, interval):
    """The last day of `day`'s bucket."""
    following = next_bucket(day, interval)
    return following - timedelta(days=1) if following else date.max


def bucket_label(day, interval, short=False):
    if interval == "month":
        return formats.date_format(day, "M Y" if short else "F Y")
    if interval == "week":
        return (_("week of %(date)s") % {"date": formats.date_format(day, "j M Y")}) if not short else \
            formats.date_format(day, "j M")
    return formats.date_format(day, "j M" if short else "j F Y")


# --- scales ----------------------------------------------------------------------------
def nice_step(value):
    """The smallest of 1, 2, (2.5,) 5 × 10^k at least `value`, a whole number (counts)."""
    magnitude = 1
    while True:
        for step in ((1, 2, 5) if magnitude == 1 else (1, 2, 2.5, 5)):
            if step * magnitude >= value:
                return int(step * magnitude)
        magnitude *= 10


def nice_max(value):
    """The axis top: four whole, round steps above the largest bar."""
    return 4 * nice_step(max(value, 1) / 4)


def _ticks(top):
    return [top * i // 4 for i in range(5)]


# --- the timeline chart -------------------------------------------------------------------
def timeline_svg(buckets, series, interval, title, chart_id="chart", height=H, compact=False, top=None,
                 labels=None, unit="stories"):
    """Stacked bars: `series` is [{"key", "label", "colour", "values": [..per bucket]}].
    Each bar is a group with a <title> (the hover label) listing its segments, in
    `unit` (stories or articles). `labels`: the buckets' labels when already made
    (small multiples share them)."""
    totals = [sum(s["values"][i] for s in series) for i in range(len(buckets))]
    top = nice_max(top if top is not None else max(totals, default=0))
    pad_b = 8 if compact else PAD_B
    plot_w, plot_h = W - PAD_L - PAD_R, height - PAD_T - pad_b
    n = max(len(buckets), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.8, 0.6)
    parts = [f'<svg class="chart" id="{chart_id}" viewBox="0 0 {W} {height}" role="img" '
             f'aria-labelledby="{chart_id}-t" preserveAspectRatio="none" direction="ltr">',
             f'<title id="{chart_id}-t">{escape(title)}</title>']
    for tick in _ticks(top) if not compact else [0, top]:
        y = PAD_T + plot_h - plot_h * tick / top
        parts.append(f'<line class="grid" x1="{PAD_L}" x2="{W - PAD_R}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f'{formats.number_format(tick)}</text>')
    for i, bucket in enumerate(buckets):
        if not totals[i]:
            continue
        x = PAD_L + i * slot + (slot - bar_w) / 2
        label = labels[i] if labels else bucket_label(bucket, interval)
        lines = [f"{label}: " + count_label(totals[i], unit)]
        rects, y = [], PAD_T + plot_h
        for s in series:
            value = s["values"][i]
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            rects.append(f'<rect x="{x:.2f}" y="{y:.2f}" width="{bar_w:.2f}" height="{max(h, 0.5):.2f}" '
                         f'fill="{s["colour"]}"/>')
            if len(series) > 1:
                lines.append(f'{s["label"]}: {formats.number_format(value)}')
        parts.append(f'<g class="bar" data-bucket="{bucket.isoformat()}"><title>{escape(chr(10).join(lines))}'
                     f'</title>{"".join(rects)}</g>')
    if not compact:
        parts += _x_labels(buckets, interval, slot, height)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def count_label(n, unit):
    """"12 stories" or "12 articles", in the interface language."""
    if unit == "articles":
        return ngettext("%(n)s article", "%(n)s articles", n) % {"n": n}
    return ngettext("%(n)s story", "%(n)s stories", n) % {"n": n}


def _x_labels(buckets, interval, slot, height):
    if not buckets:
        return []
    every = max(1, round(len(buckets) / 8))
    out = []
    for i in range(0, len(buckets), every):
        x = PAD_L + i * slot + slot / 2
        out.append(f'<text class="tick" x="{x:.1f}" y="{height - 10}" text-anchor="middle">'
                   f'{escape(bucket_label(buckets[i], interval, short=True))}</text>')
    return out


def sparkline_svg(values, label, width=120, height=28):
    """A small line of counts (home page, country partners); the label says it all to
    a screen reader, the numbers are in the row's text beside it."""
    top = max(values, default=0) or 1
    n = max(len(values) - 1, 1)
    points = " ".join(f"{width * i / n:.1f},{height - 2 - (height - 4) * v / top:.1f}" for i, v in enumerate(values))
    return mark_safe(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}" direction="ltr"><polyline fill="none" points="{points}"/></svg>')


# --- the region matrix ---------------------------------------------------------------------
def heat_style(value, top):
    """Background and text colours for a heatmap cell, text contrast kept above 4.5:1
    (axe checks it), white on the dark half of the ramp, ink on the light half."""
    if not value:
        return "background:#f4f6f9;color:#3d4452"
    t = min(value / (top or 1), 1) ** 0.6
    light, dark = (238, 244, 251), (8, 48, 107)
    rgb = tuple(round(light[k] + (dark[k] - light[k]) * t) for k in range(3))
    colour = "#%02x%02x%02x" % rgb
    ink = "#ffffff" if contrast(rgb, (255, 255, 255)) >= 4.5 else "#1d2330"
    return f"background:{colour};color:{ink}"


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, two):
    a, b = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (a + 0.05) / (b + 0.05)
