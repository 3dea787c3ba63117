"""Assessment documents: TOML, JSON and CSV in; JSON and TOML out.

:func:`load_assessment` reads a file or a mapping, validates it strictly and
returns an :class:`~coprod.Assessment`, or raises
:class:`~coprod.errors.InvalidInputError` listing every problem with its path.
:func:`dump_assessment` writes an assessment back; load → dump → load is the
identity.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import cattrs
import tomli_w

from coprod.catalogues import seed_barrier_taxonomy
from coprod.errors import InvalidInputError, Problem
from coprod.io.converter import make_converter, problems_from
from coprod.model.assessment import Assessment, in_document_order
from coprod.model.barriers import BarrierTaxonomy

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = ["DOCUMENT_SUFFIXES", "dump_assessment", "load_assessment", "parse_document"]

#: File suffixes :func:`load_assessment` reads.
DOCUMENT_SUFFIXES = (".toml", ".json", ".csv")


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number coprod accepts")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def parse_document(text: str, format: str, *, source: str = "$") -> Mapping[str, Any]:
    """Parse TOML or JSON text into a mapping; syntax errors become one problem.

    JSON is parsed strictly: ``NaN``/``Infinity`` and duplicate keys are errors.
    """
    try:
        if format == "toml":
            data: object = tomllib.loads(text)
        elif format == "json":
            data = json.loads(
                text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys
            )
        else:
            raise ValueError(f"unknown document format {format!r} (expected toml or json)")
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError.single(source, f"invalid TOML: {error}") from None
    except json.JSONDecodeError as error:
        raise InvalidInputError.single(
            source, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except (ValueError, RecursionError) as error:
        raise InvalidInputError.single(source, f"invalid {format.upper()}: {error}") from None
    if not isinstance(data, dict):
        raise InvalidInputError.single(source, "the document must be a table/object at the top")
    return data


def _read(
    path: Path, *, organisation: str | None
) -> tuple[Mapping[str, Any], Callable[[str], str] | None]:
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise InvalidInputError.single(
            str(path), f"unsupported file type {suffix or '(none)'}; use .toml, .json or .csv"
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidInputError.single(str(path), error.strerror or str(error)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInputError.single(
            str(path), f"not UTF-8 text (byte {error.start}): save the file as UTF-8"
        ) from None
    if suffix == ".csv":
        from coprod.io.initiatives_csv import csv_location, initiatives_document

        document, rows = initiatives_document(
            text, organisation=organisation or path.stem, source=path.name
        )
        return document, lambda where: csv_location(where, path.name, rows)
    return parse_document(text, suffix[1:]), None


@functools.lru_cache(maxsize=8)
def _converter(barrier_ids: frozenset[str]) -> cattrs.Converter:
    # Building a converter generates code for every class: reuse it per taxonomy. The
    # cache holds only converters, which do not change once built.
    return make_converter(barrier_ids)


def load_assessment(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    barriers: BarrierTaxonomy | None = None,
    organisation: str | None = None,
) -> Assessment:
    """Load and validate an assessment from a file (``.toml``, ``.json``, ``.csv``) or a mapping.

    Every problem is reported at once in an :class:`~coprod.errors.InvalidInputError`,
    one per line, each with its path (``$.initiatives[3].ratings.risk: must be an
    integer from 1 to 5, got 9``; for CSV, ``row 5, column 'risk': …``). Barrier ids
    are checked against ``barriers`` (default: the seed taxonomy; pass
    ``manager.barriers`` to include plugins' barriers). ``organisation`` names the
    organisation of a CSV file (default: the file name without suffix).
    """
    locate: Callable[[str], str] | None = None
    if isinstance(source, Mapping):
        document = source
    else:
        document, locate = _read(Path(source), organisation=organisation)
    taxonomy = barriers if barriers is not None else seed_barrier_taxonomy()
    converter = _converter(taxonomy.ids)
    try:
        return converter.structure(document, Assessment)
    except Exception as error:
        problems = in_document_order(problems_from(error))
        raise _located(InvalidInputError(problems), locate) from None


def _located(error: InvalidInputError, locate: Callable[[str], str] | None) -> InvalidInputError:
    if locate is None:
        return error
    return InvalidInputError(Problem(locate(p.where), p.message) for p in error.problems)


def dump_assessment(assessment: Assessment, format: str = "json") -> str:
    """Serialise ``assessment`` as ``"json"`` or ``"toml"`` text in the document format.

    Defaults are omitted, so the output is what a person would write;
    :func:`load_assessment` reads it back to an equal assessment.
    """
    data = make_converter().unstructure(assessment)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if format == "toml":
        return tomli_w.dumps(data)
    raise ValueError(f"unknown format {format!r} (expected json or toml)")
