"""Draws the articles to annotate from the shared corpus, once, reproducibly:

    python -m newsmonitor.tagging.gold.real.draw   # writes sample.json

- 400 at random (seed RANDOM_SEED);
- 70 more on purpose, rich in what the tagger of 2026-12 misses (military action,
  sanctions and pressure, blocs, relations stated as nouns): chosen by cue words only,
  never by the tagger's output, at random among the articles with at least two kinds
  of cue (seed PURPOSIVE_SEED);
- split once into a development half and a test half (seed SPLIT_SEED), each draw
  halved separately. The test half is scored, never read to tune on.
"""

import json
import random
import re

from newsmonitor.tagging.gold.real.corpus import SAMPLE, articles

RANDOM_SEED, PURPOSIVE_SEED, SPLIT_SEED = 20261203, 20261204, 20261205
RANDOM_N, PURPOSIVE_N = 400, 70
CUES = {
    "military": r"غار(?:ة|ات)|قصف|ضرب(?:ة|ات) (?:جوية|صاروخية)|إسقاط|نشر (?:قوات|صواريخ)|القوات ال\w+ية في",
    "pressure": r"عقوبات|حظر|طرد|استدعاء|تهدد|تحذر|تتهم|تدين|إدانة|مقاطعة",
    "bloc": r"التحالف بقيادة|التحالف العربي|الدول الأربع|الرباعي|الثلاثي|حلف|المقاطعة",
    "noun-relation": r"العلاقات ال\w+ية[- ]ال\w+ية|التوتر بين|الأزمة بين|الخلاف بين",
}


def draw():
    corpus = articles()
    ids = sorted(corpus)
    chosen = random.Random(RANDOM_SEED).sample(ids, RANDOM_N)
    rest = sorted(set(ids) - set(chosen))
    rich = [i for i in rest if kinds_of_cue(corpus[i]) >= 2]
    purposive = random.Random(PURPOSIVE_SEED).sample(rich, PURPOSIVE_N)
    rng = random.Random(SPLIT_SEED)
    out = []
    for name, group in (("random", chosen), ("purposive", purposive)):
        group = sorted(group)
        rng.shuffle(group)
        half = len(group) // 2
        out += [{"id": i, "draw": name, "split": "dev" if n < half else "test"} for n, i in enumerate(group)]
    out.sort(key=lambda item: item["id"])
    return {"corpus": "ant-2018-dev.jsonl", "seeds": {"random": RANDOM_SEED, "purposive": PURPOSIVE_SEED,
                                                      "split": SPLIT_SEED},
            "candidates_for_purposive": len(rich), "articles": out}


def kinds_of_cue(article):
    text = article["title"] + "\n" + article["body"]
    return sum(bool(re.search(pattern, text)) for pattern in CUES.values())


if __name__ == "__main__":
    SAMPLE.write_text(json.dumps(draw(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {SAMPLE}")
