"""CSV and JSON exports of any filtered view: every matching row, streamed.

    /pairs/EG-PK/export.csv?topic=defence-industry    the pair timeline's articles
    /search/export.json?q=باكستان                      a search's (or all) articles

The URL is the view's URL with the path changed, so what a researcher sees is what
she downloads: by default one row per story (its representative article, as the page
lists it, with how many articles the story has and the outlets that carried it), with
count=articles one row per article, each with its story's id. Rows are read in keyset chunks (records.iter_rows) and written as they
come: memory stays flat whatever the size.
"""

import csv
import io
import json

from django.http import Http404, StreamingHttpResponse
from django.utils import timezone

from newsmonitor.timelines.names import is_country
from newsmonitor.timelines.readmodels import queries, records
from newsmonitor.timelines.readmodels.filters import Filters, canonical_pair

CSV_COLUMNS = ["id", "published_at", "discovered_at", "day", "title", "url", "outlet", "outlet_country",
               "language", "countries", "pairs", "primary_pair", "topics", "evidence", "page", "curated", "story"]
# Counting stories: each row is a story's representative article, then these.
STORY_COLUMNS = ["story_articles", "story_outlets"]


def pair_export(request, pair, fmt):
    a, b = canonical_pair(pair)
    filters = Filters.from_query(request.GET)
    scope = queries.scoped(filters)
    qs = queries.listed(queries.pair_qs(a, b, scope), scope, (a, b))
    meta = {"view": "pair", "pair": [a, b], "filters": filters.as_dict(), "count": filters.count}
    return respond(request, qs, fmt, f"newsmonitor-{a}-{b}", meta, bool(filters.q), filters.stories)


def search_export(request, fmt):
    filters = Filters.from_query(request.GET)
    country = request.GET.get("country") or ""
    country = country.upper() if is_country(country) else None
    scope = queries.scoped(filters)
    qs = queries.listed(queries.docs_qs(scope, country=country), scope, country=country)
    meta = {"view": "articles", "country": country, "filters": filters.as_dict(), "count": filters.count}
    return respond(request, qs, fmt, "newsmonitor-articles", meta, bool(filters.q), filters.stories)


def respond(request, qs, fmt, name, meta, searching=False, stories=False):
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    name += "-stories" if stories else ""
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(request, qs, searching, stories),
                                         content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = StreamingHttpResponse(json_parts(request, qs, meta, searching, stories),
                                         content_type="application/json")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_lines(request, qs, searching, stories=False):
    # A byte-order mark: spreadsheet programs otherwise read UTF-8 Arabic as mojibake.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS + (STORY_COLUMNS if stories else []))
    yield _drain(buffer)
    for rows in records.iter_rows(qs, searching=searching):
        for record in records.records(rows, request, copies=stories):
            writer.writerow(csv_row(record) + ([inert(cell) for cell in story_cells(record)] if stories else []))
        yield _drain(buffer)


def story_cells(record):
    """How many articles the story has, and the outlets that carried it (;-separated)."""
    return [record["story_articles"], ";".join(name for name in record["story_outlets"] if name)]


def csv_row(record):
    evidence = {"-".join(p["pair"]): p["evidence"] for p in record["pairs"] if p["evidence"]}
    return [inert(cell) for cell in (
        record["id"], record["published_at"] or "", record["discovered_at"] or "", record["day"], record["title"],
        record["url"] or "", record["outlet"], record["outlet_country"], record["language"],
        ";".join(record["countries"]),
        ";".join("-".join(p["pair"]) for p in record["pairs"]),
        "-".join(record["primary_pair"]) if record["primary_pair"] else "",
        ";".join(record["topics"]),
        json.dumps(evidence, ensure_ascii=False) if evidence else "",
        record["page"],
        curated_cell(record["curated"]),
        record["story"] if record["story"] is not None else "",
    )]


def curated_cell(curated):
    """The tags an editor set, as kind:value (country:EG;pair:EG-PK;topic:energy)."""
    return ";".join([f"country:{c}" for c in curated["countries"]] + [f"pair:{a}-{b}" for a, b in curated["pairs"]]
                    + [f"topic:{t}" for t in curated["topics"]])


# A spreadsheet reads a cell starting with one of these as a formula, and titles,
# outlets and evidence come from feeds: OWASP's advice is a leading single quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(cell):
    """A text cell a spreadsheet shows as text (the csv module quotes the rest)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _drain(buffer):
    value = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return value


def json_parts(request, qs, meta, searching, stories=False):
    head = dict(meta, generated_at=timezone.now().isoformat(), source=request.build_absolute_uri())
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "articles": ['
    first = True
    for rows in records.iter_rows(qs, searching=searching):
        for record in records.records(rows, request, copies=stories):
            yield ("" if first else ",\n") + json.dumps(record, ensure_ascii=False)
            first = False
    yield "]}\n"
