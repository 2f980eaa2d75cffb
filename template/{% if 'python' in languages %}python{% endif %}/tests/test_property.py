"""Property tests: a thin layer over Hypothesis with a fresh step log per example."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from testingkit import (
    all_of,
    assert_that,
    contains_substrings_in_order,
    each,
    ends_with,
    eq,
    expect_that,
    given,
    has_len,
    is_empty,
    is_not_empty,
    lt,
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


def test_given_soft_expectation_in_property_when_it_fails_then_hypothesis_shrinks_it() -> None:
    given("a property whose soft expectation fails for numbers of 10 and more")

    @property_test(max_examples=200, number=st.integers(min_value=0, max_value=1000))
    def stays_small(number: int) -> None:
        scenario = current_scenario()
        scenario.record("given", f"the number {number}")
        expect_that(number, lt(10))  # tkit: ignore[TK204]

    when("the property runs")
    with scenario_scope() as scenario:
        failure = _failure_of(stays_small)
        left_over = list(scenario.soft_failures)
    then("the failure is the shrunk example's alone, with its own steps")
    assert_that(
        failure, ends_with("steps:\n  given the number 10\nexpected: less than 10\n  actual: 10")
    )
    assert_that(failure, contains_substrings_in_order(["steps:"]))
    assert_that(failure.split("steps:"), has_len(2))
    assert_that(left_over, is_empty())


def _failure_of(check: Callable[[], None]) -> str:
    try:
        check()
    except AssertionError as error:
        return str(error)
    return ""
