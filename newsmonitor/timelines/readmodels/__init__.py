"""The dashboard's read models (the tables of ../models.py) and everything that reads
them, shared by the pages (web/) and the machine outputs (api/):

    rollups.py   keeps the read-side tables and daily roll-ups in step with the tags
    filters.py   the filters of every view, read from and written back to the URL
    queries.py   the queries behind every view (fixed query counts), and the period a
                 view covers
    rankings.py  pairs, partners, countries and topics ranked over a period, from the roll-ups
    stories.py   what a view counts in stories, and which article stands for a story
    records.py   articles as plain records (dicts), in keyset chunks, for exports and API
    charts.py    time buckets of a chart's series, and the inline SVG drawn from them
"""
