"""Property tests: a thin layer over Hypothesis with a fresh step log per example."""

from __future__ import annotations

from hypothesis import strategies as st

from testingkit import (
    all_of,
    assert_that,
    each,
    eq,
    given,
    is_not_empty,
    property_test,
    then,
    when,
)
from testingkit.bdd import current_scenario, scenario_scope


def test_given_property_test_when_examples_run_then_each_starts_with_fresh_steps() -> None:
    given("a property test that records two steps per example")
    steps_seen: list[int] = []

    @property_test(max_examples=5, number=st.integers())
    def record_two_steps(number: int) -> None:
        scenario = current_scenario()
        scenario.record("when", f"the number {number} is used")
        scenario.record("then", "nothing is checked")
        steps_seen.append(len(scenario.steps))

    when("its examples run")
    with scenario_scope():
        record_two_steps()
    then("every example saw only its own two steps")
    assert_that(steps_seen, all_of(is_not_empty(), each(eq(2))))
