"""Arabic full-text search over the articles (ArticleDoc.search_text):

    text.py       what the search column holds, what a query word becomes, highlighting
                  (the words and their forms are the tagger's: newsmonitor.tagging)
    fulltext.py   parsing a query and filtering a queryset by it (PostgreSQL tsquery
                  over a GIN index; LIKE on SQLite)
"""
