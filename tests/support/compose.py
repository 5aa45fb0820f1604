"""docker-compose.yml as the tests read it (there is no Docker engine here): its
services with YAML merge keys applied, and its environment with compose's ${...} filled."""

import re

import yaml

from tests.support.paths import ROOT

APP_SERVICES = ("migrate", "web", "worker", "extractor", "beat")
# ${NAME}, ${NAME:-default}, ${NAME:?error}: the forms the file uses.
VARIABLE = re.compile(r"\$\{(\w+)(?::([-?])([^}]*))?\}")


def services():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def interpolate(value, given):
    """VALUE with each ${...} replaced as compose would, from the variables GIVEN."""
    def one(match):
        name, kind, rest = match.groups()
        if given.get(name):
            return given[name]
        if kind == "?":
            raise KeyError(f"{name}: {rest}")
        return rest or ""

    return VARIABLE.sub(one, str(value))
