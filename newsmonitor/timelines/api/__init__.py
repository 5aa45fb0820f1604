"""What machines read: the JSON API, its schema, and every page's view as CSV, JSON
or Atom (same filters as the page, path changed).

    urls.py        the paths: /api/..., and .../export.csv|json, .../feed.atom
    endpoints.py   the read-only JSON API under /api/
    openapi.py     its OpenAPI 3.1 description, /api/openapi.json
    exports.py     CSV and JSON exports of a filtered view, streamed
    atom.py        Atom feeds of a filtered view (Django syndication)
"""
