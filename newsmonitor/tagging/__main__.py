"""Tag articles given as JSON lines on standard input.

    python -m newsmonitor.tagging < articles.jsonl > tags.jsonl

Each input line is an object {"id": ..., "title": "...", "body": "..."} ("title" may be
left out; "id" is echoed back as given). Each output line is
{"id": ..., "countries": [...], "pairs": [...], "primary_pair": ..., "topics": [...],
"country_details": [...], "pair_details": [...], "topic_details": [...]}, written and
flushed as soon as its input line is read, so the command can sit in a pipe.

A bad line (not JSON, not an object, no body, a field of the wrong type, not UTF-8)
gives {"id": <its id or null>, "line": <line number>, "error": "..."} on standard output
and a message on standard error, and the command carries on with the next line. Blank
lines are skipped. The exit status is 0 when every line was tagged, 1 when some were
not, 2 on a usage error.
"""

import argparse
import json
import sys


def _error(out, err, line_no, ident, message):
    out.write(json.dumps({"id": ident, "line": line_no, "error": message}, ensure_ascii=False) + "\n")
    out.flush()
    err.write(f"newsmonitor.tagging: line {line_no}: {message}\n")
    err.flush()


def _parse(raw):
    """(id, title, body, language or None, error message or None) for one input line (bytes)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, None, None, None, f"not UTF-8 ({exc.reason} at byte {exc.start})"
    try:
        item = json.loads(text)
    except ValueError as exc:
        return None, None, None, None, f"invalid JSON: {exc}"
    if not isinstance(item, dict):
        return None, None, None, None, f"expected a JSON object, got {type(item).__name__}"
    ident = item.get("id")
    if isinstance(ident, (dict, list)):
        return None, None, None, None, "id must be a string, a number or null"
    if "body" not in item:
        return ident, None, None, None, "missing body"
    title, body = item.get("title", ""), item["body"]
    if title is None:
        title = ""
    if not isinstance(body, str):
        return ident, None, None, None, f"body must be a string, got {type(body).__name__}"
    if not isinstance(title, str):
        return ident, None, None, None, f"title must be a string, got {type(title).__name__}"
    language = item.get("language")
    return ident, title, body, language if isinstance(language, str) else None, None


def run(stdin, out, err, tagger):
    """Tags every line of `stdin` (a binary stream); returns the number of bad lines."""
    bad = 0
    for line_no, raw in enumerate(stdin, start=1):
        if not raw.strip():
            continue
        ident, title, body, language, problem = _parse(raw)
        if problem is None:
            try:
                result = tagger.tag(title, body, language=language)
            except Exception as exc:  # noqa: BLE001 - one article must not stop the stream
                problem = f"tagging failed: {type(exc).__name__}: {exc}"
        if problem is not None:
            bad += 1
            _error(out, err, line_no, ident, problem)
            continue
        out.write(json.dumps({"id": ident, **result.as_dict()}, ensure_ascii=False) + "\n")
        out.flush()
    return bad


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m newsmonitor.tagging",
        description="Tag Arabic news articles (JSON lines on stdin) with the states they name, the pairs "
                    "of states whose relations they report, and their topics (JSON lines on stdout).",
        epilog="Input line: {\"id\": ..., \"title\": \"...\", \"body\": \"...\"}. A bad line gives "
               "{\"id\", \"line\", \"error\"} on stdout and a message on stderr; the rest is still tagged. "
               "Exit status: 0 all tagged, 1 some lines bad, 2 usage error.",
    )
    parser.add_argument("--data", metavar="DIR", help="directory with countries.json, stoplist.json, topics.json "
                                                      "and pair_cues.json (default: the bundled data)")
    parser.add_argument("--version", action="store_true", help="print the tagger and data versions and exit")
    args = parser.parse_args(argv)

    from . import TAGGER_VERSION, Tagger

    try:
        tagger = Tagger.load(args.data)
    except (OSError, ValueError, KeyError) as exc:
        parser.error(f"cannot load the tagger data: {exc}")
    if args.version:
        print(f"{TAGGER_VERSION} (data {tagger.data_version})")
        return 0
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)
    err = open(sys.stderr.fileno(), "w", encoding="utf-8", closefd=False)
    try:
        bad = run(sys.stdin.buffer, out, err, tagger)
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        return 0
    except KeyboardInterrupt:
        return 130
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
