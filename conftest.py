"""Test configuration shared by the whole repository."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# CI machines have 2 cores and other work to do: no deadline flakiness there.
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")
