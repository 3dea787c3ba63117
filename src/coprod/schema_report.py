"""The JSON Schema of the assessment document as a report (kind ``"schema"``).

``coprod schema`` writes it: ``json`` (the default) is the schema itself; every
other format (csv, markdown, html, a plugin's) renders :meth:`SchemaReport.tables`,
one row per property path with its type and whether it is required.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import attrs

from coprod.report_value import Cell, Table

__all__ = ["SchemaReport"]


@attrs.frozen
class SchemaReport:
    """A JSON Schema document (``schema``), as written by :func:`coprod.io.schema`."""

    kind: ClassVar[str] = "schema"

    schema: Mapping[str, Any] = attrs.field(eq=False)

    def tables(self) -> Iterator[Table]:
        """One row per property: ``$`` path, type, required, description."""
        yield Table(
            name="properties",
            title="Properties of the assessment document",
            columns=("path", "type", "required", "description"),
            rows=self._rows(),
        )

    def _rows(self) -> Iterator[tuple[Cell, ...]]:
        definitions = self.schema.get("$defs", {})
        seen: set[str] = set()

        def resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return definitions.get(ref.removeprefix("#/$defs/"), {})  # type: ignore[no-any-return]
            return node

        def kind_of(node: Mapping[str, Any]) -> str:
            node = resolve(node)
            value = node.get("type")
            if isinstance(value, list):
                return " or ".join(str(v) for v in value)
            if value is not None:
                return str(value)
            for key in ("anyOf", "oneOf"):
                if key in node:
                    return " or ".join(kind_of(n) for n in node[key])
            if "enum" in node:
                return "one of " + ", ".join(str(v) for v in node["enum"])
            return "any"

        def walk(path: str, node: Mapping[str, Any]) -> Iterator[tuple[Cell, ...]]:
            ref = node.get("$ref")
            if isinstance(ref, str):
                if ref in seen:
                    return
                seen.add(ref)
            node = resolve(node)
            required = set(node.get("required", ()))
            for name, child in node.get("properties", {}).items():
                child_path = f"{path}.{name}"
                yield (
                    child_path,
                    kind_of(child),
                    name in required,
                    resolve(child).get("description") or child.get("description"),
                )
                target = resolve(child)
                if target.get("type") == "array" or "items" in target:
                    yield from walk(child_path + "[]", target.get("items", {}))
                else:
                    yield from walk(child_path, child)
            if isinstance(ref, str):
                seen.discard(ref)

        yield from walk("$", self.schema)
