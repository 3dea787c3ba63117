"""Test configuration shared by the whole repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Both profiles are derandomised: the examples Hypothesis tries follow from each test
# alone, so a run on a laptop and a run in CI try the same examples, and a test that
# passes or fails does so every time (a result that depends on the run is not a
# result). Hypothesis's example database would replay earlier failures first and so
# make a run depend on the runs before it; derandomize=True turns it off.
#
# To search afresh for counterexamples on purpose: ``HYPOTHESIS_PROFILE=explore pytest``
# (random seeds, more examples); a failure it finds becomes an @example or a pinned test.
_SLOW = [HealthCheck.too_slow]

# CI machines have 2 cores and other work to do: no deadline flakiness there.
settings.register_profile("ci", deadline=None, suppress_health_check=_SLOW, derandomize=True)
settings.register_profile("dev", deadline=None, suppress_health_check=_SLOW, derandomize=True)
# Randomised search with more examples, for looking for new bugs on purpose.
settings.register_profile("explore", deadline=None, suppress_health_check=_SLOW, max_examples=1000)
_DEFAULT = "ci" if os.environ.get("CI") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or _DEFAULT)


#: The seed documents (the domain source) live beside the repository, wherever the
#: checkout is: ``<repo>/../shared/seeds``.
SEED_DIR = Path(__file__).resolve().parent.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """The seed documents' folder. Missing: a skip on a laptop, a failure in CI (``CI`` set).

    Tests that check figures and quotes against the seeds must not pass quietly in CI
    by not running.
    """
    if not SEED_DIR.is_dir():
        message = f"the seed documents are not at {SEED_DIR} (<repository>/../shared/seeds)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SEED_DIR
