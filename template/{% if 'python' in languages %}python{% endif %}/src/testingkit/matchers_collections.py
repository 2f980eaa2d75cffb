"""Matchers of collections: lists, tuples, sets and other iterables, strings excepted
(``contains``, ``contains_all`` and ``contains_any`` follow ``in`` and find substrings).

Elements compare with the kit's equality, where a bool only equals a bool.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any

from testingkit.matchers import (
    Matcher,
    Predicate,
    count_equal,
    count_matching,
    elements_of,
    equal,
    evaluate,
    on_elements,
)
from testingkit.render import render

_BUILTIN_COLLECTIONS = (list, tuple, set, frozenset, dict, range, deque)


def _contains_element(collection: Any, element: Any) -> bool:
    """Membership as Python's ``in`` sees it, with the kit's stricter equality where the
    kit can look at the elements itself.

    Built-in collections compare element by element (a bool only equals a bool, as in
    every kit). A string holds its substrings, as ``in`` says. Any other object that
    defines ``__contains__`` (a pandas Index, a hash table, a custom container) answers
    for itself, so ``assert x in obj`` and ``assert_that(obj, contains(x))`` agree.
    """
    if isinstance(collection, str):
        return isinstance(element, str) and element in collection
    if isinstance(collection, bytes):
        return isinstance(element, bytes) and element in collection
    if not isinstance(collection, _BUILTIN_COLLECTIONS) and hasattr(collection, "__contains__"):
        try:
            return bool(element in collection)
        except TypeError:  # unhashable element for a hashed container, and the like
            return False
    elements = elements_of(collection)
    return elements is not None and count_equal(elements, element) > 0


def _same_elements_any_order(actual: Any, expected: Iterable[Any]) -> bool:
    remaining = elements_of(actual)
    if remaining is None:
        return False
    for wanted in expected:
        index = next((i for i, item in enumerate(remaining) if equal(item, wanted)), None)
        if index is None:
            return False
        del remaining[index]
    return not remaining


def _equal_sequences(actual: list[Any], expected: list[Any]) -> bool:
    return len(actual) == len(expected) and all(map(equal, actual, expected))


def _in_order(actual: Iterable[Any], expected: Iterable[Any]) -> bool:
    """Each expected element is found after the one found for the element before it."""
    remaining = iter(actual)
    return all(any(equal(item, wanted) for item in remaining) for wanted in expected)


def _element_is(elements: list[Any], index: int, matcher: Matcher) -> bool:
    # No negative indexing: an index out of range never matches, as in the other kits.
    return 0 <= index < len(elements) and evaluate(matcher, elements[index]).matched


def _neighbours_are(in_order: Callable[[Any, Any], bool]) -> Callable[[Any], bool]:
    return on_elements(lambda elements: all(in_order(a, b) for a, b in pairwise(elements)))


# ---------------------------------------------------------------- collections


def contains(element: Any) -> Matcher:
    return Predicate(
        f"a collection containing {render(element)}",
        lambda actual: _contains_element(actual, element),
    )


def contains_all(elements: Iterable[Any]) -> Matcher:
    wanted = list(elements)
    return Predicate(
        f"a collection containing all of {render(wanted)}",
        lambda actual: all(_contains_element(actual, element) for element in wanted),
    )


def contains_any(elements: Iterable[Any]) -> Matcher:
    wanted = list(elements)
    return Predicate(
        f"a collection containing any of {render(wanted)}",
        lambda actual: any(_contains_element(actual, element) for element in wanted),
    )


def contains_exactly(elements: Iterable[Any]) -> Matcher:
    wanted = list(elements)
    return Predicate(
        f"a collection containing exactly {render(wanted)} in any order",
        lambda actual: _same_elements_any_order(actual, wanted),
    )


def is_in(collection: Iterable[Any]) -> Matcher:
    options = list(collection)
    return Predicate(
        f"one of {render(options)}",
        lambda actual: any(equal(actual, option) for option in options),
    )


def is_sorted() -> Matcher:
    return Predicate("a sorted collection", _neighbours_are(lambda a, b: a <= b))


def each(matcher: Matcher) -> Matcher:
    return Predicate(
        f"a collection where every element is {matcher.describe()}",
        on_elements(lambda elements: count_matching(elements, matcher) == len(elements)),
    )


def has_item(matcher: Matcher) -> Matcher:
    return Predicate(
        f"a collection with an element that is {matcher.describe()}",
        on_elements(lambda elements: count_matching(elements, matcher) > 0),
    )


def contains_none(elements: Iterable[Any]) -> Matcher:
    unwanted = list(elements)
    return Predicate(
        f"a collection containing none of {render(unwanted)}",
        on_elements(lambda found: not any(count_equal(found, element) for element in unwanted)),
    )


def contains_in_order(elements: Iterable[Any]) -> Matcher:
    wanted = list(elements)
    return Predicate(
        f"a collection containing {render(wanted)} in order",
        on_elements(lambda found: _in_order(found, wanted)),
    )


def contains_exactly_in_order(elements: Iterable[Any]) -> Matcher:
    wanted = list(elements)
    return Predicate(
        f"a collection containing exactly {render(wanted)} in order",
        on_elements(lambda found: _equal_sequences(found, wanted)),
    )


def starts_with_elements(elements: Iterable[Any]) -> Matcher:
    wanted = list(elements)
    return Predicate(
        f"a collection starting with {render(wanted)}",
        on_elements(lambda found: _equal_sequences(found[: len(wanted)], wanted)),
    )


def ends_with_elements(elements: Iterable[Any]) -> Matcher:
    wanted = list(elements)
    return Predicate(
        f"a collection ending with {render(wanted)}",
        on_elements(
            lambda found: _equal_sequences(found[max(len(found) - len(wanted), 0) :], wanted)
        ),
    )


def is_subset_of(elements: Iterable[Any]) -> Matcher:
    allowed = list(elements)
    return Predicate(
        f"a collection whose elements are all in {render(allowed)}",
        on_elements(lambda found: all(count_equal(allowed, item) for item in found)),
    )


def has_no_duplicates() -> Matcher:
    return Predicate(
        "a collection without duplicates",
        on_elements(lambda found: all(count_equal(found, item) == 1 for item in found)),
    )


def is_sorted_descending() -> Matcher:
    return Predicate(
        "a collection sorted in descending order", _neighbours_are(lambda a, b: a >= b)
    )


def is_strictly_sorted() -> Matcher:
    return Predicate("a strictly increasing collection", _neighbours_are(lambda a, b: a < b))


def has_first(matcher: Matcher) -> Matcher:
    return Predicate(
        f"a collection whose first element is {matcher.describe()}",
        on_elements(lambda found: _element_is(found, 0, matcher)),
    )


def has_last(matcher: Matcher) -> Matcher:
    return Predicate(
        f"a collection whose last element is {matcher.describe()}",
        on_elements(lambda found: _element_is(found, len(found) - 1, matcher)),
    )


def has_item_at(index: int, matcher: Matcher) -> Matcher:
    return Predicate(
        f"a collection whose element at {render(index)} is {matcher.describe()}",
        on_elements(lambda found: _element_is(found, index, matcher)),
    )


def contains_times(element: Any, count: int) -> Matcher:
    return Predicate(
        f"a collection containing {render(element)} exactly {render(count)} times",
        on_elements(lambda found: count_equal(found, element) == count),
    )


def has_no_item(matcher: Matcher) -> Matcher:
    return Predicate(
        f"a collection with no element that is {matcher.describe()}",
        on_elements(lambda found: count_matching(found, matcher) == 0),
    )


def has_exactly_one(matcher: Matcher) -> Matcher:
    return Predicate(
        f"a collection with exactly one element that is {matcher.describe()}",
        on_elements(lambda found: count_matching(found, matcher) == 1),
    )
