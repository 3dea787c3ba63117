"""``Exporter.standard``: the standard formats' media types and suffixes, said once."""

from __future__ import annotations

import mimetypes

import pytest

import coprod
from coprod.contributions import STANDARD_FORMATS


def _render(_report: object) -> str:
    return ""


@pytest.mark.parametrize("format", list(STANDARD_FORMATS))
def test_a_standard_format_gets_its_media_type_and_suffix(format: str) -> None:
    exporter = coprod.Exporter.standard(format, _render, kinds=("likert",), description="d")
    assert (exporter.format, exporter.kinds, exporter.description) == (format, ("likert",), "d")
    # The media type is the one the standard library's table gives the suffix
    # (Markdown's is RFC 7763's, which older tables lack).
    expected = {".md": "text/markdown"}.get(exporter.suffix) or mimetypes.types_map[exporter.suffix]
    assert exporter.media_type == expected


def test_another_format_is_a_key_error_listing_the_standard_ones() -> None:
    with pytest.raises(KeyError, match=r"'tsv' is not a standard format.*markdown"):
        coprod.Exporter.standard("tsv", _render, kinds=("*",))


def test_every_builtin_exporter_of_a_standard_format_agrees_with_the_table() -> None:
    manager = coprod.make_plugin_manager(entry_points=False)
    seen = 0
    for exporter in manager.all_exporters:
        if exporter.format in STANDARD_FORMATS:
            assert (exporter.media_type, exporter.suffix) == STANDARD_FORMATS[exporter.format]
            seen += 1
    assert seen >= 20  # five formats for most of the thirteen report kinds
