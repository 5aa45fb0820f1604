"""Country pages: partners ranked by volume with a small timeline each, and a matrix
of pair volumes within a region (or among the country's top partners)."""

from django.http import Http404
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext

from newsmonitor.timelines.readmodels import charts, rankings
from newsmonitor.timelines.readmodels.filters import STORIES, Filters, quoted, read_dates
from newsmonitor.timelines.readmodels.queries import period
from newsmonitor.timelines.names import REGIONS, country_name, is_country, region_name, regions_of
from newsmonitor.timelines.web.views.common import notices

PARTNERS = 20
MATRIX_PARTNERS = 9


def country(request, code):
    if not is_country(code):
        raise Http404(_("Unknown country"))
    if code != code.upper():
        return redirect(reverse("timelines:country", args=[code.upper()]), permanent=True)
    errors = []
    start, end = period(*read_dates(request.GET, errors), default_days=90)
    unit = unit_of(request, errors)
    rows = rankings.top_pairs(start, end, limit=PARTNERS, country=code, unit=unit)
    pairs = [(row["a"], row["b"]) for row in rows]
    lines, weeks = rankings.weekly_series(pairs, start, end, unit=unit)
    span = f"from={start.isoformat()}&to={end.isoformat()}" + ("" if unit == STORIES else "&count=articles")
    top = max((row["n"] for row in rows), default=0)
    for row in rows:
        partner = rankings.partner_of(row, code)
        row["partner"], row["partner_name"] = partner, country_name(partner)
        row["url"] = reverse("timelines:pair", args=[f"{row['a']}-{row['b']}"]) + "?" + span
        row["width"] = round(100 * row["n"] / top) if top else 0
        label = charts.count_label(row["n"], unit)
        row["spark"] = charts.sparkline_svg(lines[(row["a"], row["b"])], spark_label(row["partner_name"], label, weeks))
    region = region_of(request.GET.get("region") or "", code, errors)
    codes = matrix_codes(code, region, rows)
    return render(request, "timelines/country.html", {
        "code": code, "name": country_name(code), "start": start, "end": end, "span": span,
        "rows": rows, "region": region, "weeks": weeks, "notices": notices(errors),
        "regions": [("partners", _("Top partners"))] + [(slug, region_name(slug)) for slug in REGIONS],
        "matrix": matrix_rows(codes, start, end, span, unit),
        "matrix_codes": [(c, country_name(c)) for c in codes],
        "total": sum(row["n"] for row in rows),
        "filters": Filters(count=unit),
        "switch_url": reverse("timelines:country", args=[code]) + f"?from={start.isoformat()}&to={end.isoformat()}"
        + ("&count=articles" if unit == STORIES else "") + (f"&region={region}" if request.GET.get("region") else ""),
    })


def unit_of(request, errors):
    """What the page counts: count=stories (the default) or count=articles."""
    params = QueryDict(mutable=True)
    params["count"] = request.GET.get("count") or ""
    filters = Filters.from_query(params)
    errors += filters.errors
    return filters.count


def spark_label(partner, label, weeks):
    if weeks == 1:
        return _("%(partner)s, weekly: %(label)s") % {"partner": partner, "label": label}
    return ngettext("%(partner)s, per %(weeks)s week: %(label)s", "%(partner)s, per %(weeks)s weeks: %(label)s",
                    weeks) % {"partner": partner, "weeks": weeks, "label": label}


def region_of(region, code, errors):
    """The matrix asked for, else the country's first region (or its top partners)."""
    if region in REGIONS or region == "partners":
        return region
    if region:
        errors.append(_("%(name)s=%(value)s is not known") % {"name": "region", "value": quoted(region)})
    return (regions_of(code) or ["partners"])[0]


def matrix_codes(code, region, rows):
    if region == "partners":
        return [code] + [rankings.partner_of(row, code) for row in rows[:MATRIX_PARTNERS]]
    codes = list(REGIONS[region][2])
    return codes if code in codes else [code] + codes


def matrix_rows(codes, start, end, span, unit=STORIES):
    """Rows of the heatmap: one cell per pair, linking to its timeline."""
    counts = rankings.matrix(codes, start, end, unit)
    top = max(counts.values(), default=0)
    out = []
    for row_code in codes:
        cells = []
        for col_code in codes:
            if row_code == col_code:
                cells.append({"self": True})
                continue
            a, b = sorted((row_code, col_code))
            n = counts.get((a, b), 0)
            cells.append({"n": n, "style": charts.heat_style(n, top),
                          "url": reverse("timelines:pair", args=[f"{a}-{b}"]) + "?" + span,
                          "label": f"{country_name(row_code)} – {country_name(col_code)}: "
                                   f"{charts.count_label(n, unit)}"})
        out.append({"code": row_code, "name": country_name(row_code), "cells": cells})
    return out


def countries(request):
    """Every country in the period's pairs, by volume: the way into country pages."""
    errors = []
    start, end = period(*read_dates(request.GET, errors), default_days=30)
    unit = unit_of(request, errors)
    rows = sorted(({"code": c, "name": country_name(c), "n": counts[unit], **counts}
                   for c, counts in rankings.country_totals(start, end).items()), key=lambda r: (-r["n"], r["name"]))
    return render(request, "timelines/countries.html", {
        "rows": rows, "start": start, "end": end, "notices": notices(errors), "filters": Filters(count=unit),
        "switch_url": reverse("timelines:countries") + ("?count=articles" if unit == STORIES else "")})
