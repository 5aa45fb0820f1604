"""Country pairs: relations an article reports, not names that merely co-occur.

Each rule (rules/, listed in registry.py) reads one sentence: its words (normalised)
and its parties, the states named in it (context.py). A rule proposes a pair with the
cue that fired; the cue's weight (data/pair_cues.json) is added to the pair for that
sentence, at most `sentence_cap` per sentence, and a pair whose total reaches the
threshold is reported; the highest score is the primary pair (tagger.py). Across
sentences, البلدين/الجانبين points back to the pair just evidenced ("both-countries")
and بلاده to the state just named.

Venues (في القاهرة، a state that hosts), companies', teams' and currencies' nationalities
never make a state a party; in a sports article only agreements make pairs.
"""

from .finder import PairFinder

__all__ = ["PairFinder"]
