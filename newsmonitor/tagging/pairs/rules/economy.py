"""Rules for money and goods between states: imports and payments, aid."""

from ..context import Candidate


def trade(sentence, position, cues):
    """X تستورد الغاز من Y; X تسدد مستحقات لشركات Y (a company's nationality counts)."""
    words, word = sentence.words, sentence.words[position]
    partner = None
    for party in sentence.parties:
        if position < party.start <= position + 6 and not party.anaphor:
            before = words[party.start - 1]
            if word in cues.imports and before in cues.from_ and not party.thing:
                partner = party
            elif word in cues.payments and ("ل" in party.clitic or party.thing or before[:1] == "ل"):
                partner = party
            if partner is not None:
                break
    if partner is None or partner.start >= len(words):
        return
    code, first = partner.code, None
    for party in sentence.parties:
        if party.end <= position and party.code != code and not party.venue and not party.thing:
            first = party
    if first is None:
        first = next((party for party in sentence.parties
                      if position < party.start < partner.start and party.code != code and not party.thing), None)
    if first is not None:
        yield Candidate(first.code, code, "trade")


def aid(sentence, position, cues):
    """مساعدات إماراتية إلى لبنان، قدمت السعودية مساعدات إلى السودان، مركز الملك سلمان
    للإغاثة ... في السودان: the donor (a nisba right after the aid word, else the state
    before it) with the receiver (after إلى/في or with لـ); تلقى الأردن مساعدات أمريكية:
    the receiver may come first."""
    parties = sentence.parties
    donor = next((party for party in parties
                  if position < party.start <= position + 2 and party.nisba and not party.thing), None)
    if donor is not None:
        before = [party for party in parties if party.end <= position and party.code != donor.code
                  and not party.venue and not party.thing and not party.anaphor]
        if before:
            yield Candidate(before[-1].code, donor.code, "aid")
            return
    else:
        for party in parties:
            if party.end <= position and not party.venue and not party.thing and not party.anaphor:
                donor = party
    if donor is None:
        return
    words = sentence.words
    receiver = next((party for party in parties if position < party.start <= position + 8
                     and party.code != donor.code and not party.nisba and not party.thing
                     and (words[party.start - 1] in cues.aid_to or "ل" in party.clitic)), None)
    if receiver is not None:
        yield Candidate(donor.code, receiver.code, "aid")
