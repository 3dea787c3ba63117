"""The real Pabulib files, found beside the repository (../shared/external-data/pabulib)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: /work/main/tests/priorities/conftest.py -> parents[2] is the repository root.
PABULIB = (Path(__file__).resolve().parents[2] / "../shared/external-data/pabulib").resolve()


def pabulib_dir() -> Path:
    """The data folder; fail under CI (env CI set), skip elsewhere, when it is missing."""
    if not PABULIB.is_dir() or not any(PABULIB.glob("*.pb")):
        message = f"the Pabulib files are missing: {PABULIB}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return PABULIB


@pytest.fixture
def pabulib() -> Path:
    return pabulib_dir()
