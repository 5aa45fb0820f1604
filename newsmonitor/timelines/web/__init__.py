"""The researcher pages (HTML): home, pair timelines, countries, articles and search.

    urls.py    the pages' paths
    views/     one module per page family, and what they share (views/common.py)

Templates are in templates/timelines/, their tags in ../templatetags/timelines.py.
"""
