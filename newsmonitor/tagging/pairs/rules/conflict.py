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
