"""`python -m newsmonitor.demo.builder [--out DIR]`: rebuild the demo site."""
import argparse
import sys
from pathlib import Path

from newsmonitor.demo import SITE_DIR
from newsmonitor.demo.builder.build import OUTLETS, build


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsmonitor.demo.builder", description=__doc__)
    parser.add_argument("--out", type=Path, default=SITE_DIR,
                        help="folder to write the site into (default: %(default)s)")
    args = parser.parse_args(argv)
    articles = build(args.out)
    words = [a.words() for a in articles]
    print(f"{len(OUTLETS)} outlets, {len(articles)} pages, {sum(words)} words "
          f"(min {min(words)}, max {max(words)}) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
