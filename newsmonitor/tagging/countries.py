"""The states the tagger knows, with the names other parts show and search for: read
from the gazetteer's data file (data/countries.json), which only the tagger reads."""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "countries.json"


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2 (PS, XK, TW, EH, HK included)
    ar: str  # its usual Arabic name, as written
    en: str
    names: tuple  # Arabic names as written (the first is `ar`)
    adjectives: tuple  # nisba bases (مصري)
    capitals: tuple


@lru_cache(maxsize=1)
def countries():
    """{code: Country} for every state of the gazetteer."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {item["code"]: Country(item["code"], item["names"][0], item["en"], tuple(item["names"]),
                                  tuple(item.get("adjectives", ())), tuple(item.get("capitals", ())))
            for item in data["countries"]}
