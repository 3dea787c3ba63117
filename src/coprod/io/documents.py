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
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import cattrs
import tomli_w

from coprod.catalogues import seed_barrier_taxonomy
from coprod.errors import InvalidInputError, Problem
from coprod.io.converter import bounded, make_converter, problems_from, with_code
from coprod.model.assessment import Assessment, in_document_order
from coprod.model.barriers import BarrierTaxonomy

if TYPE_CHECKING:
    from coprod.appraisal.parameters_model import ParameterSet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = [
    "DOCUMENT_SUFFIXES",
    "AssessmentSource",
    "dump_assessment",
    "load_assessment",
    "parse_document",
]

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
        raise InvalidInputError.single(source, f"invalid TOML: {error}", code="syntax") from None
    except json.JSONDecodeError as error:
        raise InvalidInputError.single(
            source,
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}",
            code="syntax",
        ) from None
    except (ValueError, RecursionError) as error:
        raise InvalidInputError.single(
            source, f"invalid {format.upper()}: {error}", code="syntax"
        ) from None
    if not isinstance(data, dict):
        raise InvalidInputError.single(
            source, "the document must be a table/object at the top", code="invalid-value"
        )
    return data


#: What :func:`load_assessment` reads: a path, text or bytes (with ``format=``), an
#: open file, or an already parsed mapping.
AssessmentSource = (
    str | os.PathLike[str] | bytes | bytearray | IO[bytes] | IO[str] | Mapping[str, Any]
)

_FORMATS = ("toml", "json", "csv")


#: A TOML line that no CSV header looks like: ``[table]``, ``[[array]]`` or ``key = value``
#: (dotted and quoted keys too); a trailing comment is allowed after a header.
_TOML_LINE = re.compile(
    r"""\[\[?\s*[A-Za-z0-9_"'.\- ]+\s*\]\]?\s*(?:\#.*)?$"""
    r"""|(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*\s*="""
)


def _guess_format(data: bytes | str) -> str:
    """The format of unnamed input (standard input): JSON, TOML, or else CSV.

    JSON starts with ``{``. TOML is recognised by its first line that is neither blank
    nor a ``#`` comment: a ``[table]`` or ``[[array]]`` header or a ``key = value``
    line; input that is all comments is TOML too (an empty document). Anything else
    is CSV, whose header may follow ``#`` lines as well.
    """
    head = data[:65536].decode("utf-8", "replace") if isinstance(data, bytes) else data[:65536]
    head = head.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return "json"
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    meaningful = [line for line in lines if not line.startswith("#")]
    if not meaningful:
        return "toml" if lines else "csv"
    return "toml" if _TOML_LINE.match(meaningful[0]) else "csv"


def _text_of(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInputError.single(
            source,
            f"not UTF-8 text (byte {error.start}): save the file as UTF-8",
            code="bad-encoding",
        ) from None


def _exists(path: Path) -> bool:
    """``path.exists()``, False for names the system refuses (too long: text, not a path)."""
    try:
        return path.exists()
    except OSError:
        return False


def _content(source: AssessmentSource, format: str | None) -> tuple[str | bytes, str, str]:
    """The raw content of ``source``, its name for messages, and its format."""
    if format is not None and format not in _FORMATS:
        raise InvalidInputError.single(
            "format",
            f"unknown format {format!r}; use toml, json or csv",
            code="unsupported-format",
        )
    if isinstance(source, (bytes, bytearray)):
        if format is None:
            raise InvalidInputError.single(
                "<bytes>",
                "give the format of bytes: load_assessment(data, format='toml', 'json' or 'csv')",
                code="unsupported-format",
            )
        return bytes(source), "<bytes>", format
    if (
        isinstance(source, str)
        and format is not None
        and ("\n" in source or "\r" in source or not os.path.isfile(source))
    ):
        return source, "<text>", format
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        if name == "-":
            data = sys.stdin.buffer.read()
            return data, "<stdin>", format or _guess_format(data)
        path = Path(name)
        chosen = format
        if chosen is None:
            suffix = path.suffix.lower()
            if (
                isinstance(source, str)
                and not _exists(path)
                and ("\n" in source or source.lstrip().startswith(("{", "[")))
            ):
                raise InvalidInputError.single(
                    "<text>",
                    "this looks like the text of a document, not a path: "
                    "pass format='toml', 'json' or 'csv' to load text",
                    code="unsupported-format",
                )
            if suffix not in DOCUMENT_SUFFIXES:
                raise InvalidInputError.single(
                    str(path),
                    f"unsupported file type {suffix or '(none)'}; use .toml, .json or .csv "
                    "(or pass format=)",
                    code="unsupported-format",
                )
            chosen = suffix[1:]
        try:
            raw = path.read_bytes()
        except OSError as error:
            message = error.strerror or str(error)
            if isinstance(source, str) and isinstance(error, FileNotFoundError):
                message += " (to load text rather than a file, pass format=)"
            raise InvalidInputError.single(str(path), message, code="unreadable") from None
        return raw, path.name if chosen == "csv" else str(path), chosen
    # An open file.
    assert not isinstance(source, Mapping)  # mappings never reach here
    given = getattr(source, "name", None)
    label = Path(given).name if isinstance(given, str) and given else "<stream>"
    try:
        data_: str | bytes = source.read()
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInputError.single(label, str(error), code="unreadable") from None
    if format is None:
        suffix = Path(given).suffix.lower() if isinstance(given, str) else ""
        format = suffix[1:] if suffix in DOCUMENT_SUFFIXES else _guess_format(data_)
    return data_, label, format


def _read(
    source: AssessmentSource,
    *,
    format: str | None,
    organisation: str | None,
    encoding: str | None,
    delimiter: str | None,
) -> tuple[Mapping[str, Any], Callable[[Problem], Problem | None] | None, list[Problem]]:
    content, name, chosen = _content(source, format)
    if chosen == "csv":
        from coprod.io.initiatives_csv import read_initiatives

        default = Path(name).stem if not name.startswith("<") else "Organisation"
        table = read_initiatives(
            content if isinstance(content, bytes) else _as_table_text(content),
            organisation=organisation if organisation is not None else default,
            name=name,
            encoding=encoding,
            delimiter=delimiter,
        )
        return table.document, table.locate, list(table.problems)
    text = content if isinstance(content, str) else _text_of(content, name)
    return parse_document(text, chosen), None, []


def _as_table_text(text: str) -> str:
    # The table reader treats a str with a line break as text: a one-line table
    # (a header only) gets one.
    return text if ("\n" in text or "\r" in text) else text + "\n"


def _organisation_problems(organisation: str | None) -> list[Problem]:
    if organisation is None:
        return []
    if not organisation.strip():
        return [
            Problem(
                "organisation",
                "is blank: give the organisation's name",
                code="invalid-option",
            )
        ]
    return []


@functools.lru_cache(maxsize=8)
def _converter(barrier_ids: frozenset[str]) -> cattrs.Converter:
    # Building a converter generates code for every class: reuse it per taxonomy. The
    # cache holds only converters, which do not change once built.
    return make_converter(barrier_ids)


def load_assessment(
    source: AssessmentSource,
    *,
    format: str | None = None,
    barriers: BarrierTaxonomy | None = None,
    organisation: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    parameter_sets: Iterable[ParameterSet] = (),
) -> Assessment:
    """Load and validate an assessment from a file, text, bytes, an open file or a mapping.

    ``source`` is a path (``.toml``, ``.json`` or ``.csv``; ``"-"`` is standard
    input), a mapping already parsed, or text, bytes or an open file with
    ``format="toml"``, ``"json"`` or ``"csv"`` (a ``str`` without ``format`` is a
    path; one that is not an existing file is an error saying to pass ``format=``).
    Every problem is reported at once in an :class:`~coprod.errors.InvalidInputError`,
    one per line, each with its path (``$.initiatives[3].ratings.risk: must be an
    integer from 1 to 5, got 9``; for CSV, ``initiatives.csv row 5, column 'risk':
    …``) and a code. Barrier ids are checked against ``barriers`` (default: the seed
    taxonomy; pass ``manager.barriers`` to include plugins' barriers).
    ``organisation`` names the organisation of a CSV table (default: the file name
    without suffix, or ``"Organisation"`` for text, bytes or standard input; a blank
    one is a problem at ``organisation``); ``encoding`` and ``delimiter`` are for CSV (see
    :mod:`coprod.io.table`). A business case's ``parameter_set`` is checked against the
    bundled appraisal parameter sets and ``parameter_sets`` (pass
    ``manager.appraisal_parameters`` to include plugins' sets).
    """
    locate: Callable[[Problem], Problem | None] | None = None
    early = _organisation_problems(organisation)
    if early:
        raise InvalidInputError(early)
    read_problems: list[Problem] = []
    if isinstance(source, Mapping):
        document: Mapping[str, Any] = source
    else:
        document, locate, read_problems = _read(
            source,
            format=format,
            organisation=organisation,
            encoding=encoding,
            delimiter=delimiter,
        )
    taxonomy = barriers if barriers is not None else seed_barrier_taxonomy()
    converter = _converter(taxonomy.ids)
    try:
        assessment = converter.structure(document, Assessment)
    except Exception as error:
        problems = [bounded(with_code(p)) for p in in_document_order(problems_from(error))]
        raise InvalidInputError(_merged(read_problems, problems, locate)) from None
    if read_problems:
        raise InvalidInputError(read_problems)
    parameter_problems = _parameter_set_problems(assessment, tuple(parameter_sets))
    if parameter_problems:
        raise InvalidInputError(parameter_problems)
    return assessment


def _parameter_set_problems(
    assessment: Assessment, extra: tuple[ParameterSet, ...] = ()
) -> list[Problem]:
    """The business case names a parameter set (and schedule) coprod has (issue 12)."""
    case = assessment.business_case
    if case is None:
        return []
    from coprod.appraisal import bundled_parameter_sets

    sets = {s.id: s for s in (*bundled_parameter_sets(), *extra)}
    chosen = sets.get(case.parameter_set)
    if chosen is None:
        return [
            Problem(
                "$.business_case.parameter_set",
                f"unknown parameter set {case.parameter_set!r} (known: {', '.join(sorted(sets))})",
                code="unknown-reference",
            )
        ]
    names = [schedule.name for schedule in chosen.schedules]
    if case.schedule is not None and case.schedule not in names:
        return [
            Problem(
                "$.business_case.schedule",
                f"unknown schedule {case.schedule!r} of {chosen.id} (known: {', '.join(names)})",
                code="unknown-reference",
            )
        ]
    return []


def _merged(
    first: list[Problem],
    problems: list[Problem],
    locate: Callable[[Problem], Problem | None] | None,
) -> list[Problem]:
    if locate is None:
        return [*first, *problems]
    from coprod.io.initiatives_csv import sheet_order

    located = [p for p in (locate(problem) for problem in problems) if p is not None]
    return sorted([*first, *located], key=sheet_order)


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
