"""Steps record a scenario log; assert_that and expect_that report against it."""

from __future__ import annotations

from pathlib import Path

from testingkit import (
    and_,
    assert_that,
    eq,
    expect_that,
    fails_with,
    given,
    has_len,
    then,
    when,
)
from testingkit.bdd import Step, current_scenario, scenario_scope


def test_when_steps_are_taken_then_the_log_lists_them_in_order() -> None:
    with scenario_scope() as isolated:
        given("an empty cart")
        when("an item is added")
        then("the total is its price")
        and_("the cart has one item")
    assert_that(isolated.steps[0], eq(Step("given", "an empty cart")))
    assert_that(
        isolated.step_log(),
        eq(
            "steps:\n"
            "  given an empty cart\n"
            "  when an item is added\n"
            "  then the total is its price\n"
            "  and the cart has one item\n"
        ),
    )


def test_given_steps_when_an_assertion_fails_then_the_message_lists_them_first() -> None:
    given("a total of 200")
    total = 200
    when("it is checked against 250")
    then("the failure lists the steps, then expected and actual")
    assert_that(
        lambda: assert_that(total, eq(250)),
        fails_with(
            "steps:\n"
            "  given a total of 200\n"
            "  when it is checked against 250\n"
            "  then the failure lists the steps, then expected and actual\n"
            "expected: equal to 250\n"
            "  actual: 200"
        ),
    )


def test_when_no_step_was_taken_then_the_message_is_only_expected_and_actual() -> None:
    with scenario_scope() as isolated:
        message = isolated.with_steps("expected: equal to 250\n  actual: 200")
    then("the message has no steps header")
    assert_that(message, eq("expected: equal to 250\n  actual: 200"))


def test_when_two_soft_expectations_fail_then_both_are_recorded_and_the_test_goes_on() -> None:
    total = 200
    with scenario_scope() as isolated:
        then("two of three expectations fail")
        expect_that(total, eq(250))
        expect_that(total, eq(200))
        expect_that(total, eq(300))
    assert_that(isolated.soft_failures, has_len(2))
    assert_that(
        isolated.soft_failures[1],
        eq(
            f"expectation at {HERE}:{line_of('eq(300)')}\n"
            "steps:\n  then two of three expectations fail\nexpected: equal to 300\n  actual: 200"
        ),
    )


def test_when_an_assertion_fails_after_expectations_then_all_are_reported_under_one_header() -> (
    None
):
    count, items = 3, [1, 2]
    report = (
        "2 checks failed:\n\n"
        f"1) expectation at {HERE}:{line_of(SOFT_CHECK)}\n"
        "steps:\n  given a cart of 3 items\n  then its count and items are checked\n"
        "the count\nexpected: equal to 4\n  actual: 3\n\n"
        f"2) assertion at {HERE}:{line_of(HARD_CHECK)}\n"
        "steps:\n  given a cart of 3 items\n  then its count and items are checked\nthe items\n"
        "expected: a value of length 3\n  actual: [1, 2]\nwhich has length 2"
    )
    with scenario_scope() as isolated:
        given("a cart of 3 items")
        then("its count and items are checked")
        expect_that(count, eq(4), "the count")
        assert_that(lambda: assert_that(items, has_len(3), "the items"), fails_with(report))
    assert_that(isolated.soft_failures, has_len(0))


SOFT_CHECK = 'eq(4), "the count"'
HARD_CHECK = 'has_len(3), "the items"'


HERE = Path(__file__).resolve().relative_to(Path.cwd().resolve()).as_posix()


def line_of(text: str) -> int:
    """The line of this file that holds ``text`` (where a check under test is made)."""
    lines = Path(__file__).read_text(encoding="utf-8").splitlines()
    return next(
        number for number, line in enumerate(lines, 1) if text in line and "line_of" not in line
    )


def test_when_a_scenario_scope_ends_then_the_previous_scenario_is_back() -> None:
    given("the running test's scenario")
    with scenario_scope("inner") as inner:
        when("a nested scenario records a step")
    then("the outer scenario never saw it")
    assert_that(inner.steps, eq([Step("when", "a nested scenario records a step")]))
    assert_that([step.kind for step in current_scenario().steps], eq(["given", "then"]))
