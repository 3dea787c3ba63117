"""The edge of coprod: reading untrusted input, writing files.

Validation of untrusted data happens here and only here; the domain core trusts
what it is given.
"""

from __future__ import annotations

from coprod.io.atomic import write_atomic

__all__ = ["write_atomic"]
