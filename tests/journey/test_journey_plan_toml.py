"""The suggested plan's TOML: written directly, the same text as tomli_w's, and inert."""

from __future__ import annotations

import datetime
import sys

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

import coprod
from coprod.model.actions import Action, ActionStatus
from coprod.report.plan import action_data, actions_toml
from coprod.testing import strategies as coprod_st

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def tomli_w_actions(actions: list[Action]) -> str:
    """The implementation this replaced: tomli_w, then the markup characters escaped."""
    text = "\n".join("[[actions]]\n" + tomli_w.dumps(action_data(a)) for a in actions)
    for char in "&<>`()":
        text = text.replace(char, f"\\u{ord(char):04X}")
    return text


_ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
_ACTIONS = st.builds(
    Action,
    id=coprod_st.identifiers(),
    title=_ANY_TEXT.filter(str.strip) | coprod_st.names(),
    step=st.sampled_from(coprod.Step),
    owner=_ANY_TEXT,
    due=st.none() | st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 1, 1)),
    status=st.sampled_from(ActionStatus),
    initiatives=st.lists(coprod_st.identifiers(), max_size=3),
    services=st.lists(coprod_st.identifiers(), max_size=2),
    barriers=st.lists(coprod_st.identifiers(), max_size=2),
    findings=st.lists(_ANY_TEXT.filter(str.strip), max_size=2),
    notes=_ANY_TEXT | st.sampled_from(coprod_st.HOSTILE_STRINGS),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ACTIONS, max_size=4))
def test_the_direct_writer_is_tomli_w_and_loads_back(actions: list[Action]) -> None:
    text = actions_toml(actions)
    assert text == tomli_w_actions(actions)
    loaded = tomllib.loads(text).get("actions", [])
    assert loaded == [action_data(a) for a in actions]
    assert not set("&<>`()") & set(text)


def test_a_hand_written_action() -> None:
    action = Action(
        id="a-1",
        title='Say "hi" <b>(now)</b> \\ & tab\there',
        step=coprod.Step.MAP,
        due=datetime.date(2026, 1, 31),
        initiatives=("x", "y"),
    )
    # Written by hand from the TOML spec (basic strings, \uXXXX escapes).
    assert actions_toml([action]) == (
        "[[actions]]\n"
        'id = "a-1"\n'
        'title = "Say \\"hi\\" \\u003Cb\\u003E\\u0028now\\u0029\\u003C/b\\u003E '
        '\\\\ \\u0026 tab\there"\n'
        'step = "map"\n'
        'due = "2026-01-31"\n'
        'status = "planned"\n'
        "initiatives = [\n"
        '    "x",\n'
        '    "y",\n'
        "]\n"
    )
