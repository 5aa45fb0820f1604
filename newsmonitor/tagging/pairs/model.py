"""The pair model: a logistic regression over features.py's features, trained on the
development half of the real-news annotations by `python -m newsmonitor.tagging.pairs.train`
and kept as a readable data file (data/pair_model.json: a weight per feature, the bias,
the decision threshold)."""

import json
import math
from pathlib import Path


class PairModel:
    def __init__(self, data):
        """`data`: the data file's content (weights, bias, threshold)."""
        self.weights = {name: float(weight) for name, weight in data["weights"].items()}
        self.bias = float(data["bias"])
        self.threshold = float(data["threshold"])

    @classmethod
    def load(cls, path):
        path = Path(path)
        return cls(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None

    def probability(self, features):
        weights = self.weights
        total = self.bias + sum(weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(total, 30.0), -30.0)))
