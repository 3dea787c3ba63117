"""The fast paths added for speed give exactly what the slow paths give (issue 10)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coprod.builtin.tabular import _md_text, markdown_cell
from coprod.io.safe_text import markdown_text
from coprod.people.readers import _memo

# Text that exercises both the plain fast path and every escape: markers, pipes,
# entities, line breaks, control characters, digits first.
_TEXT = st.text(
    alphabet=st.sampled_from(list("aZ09 .-+=#|*_<>&\\`[]\n\r\t\x00\x85;:/'()%!~$")),
    max_size=12,
)


@given(st.lists(_TEXT, max_size=20))
def test_markdown_fast_path_equals_markdown_text(texts: list[str]) -> None:
    seen: dict[str, str] = {}
    for text in texts + texts:  # the second pass is served from the memo
        assert _md_text(text, seen) == markdown_text(text)
        assert markdown_cell(text) == markdown_text(text)


def test_memoised_parser_raises_again_for_a_bad_cell_and_remembers_good_ones() -> None:
    calls: list[str] = []

    def parse(value: str) -> int:
        calls.append(value)
        if not value.isdigit():
            raise ValueError("bad")
        return int(value)

    memo = _memo(parse)
    assert [memo("7"), memo("7"), memo("8")] == [7, 7, 8]
    for _ in range(2):
        try:
            memo("x")
        except ValueError:
            pass
        else:  # pragma: no cover - the test failing
            raise AssertionError("a bad cell must raise every time")
    assert calls == ["7", "8", "x", "x"]
