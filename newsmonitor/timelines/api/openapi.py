"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json (a stable
URL: clients and the tests read it there). Written by hand, next to the API it
describes, because the API is small and its filters are shared with the pages."""

from django.http import JsonResponse
from django.urls import reverse

from newsmonitor.timelines.api.endpoints import MAX_LIMIT, MAX_OFFSET, shared
from newsmonitor.tagging import TOPIC_SLUGS
from newsmonitor.timelines.readmodels.charts import MAX_BUCKETS

VERSION = "1.1.0"
STORIES = ("What counts by default is stories: an event's copies and follow-ups (one story, "
           "newsmonitor's grouping) count once, on the day of its first article matching the filters other than "
           "the dates, and that article stands for the story in lists; the dates then keep the stories whose first "
           "such article falls within them (with words, the first article with the words within the dates). "
           "count=articles counts and lists every article. An article not grouped yet is a story of its own. "
           "Daily story counts therefore add up over any span.")


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
COUNT = _param("count", "stories (the default) or articles: what is counted and listed. " + STORIES,
               {"type": "string", "enum": ["stories", "articles"], "default": "stories"})
FILTERS.append(COUNT)
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
COUNTS = {"articles": "Articles of the pair over the period.",
          "stories": "Stories of the pair, each on the day of its first article of the pair.",
          "primary": "Articles where the pair is the primary one.",
          "primary_stories": "Stories on the day of their first article where the pair is the primary one."}
SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    "Topic": {"type": "object", "required": ["slug", "name_ar", "name_en"],
              "properties": {"slug": {"type": "string", "enum": TOPIC_SLUGS}, **NAMES, "colour": {"type": "string"}}},
    "Country": {"type": "object", "required": ["code", "articles", "stories"],
                "properties": {"code": COUNTRY, **NAMES, "articles": {"type": "integer"},
                               "stories": {"type": "integer", "description": "Stories on the country's pairs "
                                           "(one per pair it is on), each on the day of its first article of the pair."}}},
    "Partner": {"type": "object", "properties": {"code": COUNTRY, **NAMES, **{
        name: {"type": "integer", "description": text} for name, text in COUNTS.items()}, "pair": PAIR}},
    "CountryDetail": {"type": "object", "properties": {
        "code": COUNTRY, **NAMES, "from": {"type": "string", "format": "date"},
        "to": {"type": "string", "format": "date"},
        "partners": {"type": "array", "items": {"$ref": "#/components/schemas/Partner"}}}},
    "PairRank": {"type": "object", "required": ["pair", "a", "b", "articles", "stories"], "properties": {
        "pair": PAIR, "a": COUNTRY, "b": COUNTRY,
        **{name: {"type": "integer", "description": text} for name, text in COUNTS.items()},
        "names_ar": {"type": "array", "items": {"type": "string"}},
        "names_en": {"type": "array", "items": {"type": "string"}},
        "timeline": {"type": "string", "format": "uri"}}},
    "PairList": {"type": "object", "required": ["results"], "properties": {
        "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
        "count": {"type": "string", "enum": ["stories", "articles"], "description": "What the ranking is by."},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/PairRank"}},
        "next": {"type": ["string", "null"], "format": "uri"}}},
    "TimelinePoint": {"type": "object", "required": ["start", "end", "topics"], "properties": {
        "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"},
        "stories": {"type": "integer", "description": "The point's stories, each once (in either unit)."},
        "articles": {"type": "integer", "description": "The point's articles, each once (in either unit)."},
        "topics": {"type": "object", "additionalProperties": {"type": "integer"},
                   "description": "Stacked: stories (or articles) by the (main) topic of the article that stands "
                                  "for them, `other` for none. Split: those having each topic (one may count "
                                  "twice)."}}},
    "Timeline": {"type": "object", "required": ["pair", "interval", "series"], "properties": {
        "pair": PAIR, "a": COUNTRY, "b": COUNTRY, "interval": {"type": "string", "enum": ["day", "week", "month"]},
        "mode": {"type": "string", "enum": ["stacked", "split"]}, "filters": {"type": "object"},
        "count": {"type": "string", "enum": ["stories", "articles"], "description": "What the series count."},
        "articles": {"type": "integer", "description": "Every matching article, in the series or not."},
        "stories": {"type": "integer", "description": "Every matching story, in the series or not. " + STORIES},
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
        "story": {"type": ["integer", "null"], "description": "The id of the article's story (its copies and "
                  "follow-ups share it); null while the article is not grouped yet (a story of its own)."},
        "story_articles": {"type": "integer", "description": "Lists of stories (and one article): how many "
                           "articles the story has."},
        "story_outlets": {"type": "array", "items": {"type": "string"}, "description": "Lists of stories (and "
                          "one article): the outlets that carried the story, in the order they did."},
        "story_members": {"type": "array", "description": "One article: the other articles of its story.",
                          "items": {"type": "object", "properties": {
                              "id": {"type": "integer"}, "outlet": {"type": "string"},
                              "published_at": {"type": ["string", "null"], "format": "date-time"},
                              "discovered_at": {"type": ["string", "null"], "format": "date-time"},
                              "how": {"type": "string", "enum": ["first", "copy", "follow-up", "editor"]},
                              "similarity": {"type": "number"}, "page": {"type": "string", "format": "uri"}}}},
        "body": {"type": "string"}, "tags": {"type": "object"}}},
    "ArticleList": {"type": "object", "required": ["results"], "properties": {
        "filters": {"type": "object"},
        "count": {"type": "string", "enum": ["stories", "articles"],
                  "description": "stories: one result per story, the article that stands for it."},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Article"}},
        "next": {"type": ["string", "null"], "format": "uri"}}},
}


def document(base=""):
    period = [p for p in FILTERS if p["name"] in ("from", "to", "count")]
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsmonitor API", "version": VERSION,
                 "description": "Read-only access to Arabic news about relations between states: pairs, "
                                "timelines, articles, countries and topics. Filters are the dashboard's. "
                                + STORIES},
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
