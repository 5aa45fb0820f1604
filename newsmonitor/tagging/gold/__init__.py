"""The hand-written, hand-annotated gold set the Arabic tagger is measured on.

- gold.jsonl   the cases, one JSON object a line (generated: edit src/*.txt, then run build.py)
- src/*.txt    the cases as written and annotated
- build.py     sources -> gold.jsonl, with validation and counts
- evaluate.py  precision / recall / F1 of a tagger on the set
- README.md    how the set was written and the annotation guidelines

Nothing here imports Django or the tagger itself.
"""

from pathlib import Path

GOLD_PATH = Path(__file__).resolve().parent / "gold.jsonl"
