"""Feed and page HTML made safe: plain text for summaries, a small tag subset for display.

Both go through nh3 (ammonia), an HTML5 parser, rather than regular
expressions: broken nesting, unquoted attributes and entity tricks are parsed
the way a browser would parse them before anything is decided.
"""
from __future__ import annotations

import html as _html
import re

import nh3

__all__ = ["sanitize_summary", "sanitize_html", "ALLOWED_TAGS", "INVISIBLE"]

ALLOWED_TAGS = frozenset({"p", "br", "a", "b", "i", "strong", "em", "ul", "ol", "li", "blockquote"})
# Content that is never readable text. ammonia drops script and style content
# by default but keeps the fallback text of iframe/noscript/object, which in
# feeds is "your browser does not support..." noise or smuggled markup.
_DROP_CONTENT = frozenset({
    "script", "style", "iframe", "noscript", "template", "object", "embed", "svg", "math",
    "textarea", "select", "title", "head", "frameset", "noembed", "noframes", "xmp",
})
_URL_SCHEMES = frozenset({"http", "https", "mailto"})

# Block boundaries vanish with the tags, gluing "…آخر فقرة</p><p>أول…" into
# one word; a space before each such tag keeps the words apart.
_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|thead|tbody|blockquote"
    r"|section|article|aside|header|footer|figure|figcaption|pre|address|nav|main|caption)\b[^>]*>",
    re.IGNORECASE,
)
# What an HTML tokenizer takes for the start of markup ("<" then a letter,
# "/", "!" or "?"; "3 < 5" is text). Unclosed counts: "<script" at the end of
# a fragment is a tag to the next parser that sees it, too.
_TAG_LIKE = re.compile(r"<(?=[a-zA-Z!?/])")
_SPACE = re.compile(r"\s+")
# Bidi controls and zero-width spaces survive tag stripping and make two
# identical summaries compare unequal; ZWNJ/ZWJ are kept, Persian needs them.
# C0 controls are never text (and PostgreSQL refuses NUL in a text column).
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

_text_cleaner = nh3.Cleaner(tags=set(), clean_content_tags=set(_DROP_CONTENT), attributes={})


def sanitize_summary(html: str, max_chars: int = 2000) -> str:
    """Plain text of an HTML fragment, whitespace collapsed, cut on a word boundary.

    The result is text, not markup: a template must still escape it.
    """
    if not html:
        return ""
    text = html
    # Some feeds escape their HTML twice, so after feedparser's decoding the
    # description still reads "&lt;p&gt;…"; more rounds turn that into text
    # instead of showing tags to the reader.
    for _ in range(3):
        text = _html.unescape(_text_cleaner.clean(_BLOCK_TAG.sub(r" \g<0>", text)))
        if not _TAG_LIKE.search(text):
            break
    else:
        # Escaped more deeply than any real feed: give up on the markup and
        # make sure what is left cannot open a tag.
        while _TAG_LIKE.search(text):  # "<</" leaves "</" after one round
            text = _TAG_LIKE.sub("", text)
    text = _SPACE.sub(" ", INVISIBLE.sub("", text)).strip()
    return _truncate(text, max_chars)


def _truncate(text: str, max_chars: int) -> str:
    if max_chars <= 0:
        return ""
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    space = cut.rfind(" ")
    # A single enormous "word" (a URL, a run of hashtags) is cut where it is
    # rather than emptying the summary.
    if space >= max_chars // 2:
        cut = cut[:space]
    return cut.rstrip(" ,،.؛;:-") + "…"


def sanitize_html(html: str, *, base_url: str = "") -> str:
    """The safe display subset: p, br, a[href], b, i, strong, em, ul, ol, li, blockquote.

    Links keep only http(s)/mailto targets and get rel="noopener nofollow".
    Relative links are resolved against base_url when given and dropped
    otherwise, since on our pages they would point at our own site.
    """
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROP_CONTENT),
        attributes={"a": {"href"}},
        url_schemes=set(_URL_SCHEMES),
        link_rel="noopener nofollow",
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
        strip_comments=True,
    )
