"""A corpus of hostile and broken feeds, written for these tests, each with what an
admin must see on the feed after one poll.

Every link in them points at the local test server (`base`) or at an address the
poller must refuse without connecting; nothing here can reach another host.
"""

from dataclasses import dataclass, field

TITLE = "وزيرا خارجية البلدين يبحثان التعاون الاقتصادي"
SUMMARY = "اتفق الجانبان على تشكيل لجنة مشتركة لمتابعة المشروعات"


@dataclass
class Hostile:
    name: str
    body: bytes
    # What the feed row says afterwards: its last_error_kind ("" = healthy) and a
    # fragment of last_error an admin reads.
    kind: str
    says: str = ""
    articles: int = 0  # articles stored by the first poll
    content_type: str = "application/rss+xml"
    notes: str = ""  # a fragment of the fetch log's notes
    forbidden: list = field(default_factory=list)  # text that must be stored nowhere


def rss(items, *, prolog="", head='<?xml version="1.0" encoding="utf-8"?>'):
    return (f'{head}\n{prolog}<rss version="2.0"><channel><title>نشرة اختبار</title>'
            f"<link>http://example.org/</link><description>اختبار</description>\n"
            + "\n".join(items) + "\n</channel></rss>\n").encode("utf-8")


def item(base, n, *, title=TITLE, summary=SUMMARY, link=None):
    link = link if link is not None else f"http://{base}/hostile/article-{n}.html"
    return (f"<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">h-{n}</guid>"
            f"<pubDate>Mon, 01 Sep 2025 {n % 24:02d}:00:00 GMT</pubDate>"
            f"<description>{summary}</description></item>")


def corpus(base):
    return [
        billion_laughs(base), linear_expansion(base), external_entity(base), parameter_entity(base),
        declaration_in_body(base), unused_declaration(base), truncated(base), wrong_encoding(base),
        garbage(), enormous_fields(base), html_as_feed(), empty_body(), links_elsewhere(base),
        netscape_doctype(base), unclosed_doctype(base),
    ]


def billion_laughs(base):
    levels = ['<!ENTITY l0 "ها">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    prolog = "<!DOCTYPE rss [\n" + "\n".join(levels) + "\n]>"
    return Hostile("billion-laughs", rss([item(base, 1, title="&l9;")], prolog=prolog),
                   kind="xml-entities", says="entit", forbidden=["هاها"])


def linear_expansion(base):
    # One plain-text entity of 30 KB referenced a thousand times: no nesting for a
    # parser's amplification check to see, 30 MB once expanded.
    prolog = f'<!DOCTYPE rss [\n<!ENTITY big "{"حشو " * 6000}">\n]>'
    items = [item(base, n, title="&big;" * 100, summary="&big;" * 100) for n in range(10)]
    return Hostile("linear-expansion", rss(items, prolog=prolog), kind="xml-entities", says="entit",
                   forbidden=["حشو حشو"])


def external_entity(base):
    prolog = '<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    return Hostile("xxe-file", rss([item(base, 1, title="&secret;")], prolog=prolog),
                   kind="xml-entities", says="entit", forbidden=["root:"])


def parameter_entity(base):
    prolog = (f'<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://{base}/hostile/evil.dtd"> %remote;'
              f'<!ENTITY stolen "x">]>')
    return Hostile("xxe-parameter-entity", rss([item(base, 1, title="&stolen;")], prolog=prolog),
                   kind="xml-entities", says="entit")


def declaration_in_body(base):
    body = rss([item(base, 1)]).replace(b"<channel>", b'<channel><!DOCTYPE x [<!ENTITY e "boom">]>')
    return Hostile("declaration-in-body", body, kind="xml-entities", says="outside its prolog")


def unused_declaration(base):
    prolog = '<!DOCTYPE rss [<!ENTITY unused "never referenced">]>'
    return Hostile("declared-but-unused", rss([item(base, 1), item(base, 2)], prolog=prolog),
                   kind="malformed-feed", says="declaration(s) ignored", articles=2)


def netscape_doctype(base):
    prolog = ('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
              '"http://my.netscape.com/publish/formats/rss-0.91.dtd">')
    return Hostile("rss-0.91-doctype", rss([item(base, 1)], prolog=prolog), kind="", articles=1)


def unclosed_doctype(base):
    # A quote that never closes: the declaration cannot be delimited, so it is refused.
    prolog = "<!DOCTYPE rss [<!-- it's a trap --><!ENTITY e \"x\">]>"
    return Hostile("undelimited-doctype", rss([item(base, 1, title="&e;")], prolog=prolog),
                   kind="xml-entities", says="entit")


def truncated(base):
    whole = rss([item(base, n) for n in range(1, 6)])
    cut = whole[: whole.index(b"<item>", whole.index(b"h-3")) + 40]  # inside the fourth item
    return Hostile("truncated-xml", cut, kind="malformed-feed", says="used anyway", articles=3)


def wrong_encoding(base):
    # windows-1256 bytes under a UTF-8 declaration and header: decoded right anyway.
    body = rss([item(base, 1)]).decode("utf-8").encode("cp1256")
    return Hostile("cp1256-declared-utf8", body, kind="", articles=1,
                   content_type="application/rss+xml; charset=utf-8")


def garbage():
    return Hostile("binary-garbage", bytes(range(256)) * 40, kind="not-a-feed", content_type="application/xml")


def enormous_fields(base):
    huge_title = "عنوان " * 50_000  # 0.5 MB
    huge_summary = "<p>" + "فقرة طويلة " * 100_000 + "</p>"  # 2 MB, under the 5 MB cap
    body = rss([item(base, 1, title=huge_title, summary=huge_summary.replace("<", "&lt;"))])
    return Hostile("enormous-fields", body, kind="", articles=1)


def html_as_feed():
    page = ("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>الرئيسية</title>"
            "</head><body><h1>آخر الأخبار</h1><p>هذه صفحة وليست خلاصة.</p></body></html>")
    return Hostile("html-served-as-feed", page.encode("utf-8"), kind="not-a-feed",
                   content_type="application/rss+xml")


def empty_body():
    return Hostile("empty-body", b"", kind="not-a-feed")


def links_elsewhere(base):
    links = ["javascript:alert(document.cookie)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
             "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "ftp://example.org/x",
             "http://127.0.0.1:22/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:22/",
             "http://2130706433/", "http://0x7f.0.0.1/", "http://localhost/admin", "http://10.0.0.5/intranet",
             "http://[fd00::1]/", "http://metadata.google.internal/", "http://example.org:99999/"]
    items = [item(base, n, link=link.replace("&", "&amp;").replace("<", "&lt;")) for n, link in enumerate(links)]
    items.append(item(base, 99))  # the one fetchable link
    return Hostile("links-to-private-addresses-and-other-schemes", rss(items), kind="", articles=1,
                   notes="entries skipped", forbidden=["javascript:", "127.0.0.1:22", "169.254"])


def many_entries(base, n=10_000):
    return rss([item(base, i) for i in range(n)])
