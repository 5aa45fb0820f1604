"""Arabic full-text search over the articles (ArticleDoc.search_text):

    arabic.py     normalisation, clitic and nisba stripping, tokens, highlighting: what
                  the search column holds and what a query word becomes
    fulltext.py   parsing a query and filtering a queryset by it (PostgreSQL tsquery
                  over a GIN index; LIKE on SQLite)
"""
