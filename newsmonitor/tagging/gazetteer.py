"""The gazetteer: countries.json and stoplist.json turned into surface forms, and the
rules that decide which matched forms really name a state.

Every form is pre-expanded with its proclitics (و ف ب ل ك لل ...) and, for nisba
adjectives, its inflections, instead of stemming the text: stemmers mangle proper
nouns and leave clitics on. The matcher (tagger.py) finds the forms; `resolve` then
applies, in order: blocks (longest match already hid مسقط inside مسقط رأسه), context
rules (اليمنى، قطر 5 سم), person names (محمد المصري), languages (بالفرنسية),
currencies and companies, then weak and ambiguous forms in the light of the states the
article names unambiguously.
"""

import json
import re
from pathlib import Path

from .normalize import nisba_forms, phrase, strip_clitics, with_prefixes

NAME, OFFICIAL, CAPITAL, SEAT, NISBA, BLOCK = "name", "official", "capital", "seat", "nisba", "block"
_KIND_RANK = {NAME: 0, OFFICIAL: 1, CAPITAL: 2, SEAT: 3, NISBA: 4}


class Ambiguity:
    """A form shared by several states (عمان: Oman / Amman)."""

    __slots__ = ("candidates", "default", "cues", "marked")

    def __init__(self, spec):
        self.candidates = tuple(spec["candidates"])
        self.default = spec.get("default")
        # Vowelled spellings that decide (عمّان is Amman), compared on shadda and damma.
        self.marked = [(code, _marks_only(spelling)) for code, spellings in (spec.get("marked") or {}).items()
                       for spelling in spellings]
        self.cues = {
            code: (_norm_set(cue.get("prev", ())), _norm_set(cue.get("next", ())))
            for code, cue in (spec.get("cues") or {}).items()
        }


class ContextRule:
    """Words around a form that make it something else (اليد اليمنى، بقطر 5 سم)."""

    __slots__ = ("block_prev", "block_next", "next_number", "discourse", "weak_if_country")

    def __init__(self, spec):
        nxt = [w for w in spec.get("block_next", ()) if w != "#number"]
        self.block_prev = _norm_set(spec.get("block_prev", ()))
        self.block_next = _norm_set(nxt)
        self.next_number = "#number" in spec.get("block_next", ())
        self.discourse = bool(spec.get("discourse"))
        self.weak_if_country = frozenset(spec.get("weak_if_country", ()))

    def blocks(self, prev, nxt):
        if self.next_number and nxt[:1].isdigit():
            return True
        if nxt in self.block_next:
            return True
        return any(p in self.block_prev for p in strip_clitics(prev)) if prev else False


class Form:
    """One key of the automaton: a surface form with its proclitic."""

    __slots__ = ("code", "kind", "base", "clitic", "ntok", "weak", "amb", "rule",
                 "masc", "fem", "definite", "discourse", "also", "wants_next", "tentative")

    def __init__(self, code, kind, base, clitic, weak=False, amb=None, rule=None,
                 masc=False, fem=False, definite=False, discourse=(), also=()):
        self.code, self.kind, self.base, self.clitic = code, kind, base, clitic
        self.ntok = base.count(" ") + 1
        self.weak, self.amb, self.rule = weak, amb, rule
        self.masc, self.fem, self.definite = masc, fem, definite
        self.discourse = discourse
        self.also = also  # further states named by the same word (الكوريتين)
        # Worked out once here rather than for every match: does `resolve` need the
        # word after (rules, ambiguities, names: تركي آل ...)? is the mention only
        # settled once the whole article is read (ambiguous, weak)?
        self.wants_next = rule is not None or amb is not None or masc
        self.tentative = amb is not None or weak or (rule is not None and bool(rule.weak_if_country))


class Mention:
    """A form found in an article and accepted (or not yet) as naming a state."""

    __slots__ = ("form", "start", "end", "code", "sent", "wi", "prev", "next", "venue",
                 "company", "currency", "team", "people", "adjacent", "beside", "clitic", "kind")

    def __init__(self, form, start, end, prev, nxt):
        self.form, self.start, self.end, self.prev, self.next = form, start, end, prev, nxt
        self.code, self.clitic, self.kind = form.code, form.clitic, form.kind
        self.sent = self.wi = 0  # sentence, word index in it: set by the tagger
        self.venue = self.company = self.currency = self.team = self.people = self.adjacent = False
        self.beside = ()  # states coordinated with this mention (X و Y)

    def copy_as(self, code):
        other = Mention(self.form, self.start, self.end, self.prev, self.next)
        other.code, other.venue, other.company, other.currency, other.team, other.people = (
            code, self.venue, self.company, self.currency, self.team, self.people)
        return other

    @property
    def party(self):
        """Can this mention make its state a party to a pair?"""
        return not (self.company or self.currency or self.team or self.people)



_NOT_DECISIVE_MARKS = re.compile("[\u064b-\u064e\u0650\u0652-\u065f\u0670\u0640]")


def _marks_only(text):
    """Text with every diacritic dropped except damma and shadda, the two that tell
    عُمان from عَمّان; the order of stacked marks is fixed (shadda first)."""
    text = _NOT_DECISIVE_MARKS.sub("", text)
    return text.replace("\u064f\u0651", "\u0651\u064f")


def _norm_set(words):
    return frozenset(phrase(w) for w in words if phrase(w))


def _expanded_set(words):
    """Every proclitic form of a list of (normalised) words, as one set."""
    out = set()
    for w in words:
        p = phrase(w)
        if p:
            out.update(surface for _prefix, surface in with_prefixes(p))
    return frozenset(out)


def prev_token(norm, start):
    """The word before the one starting after norm[start] (a space); '' at a sentence start."""
    if start <= 0:
        return ""
    j = norm.rfind(" ", 0, start)
    word = norm[j + 1:start]
    return "" if word == "\n" else word


def next_token(norm, end):
    """The word after a match ending at norm[end]; '' at a sentence end."""
    k = norm.find(" ", end + 2)
    word = norm[end + 2:k] if k != -1 else ""
    return "" if word == "\n" else word


class Gazetteer:
    def __init__(self, countries_path, stoplist_path):
        countries = json.loads(Path(countries_path).read_text(encoding="utf-8"))["countries"]
        stop = json.loads(Path(stoplist_path).read_text(encoding="utf-8"))
        self.countries = {c["code"]: c for c in countries}
        # Context word lists, each pre-expanded with proclitics (باللغة، وقال، للدولار)
        # so that checking the word before a mention is one set lookup.
        self.given_names = _expanded_set(stop.get("given_names", ()))
        self.speech_verbs = _expanded_set(stop.get("speech_verbs", ()))
        self.name_titles = _expanded_set(stop.get("name_titles", ()))
        self.name_next = _norm_set(stop.get("name_next", ()))
        self.currency = _expanded_set(stop.get("currency_nouns", ()))
        self.company = _expanded_set(stop.get("company_nouns", ()))
        self.language = _expanded_set(stop.get("language_nouns", ()))
        self.team = _expanded_set(stop.get("team_nouns", ()))
        self.people = _expanded_set(stop.get("people_nouns", ()))
        cues = stop.get("weak_cues", {})
        self.weak_cues = _norm_set(cues.get("prev", ()))
        self.weak_overrides = {phrase(k): _norm_set(v) for k, v in cues.get("overrides", {}).items()}
        self.conflicts = []  # surface forms claimed by two states and not declared ambiguous
        self.surfaces = self._surfaces(countries, stop)
        self.forms = self._expand(stop)

    # --- building -------------------------------------------------------------------
    def _surfaces(self, countries, stop):
        """{surface: Form without clitic} for every name, capital, seat and nisba form."""
        claims = {}  # surface -> {code: (kind, masc, fem, definite)}

        def claim(surface, code, kind, masc=False, fem=False, definite=False):
            if not surface:
                return
            by_code = claims.setdefault(surface, {})
            old = by_code.get(code)
            if old is None or _KIND_RANK[kind] < _KIND_RANK[old[0]]:
                by_code[code] = (kind, masc, fem, definite)

        weak = {}
        for c in countries:
            code = c["code"]
            weak_bases = {phrase(w) for w in c.get("weak", ())}
            for key, kind in (("names", NAME), ("official", OFFICIAL), ("capitals", CAPITAL), ("seats", SEAT)):
                for form in c.get(key, ()):
                    p = phrase(form)
                    claim(p, code, kind)
                    if p in weak_bases:
                        weak[(p, code)] = True
            for adjective in c.get("adjectives", ()):
                base = phrase(adjective)
                for surface, masc, fem, definite in nisba_forms(base):
                    claim(surface, code, NISBA, masc, fem, definite)
                    if base in weak_bases:
                        weak[(surface, code)] = True
            for form in c.get("adjective_forms", ()):
                p = phrase(form)
                claim(p, code, NISBA, definite=p.startswith("ال"))

        ambiguous = {}
        for spec in stop.get("ambiguous", ()):
            amb = Ambiguity(spec)
            for form in spec.get("forms", ()):
                ambiguous[phrase(form)] = amb
            for adjective in spec.get("adjectives", ()):
                for surface, *_flags in nisba_forms(phrase(adjective)):
                    ambiguous[surface] = amb
        rules = {}
        for spec in stop.get("context_rules", ()):
            rule = ContextRule(spec)
            for form in spec["forms"]:
                rules[phrase(form)] = rule

        surfaces = {}
        for surface, by_code in claims.items():
            amb = ambiguous.get(surface)
            if len(by_code) > 1 and amb is None:
                # Undeclared: resolve by the article's other states, else drop.
                self.conflicts.append((surface, sorted(by_code)))
                amb = Ambiguity({"candidates": sorted(by_code), "default": None})
            code = None if amb else next(iter(by_code))
            kind, masc, fem, definite = min(by_code.values(), key=lambda v: _KIND_RANK[v[0]])
            is_weak = any(weak.get((surface, c)) for c in by_code)
            surfaces[surface] = Form(code, kind, surface, "", is_weak, amb, rules.get(surface), masc, fem, definite)

        for spec in stop.get("multi", ()):
            codes = tuple(spec["codes"])
            for text in spec["forms"]:
                p = phrase(text)
                surfaces[p] = Form(codes[0], NAME, p, "", also=codes[1:])
        discourse_forms = [f for f, r in rules.items() if r.discourse]
        for block in stop.get("blocks", ()):
            for text in block["phrases"]:
                p = phrase(text)
                words = p.split(" ")
                linked = tuple(f for f in discourse_forms if f in words)
                surfaces[p] = Form(None, BLOCK, p, "", discourse=linked)
        return surfaces

    def _expand(self, stop):
        """{automaton key: Form}: each surface with each proclitic, a space in front."""
        forms = {}
        for surface, f in self.surfaces.items():
            for prefix, text in with_prefixes(surface):
                key = " " + text
                old = forms.get(key)
                if old is not None and old.base != surface:
                    # Two surfaces meet once proclitics are added (rare): keep the one
                    # without a proclitic, it is the likelier reading.
                    if old.clitic == "" or (old.kind == BLOCK):
                        continue
                forms[key] = Form(f.code, f.kind, surface, prefix, f.weak, f.amb, f.rule,
                                  f.masc, f.fem, f.definite, f.discourse, f.also)
        return forms

    def strong_names(self):
        """(code, surface) of names and capitals that always mean their state: what the
        property tests feed with proclitics."""
        return [(f.code, s) for s, f in sorted(self.surfaces.items())
                if f.kind in (NAME, OFFICIAL, CAPITAL, SEAT) and f.code and not f.weak
                and f.amb is None and f.rule is None]

    # --- resolving ------------------------------------------------------------------
    def resolve(self, hits, norm, surface=None):
        """Mentions that name a state, in text order. `hits` are (start, end, Form) of
        the leftmost-longest matches, in text order; `surface(mention)` gives the
        mention as printed (with its vowels), used only for ambiguous forms."""
        accepted, pending = [], []
        confirmed = set()  # states named by an unambiguous, strong form
        blocked_bases = set()
        previous_end, previous_ok, previous_code = -10, False, None
        language, currency, company, people, team = self.language, self.currency, self.company, self.people, self.team
        for start, end, f in hits:
            adjacent_before = previous_ok and previous_end + 1 == start and f.clitic[:1] == "و"
            before_code = previous_code if adjacent_before else None
            previous_end, previous_ok, previous_code = end, False, None
            kind = f.kind
            if kind == BLOCK:
                blocked_bases.update(f.discourse)
                continue
            prev = norm[norm.rfind(" ", 0, start) + 1:start]  # prev_token, inline
            if prev == "\n":
                prev = ""
            nxt = next_token(norm, end) if f.wants_next else ""
            if f.rule is not None and f.rule.blocks(prev, nxt):
                if f.rule.discourse:
                    blocked_bases.add(f.base)
                continue
            m = Mention(f, start, end, prev, nxt)
            if kind == NISBA:
                if f.masc and self._person_name(prev, nxt, f.definite):
                    continue
                if f.fem and f.definite and ("ب" in f.clitic or prev in language):
                    continue  # بالفرنسية، اللغة الإنجليزية: a language
                if prev in currency:
                    m.currency = True
                elif prev in company or (prev and prev_token(norm, start - len(prev) - 1) in company):
                    m.company = True  # الشركات الصينية، شركة تويوتا اليابانية
                elif prev in people:
                    m.people = True  # اللاجئين السوريين: people, not their state
            elif (kind == CAPITAL or kind == SEAT) and (prev == "في" or "ب" in f.clitic):
                m.venue = True  # في القاهرة، بمسقط: where, not who
            if prev in team:
                m.team = True  # منتخب مصر، المدرب البرتغالي
            m.adjacent = adjacent_before
            previous_ok = True
            previous_code = f.code
            if before_code:
                m.beside = (before_code,)
            if f.tentative:
                pending.append(m)
            else:
                confirmed.add(m.code)
                accepted.append(m)
                if f.also:
                    accepted.extend(m.copy_as(code) for code in f.also)
        if pending:
            following = {h[0]: h[2] for h in hits}
            for m in pending:
                # Coordination after a weak form also supports it (مالي والنيجر).
                nxt_form = following.get(m.end + 1)
                if nxt_form is not None and nxt_form.clitic[:1] == "و" and nxt_form.kind != BLOCK:
                    m.adjacent = True
                    if nxt_form.code:
                        m.beside = m.beside + (nxt_form.code,)
            for m in pending:
                code = self._settle(m, confirmed, surface)
                if code:
                    m.code = code
                    accepted.append(m)
        if blocked_bases:
            # One sense per article: once جورجيا was the US state, a bare جورجيا elsewhere
            # is too, unless Georgia is named by another form.
            others = {m.code for m in accepted if m.form.base not in blocked_bases}
            accepted = [m for m in accepted if m.form.base not in blocked_bases or m.code in others]
        if pending:  # (otherwise already in text order)
            accepted.sort(key=lambda m: m.start)
        return accepted

    def _settle(self, m, confirmed, surface):
        f = m.form
        if f.amb is not None:
            return self._disambiguate(f.amb, m, confirmed, surface)
        if f.rule is not None and f.rule.weak_if_country and not f.weak:
            if f.code in confirmed or not (confirmed & f.rule.weak_if_country):
                return f.code
            return None
        # A weak form: confirmed elsewhere, introduced by a cue, or coordinated.
        if f.code in confirmed or m.adjacent:
            return f.code
        cues = self.weak_overrides.get(f.base, None if f.kind == NISBA else self.weak_cues)
        if cues and m.prev and any(p in cues for p in strip_clitics(m.prev)):
            return f.code
        return None

    @staticmethod
    def _disambiguate(amb, m, confirmed, surface):
        if amb.marked and surface is not None:
            printed = _marks_only(surface(m))
            for code, spelling in amb.marked:
                if spelling in printed:
                    return code
        prevs = strip_clitics(m.prev) if m.prev else ()
        for code, (cue_prev, cue_next) in amb.cues.items():
            if m.next in cue_next or any(p in cue_prev for p in prevs):
                return code
        if m.beside:
            # الكونغو والكونغو الديمقراطية: coordinated with one Congo, it is the other.
            others = [c for c in amb.candidates if c not in m.beside]
            if len(others) == 1 and len(others) < len(amb.candidates):
                return others[0]
        named = [c for c in amb.candidates if c in confirmed]
        if len(named) == 1:
            return named[0]
        if named:
            return amb.default if amb.default in named else named[0]
        return amb.default

    def _person_name(self, prev, nxt, definite):
        """A masculine nisba used as a family name: محمد المصري، وقال السوداني، الأمير تركي."""
        if nxt in self.name_next:
            return True
        if not prev:
            return False
        if definite:
            return prev in self.given_names or prev in self.speech_verbs
        return prev in self.name_titles or prev in self.given_names

