"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json (a stable
URL: clients and the tests read it there). Written by hand, next to the API it
describes, because the API is small and its filters are shared with the pages."""

from django.http import JsonResponse
from django.urls import reverse

from newsmonitor.timelines.api.endpoints import MAX_LIMIT, MAX_OFFSET, shared
from newsmonitor.tagging import TOPIC_SLUGS
from newsmonitor.timelines.readmodels.charts import MAX_BUCKETS

VERSION = "1.0.0"


def _param(name, description, schema, where="query", required=False, explode=None):
    p = {"name": name, "in": where, "description": description, "required": required or where == "path",
         "schema": schema}
    if explode is not None:
        p["explode"] = explode
    return p


COUNTRY = {"type": "string", "pattern": "^[A-Z]{2}$", "examples": ["PK"]}
PAIR = {"type": "string", "pattern": "^[A-Za-z]{2}-[A-Za-z]{2}$", "examples": ["EG-PK"]}
FILTERS = [
    _param("topic", "Topic slugs; an article matches if it has any of them.",
           {"type": "array", "items": {"type": "string", "enum": TOPIC_SLUGS}}, explode=True),
    _param("outlet", "Outlet ids.", {"type": "array", "items": {"type": "integer"}}, explode=True),
    _param("outlet_country", "Countries of the outlets (ISO 3166-1 alpha-2).",
           {"type": "array", "items": COUNTRY}, explode=True),
    _param("from", "First day, inclusive (publication date, else discovery date).",
           {"type": "string", "format": "date"}),
    _param("to", "Last day, inclusive.", {"type": "string", "format": "date"}),
    _param("language", "Language of the article (e.g. ar).", {"type": "string"}),
    _param("q", "Arabic-aware text search: every word must match, -word excludes.", {"type": "string"}),
    _param("primary", "Only articles where the pair is the primary one (pair endpoints).",
           {"type": "boolean"}),
]
LIMIT = _param("limit", "Page size.", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 50})
CURSOR = _param("cursor", "Opaque position from the previous page's `next`.", {"type": "string"})
OFFSET = _param("offset", "Rows to skip.", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0})
ERROR = {"description": "Bad filter value", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}
NOT_FOUND = {"description": "Unknown pair, country or article", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(ref, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def _list(name):
    return {"description": "OK", "content": {"application/json": {"schema": {
        "type": "object", "required": ["results"],
        "properties": {"results": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}}}}}}


def _get(op_id, summary, ok, params=(), errors=True):
    responses = {"200": ok}
    if errors:
        responses.update({"400": ERROR, "404": NOT_FOUND})
    return {"get": {"operationId": op_id, "summary": summary, "parameters": list(params), "responses": responses}}


NAMES = {"name_ar": {"type": "string"}, "name_en": {"type": "string"}}
SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    "Topic": {"type": "object", "required": ["slug", "name_ar", "name_en"],
              "properties": {"slug": {"type": "string", "enum": TOPIC_SLUGS}, **NAMES, "colour": {"type": "string"}}},
    "Country": {"type": "object", "required": ["code", "articles"],
                "properties": {"code": COUNTRY, **NAMES, "articles": {"type": "integer"}}},
    "Partner": {"type": "object", "properties": {"code": COUNTRY, **NAMES, "articles": {"type": "integer"},
                                                 "primary": {"type": "integer"}, "pair": PAIR}},
    "CountryDetail": {"type": "object", "properties": {
        "code": COUNTRY, **NAMES, "from": {"type": "string", "format": "date"},
        "to": {"type": "string", "format": "date"},
        "partners": {"type": "array", "items": {"$ref": "#/components/schemas/Partner"}}}},
    "PairRank": {"type": "object", "required": ["pair", "a", "b", "articles"], "properties": {
        "pair": PAIR, "a": COUNTRY, "b": COUNTRY, "articles": {"type": "integer"}, "primary": {"type": "integer"},
        "names_ar": {"type": "array", "items": {"type": "string"}},
        "names_en": {"type": "array", "items": {"type": "string"}},
        "timeline": {"type": "string", "format": "uri"}}},
    "PairList": {"type": "object", "required": ["results"], "properties": {
        "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/PairRank"}},
        "next": {"type": ["string", "null"], "format": "uri"}}},
    "TimelinePoint": {"type": "object", "required": ["start", "end", "topics"], "properties": {
        "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"},
        "articles": {"type": "integer"},
        "topics": {"type": "object", "additionalProperties": {"type": "integer"},
                   "description": "Stacked: articles by their (main) topic, `other` for none. "
                                  "Split: articles having each topic (an article may count twice)."}}},
    "Timeline": {"type": "object", "required": ["pair", "interval", "series"], "properties": {
        "pair": PAIR, "a": COUNTRY, "b": COUNTRY, "interval": {"type": "string", "enum": ["day", "week", "month"]},
        "mode": {"type": "string", "enum": ["stacked", "split"]}, "filters": {"type": "object"},
        "articles": {"type": "integer", "description": "Every matching article, in the series or not."},
        "series": {"type": "array", "maxItems": MAX_BUCKETS,
                   "items": {"$ref": "#/components/schemas/TimelinePoint"}},
        "notices": {"type": "array", "items": {"type": "string"},
                    "description": f"Set when even months would make more than {MAX_BUCKETS} points: "
                                   "the series then holds the newest months only."}}},
    "PairTag": {"type": "object", "properties": {
        "pair": {"type": "array", "items": COUNTRY, "minItems": 2, "maxItems": 2},
        "primary": {"type": "boolean"}, "score": {"type": "number"},
        "evidence": {"type": "array", "items": {"type": "string"}},
        "source": {"type": "string", "enum": ["machine", "editor"]},
        "curated": {"type": "boolean", "description": "Set by an editor: kept through every re-tagging."}}},
    "Article": {"type": "object", "required": ["id", "title", "url", "countries", "pairs", "topics"], "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"},
        "url": {"type": ["string", "null"], "format": "uri",
                "description": "The article on its site; null when it is no http(s) link to a public host."},
        "canonical_url": {"type": ["string", "null"], "description": "The same rule as url."},
        "page": {"type": "string", "format": "uri"},
        "outlet": {"type": "string"}, "outlet_id": {"type": ["integer", "null"]}, "outlet_country": {"type": "string"},
        "language": {"type": "string"},
        "published_at": {"type": ["string", "null"], "format": "date-time"},
        "discovered_at": {"type": ["string", "null"], "format": "date-time"},
        "day": {"type": "string", "format": "date"},
        "countries": {"type": "array", "items": COUNTRY},
        "pairs": {"type": "array", "items": {"$ref": "#/components/schemas/PairTag"}},
        "primary_pair": {"type": ["array", "null"], "items": COUNTRY},
        "topics": {"type": "array", "items": {"type": "string"}},
        "curated": {"type": "object", "description": "The tags an editor added or confirmed (the others are the "
                    "tagger's); an editor's removals are simply absent.", "properties": {
                        "countries": {"type": "array", "items": COUNTRY},
                        "pairs": {"type": "array", "items": {"type": "array", "items": COUNTRY}},
                        "topics": {"type": "array", "items": {"type": "string"}}}},
        "body": {"type": "string"}, "tags": {"type": "object"}}},
    "ArticleList": {"type": "object", "required": ["results"], "properties": {
        "filters": {"type": "object"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Article"}},
        "next": {"type": ["string", "null"], "format": "uri"}}},
}


def document(base=""):
    period = [p for p in FILTERS if p["name"] in ("from", "to")]
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsmonitor API", "version": VERSION,
                 "description": "Read-only access to Arabic news about relations between states: pairs, "
                                "timelines, articles, countries and topics. Filters are the dashboard's."},
        "servers": [{"url": base or "/"}],
        "paths": {
            "/api/topics/": _get("listTopics", "The topic taxonomy", _list("Topic"), errors=False),
            "/api/countries/": _get("listCountries", "Countries by volume", _list("Country"), period),
            "/api/countries/{code}/": _get("getCountry", "A country and its partners",
                                            _ok("#/components/schemas/CountryDetail"),
                                            [_param("code", "Country code", COUNTRY, "path"), LIMIT, *period]),
            "/api/pairs/": _get("listPairs", "Pairs by volume", _ok("#/components/schemas/PairList"),
                                [_param("country", "Only pairs including this country", COUNTRY), LIMIT, OFFSET,
                                 *period]),
            "/api/pairs/{pair}/timeline/": _get("getPairTimeline", "Articles per period of one pair",
                                                _ok("#/components/schemas/Timeline"),
                                                [_param("pair", "Two country codes, either order", PAIR, "path"),
                                                 _param("interval", "Bucket size; chosen from the span if absent. "
                                                        f"More than {MAX_BUCKETS} points is a 400.",
                                                        {"type": "string", "enum": ["day", "week", "month"]}),
                                                 _param("mode", "stacked or split by topic",
                                                        {"type": "string", "enum": ["stacked", "split"]}),
                                                 *FILTERS]),
            "/api/articles/": _get("listArticles", "Articles, newest first", _ok("#/components/schemas/ArticleList"),
                                   [_param("pair", "Articles of this pair", PAIR),
                                    _param("country", "Articles naming this country", COUNTRY),
                                    *FILTERS, LIMIT, CURSOR]),
            "/api/articles/{id}/": _get("getArticle", "One article with its text and tags",
                                        _ok("#/components/schemas/Article"),
                                        [_param("id", "Article id", {"type": "integer"}, "path")]),
        },
        "components": {"schemas": SCHEMAS},
    }


def schema(request):
    base = request.build_absolute_uri(reverse("timelines:home")).rstrip("/")
    return shared(JsonResponse(document(base), json_dumps_params={"ensure_ascii": False, "indent": 1}))
