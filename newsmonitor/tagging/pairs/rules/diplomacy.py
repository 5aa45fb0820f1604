"""Rules for what states say and do to each other through their officials: ambassadors,
counterparts, "with", visits, mediation, recognition, statements addressed to a state."""

from ..context import Candidate, vetoes


def ambassador(sentence, position, cues):
    """سفير X في/لدى Y (the capital standing for its state); without في/لدى the nearest
    other state is the host ("ambassador-host"); استدعت الجزائر سفيرها لدى فرنسا: the
    sender is the subject before."""
    host_preps = cues.host_preps

    def after_host_prep(party):
        return sentence.word_before(party) in host_preps

    sender = sentence.first(position + 1, position + 2, lambda party: not party.anaphor and not after_host_prep(party))
    if sender is not None:
        host = sentence.first(sender.end, sender.end + 4, lambda party: party.code != sender.code and (
            after_host_prep(party) or "ب" in party.clitic or "ل" in party.clitic))
        if host is not None:
            for member in sentence.chain_of(host):
                if member.code != sender.code:
                    yield Candidate(sender.code, member.code, "ambassador")
            return
        host = sentence.nearest_before(position, sender.code) or \
            sentence.first(sender.end, len(sentence.words), lambda party: party.code != sender.code)
        if host is not None:
            yield Candidate(sender.code, host.code, "ambassador-host")
        return
    host = sentence.first(position + 1, position + 3, after_host_prep)
    sender = sentence.nearest_before(position, host.code, lambda party: not party.venue) if host is not None else None
    if sender is not None:
        for sending in sentence.chain_of(sender):
            for hosting in sentence.chain_of(host):
                if sending.code != hosting.code:
                    yield Candidate(sending.code, hosting.code, "ambassador")


def counterpart(sentence, position, cues):
    """X ... ونظيره Y (نظيريه الهندي والباكستاني: each of them)."""
    other = sentence.first(position + 1, position + 2)
    first = sentence.nearest_before(position, other.code) if other is not None else None
    if first is not None:
        for member in sentence.chain_of(other):
            if member.code != first.code:
                yield Candidate(first.code, member.code, "counterpart")


def with_(sentence, position, cues):
    """X ... مع Y, in a sentence with an interaction word."""
    if not sentence.interaction:
        return
    other = sentence.first(position + 1, position + 3, lambda party: not party.venue)
    first = sentence.nearest_before(position, other.code, lambda party: not party.venue) if other is not None else None
    if first is not None:
        yield Candidate(first.code, other.code, "with")


def visit(sentence, position, cues):
    """The visitor's state and the destination of زيارة/وصل/أرسل ... إلى Y (or a visit
    word taking its object directly: زار الرئيس المصري باكستان)."""
    word = sentence.words[position]
    destination = sentence.first(position + 1, position + 6,
                                 lambda party: sentence.word_before(party) in cues.to and not party.nisba)
    if destination is None and word in cues.visit_objects:
        destination = sentence.first(position + 1, position + 4, lambda party: not party.nisba and not party.venue)
    if destination is None:
        return
    code = destination.code
    visitor = next((party for party in sentence.parties if party.nisba and party.code != code), None) or \
        sentence.nearest_before(position, code) or \
        sentence.first(position + 1, destination.start - 1, lambda party: party.code != code)
    if visitor is not None:
        yield Candidate(visitor.code, code, "visit")


def mediation(sentence, position, cues):
    """بوساطة X: the mediator pairs with each side (one or two of them)."""
    mediator = sentence.first(position + 1, position + 2) or sentence.first(position - 4, position - 1)
    if mediator is None:
        return
    chain = sentence.chain_of(mediator)
    mediators = sorted({party.code for party in chain})
    sides = sorted({party.code for party in sentence.parties if party.code not in mediators and not party.venue})
    if 1 <= len(sides) <= 2:
        for code in mediators:
            for side in sides:
                yield Candidate(code, side, "mediation")
    yield from vetoes(chain, "co-mediators")


def recognition(sentence, position, cues):
    """X تعترف بـY (or each of X وZ)."""
    recognised = sentence.first(position + 1, position + 3, lambda party: "ب" in party.clitic)
    if recognised is None:
        return
    first = sentence.nearest_before(position, recognised.code, lambda party: not party.venue)
    if first is not None:
        for member in sentence.chain_of(first):
            if member.code != recognised.code:
                yield Candidate(member.code, recognised.code, "recognition")


def address(sentence, position, cues):
    """رحبت مصر والأردن بإجراء الانتخابات في العراق: each speaker with the one state it
    addresses (EG-IQ, IQ-JO), never the speakers with each other."""
    words, start = sentence.words, position + 1
    if start + 1 < len(words) and words[start] in ("كل", "وكل") and words[start + 1] == "من":
        start += 2
    speaker = next((party for party in sentence.parties
                    if party.start == start and not party.anaphor and not party.thing), None)
    if speaker is None:
        return
    speakers = sentence.chain_of(speaker)
    codes = {party.code for party in speakers}
    end = speakers[-1].end
    others = {party.code for party in sentence.parties if party.start >= end and party.code not in codes
              and not party.thing}
    if len(others) == 1:
        other = others.pop()
        for code in sorted(codes):
            yield Candidate(code, other, "address")
    yield from vetoes(speakers, "co-speakers")  # each speaks for itself
