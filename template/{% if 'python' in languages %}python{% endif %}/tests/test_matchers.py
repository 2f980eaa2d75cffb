"""What the matchers do beyond the shared cases: Python's own types and edge cases."""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

from testingkit import (
    all_of,
    anything,
    assert_that,
    contains,
    contains_exactly,
    contains_keys,
    contains_times,
    each,
    each_value,
    elements_are,
    eq,
    eq_ignoring_case,
    eq_ignoring_whitespace,
    fails_with,
    gt,
    has_exactly_keys,
    has_first,
    has_item_at,
    has_len,
    has_len_at_least,
    has_no_duplicates,
    is_even,
    is_false,
    is_finite,
    is_multiple_of,
    is_non_negative,
    is_none,
    is_sorted,
    is_trimmed,
    is_true,
    is_whole,
    lt,
    matches_regex,
    not_,
    returns,
    starts_with_ignoring_case,
    succeeds,
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


def test_when_text_is_not_ascii_then_whitespace_and_case_are_left_alone() -> None:
    when("text with a no-break space and accented capitals is matched")
    spaced = "a\u00a0b"
    accented = "\u00c9cole"
    then("only ASCII whitespace and ASCII letters are folded, as in the other kits")
    assert_that(spaced, not_(eq_ignoring_whitespace("ab")))
    assert_that(spaced, is_trimmed())
    assert_that(accented, not_(starts_with_ignoring_case("\u00e9")))
    assert_that(accented, not_(eq_ignoring_case("\u00e9cole")))
    assert_that(accented, starts_with_ignoring_case("\u00c9C"))


def test_when_an_index_is_negative_then_it_never_matches() -> None:
    when("an element is asked for at index -1")
    numbers = [1, 2]
    then("Python's counting from the end does not apply")
    assert_that(numbers, not_(has_item_at(-1, anything())))
    assert_that(numbers, has_item_at(1, eq(2)))


def test_when_numbers_are_of_python_kinds_then_they_are_judged_by_value() -> None:
    when("a bool, a huge integer, a fraction and a whole float are matched")
    flag = True
    huge = 10**400
    half_of_eight = Fraction(8, 2)
    whole_float = 6.0
    six = 6
    then("a bool is no number, the others are numbers by their value")
    assert_that(flag, not_(is_non_negative()))
    assert_that(flag, not_(is_even()))
    assert_that(huge, all_of(is_finite(), is_whole(), is_even()))
    assert_that(half_of_eight, all_of(is_whole(), is_even()))
    assert_that(half_of_eight / 8, not_(is_whole()))
    assert_that(whole_float, is_even())
    assert_that(whole_float, not_(is_multiple_of(3)))
    assert_that(six, all_of(is_multiple_of(3), not_(is_multiple_of(0))))


def test_when_true_and_one_are_in_a_collection_then_they_are_different_elements() -> None:
    when("a list holds 1 and True")
    mixed = [1, True]
    then("they are neither duplicates nor counted as each other")
    assert_that(mixed, has_no_duplicates())
    assert_that(mixed, contains_times(1, 1))


def test_when_collections_are_tuples_sets_or_strings_then_only_strings_are_refused() -> None:
    when("collection matchers get a tuple, a set and a string")
    pair = (1, 2)
    numbers = {3}
    word = "ab"
    then("the tuple and the set are collections, the string is not")
    assert_that(pair, all_of(elements_are(eq(1), eq(2)), has_first(eq(1))))
    assert_that(numbers, elements_are(gt(2)))
    assert_that(word, all_of(has_len_at_least(2), not_(elements_are(eq("a"), eq("b")))))


def test_when_map_matchers_get_a_list_then_it_is_a_mismatch() -> None:
    when("map matchers are given a list of keys instead of a map")
    keys = ["apple"]
    then("no map matcher matches it, while the map made of those keys does")
    assert_that(keys, not_(contains_keys(["apple"])))
    assert_that(keys, not_(each_value(anything())))
    assert_that(dict.fromkeys(keys, 1), all_of(contains_keys(keys), has_exactly_keys(keys * 2)))


def test_when_returns_sees_a_call_then_the_message_shows_what_it_returned() -> None:
    when("a call returns a list the matcher does not accept")
    call = functools.partial(list, "ab")
    then("the message shows the returned value in the kit's rendering")
    assert_that(
        explain_mismatch(call, returns(has_len(3))),
        eq(
            "expected: a call that returns a value that is a value of length 3\n"
            '  actual: a call that returned ["a", "b"]'
        ),
    )
    assert_that(call, all_of(succeeds(), returns(IsPair())))


def test_when_succeeds_gets_a_value_instead_of_a_call_then_the_value_is_shown() -> None:
    when("succeeds is given a string")
    text = "done"
    then("it does not match and the string is rendered as is")
    assert_that(
        explain_mismatch(text, succeeds()),
        eq('expected: a call that returns normally\n  actual: "done"'),
    )


class IsPair:
    """A user-written matcher, nested in a kit matcher."""

    def matches(self, actual: Any) -> bool:
        return isinstance(actual, list) and len(actual) == 2

    def describe(self) -> str:
        return "a pair"


class _EvenNumbers:
    """A container that answers `in` but cannot be iterated, like a hash table."""

    def __contains__(self, item: object) -> bool:
        return isinstance(item, int) and item % 2 == 0


def test_when_contains_gets_a_string_or_a_container_then_it_agrees_with_in() -> None:
    when("contains looks into a string and into an object with __contains__")
    sentence = "the describe option"
    evens = _EvenNumbers()
    then("it finds what `in` finds, and a bool is still not 1 in a list")
    assert_that(sentence, all_of(contains("describe"), not_(contains("missing"))))
    assert_that(sentence, not_(contains(1)))
    assert_that(evens, all_of(contains(4), not_(contains(3))))
    assert_that([1, 2], not_(contains(True)))
