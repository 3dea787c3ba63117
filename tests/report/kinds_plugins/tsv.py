"""One exporter of a new format, ``tsv``, for every report kind (through ``tables()``).

Registered once, it must serve the assessment, the surveys and the match report
from the command line: that is the acceptance of "every format is an exporter".
"""

from __future__ import annotations

from collections.abc import Callable

from coprod import Exporter, hookimpl
from coprod.report_value import ReportValue


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def render_tsv(report: ReportValue) -> str:
    main = next(iter(report.tables()))
    lines = ["\t".join(main.columns)]
    lines += ["\t".join(_cell(cell) for cell in row) for row in main.rows]
    return "\n".join(lines) + "\n"


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    register(
        Exporter(
            format="tsv",
            media_type="text/tab-separated-values",
            suffix=".tsv",
            render=render_tsv,
            kinds=("*",),
        )
    )
