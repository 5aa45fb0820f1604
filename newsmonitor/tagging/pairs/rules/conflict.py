"""Rules for force and pressure between states."""

from ..context import Candidate


def attack(sentence, position, cues):
    """هجوم/غارات/عقوبات X ... على Y: الهجوم الإسرائيلي على ...، الضربة التي شنتها
    إسرائيل على ...، إسرائيل تشن غارات على ..."""
    words, target, after = sentence.words, None, position + 1
    while after < min(position + 6, len(words)):
        if words[after] in cues.against:
            target = sentence.first(after + 1, after + 4)
            break
        after += 1
    if target is None:
        return
    code = target.code
    attacker = sentence.first(position + 1, after - 1, lambda party: party.code != code) or \
        sentence.first(position - 4, position - 1, lambda party: party.code != code)
    if attacker is not None:
        yield Candidate(attacker.code, code, "attack")


def _actor(sentence, position, cues, exclude=None):
    """Who acts through a force, pressure or support word: a nisba right after it
    (القوات الروسية، العقوبات الأمريكية), else the nearest state before it that is not a
    place (روسيا تشن غارات), else the subject right after a verb (تتهم الرياض طهران);
    never a group's patron."""
    nisba = sentence.first(position + 1, position + 2, lambda party: party.nisba and not party.thing
                           and party.code != exclude and not sentence.patron(party, cues))
    if nisba is not None:
        return nisba
    before = sentence.nearest_before(position, exclude, lambda party: not party.venue and not party.thing
                                     and position - party.end <= 6 and not sentence.patron(party, cues))
    return before


def military(sentence, position, cues):
    """A force or strike and where or against whom it acts: القوات الروسية في سوريا،
    غارات إسرائيلية على مواقع إيرانية في سوريا، تركيا تنشر قوات في قطر. Other forces
    named with the actor's (وطائرات بريطانية) are co-actors, not targets."""
    actor = _actor(sentence, position, cues)
    if actor is None:
        return
    targets = []
    for party in sentence.parties:
        if party.code == actor.code or party.thing or not position < party.start <= position + 8:
            continue
        if sentence.patron(party, cues):
            continue
        before = sentence.word_before(party)
        if party.nisba and before not in cues.target_nouns:
            continue  # a co-actor's nisba (وطائرات بريطانية), or a description
        if before in cues.place_preps or "ب" in party.clitic or party.nisba:
            if party.code not in targets:
                targets.append(party.code)
    for code in targets[:2]:
        yield Candidate(actor.code, code, "military")


def support(sentence, position, cues):
    """A supporter and the side it supports: X تدعم Y، روسيا الداعمة للنظام السوري،
    الحكومة اليمنية المدعومة من السعودية، بدعم من الإمارات."""
    if sentence.words[position] in cues.backed_by:
        backer = sentence.first(position + 1, position + 3, lambda party: not party.thing)
        if backer is None:
            return
        backed = sentence.nearest_before(position, backer.code, lambda party: not party.thing and not party.venue
                                         and not sentence.patron(party, cues))
    else:
        backer = _actor(sentence, position, cues)
        if backer is None:
            return
        backed = sentence.first(position + 1, position + 6, lambda party: not party.thing
                                and party.code != backer.code and not sentence.patron(party, cues))
    if backed is not None:
        yield Candidate(backer.code, backed.code, "support")


def pressure(sentence, position, cues):
    """Pressure aimed at a state: X تفرض عقوبات على Y، العقوبات الأمريكية على إيران،
    استدعت تركيا السفير السعودي، طردت بريطانيا دبلوماسيين روسا، X تتهم Y، قاطعت X وZ Y."""
    actor = _actor(sentence, position, cues)
    if actor is None:
        return
    target = sentence.first(position + 1, position + 6, lambda party: party.code != actor.code and not party.thing
                            and party.start != actor.start and not sentence.patron(party, cues))
    if target is None:
        return
    for member in sentence.chain_of(actor):
        if member.code != target.code:
            yield Candidate(member.code, target.code, "pressure")


def bloc(sentence, position, cues):
    """التحالف بقيادة السعودية ... في اليمن: the coalition's leader acts with the one or two
    other states the sentence names."""
    leader = sentence.first(position + 1, position + 2, lambda party: not party.thing)
    if leader is None:
        return
    others = sorted({party.code for party in sentence.parties if party.code != leader.code and not party.thing
                     and not sentence.patron(party, cues)})
    if 1 <= len(others) <= 2:
        for code in others:
            yield Candidate(leader.code, code, "bloc")
