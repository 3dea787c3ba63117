"""The case-study catalogue as a report (kind ``"cases"``): ``coprod cases``.

The seeds' case studies (:func:`coprod.case_studies`), optionally only those of one
Co, each with the Co's, service model and form the seeds give it. The built-in
exporters render it as a text table (``summary``) or JSON; every generic exporter
(CSV, Markdown, HTML, a plugin's) renders it through :meth:`CaseCatalogue.tables`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import attrs

from coprod.catalogues import case_studies
from coprod.model.cases import CaseStudy
from coprod.model.star import Co
from coprod.report_value import Table

__all__ = ["CaseCatalogue"]


@attrs.frozen
class CaseCatalogue:
    """Case studies of the seeds, in the catalogue's order; ``co`` is the filter used."""

    kind: ClassVar[str] = "cases"

    cases: tuple[CaseStudy, ...]
    co: Co | None = None

    @classmethod
    def of(cls, co: Co | None = None) -> CaseCatalogue:
        """The seeds' catalogue, only the cases of ``co`` when one is given."""
        return cls(
            cases=tuple(c for c in case_studies() if co is None or co in c.cos),
            co=co,
        )

    def tables(self) -> Iterator[Table]:
        """One row per case (the main table), then one row per key figure."""
        yield Table(
            name="cases",
            title="Case studies",
            columns=(
                "id",
                "name",
                "place",
                "country",
                "cos",
                "co_tagged_by_seed",
                "sector",
                "service_model",
                "form",
                "seeds",
            ),
            rows=(
                (
                    c.id,
                    c.name,
                    c.place,
                    c.country,
                    ";".join(co.value for co in c.cos),
                    c.co_tagged_by_seed,
                    c.sector.value,
                    c.service_model.value if c.service_model else None,
                    c.form.value if c.form else None,
                    ";".join(c.seeds),
                )
                for c in self.cases
            ),
        )
        yield Table(
            name="figures",
            title="Key figures",
            columns=("case", "label", "value", "seed"),
            rows=((c.id, f.label, f.value, f.seed) for c in self.cases for f in c.figures),
        )
