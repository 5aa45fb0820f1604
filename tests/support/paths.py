"""Where things are, for tests in any folder of tests/."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"  # the shared examples and corpus beside the checkout
