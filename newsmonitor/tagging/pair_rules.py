"""The pair rules over coordinated states and clauses (PairFinder's base class: pairs.py
holds the loader and the per-sentence scan)."""

import re

from .gazetteer import NISBA

_CLAUSE_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+|[،,;:؛]")


class PairRules:
    def _nisba_pairs(self, items, toks, fire):
        """A relation noun with two or three nisbas: المباحثات المصرية الباكستانية،
        اللجنة المشتركة المصرية الأردنية، القمة الثلاثية المصرية الأردنية العراقية."""
        run = []
        for i in items:
            if i.kind == NISBA and not i.thing and run and i.ti == run[-1].te and i.clitic in ("", "و"):
                run.append(i)
                continue
            self._nisba_run(run, toks, fire)
            run = [i] if i.kind == NISBA and not i.thing and i.clitic == "" else []
        self._nisba_run(run, toks, fire)

    def _nisba_run(self, run, toks, fire):
        if len(run) < 2 or len(run) > 3 or len({i.code for i in run}) != len(run):
            return
        k = run[0].ti - 1
        while k >= 0 and run[0].ti - k <= 2 and toks[k] in self.relation_adjectives:
            k -= 1
        if k < 0 or toks[k] not in self.relation_nouns:
            return
        for a in range(len(run)):
            for b in range(a + 1, len(run)):
                fire((run[a].code, run[b].code, "nisba-pair"))

    def _trade(self, j, t, items, toks, fire):
        """X تستورد الغاز من Y; X تسدد مستحقات لشركات Y (a company's nationality counts)."""
        n = len(toks)
        y = None
        for i in items:
            if j < i.ti <= j + 6 and i.kind != "ana":
                before = toks[i.ti - 1]
                if t in self.imports and before in self.from_ and not i.thing:
                    y = i
                elif t in self.payments and ("ل" in i.clitic or i.thing or before[:1] == "ل"):
                    y = i
                if y is not None:
                    break
        if y is None or y.ti >= n:
            return
        x = None
        for i in items:
            if i.te <= j and i.code != y.code and not i.venue and not i.thing:
                x = i
        if x is None:
            x = next((i for i in items if j < i.ti < y.ti and i.code != y.code and not i.thing), None)
        if x is not None:
            fire((x.code, y.code, "trade"))

    def _aid(self, j, items, toks, fire):
        """مساعدات إماراتية إلى لبنان، قدمت السعودية مساعدات إلى السودان، مركز الملك سلمان
        للإغاثة ... في السودان: the donor (a nisba right after the aid word, else the state
        before it) with the receiver (after إلى/في or with لـ)."""
        x = next((i for i in items if j < i.ti <= j + 2 and i.kind == NISBA and not i.thing), None)
        if x is not None:  # تلقى الأردن مساعدات أمريكية: the receiver may come first
            before = [i for i in items if i.te <= j and i.code != x.code and not i.venue and not i.thing
                      and i.kind != "ana"]
            if before:
                fire((before[-1].code, x.code, "aid"))
                return
        else:
            for i in items:
                if i.te <= j and not i.venue and not i.thing and i.kind != "ana":
                    x = i
        if x is None:
            return
        y = next((i for i in items if j < i.ti <= j + 8 and i.code != x.code and i.kind != NISBA and not i.thing
                  and (toks[i.ti - 1] in self.aid_to or "ل" in i.clitic)), None)
        if y is not None:
            fire((x.code, y.code, "aid"))

    def _address(self, j, items, toks, fire):
        """رحبت مصر والأردن بإجراء الانتخابات في العراق: each speaker with the one state it
        addresses (EG-IQ, IQ-JO), never the speakers with each other."""
        start = j + 1
        if start + 1 < len(toks) and toks[start] in ("كل", "وكل") and toks[start + 1] == "من":
            start += 2
        x = next((i for i in items if i.ti == start and i.kind != "ana" and not i.thing), None)
        if x is None:
            return
        speakers = self._chain_of(x, items)
        codes = {i.code for i in speakers}
        end = speakers[-1].te
        others = {i.code for i in items if i.ti >= end and i.code not in codes and not i.thing}
        if len(others) == 1:
            other = others.pop()
            for code in codes:
                fire((code, other, "address"))

    def _chains(self, items, toks, interaction, fire):
        """Coordinated states: X وY. Subjects pair with each other; objects (بـX وبـY,
        مع X وY) pair with the subject before them."""
        chains, chain = [], []
        for i in items:
            if i.kind != "ana" and chain and i.ti == chain[-1].te and i.clitic[:1] == "و":
                chain.append(i)
                continue
            if len(chain) >= 2:
                chains.append(chain)
            chain = [i] if i.kind != "ana" else []
        if len(chain) >= 2:
            chains.append(chain)
        for chain in chains:
            x, y = chain[0], chain[-1]
            before = toks[x.ti - 1] if x.ti else ""
            if ("ب" in x.clitic or "ل" in x.clitic or before in self.with_word) and interaction:
                subject = None
                for i in items:
                    if i.te <= x.ti and not i.venue and i.code not in {c.code for c in chain}:
                        subject = i
                if subject is not None:
                    for member in chain:
                        fire((subject.code, member.code, "with"))
                continue
            if x.venue:
                for member in chain:
                    member.venue = True  # قبالة سواحل نيجيريا والكاميرون
            codes = {i.code for i in chain}
            if len(codes) != len(chain) or len(chain) > 3 or any(i.venue for i in chain):
                continue
            if before in self.prepositions or before in self.mediation or x.clitic not in ("", "و", "ف"):
                continue
            if not self.statement.isdisjoint(toks[max(0, x.ti - 2):x.ti]):
                continue  # رحبت مصر والسعودية ...: parallel statements
            if y.te < len(toks) and toks[y.te] in self.statement:
                continue  # ... وأنقرة تدين: a new clause
            around = set(toks[max(0, x.ti - 3):x.ti] + toks[y.te:y.te + 3])
            if len(chain) == 3:
                # وقع رؤساء طاجيكستان وقيرغيزستان وأوزبكستان اتفاقية: three parties
                if not around.isdisjoint(self.agreement):
                    for i, k in ((chain[0], chain[1]), (chain[0], chain[2]), (chain[1], chain[2])):
                        fire((i.code, k.code, "coordinated"))
                continue
            if not around.isdisjoint(self.dual):
                fire((x.code, y.code, "dual-verb"))
            elif not around.isdisjoint(self.interaction):
                fire((x.code, y.code, "coordinated"))

    @staticmethod
    def _chain_of(x, items):
        """x and the states coordinated with it (كل من إسبانيا وأيرلندا والنرويج)."""
        chain = [x]
        for i in items:
            if i.ti == chain[-1].te and i.clitic[:1] == "و" and i.kind != "ana":
                chain.append(i)
        start = x
        for i in reversed(items):
            if i.te == start.ti and start.clitic[:1] == "و" and i.kind != "ana":
                chain.insert(0, i)
                start = i
        return chain

    def _parallel(self, real, toks):
        """Two states coordinated right after a statement verb: parallel statements."""
        for i, k in zip(real, real[1:]):
            if k.ti == i.te and k.clitic[:1] == "و" and i.code != k.code:
                if not self.statement.isdisjoint(toks[max(0, i.ti - 2):i.ti]):
                    return True
        return False

    def _clauses(self, real, toks, printed, fire):
        """A sentence naming three or more states: look at its clauses (between commas)
        one by one, e.g. 'غارات ... على مواقع في سوريا، وقالت ... إن أنقرة تدين الهجمات'."""
        bounds, count = [0], 0
        for match in _CLAUSE_RE.finditer(printed):
            if match.group()[0] in "،,;:؛":
                if count != bounds[-1]:
                    bounds.append(count)
            else:
                count += 1
        if count != len(toks) or len(bounds) < 2:
            return  # the printed and normalised words do not line up: stay cautious
        bounds.append(len(toks))
        for lo, hi in zip(bounds, bounds[1:]):
            inside = [i for i in real if lo <= i.ti < hi]
            parties = {i.code for i in inside if not i.venue}
            if len(parties) == 2 and not self.interaction.isdisjoint(toks[lo:hi]):
                if not self._parallel(inside, toks):
                    x, y = sorted(parties)
                    fire((x, y, "clause"))
                    if not self.reaction.isdisjoint(toks[lo:hi]):
                        fire((x, y, "reaction"))
