"""``Evaluation.values``: each initiative's ``score(...).value``, computed once per metric."""

from __future__ import annotations

import coprod


def test_values_equal_each_score_and_are_computed_once() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    numbers = (
        st.none()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.sampled_from([0.0, -0.0, 1e308, -1e308, 0.1, 0.2])
    )

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.lists(numbers, min_size=3, max_size=3), min_size=1, max_size=4), st.data())
    def check(columns: list[list[float | None]], data: st.DataObject) -> None:
        weights = data.draw(
            st.lists(
                st.sampled_from([1.0, 0.5, -2.0, 1e10]),
                min_size=len(columns),
                max_size=len(columns),
            )
        )
        evaluation = coprod.Evaluation(
            initiative_ids=("a", "b", "c"),
            rules=tuple(
                coprod.RuleRef(f"r{n}", "m", "p", weight) for n, weight in enumerate(weights)
            ),
            columns=tuple(tuple(c) for c in columns),
            failures=(),
            classification_names=(),
            classification_columns=(),
            classification_plugins=(),
            findings=(),
        )
        values = evaluation.values("m")
        expected = tuple(evaluation.score(i, "m").value for i in ("a", "b", "c"))
        assert [repr(v) for v in values] == [repr(v) for v in expected]  # -0.0 too
        assert evaluation.values("m") is values

    check()


def test_the_report_reads_the_values_the_checks_computed() -> None:
    from coprod.testing import sample_assessment

    manager = coprod.make_plugin_manager(entry_points=False)
    evaluation = coprod.evaluate(sample_assessment(), manager)
    # The built-in quick-win check read impact and effort; the evaluation handed to
    # build_report keeps them (found by review: attrs.evolve had dropped them).
    assert {"impact", "effort"} <= set(evaluation._values)
    assert evaluation.values("impact") == tuple(
        evaluation.score(i, "impact").value for i in evaluation.initiative_ids
    )
