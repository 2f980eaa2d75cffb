"""What the matchers do beyond the shared cases: Python's own types and edge cases."""

from __future__ import annotations

import functools
from typing import Any

from testingkit import (
    all_of,
    assert_that,
    contains,
    contains_exactly,
    each,
    eq,
    fails_with,
    gt,
    has_len,
    is_false,
    is_none,
    is_sorted,
    is_true,
    lt,
    matches_regex,
    not_,
    then,
    when,
)
from testingkit.assertions import explain_mismatch


class IsEven:
    """A matcher written by a user: only the protocol, no kit base class."""

    def matches(self, actual: Any) -> bool:
        return isinstance(actual, int) and actual % 2 == 0

    def describe(self) -> str:
        return "an even number"


def test_when_bool_is_compared_with_int_then_they_are_not_equal() -> None:
    when("true is compared with 1 and 0 with false")
    flag = True
    count = 0
    no = False
    then("neither pair is equal, as in the other kits")
    assert_that(flag, not_(eq(1)))
    assert_that(count, not_(eq(no)))


def test_when_values_of_the_wrong_kind_are_matched_then_it_is_a_mismatch_not_a_crash() -> None:
    when("a string is ordered against a number and a number is measured")
    word = "apple"
    count = 3
    then("both are plain mismatches")
    assert_that(explain_mismatch(word, lt(1)), eq('expected: less than 1\n  actual: "apple"'))
    assert_that(
        explain_mismatch(count, has_len(1)), eq("expected: a value of length 1\n  actual: 3")
    )


def test_when_tuples_and_sets_are_matched_then_they_count_as_collections() -> None:
    when("a tuple and a set are matched as collections")
    pair = (1, 2)
    numbers = {3, 1, 2}
    then("collection matchers accept them")
    assert_that(pair, all_of(contains(2), is_sorted()))
    assert_that(numbers, contains_exactly([1, 2, 3]))


def test_when_a_string_is_matched_with_each_then_it_is_not_a_collection() -> None:
    when("each is applied to a string")
    word = "aaa"
    then("the string does not match")
    assert_that(
        explain_mismatch(word, each(eq("a"))),
        eq('expected: a collection where every element is equal to "a"\n  actual: "aaa"'),
    )


def test_given_user_matcher_when_used_by_the_kit_then_it_works_like_a_kit_matcher() -> None:
    even = IsEven()
    when("a user-written matcher is used alone and inside not_")
    odd = 3
    then("it matches, composes and describes itself")
    assert_that(odd, not_(even))
    assert_that(explain_mismatch(odd, even), eq("expected: an even number\n  actual: 3"))
    assert_that(
        explain_mismatch(odd, each(even)),
        eq("expected: a collection where every element is an even number\n  actual: 3"),
    )


def test_when_fails_gets_a_value_instead_of_a_call_then_the_value_is_shown() -> None:
    when("fails_with is given a number")
    count = 5
    then("it does not match and the number is rendered as is")
    assert_that(
        explain_mismatch(count, fails_with("x")),
        eq('expected: a call that fails with a message containing "x"\n  actual: 5'),
    )


def test_when_a_regex_is_invalid_then_the_matcher_is_refused_at_once() -> None:
    when("a matcher is built from an unbalanced pattern")
    building = functools.partial(matches_regex, "(")
    then("building it fails, before any value is matched")
    assert_that(building, fails_with("missing )"))


def test_when_a_matcher_matches_then_there_is_no_mismatch_to_explain() -> None:
    when("a value matches")
    total = 5
    then("there is nothing to explain and the matcher says so directly")
    assert_that(explain_mismatch(total, gt(1)), is_none())
    assert_that(gt(1).matches(total), is_true())
    assert_that(gt(9).matches(total), is_false())


def test_when_a_matcher_is_printed_then_its_repr_shows_its_description() -> None:
    when("a matcher is turned into its repr")
    shown = repr(not_(eq("a")))
    then("the repr carries the description")
    assert_that(shown, eq('<matcher: not equal to "a">'))
