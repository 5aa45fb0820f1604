"""Group articles given as JSON lines on standard input into stories.

    python -m newsmonitor.stories < articles.jsonl > stories.jsonl

Each input line is an object {"id", "title", "body", "published", "outlet"}: "title",
"published" (ISO 8601 or an e-mail style date; without it an article can only be a
copy of another, never a follow-up) and "outlet" may be left out. The tagger's fields
("pairs", "topics", "countries", as `python -m newsmonitor.tagging` writes them) are
used when present; otherwise the article is tagged here first. Each output line is
{"id": ..., "story": ...}, one per input line and in the same order, written once
every line is read (a story is only known when its last article is); articles of one
story share the value, the id of its first article.

A bad line (not JSON, not an object, no body, a field of the wrong type, not UTF-8)
gives {"id": <its id or null>, "line": <line number>, "error": "..."} in its place and
a message on standard error; the others are still grouped. Blank lines are skipped.
The exit status is 0 when every line was grouped, 1 when some were not, 2 on a usage error.
"""

import argparse
import json
import sys
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime


def parse_time(value):
    """An aware datetime from ISO 8601 or an e-mail style date (UTC if no zone), or None."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be a string, got {type(value).__name__}")
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"published is not a date: {value!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _pairs(value):
    """Pairs as the tagger writes them ([["EG", "PK"]]) or as codes ("EG-PK")."""
    out = []
    for pair in value or ():
        if isinstance(pair, str):
            pair = pair.split("-")
        if not isinstance(pair, (list, tuple)) or len(pair) != 2 or not all(isinstance(c, str) for c in pair):
            raise ValueError("pairs must be a list of [a, b] or \"A-B\"")
        out.append("-".join(sorted(pair)))
    return out


def _strings(value, name):
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of strings")
    return value


def parse(raw):
    """(item, error) for one input line (bytes)."""
    try:
        item = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 ({exc.reason} at byte {exc.start})"
    except ValueError as exc:
        return None, f"invalid JSON: {exc}"
    if not isinstance(item, dict):
        return None, f"expected a JSON object, got {type(item).__name__}"
    if isinstance(item.get("id"), (dict, list)):
        return None, "id must be a string, a number or null"
    if "body" not in item:
        return item, "missing body"
    for field in ("title", "body"):
        if item.get(field) is not None and not isinstance(item[field], str):
            return item, f"{field} must be a string, got {type(item[field]).__name__}"
    return item, None


def doc_of(item, number, tagger):
    """The engine's Doc of a parsed line (tagged here unless the tagger's fields are given)."""
    from newsmonitor.stories import engine

    title, body = item.get("title") or "", item.get("body") or ""
    at = parse_time(item.get("published"))
    outlet = item.get("outlet")
    if "pairs" in item and "topics" in item:
        pairs, topics = _pairs(item["pairs"]), _strings(item["topics"], "topics")
        countries = _strings(item.get("countries"), "countries")
    else:
        result = tagger().tag(title, body)
        pairs = ["-".join(pair) for pair in result.pairs]
        topics = list(result.topics)
        countries = [d.code for d in sorted(result.country_details, key=lambda d: (-d.salience, d.code))]
    return engine.make_doc(number, title, body, at, outlet if isinstance(outlet, (str, int)) else None,
                           pairs, topics, countries)


def run(stdin, out, err, tagger):
    """Groups every line of `stdin` (a binary stream); returns the number of bad lines."""
    from newsmonitor.stories import engine

    grouper, lines, bad = engine.Grouper(), [], 0
    for line_no, raw in enumerate(stdin, start=1):
        if not raw.strip():
            continue
        item, problem = parse(raw)
        ident = item.get("id") if isinstance(item, dict) and not isinstance(item.get("id"), (dict, list)) else None
        if problem is None:
            try:
                grouper.add(doc_of(item, line_no, tagger))
            except ValueError as exc:
                problem = str(exc)
        if problem is not None:
            bad += 1
            err.write(f"newsmonitor.stories: line {line_no}: {problem}\n")
        lines.append((line_no, ident, problem))
    firsts = grouper.labels()
    ids = {line_no: ident for line_no, ident, _problem in lines}
    for line_no, ident, problem in lines:
        if problem is None:
            first = firsts[line_no]
            row = {"id": ident, "story": ids[first] if ids[first] is not None else f"line {first}"}
        else:
            row = {"id": ident, "line": line_no, "error": problem}
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    out.flush()
    err.flush()
    return bad


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m newsmonitor.stories",
        description="Group news articles (JSON lines on stdin) into stories: copies of one text and close "
                    "follow-ups of one event (JSON lines {\"id\", \"story\"} on stdout, in input order).",
        epilog="Input line: {\"id\", \"title\", \"body\", \"published\", \"outlet\"} (+ the tagger's \"pairs\", "
               "\"topics\", \"countries\" if known). A bad line gives {\"id\", \"line\", \"error\"} in its place. "
               "Exit status: 0 all grouped, 1 some lines bad, 2 usage error.",
    )
    parser.parse_args(argv)
    cache = {}

    def tagger():
        if "tagger" not in cache:
            from newsmonitor.tagging import Tagger

            cache["tagger"] = Tagger.load()
        return cache["tagger"]

    out = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)
    err = open(sys.stderr.fileno(), "w", encoding="utf-8", closefd=False)
    try:
        bad = run(sys.stdin.buffer, out, err, tagger)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
