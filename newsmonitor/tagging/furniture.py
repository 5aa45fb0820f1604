"""Page furniture in an article body: what a site or a feed glues onto a story that is not
part of it. Its states are not the article's, so the tagger reads the story only.

- A rule of dashes (BBC) and everything after it: app promotions, related links.
- "Read also" lines (اقرأ أيضا| ...، قد يهمك| ...): another story's headline.
- A run of trailing paragraphs that are other stories' leads, in a body from a site
  known to glue them on (CNN Arabic, by its dateline, adds six or so): each is one
  sentence that starts a new story (no و, ف or connective joining it to the one
  before) and shares few words with the article, or is an "on this day" item. A lone
  such paragraph is kept: it is more often the story's own ending. (Elsewhere, runs of
  short unjoined paragraphs are as often a story's own translated wire copy.)
- Al Arabiya's op-ed signature lines (* نقلا عن ...، ** جميع المقالات ...).
"""

import re

from .normalize import normalize

_RULE = re.compile(r"^\s*[-–—_=*]{8,}\s*$")
_READ_ALSO = re.compile(r"^\s*(?:اقرأ|إقرأ|اقرا|شاهد|قد يهمك|للمزيد|المزيد|اقرأ المزيد|اقرأ أيضا|اقرأ أيضاً)"
                        r"[^|:\n]{0,12}[|:]")
# Sites known to glue other stories' leads onto a body, by their dateline: elsewhere a
# run of short unjoined paragraphs is as often the story's own (translated wire copy).
_GLUES_LEADS = re.compile(r"\(\s*CNN\s*\)")
_SIGNATURE = re.compile(r"^\s*\*")  # Al Arabiya's op-eds: "* نقلا عن ..."، "** جميع المقالات ..."
_SENTENCE_END = re.compile(r"[.!؟?](?=\s+\S)")
_ON_THIS_DAY = re.compile(r"^\s*في\s+[0-9٠-٩]{1,2}\s+(?:\S+\s+){1,3}(?:من\s+)?عام\s+[0-9٠-٩]{4}")
_ALSO = re.compile(r"^(?:\S+\s+){0,5}(?:أيضا|أيضاً|ايضا)")
# What joins a paragraph to the one before it: a continuation, not a new story.
_JOINED = re.compile(r"^\s*[\"«“(]?\s*(?:و|ف(?!ي\b)|كما|ثم|لكن|غير أن|بينما|إلا|الا|يذكر|يشار|ويشار|من جهته|من جهتها|"
                     r"من جانبه|من جانبها|بدوره|بدورها|بالمقابل|في المقابل|في غضون|في الأثناء|إلى ذلك|الى ذلك|"
                     r"على صعيد|في سياق|في هذا|وفي|أيضا|وأضاف|مضيفا|موضحا|كذلك|حيث|إذ|اذ|لذلك|لذا)")
MIN_RUN = 2
MAX_SHARED = 0.4  # at most this share of a lead's words may also be the article's (a related story)


def story_text(body):
    """The body without its furniture (paragraphs kept as they were)."""
    if not isinstance(body, str) or "\n" not in body:
        return body
    paragraphs = body.split("\n")
    for i, paragraph in enumerate(paragraphs):
        if _RULE.match(paragraph):
            paragraphs = paragraphs[:i]
            break
    paragraphs = [p for p in paragraphs if not (_READ_ALSO.match(p) or _SIGNATURE.match(p))]
    filled = [i for i, p in enumerate(paragraphs) if p.strip()]
    cut = _trailing_leads([paragraphs[i] for i in filled]) if filled and _GLUES_LEADS.search(paragraphs[filled[0]]) else None
    if cut is not None:
        paragraphs = paragraphs[:filled[cut]]
    return "\n".join(paragraphs)


def _trailing_leads(paragraphs):
    """Index of the first paragraph of a trailing run of other stories' leads, or None."""
    if len(paragraphs) < MIN_RUN + 2:
        return None
    vocabularies = [_words(p) for p in paragraphs]
    start = len(paragraphs)
    for i in range(len(paragraphs) - 1, 0, -1):
        if not _foreign(paragraphs[i], vocabularies, i, start):
            break
        start = i
    if len(paragraphs) - start < MIN_RUN or start < 2:
        return None
    return start


def _foreign(paragraph, vocabularies, index, run_start):
    if _ON_THIS_DAY.match(paragraph):
        return True
    if _JOINED.match(paragraph) or _ALSO.match(paragraph) or _SENTENCE_END.search(paragraph):
        return False  # joined to the story, or more than one sentence: a lead is one
    words = vocabularies[index]
    if not words:
        return False
    story = set().union(*vocabularies[:min(index, run_start)])
    return len(words & story) / len(words) <= MAX_SHARED


def _words(text):
    return {word for word in normalize(text).split() if len(word) >= 4}
