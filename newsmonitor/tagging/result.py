"""What the tagger says of an article: typed, so every reader knows the fields it gets
(no guessing, no `.get()` with a default). `as_dict()` is the JSON shape of
`python -m newsmonitor.tagging`."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CountryDetail:
    code: str
    mentions: int
    first_position: int  # index of the word where it is first named, title words first
    salience: float  # 0..1: in the title, named often, named early
    forms: tuple  # surface forms as printed


@dataclass(frozen=True)
class PairDetail:
    pair: tuple  # (a, b), sorted ISO codes
    score: float
    primary: bool
    evidence: tuple  # up to 3 sentences as printed
    cues: tuple  # the rules that fired


@dataclass(frozen=True)
class TopicDetail:
    topic: str
    score: float
    terms: tuple  # the lexicon terms that matched, heaviest first


@dataclass(frozen=True)
class TagResult:
    countries: tuple  # ISO 3166-1 alpha-2 codes, sorted
    pairs: tuple  # sorted (a, b) pairs whose relations the article reports
    primary_pair: tuple | None
    topics: tuple  # taxonomy slugs, sorted
    country_details: tuple  # CountryDetail, by code
    pair_details: tuple  # PairDetail, by pair
    topic_details: tuple  # TopicDetail, by slug
    language: str  # "ar", or the other language the article is in (then left untagged)

    def as_dict(self):
        return {
            "countries": list(self.countries),
            "pairs": [list(pair) for pair in self.pairs],
            "primary_pair": list(self.primary_pair) if self.primary_pair else None,
            "topics": list(self.topics),
            "country_details": [{"code": d.code, "mentions": d.mentions, "first_position": d.first_position,
                                 "salience": d.salience, "forms": list(d.forms)} for d in self.country_details],
            "pair_details": [{"pair": list(d.pair), "score": d.score, "primary": d.primary,
                              "evidence": list(d.evidence), "cues": list(d.cues)} for d in self.pair_details],
            "topic_details": [{"topic": d.topic, "score": d.score, "terms": list(d.terms)}
                              for d in self.topic_details],
            "language": self.language,
        }


def untagged(language):
    """The result for an article in a language whose names the tagger does not read."""
    return TagResult((), (), None, (), (), (), (), language)
