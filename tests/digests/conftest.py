"""The digests' tests: every test counts its subscribe requests afresh (a key prefix of
its own in the real shared cache, so runs and tests never see each other's counts and
nothing clears a cache the broker may share), and runs on the sample corpus's outlets."""

import uuid

import pytest

from tests.support.factory import load_sample


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    caches = {name: dict(config) for name, config in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    return caches["default"]["KEY_PREFIX"]


@pytest.fixture
def sample(db):
    return load_sample()
