"""The strict cattrs converter at coprod's edge, and its errors as paths.

Strict means no silent coercion: ``"3"``, ``4.7`` and ``true`` are not the integer
3; ``1`` is not ``true``; a string is not a list; unknown keys are rejected; NaN
and infinities are rejected. Every problem is reported with its path into the
document (``$.initiatives[3].ratings.risk``).

attrs validators in the domain core follow one convention that makes their
failures addressable: their messages begin with the field's name
(``"risk must be an integer from 1 to 5, got 9"``).
"""

from __future__ import annotations

import datetime
import enum
import math
import re
import types
import typing
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from coprod.errors import InvalidInputError, Problem
from coprod.io.characters import refused_character
from coprod.model.actions import unknown_action_barrier_problems
from coprod.model.assessment import (
    Assessment,
    in_document_order,
    partial_integrity_problems,
    unknown_barrier_problems,
)
from coprod.model.market_grow import market_grow_problems
from coprod.model.service_model import Level

__all__ = ["bounded", "describe", "make_converter", "problems_from", "with_code"]


class _Rejected(ValueError):
    """A leaf value of the wrong type or shape; the message is the whole explanation."""


def describe(value: object) -> str:
    """A short, safe description of a bad value for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, Mapping)):
        return "a table"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
        # repr() of a huge int is slow, and fails past 4300 digits.
        return f"an integer of {math.floor(math.log10(abs(value))) + 1} digits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


#: Integers in a document are small (ratings, grades); anything wider is rejected
#: before validators format it into a message.
_MAX_INT_BITS = 64


def _structure_int(value: object, _type: object) -> int:
    if type(value) is not int:
        raise _Rejected(f"expected an integer, got {describe(value)}")
    if value.bit_length() > _MAX_INT_BITS:
        raise _Rejected(f"number too large: {describe(value)}")
    return value


def _structure_float(value: object, _type: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Rejected(f"expected a number, got {describe(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise _Rejected(f"number too large: {describe(value)}") from None
    if not math.isfinite(number):
        raise _Rejected(f"expected a finite number, got {describe(value)}")
    return number


def _structure_str(value: object, _type: object) -> str | enum.Enum:
    if _type is not str:  # a str-based enum, dispatched here by its str base class
        return _structure_enum(value, _type)
    if not isinstance(value, str):
        raise _Rejected(f"expected a string, got {describe(value)}")
    why = refused_character(value)
    if why is not None:
        raise _Rejected(f"{why}: not text")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            # A lone surrogate (JSON "\ud800") is not text: no file or terminal can hold it.
            raise _Rejected(
                f"expected text, got a lone surrogate at character {error.start}"
            ) from None
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _structure_date(value: object, _type: object) -> datetime.date:
    # TOML has dates of its own; JSON writes them as "YYYY-MM-DD" strings.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Rejected(f"expected a date (YYYY-MM-DD), got {describe(value)}")


def _structure_bool(value: object, _type: object) -> bool:
    if type(value) is not bool:
        raise _Rejected(f"expected true or false, got {describe(value)}")
    return value


def _structure_enum(value: object, cls: Any) -> enum.Enum:
    if isinstance(value, str):
        # A dict lookup: scanning the members was a fifth of the loader's time.
        member = cls._value2member_map_.get(value)
        if member is not None:
            return member  # type: ignore[no-any-return]
    listing = ", ".join(repr(member.value) for member in cls)
    raise _Rejected(f"must be one of {listing}, got {describe(value)}")


def _structure_involvement(value: object, _type: object) -> Level | int:
    if isinstance(value, str):
        for level in Level:
            if value == level.value:
                return level
    elif type(value) is int and value.bit_length() <= _MAX_INT_BITS:
        return value
    raise _Rejected(f"must be 'low', 'high' or an integer 0-4, got {describe(value)}")


def _is_optional(t: object) -> bool:
    return _is_union(t) and type(None) in get_args(t)


def _is_union(t: object) -> bool:
    return get_origin(t) in (typing.Union, types.UnionType)


def _is_tuple(t: object) -> bool:
    return get_origin(t) is tuple


def _is_involvement(t: object) -> bool:
    return _is_union(t) and set(get_args(t)) - {type(None)} == {Level, int}


def make_converter(barrier_ids: Collection[str] | None = None) -> cattrs.Converter:
    """A new strict converter for coprod's documents.

    Structuring an :class:`~coprod.Assessment` checks its referential integrity,
    and its barrier ids against ``barrier_ids`` when given, reporting every
    problem together.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # These replace cattrs' own primitive hooks, which coerce ("3" → 3). They are
    # looked up by class (singledispatch), so str-based enums reach the str hook too,
    # which hands them to the enum rule.
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(enum.Enum, _structure_enum)
    converter.register_structure_hook(datetime.date, _structure_date)

    def optional_factory(t: Any) -> Callable[[object, object], object]:
        if _is_involvement(t):
            return lambda value, _t: None if value is None else _structure_involvement(value, _t)
        (inner,) = [a for a in get_args(t) if a is not type(None)]
        hook = converter.get_structure_hook(inner)
        return lambda value, _t: None if value is None else hook(value, inner)

    converter.register_structure_hook_factory(_is_optional, optional_factory)

    def involvement_factory(t: Any) -> Callable[[object, object], object]:
        # Initiative's involvement fields are ``Level | int | None``: this factory wins
        # over the optional one above, so it must let null through itself.
        if type(None) in get_args(t):
            return lambda value, _t: None if value is None else _structure_involvement(value, _t)
        return _structure_involvement

    converter.register_structure_hook_factory(_is_involvement, involvement_factory)

    def tuple_factory(t: Any) -> Callable[[object, object], tuple[object, ...]]:
        args = get_args(t)
        item_type = args[0] if args else Any

        hook = converter.get_structure_hook(item_type)

        def structure(value: object, _type: object) -> tuple[object, ...]:
            if not isinstance(value, (list, tuple)):
                raise _Rejected(f"expected a list, got {describe(value)}")
            try:
                return tuple([hook(item, item_type) for item in value])
            except Exception:
                pass  # go round again, item by item, to report every bad item
            items, errors = _structure_each(hook, value, item_type)
            if errors:
                raise IterableValidationError(f"While structuring {t}", errors, t)
            return tuple(items)

        return structure

    converter.register_structure_hook_factory(_is_tuple, tuple_factory)

    def attrs_factory(cls: type[Any]) -> Callable[[object, object], object]:
        # Annotations are strings under `from __future__ import annotations`; an
        # unresolved one would make cattrs pass raw values straight through.
        attrs.resolve_types(cls)
        base = make_dict_structure_fn(cls, converter)
        fields = attrs.fields(cls)
        order = {field.name: index for index, field in enumerate(fields)}

        def field_index(error: Exception) -> int:
            note = _note(error, AttributeValidationNote)
            return order.get(note.name, len(order)) if note is not None else len(order)

        def structure(value: object, _type: object) -> object:
            if type(value) is not dict and not isinstance(value, Mapping):
                raise _Rejected(f"expected a table, got {describe(value)}")
            try:
                return base(value, cls)
            except ClassValidationError as error:
                failed = {
                    note.name
                    for sub in error.exceptions
                    if (note := _note(sub, AttributeValidationNote)) is not None
                }
                if not failed:
                    raise
                # The constructor never ran, so the other fields' validators did not
                # either: run them now so every problem is reported at once.
                more: list[Exception] = []
                for field in fields:
                    if field.name in failed or field.name not in value or not field.validator:
                        continue
                    try:
                        field.validator(
                            None, field, converter.structure(value[field.name], field.type)
                        )
                    except (ValueError, TypeError) as problem:
                        _annotate(problem, field)
                        more.append(problem)
                if more:
                    # Report in field order, whichever pass found the problem.
                    combined = sorted([*error.exceptions, *more], key=field_index)
                    raise ClassValidationError(error.message, combined, cls) from None
                raise

        return structure

    def structure_assessment(value: object, _type: object) -> Assessment:
        if not isinstance(value, Mapping):
            raise _Rejected(f"expected a table, got {describe(value)}")
        errors: list[Exception] = []
        fields = [field for field in attrs.fields(Assessment) if field.init]
        names = {field.name for field in fields}
        extra = set(value) - names
        if extra:
            errors.append(ForbiddenExtraKeysError("", Assessment, extra))
        parts: dict[str, Any] = {}
        partial: dict[str, list[Any]] = {}
        for field in fields:
            if field.name not in value:
                if field.default is attrs.NOTHING:
                    missing = KeyError(field.name)
                    _annotate(missing, field)
                    errors.append(missing)
                continue
            raw = value[field.name]
            field_type = field.type or Any
            if _is_tuple(field_type) and isinstance(raw, (list, tuple)):
                # Item by item, so the items that do read can still be checked below.
                (item_type, _ellipsis) = get_args(field_type)
                hook = converter.get_structure_hook(item_type)
                items, item_errors = _structure_each(hook, raw, item_type)
                partial[field.name] = items
                if item_errors:
                    problem = IterableValidationError("", item_errors, field_type)
                    _annotate(problem, field)
                    errors.append(problem)
                else:
                    parts[field.name] = tuple(items)
                continue
            try:
                parts[field.name] = converter.structure(raw, field_type)
            except Exception as problem:
                _annotate(problem, field)
                errors.append(problem)
        if errors:
            # Report dangling references among the items that did read, too. A section
            # that could not be read at all makes every reference into it unknowable.
            def known(section: str) -> Collection[str]:
                if section in parts:
                    return ()
                if section in partial:
                    return _raw_ids(value[section], partial[section])
                return _Everything() if section in value else ()

            references = partial_integrity_problems(
                services=partial.get("services", ()),
                initiatives=partial.get("initiatives", ()),
                explorer=partial.get("explorer", ()),
                stakeholders=partial.get("stakeholders", ()),
                relationships=partial.get("relationships", ()),
                barrier_ids=barrier_ids,
                known_services=known("services"),
                known_stakeholders=known("stakeholders"),
                actions=partial.get("actions", ()),
                known_initiatives=_initiatives_known(value, partial, known),
            )
            if barrier_ids is not None:
                references = (
                    *references,
                    *unknown_action_barrier_problems(partial.get("actions", ()), barrier_ids),
                )
            # Market it and Grow it sections (issue 12): their references too.
            # Only when every initiative was read: an unreadable one (a malformed id)
            # would make every reference to it dangle, reported once is enough.
            if "initiatives" in parts or "initiatives" not in value:
                read_ids = {i.id for i in parts.get("initiatives", ())}
                references = (
                    *references,
                    *market_grow_problems(
                        initiatives=read_ids,
                        incentives=partial.get("incentives", ()),
                        nudges=partial.get("nudges", ()),
                        charters=partial.get("charters", ()),
                        champions=partial.get("champions", ()),
                        showcases=partial.get("showcases", ()),
                        business_case=parts.get("business_case"),
                    ),
                )
            if references:
                errors.append(InvalidInputError(references))
            raise ClassValidationError("While structuring Assessment", errors, Assessment)
        # The constructor checks ids and references; barrier ids need the taxonomy.
        unknown = (
            (
                *unknown_barrier_problems(parts.get("initiatives", ()), barrier_ids),
                *unknown_action_barrier_problems(parts.get("actions", ()), barrier_ids),
            )
            if barrier_ids is not None
            else ()
        )
        try:
            assessment = Assessment(**parts)
        except InvalidInputError as error:
            raise InvalidInputError(in_document_order((*error.problems, *unknown))) from None
        if unknown:
            raise InvalidInputError(unknown)
        return assessment

    attrs.resolve_types(Assessment)
    converter.register_structure_hook(Assessment, structure_assessment)
    converter.register_structure_hook_factory(attrs.has, attrs_factory)
    converter.register_unstructure_hook_factory(
        attrs.has,
        lambda cls: make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True),
    )
    converter.register_unstructure_hook(Level, lambda level: level.value)
    converter.register_unstructure_hook(datetime.date, lambda day: day.isoformat())
    return converter


def _initiatives_known(
    value: Mapping[str, Any],
    partial: Mapping[str, list[Any]],
    known: Callable[[str], Collection[str]],
) -> Collection[str]:
    """Initiative ids actions may link to though unread; every id once one has no id.

    An unreadable initiative whose id cannot be seen could be any initiative an
    action links to: its links are not reported as dangling.
    """
    items = partial.get("initiatives")
    if items is not None:
        for raw, item in zip(value["initiatives"], items, strict=True):
            if item is None and not (isinstance(raw, Mapping) and isinstance(raw.get("id"), str)):
                return _Everything()
    return known("initiatives")


class _Everything:
    """A collection that contains every id: for references into an unreadable section."""

    def __contains__(self, _item: object) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _structure_each(
    hook: Callable[[Any, Any], Any], value: Sequence[Any], item_type: Any
) -> tuple[list[Any], list[Exception]]:
    """Structure every item; failed items are None and their errors carry their index."""
    items: list[Any] = []
    errors: list[Exception] = []
    for index, item in enumerate(value):
        try:
            items.append(hook(item, item_type))
        except Exception as error:
            # Set directly: BaseException.add_note only exists from 3.11.
            notes = [*getattr(error, "__notes__", [])]
            notes.append(IterableValidationNote(f"@ index {index}", index, item_type))
            setattr(error, "__notes__", notes)  # noqa: B010
            errors.append(error)
            items.append(None)
    return items, errors


def _raw_ids(value: Any, items: list[Any]) -> set[str]:
    """The ``id`` strings of the raw items that could not be structured."""
    return {
        raw["id"]
        for raw, item in zip(value, items, strict=True)
        if item is None and isinstance(raw, Mapping) and isinstance(raw.get("id"), str)
    }


def _annotate(error: BaseException, field: attrs.Attribute[Any]) -> None:
    # Set directly: BaseException.add_note only exists from 3.11.
    notes = [*getattr(error, "__notes__", [])]
    notes.append(AttributeValidationNote(f"@ attribute {field.name}", field.name, field.type))
    setattr(error, "__notes__", notes)  # noqa: B010


def _note(error: BaseException, kind: type) -> Any:
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, kind):
            return note
    return None


def problems_from(error: BaseException, path: str = "$") -> list[Problem]:
    """Every problem inside a cattrs structuring error, each with its path."""
    if isinstance(error, InvalidInputError):
        return list(error.problems)
    if isinstance(error, ForbiddenExtraKeysError):
        allowed = ""
        if attrs.has(error.cl):
            names = ", ".join(f.name for f in attrs.fields(error.cl))
            allowed = f" (allowed: {names})"
        return [
            Problem(_key_path(path, key), f"unknown key{allowed}")
            for key in sorted(error.extra_fields, key=str)
        ]
    if isinstance(error, ClassValidationError):
        problems: list[Problem] = []
        for sub in error.exceptions:
            attribute = _note(sub, AttributeValidationNote)
            if attribute is not None:
                problems += problems_from(sub, f"{path}.{attribute.name}")
            elif isinstance(sub, (ForbiddenExtraKeysError, InvalidInputError)):
                problems += problems_from(sub, path)
            else:
                problems += _constructor_problems(sub, path, error.cl)
        return problems
    if isinstance(error, IterableValidationError):
        problems = []
        for sub in error.exceptions:
            index = _note(sub, IterableValidationNote)
            sub_path = f"{path}[{index.index}]" if index is not None else path
            problems += problems_from(sub, sub_path)
        return problems
    if isinstance(error, KeyError):
        return [Problem(path, "is required but missing")]
    if isinstance(error, _Rejected):
        return [Problem(path, str(error))]
    message = str(error) or type(error).__name__
    name = path.rsplit(".", 1)[-1]
    if message.startswith(f"{name} "):
        message = message[len(name) + 1 :]
    return [Problem(path, message)]


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,60}")


def _key_path(path: str, key: object) -> str:
    """``$.a.key``, or ``$.a['odd key']`` when the key is not plain (one line, bounded)."""
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{describe(key)}]"


def _constructor_problems(error: BaseException, path: str, cls: type) -> list[Problem]:
    """Problems raised by a class's own validators, addressed to the field they name."""
    if isinstance(error, InvalidInputError):
        return list(error.problems)
    message = str(error)
    if attrs.has(cls):
        for field in attrs.fields(cls):
            if message.startswith(f"{field.name} "):
                return [Problem(f"{path}.{field.name}", message[len(field.name) + 1 :])]
    return [Problem(path, message)]


# The model's and the converter's messages, by the code they deserve. The model
# (pure core) words its problems for people; the code is given here, at the edge.
_CODES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"unknown key"), "unknown-key"),
    (re.compile(r"is required but missing"), "missing-value"),
    (re.compile(r"duplicate id|is listed twice|is mapped twice|are already related"), "duplicate"),
    (
        re.compile(r"unknown (service|stakeholder|barrier|initiative|check|champion) "),
        "unknown-reference",
    ),
    (re.compile(r"contains the control character"), "control-character"),
    (re.compile(r"must be one of "), "unknown-value"),
)


# A quoted value in a message, longer than an excerpt: the model's validators quote
# what they refuse with repr(), whatever its length.
_LONG_QUOTE = re.compile(r"'([^'\\\n]|\\.){60,}'|\"([^\"\\\n]|\\.){60,}\"")
#: No message is longer than this, whatever it quotes.
MAX_MESSAGE = 400


def bounded(problem: Problem) -> Problem:
    """``problem`` with every quoted value cut to an excerpt and the message bounded.

    A 1 MB id is reported as ``got 'xxxx…'``, never printed whole.
    """
    # As coprod.io.table.excerpt writes them: the first 59 characters and "…".
    message = _LONG_QUOTE.sub(lambda m: m.group(0)[:60] + "…" + m.group(0)[0], problem.message)
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    return problem if message == problem.message else attrs.evolve(problem, message=message)


def with_code(problem: Problem) -> Problem:
    """``problem`` with the code its message calls for (``invalid-value`` when none fits).

    Problems that already carry a specific code keep it.
    """
    if problem.code != "invalid-value":
        return problem
    for pattern, code in _CODES:
        if pattern.search(problem.message):
            return problem.with_code(code)
    return problem
