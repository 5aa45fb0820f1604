"""Language of an article: ISO 639-1 code, or "" when it cannot be told.

Arabic, Persian, Urdu, Pashto and Kurdish share one script, and a character
n-gram model on a short news snippet confuses them often enough to let Urdu
wires into Arabic digests. Each of them uses letters the others do not, so
the letters decide first and py3langid only breaks ties.
"""
from __future__ import annotations

import threading
import unicodedata
from collections import Counter

__all__ = ["detect_language", "is_arabic", "LANGUAGES"]

# Restricting the model to languages a monitor of Arabic news actually meets
# keeps a short headline from landing on one of the hundred-odd others the
# model knows.
LANGUAGES = (
    "ar", "ary", "arz", "fa", "ur", "ps", "ku", "sdh", "ug",
    "en", "fr", "es", "de", "it", "pt", "nl", "tr", "he", "ru", "id",
)
# The model knows Moroccan and Egyptian Arabic and Southern Kurdish under
# ISO 639-3 codes; the rest of the project speaks ISO 639-1.
_ALIASES = {"ary": "ar", "arz": "ar", "sdh": "ku"}
_ARABIC_SCRIPT = {"ar", "fa", "ur", "ps", "ku", "ug"}

MIN_LETTERS = 20
MIN_CONFIDENCE = 0.5
_SAMPLE_CHARS = 3000

# Letters only one of these languages writes. Urdu, Pashto, Kurdish and
# Uyghur each have their own; Persian and Arabic differ mostly in ی/ک against
# ي/ك, which is unreliable because Persian sites typed on Arabic keyboards
# use ي/ك throughout, so پ چ ژ گ and ة carry that decision instead.
_URDU = set("ٹڈڑںہےۓ")
_PASHTO = set("ټډړږښګڼۍځڅ")
_UYGHUR = set("ۇۈۋ")
_KURDISH = set("ڕڵۆێە")
_PERSIAN_STRONG = set("پچژگ")
_PERSIAN_URDU = _PERSIAN_STRONG | set("کی")
_ARABIC_ONLY = set("ةىكي")
_TA_MARBUTA = "ة"

_lock = threading.Lock()
_identifier = None


def _model():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.set_languages(list(LANGUAGES))
                _identifier = identifier
    return _identifier


def is_arabic(code: str) -> bool:
    """True for "ar" and its regional tags ("ar-EG", "arz")."""
    if not code:
        return False
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return _ALIASES.get(base, base) == "ar"


def detect_language(text: str) -> str:
    if not text:
        return ""
    sample = text[:_SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < MIN_LETTERS:
        return ""
    arabic_script = [ch for ch in letters if _is_arabic_letter(ch)]
    if len(arabic_script) * 2 > len(letters):
        return _arabic_script_language(sample, arabic_script)
    scores = _rank(sample)
    code = max(scores, key=scores.get)
    if scores[code] < MIN_CONFIDENCE or code in _ARABIC_SCRIPT:
        return ""
    return code


def _is_arabic_letter(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufefc"


def _arabic_script_language(sample: str, letters: list[str]) -> str:
    # Presentation forms (ﻻ, ﺔ) come from old CMSs and PDF copy-paste; fold
    # them to the base letters the marker sets are written in.
    folded = unicodedata.normalize("NFKC", "".join(letters))
    total = len(folded)
    counts = Counter(folded)  # once: the shares below each read a handful of letters

    def share(marks: set[str]) -> float:
        return sum(counts[ch] for ch in marks) / total

    # One stray letter in a quoted name is not a language: 1% of the letters
    # is well below what any real paragraph of these languages shows.
    for code, marks in (("ur", _URDU), ("ps", _PASHTO), ("ug", _UYGHUR), ("ku", _KURDISH)):
        if share(marks) >= 0.01:
            return code
    persian, arabic = share(_PERSIAN_URDU), share(_ARABIC_ONLY)
    if persian >= 0.01 and persian > arabic:
        return "fa"
    if share(set(_TA_MARBUTA)) >= 0.01 and share(_PERSIAN_STRONG) < 0.01:
        return "ar"
    scores = {code: score for code, score in _rank(sample).items() if code in _ARABIC_SCRIPT}
    total = sum(scores.values())
    if not total:
        return ""
    code = max(scores, key=scores.get)
    return code if scores[code] / total >= MIN_CONFIDENCE else ""


def _rank(sample: str) -> dict[str, float]:
    # ar, ary and arz split one language's probability three ways; summed,
    # a short Arabic sentence no longer falls under the confidence bar.
    scores: dict[str, float] = {}
    for code, score in _model().rank(sample):
        code = _ALIASES.get(code, code)
        scores[code] = scores.get(code, 0.0) + score
    return scores
