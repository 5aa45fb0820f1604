"""Arabic normalisation for matching (never for display), sentence splitting, clitics.

Matching runs on a normalised copy of the text: diacritics and tatweel removed, bidi and
zero-width controls removed, alef/yaa/taa-marbuta variants folded, Arabic-Indic digits
made ASCII. Evidence shown to people comes from the *cleaned* original (only invisible
characters removed), so what a researcher reads is what the site printed.

Speed matters (thousands of articles a second). Measured on 600-word articles, a regex
pass over the text costs about 40 ns a character and `str.translate` 35-70 ns, while
`c in text` and `str.replace` are C loops of well under 1 ns a character. So `prepare`
first tries one fast path: a text made only of the 256 characters usual in Arabic news
(`_USUAL`: ASCII, the Arabic letters, marks and digits, common punctuation and spaces)
is encoded one byte a character with a charmap codec, and a single `bytes.translate`
then applies the whole normalisation (deletions, letter folding, punctuation to spaces)
before it is decoded back. Any other text takes the general path, character by
character with `in` and `str.replace`; both give the same result (the table is derived
from the general path's own rules).
"""

import codecs
import re
import unicodedata

# Invisible characters: tatweel, zero-width (non-)joiners/spaces, LRM/RLM, ALM, bidi
# embeddings, overrides and isolates, word joiner, BOM, soft hyphen. Removed from the
# text itself, so adding them to an article can never change what the tagger says.
_INVISIBLE = "\u0640\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
             "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# Harakat, tanwin, shadda, sukun, dagger alef, Quranic annotation marks (and tatweel
# again, since NFKC of a presentation form can produce it).
_MARKS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
# Each mark checked on its own: `c in text` is a fast C loop, and news text seldom
# carries any, so the regex runs only when one is there.
_MARK_CHARS = "".join(chr(c) for c in (*range(0x610, 0x61B), *range(0x64B, 0x660), 0x670,
                                       *range(0x6D6, 0x6DD), *range(0x6DF, 0x6E9), *range(0x6EA, 0x6EE), 0x640))
# Arabic presentation forms (old PDFs, some CMSs) are U+FB50-FDFF and U+FE70-FEFE, whose
# UTF-8 encodings start with these byte pairs.
_PRESENTATION_BYTES = tuple(bytes([0xEF, b]) for b in (0xAD, 0xAE, 0xAF, 0xB0, 0xB1, 0xB2, 0xB3, 0xB4,
                                                          0xB5, 0xB6, 0xB7, 0xB9, 0xBA, 0xBB))
# Punctuation, quotes, brackets, dashes, symbols and unusual spaces that stand between
# words become spaces, each with a C-level `in` check and str.replace (much cheaper
# than a regex substitution at every space). Anything rarer is caught afterwards.
_PUNCTUATION = (
    "،,.:;؛؟?!()[]{}«»\"'“”„‘’‹›`-–—―/\\|…*%٪+=&#@<>~″′•·٫٬۔"
    "\t\r\x0b\x0c\x85\u00a0\u2002\u2003\u2009\u200a\u202f\u3000\u2028\u2029"
)
_NONWORD_RE = re.compile(r"[^\w\n]+")

_LETTERS = (
    ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ٲ", "ا"), ("ٳ", "ا"),
    ("ى", "ي"), ("ی", "ي"), ("ئ", "ي"), ("ؤ", "و"),
    ("ة", "ه"), ("ۀ", "ه"), ("ھ", "ه"), ("ک", "ك"),
)
_DIGITS = tuple((chr(base + i), str(i)) for base in (0x660, 0x6F0) for i in range(10))

# Sentence ends: . ! ? ؟ ؛ … (optionally followed by a closing quote or bracket) and
# then a space; or a line break of any kind. A decimal point (3.5) is not followed by
# a space, so it does not split. Done with str.replace, marking each end with \x00.
_ENDERS = (".", "!", "?", "؟", "؛", "…", "۔")
_CLOSERS = ("\"", "»", "”", "’", ")", "'")
_LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85")


def clean(text):
    """The text with invisible characters removed (and presentation forms unfolded).
    This is what evidence sentences are cut from."""
    if not text:
        return ""
    if _usual_bytes(text) is not None:
        return text  # only usual characters: none invisible, no presentation forms
    if any(c in text for c in _INVISIBLE):
        text = _INVISIBLE_RE.sub("", text)
    if not text.isascii():
        # Presentation forms encode in UTF-8 with a leading 0xEF byte, which plain
        # Arabic never has: one memchr decides whether the costlier test is needed.
        encoded = text.encode("utf-8", "surrogatepass")
        if b"\xef" in encoded and any(b in encoded for b in _PRESENTATION_BYTES):
            text = _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text))
    return text


def fold(text):
    """Diacritics removed and letter variants folded, on text already `clean`ed."""
    if any(c in text for c in _MARK_CHARS):
        text = _MARKS_RE.sub("", text)
    for variant, plain in _LETTERS:
        if variant in text:
            text = text.replace(variant, plain)
    if any(digit in text for digit, _ascii in _DIGITS):
        for digit, ascii_digit in _DIGITS:
            text = text.replace(digit, ascii_digit)
    return text


def normalize(text):
    """Normalised form of any string, for matching and search: invisible characters and
    diacritics removed, alef/yaa/taa marbuta/digit variants folded, Latin lower-cased.
    Punctuation and spacing are left alone (see `prepare` for the matcher's view)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return fold(clean(text)).lower()


normalise = normalize  # British spelling, as the rest of the project writes it


def prepare(sentences):
    """The matcher's view of already-cleaned sentences: one string, words separated by
    single spaces, sentences by " \\n ", a space at both ends. Every word therefore
    starts right after a space, which is what the automaton's keys begin with."""
    text = " \n ".join(sentences)
    try:
        data = codecs.charmap_encode(text, "strict", _USUAL_MAP)[0]
    except UnicodeEncodeError:
        return _prepare_any(text)
    data = data.translate(_USUAL_TABLE, _USUAL_DELETE)
    while b"  " in data:
        data = data.replace(b"  ", b" ")
    return " " + codecs.charmap_decode(data, "strict", _USUAL)[0] + " "


def _prepare_any(text):
    """`prepare` for any text, one kind of character at a time."""
    text = fold(text)
    for mark in _PUNCTUATION:
        if mark in text:
            text = text.replace(mark, " ")
    # Anything still between words that is not a word character (a rarer symbol, an
    # emoji): the thorough regex, only then. isalnum() is one C loop.
    squeezed = text.replace(" ", "").replace("\n", "").replace("_", "")
    if squeezed and not squeezed.isalnum():
        text = _NONWORD_RE.sub(" ", text)
    while "  " in text:
        text = text.replace("  ", " ")
    return " " + text + " "


def _usual_table():
    """The fast path's translation: each of the 256 characters as `_prepare_any` treats
    it (deleted, folded, made a space, or kept), as bytes of the same charmap."""
    table, delete = bytearray(range(256)), bytearray()
    for i, c in enumerate(_USUAL):
        out = _prepare_any(c)[1:-1]  # without the two spaces it adds
        if out == "":
            delete.append(i)
        elif out != c:
            table[i] = _USUAL.index(out)  # a folded letter, a digit or the space
    return bytes(table), bytes(delete)


# The fast path's alphabet: printable ASCII, tab, line feed and carriage return at their
# own byte values (so that b" " is the space); in the other places, Arabic letters,
# harakat, digits and punctuation, Persian and Maghrebi letters, Latin-1 letters and
# signs, quotes, dashes and spaces seen in news pages. No invisible characters (tatweel
# included) and no presentation forms, so that `clean` has nothing to do on a text made
# of these; no line breaks but "\n" and "\r" (the sentence splitter removes them).
_OTHERS = "".join(dict.fromkeys(
    "".join(map(chr, (*range(0x621, 0x640), *range(0x641, 0x656), 0x670, *range(0x660, 0x66E),
                      *range(0x6F0, 0x6FA))))
    + "،؛؟۔ٱٲٳیۀھکپچژڤگڨڭۆۇۈۋېڥ"
    + "\u00a0«»·°©®×÷£€™§¶éèêëàâäçîïôöûüùÉÈÀÇ"
    + "‘’“”„‹›‚–—―…″′•‰\u2002\u2003\u2009\u200a\u202f\u3000"
))
# NUL stays at 0 too: only then does charmap_build make its fast trie (else a dict).
_KEPT_ASCII = [i for i in range(128) if 32 <= i < 127 or chr(i) in "\0\t\n\r"]
_FREE = [i for i in range(256) if i not in _KEPT_ASCII]
assert len(_OTHERS) <= len(_FREE)
_USUAL = "".join(_OTHERS[_FREE.index(i)] if i in _FREE[:len(_OTHERS)] else chr(i) for i in range(256))
assert len(set(_USUAL)) == 256  # (a free place left over keeps its Latin-1 character)
_USUAL_MAP = codecs.charmap_build(_USUAL)
assert not isinstance(_USUAL_MAP, dict)
assert not set(_INVISIBLE) & set(_USUAL) and not any(0xFB50 <= ord(c) <= 0xFEFF for c in _USUAL)
_USUAL_TABLE, _USUAL_DELETE = _usual_table()


def split_sentences(text, usual=None):
    """Sentences of a cleaned body (their final punctuation kept), stripped, empty
    ones dropped. `usual`, if the caller has it, is the text as `_usual_bytes` encodes
    it: the tests for characters are then memchr calls on bytes, much faster than on
    Arabic str for ASCII characters (see the module docstring)."""
    if usual is None:
        has = text.__contains__
    else:
        def has(s):
            encoded = _SPLIT_BYTES[s]
            return encoded is not None and encoded in usual
    enders = [c for c in _ENDERS if has(c)]
    if enders:
        closers = [""] + [c for c in _CLOSERS if has(c)]
        for end in enders:
            for close in closers:
                pattern = end + close + " "
                if has(pattern):
                    text = text.replace(pattern, end + close + "\x00")
    for br in _LINE_BREAKS:
        if has(br):
            text = text.replace(br, "\x00")
    return [s for s in (part.strip() for part in text.split("\x00")) if s]


def body_sentences(body):
    """split_sentences(clean(body)); one encoding of a usual text serves both."""
    usual = _usual_bytes(body)
    if usual is None:
        return split_sentences(clean(body))
    return split_sentences(body, usual)  # clean(body) is body itself


def _usual_bytes(text):
    """The text one byte a character (see `_USUAL`), or None if it has another character."""
    try:
        return codecs.charmap_encode(text, "strict", _USUAL_MAP)[0]
    except UnicodeEncodeError:
        return None


# What split_sentences looks for, as bytes of that charmap (None: never in such a text).
_SPLIT_BYTES = {s: _usual_bytes(s) for s in (*_ENDERS, *_CLOSERS, *_LINE_BREAKS,
                                               *(e + c + " " for e in _ENDERS for c in ("", *_CLOSERS)))}


def tokens(text):
    """Normalised words of a string (for phrases in the data files)."""
    return _NONWORD_RE.sub(" ", normalize(text)).split()


def phrase(text):
    """A data-file phrase as the matcher sees it: normalised words joined by one space."""
    return " ".join(tokens(text))


# --- proclitics -------------------------------------------------------------------
# Conjunctions و ف, prepositions ب ل ك, and their combinations. Before the article,
# ل + ال is written لل (للسعودية), so article forms get their own list.
PLAIN_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
ARTICLE_PREFIXES = ("", "و", "ف", "ب", "ك", "وب", "وك", "فب", "فك")
ARTICLE_L_PREFIXES = ("ل", "ول", "فل")  # + form without its alef: للسعودية


def with_prefixes(form, article_too=False):
    """(prefix, surface) for every proclitic a word can carry. `form` is normalised;
    several words take the prefix on the first one only. With article_too, a bare
    form also gets the article (and every prefix of it): topic terms, not names."""
    out = []
    bases = [form]
    if article_too and not form.startswith("ال"):
        bases.append("ال" + form)
    for base in bases:
        if base.startswith("ال") and len(base) > 2:
            out.extend((p, p + base) for p in ARTICLE_PREFIXES)
            out.extend((p, p + base[1:]) for p in ARTICLE_L_PREFIXES)
            # The letters ال may not be the article (ألمانيا، ألبانيا normalise to
            # المانيا، البانيا): then ل is written in full (لألمانيا).
            out.extend((p, p + base) for p in ARTICLE_L_PREFIXES)
        else:
            out.extend((p, p + base) for p in PLAIN_PREFIXES)
    return out


_CLITIC_STRIP = ("ول", "فل", "وب", "فب", "وك", "فك", "و", "ف", "ب", "ل", "ك")


def strip_clitics(word):
    """Candidate bases of a normalised word without its proclitics, the word itself
    first: used to compare context words with short lists (في، لدى، اللغة ...)."""
    out = [word]
    for prefix in _CLITIC_STRIP:
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            rest = word[len(prefix):]
            if prefix.endswith("ل") and rest.startswith("ل"):
                out.append("ا" + rest)  # للغه -> اللغه
            out.append(rest)
    return out


# --- nisba (relative adjective) ---------------------------------------------------
# From the masculine singular مصري: feminine مصرية، duals مصريان/مصريين، مصريتان/
# مصريتين، plurals مصريون/مصريين، مصريات، adverbial/accusative مصريا; each with and
# without the article. Forms are generated already normalised (ة -> ه).
NISBA_SUFFIXES = ("ي", "يه", "يان", "يين", "يون", "يتان", "يتين", "يات", "يا")


def nisba_forms(base):
    """[(surface, masc_sing, fem_sing, definite)] for a normalised nisba base such as
    مصري or كوري جنوبي. When every word is a nisba all inflect together (الكوري
    الجنوبي); otherwise the last word inflects and the article goes on the first
    (الجنوب سوداني)."""
    words = base.split(" ")
    if not words[-1].endswith("ي"):
        return [(base, False, False, False)]
    all_nisba = all(w.endswith("ي") for w in words)
    out = []
    for suffix in NISBA_SUFFIXES:
        masc, fem = suffix == "ي", suffix == "يه"
        if all_nisba:
            indefinite = " ".join(w[:-1] + suffix for w in words)
            definite = " ".join("ال" + w[:-1] + suffix for w in words)
        else:
            inflected = words[:-1] + [words[-1][:-1] + suffix]
            indefinite = " ".join(inflected)
            definite = " ".join(["ال" + inflected[0]] + inflected[1:])
        out.append((indefinite, masc, fem, False))
        out.append((definite, masc, fem, True))
    return out
