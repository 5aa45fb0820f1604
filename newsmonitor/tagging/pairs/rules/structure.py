"""Rules read off the sentence's structure: بين X وY, coordinated subjects, nisba runs
after a relation noun, a dual name, and two states sharing a title, sentence or clause
with an interaction word."""

import re

from ..context import Candidate, vetoes

_CLAUSE_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]+|[،,;:؛]")


def between(sentence, position, cues):
    """بين X و Y (العلاقات بين مصر وباكستان، اتفاقية ... بين باكستان والسعودية)."""
    words = sentence.words
    first = sentence.first(position + 1, position + 3)
    if first is None:
        return
    second = sentence.first(first.end, first.end + 3, lambda party: party.code != first.code and (
        party.coordinated or (party.start > first.end and words[party.start - 1][:1] == "و")))
    if second is not None:
        yield Candidate(first.code, second.code, "between")
        # The sentence gives this relation to these two: a third state in it comments,
        # hosts or mediates (a mediator is paired by its own rule), it is not a side.
        for party in sentence.parties:
            if party.code not in (first.code, second.code) and not party.anaphor:
                yield from vetoes([party, first], "between")
                yield from vetoes([party, second], "between")


def nisba_runs(sentence, cues):
    """A relation noun with two or three nisbas: المباحثات المصرية الباكستانية، اللجنة
    المشتركة المصرية الأردنية، القمة الثلاثية المصرية الأردنية العراقية."""
    if not sentence.relation:
        return
    run = []
    for party in sentence.parties:
        if party.nisba and not party.thing and run and party.start == run[-1].end and party.clitic in ("", "و"):
            run.append(party)
            continue
        yield from _nisba_run(sentence, run, cues)
        run = [party] if party.nisba and not party.thing and party.clitic == "" else []
    yield from _nisba_run(sentence, run, cues)


def _nisba_run(sentence, run, cues):
    if not 2 <= len(run) <= 3 or len({party.code for party in run}) != len(run):
        return
    words, position = sentence.words, run[0].start - 1
    while position >= 0 and run[0].start - position <= 2 and words[position] in cues.relation_adjectives:
        position -= 1
    if position < 0 or words[position] not in cues.relation_nouns:
        return
    for i, party in enumerate(run):
        for other in run[i + 1:]:
            yield Candidate(party.code, other.code, "nisba-pair")


def coordination(sentence, cues):
    """Coordinated states, X وY: subjects pair with each other (مصر وباكستان تبحثان;
    three with an agreement word); objects (بـX وبـY، مع X وY) pair with the subject
    before them. Not after a preposition or a statement verb (parallel statements),
    nor when a new clause starts (... وأنقرة تدين)."""
    words, parties = sentence.words, [party for party in sentence.parties if not party.thing]
    for chain in sentence.chains(parties):
        head, tail = chain[0], chain[-1]
        before = sentence.word_before(head)
        if sentence.objects(chain, cues):
            codes = {party.code for party in chain}
            subject = None
            for party in parties:
                if party.end <= head.start and not party.venue and party.code not in codes:
                    subject = party
            if subject is not None:
                for member in chain:
                    yield Candidate(subject.code, member.code, "with")
            yield from vetoes(chain, "co-objects")  # اتصالات بتركمانستان وبإيران
            continue
        codes = {party.code for party in chain}
        if len(codes) != len(chain) or len(chain) > 3 or any(party.venue for party in chain):
            yield from vetoes(chain, "list")
            continue
        if before in cues.prepositions or before in cues.mediation or head.clitic not in ("", "و", "ف"):
            yield from vetoes(chain, "list")  # في سوريا والعراق، بوساطة قطرية وتركية
            continue
        if not cues.statement_verbs.isdisjoint(words[max(0, head.start - 2):head.start]):
            yield from vetoes(chain, "parallel")  # رحبت مصر والسعودية ...: parallel statements
            continue
        if tail.end < len(words) and words[tail.end] in cues.statement_verbs:
            yield from vetoes(chain, "parallel")  # ... وأنقرة تدين: a new clause
            continue
        around = set(words[max(0, head.start - 3):head.start] + words[tail.end:tail.end + 3])
        if len(chain) == 3:
            # وقع رؤساء طاجيكستان وقيرغيزستان وأوزبكستان اتفاقية: three parties
            if not around.isdisjoint(cues.agreement):
                for i, party in enumerate(chain):
                    for other in chain[i + 1:]:
                        yield Candidate(party.code, other.code, "coordinated")
            continue
        if not around.isdisjoint(cues.dual_verbs):
            yield Candidate(head.code, tail.code, "dual-verb")
        elif not around.isdisjoint(cues.interaction):
            yield Candidate(head.code, tail.code, "coordinated")


def dual_name(sentence, cues):
    """One word naming two states (الكوريتين) with an interaction word."""
    if not sentence.interaction:
        return
    real = sentence.real_parties
    for party, following in zip(real, real[1:]):
        if party.start == following.start and party.code != following.code:
            yield Candidate(party.code, following.code, "dual-name")


def shared_sentence(sentence, cues):
    """Exactly two states, venues aside: in the title (with or without an interaction
    word); in the first body sentence ("lead") or another ("same-sentence") with one;
    with three or more, in a clause between commas ("clause")."""
    if sentence.index == 0:
        codes = {party.code for party in sentence.parties if not party.venue and not party.anaphor}
        if len(codes) == 2:
            first, second = sorted(codes)
            yield Candidate(first, second, "title")
            if sentence.interaction:
                yield Candidate(first, second, "title-interaction")
        return
    if not sentence.interaction:
        return
    real = sentence.real_parties
    codes = {party.code for party in real if not party.venue}
    if len(codes) == 2 and not sentence.parallel(real, cues):
        first, second = sorted(codes)
        yield Candidate(first, second, "lead" if sentence.index == 1 else "same-sentence")
        if sentence.reaction:
            yield Candidate(first, second, "reaction")
    elif len(codes) > 2:
        yield from _clauses(sentence, real, cues)


def _clauses(sentence, real, cues):
    """A sentence naming three or more states, clause by clause (between commas), e.g.
    'غارات ... على مواقع في سوريا، وقالت ... إن أنقرة تدين الهجمات'."""
    words, bounds, count = sentence.words, [0], 0
    for match in _CLAUSE_RE.finditer(sentence.printed):
        if match.group()[0] in "،,;:؛":
            if count != bounds[-1]:
                bounds.append(count)
        else:
            count += 1
    if count != len(words) or len(bounds) < 2:
        return  # the printed and normalised words do not line up: stay cautious
    bounds.append(len(words))
    for lo, hi in zip(bounds, bounds[1:]):
        inside = [party for party in real if lo <= party.start < hi]
        codes = {party.code for party in inside if not party.venue}
        if len(codes) == 2 and not cues.interaction.isdisjoint(words[lo:hi]) and not sentence.parallel(inside, cues):
            first, second = sorted(codes)
            yield Candidate(first, second, "clause")
            if not cues.reaction_verbs.isdisjoint(words[lo:hi]):
                yield Candidate(first, second, "reaction")
