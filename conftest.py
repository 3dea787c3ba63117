"""Test configuration shared by the whole repository."""

from __future__ import annotations

import os
import subprocess
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
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


def check_progress_stages(calls: Sequence[tuple[str, int, int | None]]) -> dict[str, list[int]]:
    """The counts of each stage of a progress callback's ``calls``, checked: they start at
    0, never go down, keep one total and end at it (``coprod.progress_callback``)."""
    by_stage: dict[str, list[int]] = defaultdict(list)
    totals: dict[str, int | None] = {}
    for stage, done, total in calls:
        by_stage[stage].append(done)
        assert totals.setdefault(stage, total) == total, f"{stage}: total changed"
    for stage, counts in by_stage.items():
        assert counts[0] == 0, stage
        assert counts == sorted(counts), f"{stage}: counts went down: {counts}"
        assert counts[-1] == totals[stage], stage
    return dict(by_stage)


def run_on_a_terminal(
    command: Sequence[str], env: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """(stdout, stderr) of ``command`` run with standard error on a pseudo-terminal, so
    the command line shows its progress as it would to a person."""
    leader, follower = os.openpty()
    try:
        done = subprocess.run(
            list(command), stderr=follower, stdout=subprocess.PIPE, check=True, env=env
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO on Linux once the other side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return done.stdout.decode("utf-8"), b"".join(chunks).decode("utf-8")


@pytest.fixture(scope="session")
def progress_stages() -> Callable[..., dict[str, list[int]]]:
    """:func:`check_progress_stages`, for tests of progress callbacks."""
    return check_progress_stages


@pytest.fixture(scope="session")
def on_a_terminal() -> Callable[..., tuple[str, str]]:
    """:func:`run_on_a_terminal`, for tests of what the CLI draws on a terminal."""
    return run_on_a_terminal
