"""An example plugin that reads earlier readings: it fires when a Co's score falls.

docs/plugins.md ("Reading earlier readings") shows it. A progress report holds every
reading with its full assessment report, so a plugin's exporter for the kind
``progress`` sees the readings in date order and can compare any of them.
"""

from __future__ import annotations

from collections.abc import Callable

from coprod import Exporter, Finding, Severity, hookimpl
from coprod.progress import Progress
from coprod.progress.compare import share


def falls(progress: Progress) -> list[Finding]:
    """A warning for each Co whose score fell from one reading to the next."""
    found = []
    for before, after in zip(progress.readings, progress.readings[1:], strict=False):
        for old, new in zip(before.report.star, after.report.star, strict=True):
            if new.score < old.score:
                found.append(
                    Finding(
                        Severity.WARNING,
                        f"{new.co.label} fell from {share(old.score)} to {share(new.score)} "
                        f"between {before.as_of} and {after.as_of}",
                        source="progress.score-falls",
                    )
                )
    return found


def render_alerts(progress: Progress) -> str:
    return "".join(f"{f.severity.value}: {f.message}\n" for f in falls(progress)) or "no falls\n"


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    register(
        Exporter(
            format="alerts",
            media_type="text/plain",
            suffix=".alerts",
            render=render_alerts,
            description="A warning for each Co whose score fell between readings.",
            kinds=("progress",),
        )
    )
