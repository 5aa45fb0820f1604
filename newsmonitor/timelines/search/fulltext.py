"""Full-text search over ArticleDoc.search_text (see text.py for what it holds).

PostgreSQL: `search_vector @@ to_tsquery('simple', ...)`, where search_vector is
to_tsvector('simple', search_text) stored by PostgreSQL itself and GIN-indexed
(migration 0003). SQLite (embedded mode): LIKE '% form %' on
the same column, a scan, fine at embedded sizes.

Every query word must match (AND); a word written with a leading minus must not.
"""

from functools import lru_cache

from django.db import connection
from django.db.models import BooleanField, Expression, F, Q
from django.db.models.expressions import RawSQL

from newsmonitor.timelines.models import ArticleDoc
from newsmonitor.timelines.names import country_adjectives
from newsmonitor.timelines.search.text import query_terms

# A stored generated column on PostgreSQL (migration 0003), GIN-indexed.
TSV = "{table}.search_vector"


def parse(query):
    """(groups that must match, words that must not), normalised. A group is a list of
    alternatives, each a list of words that must all match: a plain word is [[word]];
    a query that is a country's name also accepts its adjectives (روسيا: الروسية)."""
    must, must_not = [], []
    words = (query or "").split()
    country = _country_group(" ".join(w for w in words if not w.startswith("-")))
    for raw in words:
        target = must_not if raw.startswith("-") and len(raw) > 1 else must
        for term in query_terms(raw.lstrip("-")):
            if term not in target:
                target.append(term)
    groups = [country] if country else [[[term]] for term in must[:8]]
    return groups, must_not[:4]


def _country_group(text):
    words = query_terms(text)
    if not words:
        return None
    for name, adjectives in _country_index().items():
        if tuple(words) == name:
            return [list(name)] + [list(adjective) for adjective in adjectives]
    return None


@lru_cache(maxsize=1)
def _country_index():
    index = {}
    for name, adjectives in country_adjectives().items():
        key = tuple(query_terms(name))
        if key:
            index[key] = [tuple(query_terms(a)) for a in adjectives if query_terms(a)]
    return index


def _quote(term):
    return "'" + term.replace("'", "") + "'"


def tsquery(groups, must_not):
    parts = ["(" + " | ".join("(" + " & ".join(_quote(w) for w in alternative) + ")" for alternative in group) + ")"
             for group in groups]
    parts += [f"!{_quote(t)}" for t in must_not]
    return " & ".join(parts)


def doc_condition(query, table='"timelines_articledoc"'):
    """(sql, params) true for documents matching the query, or None when the query
    has no searchable word."""
    groups, must_not = parse(query)
    if not groups:
        return None
    if connection.vendor == "postgresql":
        return f"{TSV.format(table=table)} @@ to_tsquery('simple'::regconfig, %s)", [tsquery(groups, must_not)]
    parts, params = [], []
    for group in groups:
        alternatives = []
        for alternative in group:
            alternatives.append("(" + " AND ".join(f"{table}.search_text LIKE %s" for _ in alternative) + ")")
            params += [f"% {_like_escape(w)} %" for w in alternative]
        parts.append("(" + " OR ".join(alternatives) + ")")
    for term in must_not:
        parts.append(f"{table}.search_text NOT LIKE %s")
        params.append(f"% {_like_escape(term)} %")
    return " AND ".join(parts), params


def _like_escape(term):
    # Tokens are letters and digits only (newsmonitor.tagging.words), but be safe with _ and %.
    return term.replace("%", "").replace("_", "")


def filter_queryset(qs, query, via="pk", start=None, end=None, probe=False):
    """Restricts a queryset of ArticleDoc (via="pk") or of rows with an article_id
    (via="article_id") to the matching articles. A query with no word matches none.
    `start` and `end` (days, inclusive) are the dates the rows are already limited
    to: the documents are limited to them too, so PostgreSQL can AND the word index
    with the day index and read only the documents of those days. `probe`: the rows
    are few (a chunk of a list), so on PostgreSQL each row's document is looked up by
    key and matched, whatever the planner would guess about the word's frequency."""
    condition = doc_condition(query, table="d")
    if condition is None:
        return qs.none()
    sql, params = condition
    table = ArticleDoc._meta.db_table
    if qs.model is ArticleDoc:
        sql, params = doc_condition(query, table=f'"{table}"')
        return qs.extra(where=[sql], params=params)
    if probe and connection.vendor == "postgresql":
        rows = qs.model._meta.db_table
        vector = f'(SELECT d.search_vector FROM "{table}" d WHERE d.article_id = "{rows}"."{via}")'
        return qs.extra(where=[f"{vector} @@ to_tsquery('simple'::regconfig, %s)"], params=[tsquery(*parse(query))])
    for bound, op in ((start, ">="), (end, "<=")):
        if bound:
            sql += f" AND d.day {op} %s"
            params = [*params, bound]
    # A semi-join: PostgreSQL either probes each row's document by key (few rows) or
    # hashes the documents the word index finds (many rows).
    subquery = RawSQL(f'SELECT d.article_id FROM "{table}" d WHERE {sql}', params)
    return qs.filter(Q(**{f"{via}__in": subquery}))


class WordsMatch(Expression):
    """True for a row whose article (the column `ref`, an article id) matches the
    query, its document looked up by key: for rows inside a subquery, where
    filter_queryset's SQL would name the outer table. Filter with it:
    qs.filter(WordsMatch("article_id", "باكستان"))."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, ref, query):
        super().__init__()
        self.ref, self.query = F(ref) if isinstance(ref, str) else ref, query

    def get_source_expressions(self):
        return [self.ref]

    def set_source_expressions(self, exprs):
        (self.ref,) = exprs

    def resolve_expression(self, *args, **kwargs):
        clone = self.copy()
        clone.ref = self.ref.resolve_expression(*args, **kwargs)
        return clone

    def as_sql(self, compiler, connection):
        ref_sql, ref_params = compiler.compile(self.ref)
        condition = doc_condition(self.query, table="wd")
        if condition is None:
            return "1 = 0", []
        sql, params = condition
        table = ArticleDoc._meta.db_table
        return (f'EXISTS (SELECT 1 FROM "{table}" wd WHERE wd.article_id = {ref_sql} AND {sql})',
                [*ref_params, *params])


def terms_for_highlight(query):
    groups, _must_not = parse(query)
    return [" ".join(alternative) for group in groups for alternative in group]
