"""Matchers that look inside a value with other matchers: optional and result values,
fields, the elements of a collection in any order, the keys and values of a map,
approximate sequences and maps, and what a call failed with.

Python has no option or result type, so ``some(m)`` is a value that is not ``None`` and
matches ``m``, ``ok(m)`` a value that is not an exception and matches ``m``, and
``err(m)`` an exception whose message matches ``m``. ``field(name, m)`` reads a key of a
mapping or an attribute of any other object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from numbers import Real
from typing import Any

from testingkit.matchers import (
    Matcher,
    Predicate,
    elements_of,
    evaluate,
    joined,
)
from testingkit.matchers_calls import _fails_if
from testingkit.matchers_collections import each, has_item
from testingkit.render import render

_MISSING = object()


def _accepts(matcher: Matcher, value: Any) -> bool:
    return evaluate(matcher, value).matched


# ---------------------------------------------------------------- optional and result


def some(matcher: Matcher) -> Matcher:
    """A value that is present (not None) and that the matcher accepts."""
    return Predicate(
        f"a present value that is {matcher.describe()}",
        lambda actual: actual is not None and _accepts(matcher, actual),
    )


def ok(matcher: Matcher) -> Matcher:
    """A success: a value that is not an exception, and that the matcher accepts."""
    return Predicate(
        f"a success whose value is {matcher.describe()}",
        lambda actual: not isinstance(actual, BaseException) and _accepts(matcher, actual),
    )


def err(matcher: Matcher) -> Matcher:
    """An error (an exception instance) whose message the matcher accepts."""
    return Predicate(
        f"an error whose message is {matcher.describe()}",
        lambda actual: isinstance(actual, BaseException) and _accepts(matcher, str(actual)),
    )


# ---------------------------------------------------------------- fields


def _field_of(actual: Any, name: str) -> Any:
    if isinstance(actual, Mapping):
        return actual.get(name, _MISSING)
    return getattr(actual, name, _MISSING)


def field(name: str, matcher: Matcher) -> Matcher:
    """A value whose field (mapping key or attribute) ``name`` the matcher accepts."""
    return Predicate(
        f"a value whose field {render(name)} is {matcher.describe()}",
        lambda actual: (
            (value := _field_of(actual, name)) is not _MISSING and _accepts(matcher, value)
        ),
    )


def has_field(name: str) -> Matcher:
    """A value with a field (mapping key or attribute) ``name``."""
    return Predicate(
        f"a value with field {render(name)}",
        lambda actual: _field_of(actual, name) is not _MISSING,
    )


# ---------------------------------------------------------------- collections


def _pairs_up(elements: list[Any], matchers: Sequence[Matcher]) -> bool:
    """Whether each element can take a matcher of its own (a perfect bipartite matching,
    found with augmenting paths, so a greedy choice never hides a valid pairing)."""
    if len(elements) != len(matchers):
        return False
    accepts = [[_accepts(m, element) for element in elements] for m in matchers]
    owner: list[int | None] = [None] * len(elements)

    def place(matcher_index: int, seen: set[int]) -> bool:
        for element_index, accepted in enumerate(accepts[matcher_index]):
            if not accepted or element_index in seen:
                continue
            seen.add(element_index)
            current = owner[element_index]
            if current is None or place(current, seen):
                owner[element_index] = matcher_index
                return True
        return False

    return all(place(index, set()) for index in range(len(matchers)))


def unordered_elements_are(*matchers: Matcher) -> Matcher:
    """A collection whose elements match the matchers one to one, in any order."""
    return Predicate(
        f"a collection whose elements are, in any order, ({joined(matchers)})",
        lambda actual: (found := elements_of(actual)) is not None and _pairs_up(found, matchers),
    )


def _extreme(pick: Callable[[list[Any]], Any], matcher: Matcher) -> Callable[[Any], bool]:
    def check(actual: Any) -> bool:
        found = elements_of(actual)
        return bool(found) and _accepts(matcher, pick(found))  # type: ignore[arg-type]

    return check


def has_min(matcher: Matcher) -> Matcher:
    """A non-empty collection whose smallest element the matcher accepts."""
    return Predicate(
        f"a collection whose smallest element is {matcher.describe()}", _extreme(min, matcher)
    )


def has_max(matcher: Matcher) -> Matcher:
    """A non-empty collection whose largest element the matcher accepts."""
    return Predicate(
        f"a collection whose largest element is {matcher.describe()}", _extreme(max, matcher)
    )


def _close(actual: Any, expected: Any, tolerance: float) -> bool:
    numbers = isinstance(actual, Real) and not isinstance(actual, bool)
    return numbers and abs(actual - expected) <= tolerance


def elements_near(expected: Sequence[float], tolerance: float) -> Matcher:
    """A collection as long as ``expected``, each element within ``tolerance`` of the
    expected element at its position."""

    def check(actual: Any) -> bool:
        found = elements_of(actual)
        return (
            found is not None
            and len(found) == len(expected)
            and all(_close(a, e, tolerance) for a, e in zip(found, expected, strict=True))
        )

    return Predicate(
        f"a collection whose elements are within {render(tolerance)} of {render(expected)}",
        check,
    )


def values_near(expected: Mapping[Any, float], tolerance: float) -> Matcher:
    """A map with the keys of ``expected``, each value within ``tolerance`` of its
    expected value."""

    def check(actual: Any) -> bool:
        return (
            isinstance(actual, Mapping)
            and set(actual) == set(expected)
            and all(_close(actual[key], value, tolerance) for key, value in expected.items())
        )

    return Predicate(
        f"a map whose values are within {render(tolerance)} of {render(expected)}", check
    )


# ---------------------------------------------------------------- maps


def _on_map(test: Callable[[Mapping[Any, Any]], bool]) -> Callable[[Any], bool]:
    return lambda actual: isinstance(actual, Mapping) and test(actual)


def _on_parts(
    description: str, parts: Callable[[Mapping[Any, Any]], list[Any]], over: Matcher
) -> Matcher:
    """A map whose keys (or values), as a list, the collection matcher ``over`` accepts."""
    return Predicate(description, _on_map(lambda found: _accepts(over, parts(found))))


def each_key(matcher: Matcher) -> Matcher:
    """A map where the matcher accepts every key (an empty map matches)."""
    return _on_parts(f"a map where every key is {matcher.describe()}", list, each(matcher))


def has_key_that(matcher: Matcher) -> Matcher:
    """A map with at least one key the matcher accepts."""
    return _on_parts(f"a map with a key that is {matcher.describe()}", list, has_item(matcher))


def has_value_that(matcher: Matcher) -> Matcher:
    """A map with at least one value the matcher accepts."""
    return _on_parts(
        f"a map with a value that is {matcher.describe()}",
        lambda found: list(found.values()),
        has_item(matcher),
    )


def has_entry_matching(key_matcher: Matcher, value_matcher: Matcher) -> Matcher:
    """A map with one entry whose key and value the two matchers accept."""
    return Predicate(
        f"a map with an entry whose key is {key_matcher.describe()} "
        f"and whose value is {value_matcher.describe()}",
        _on_map(
            lambda found: any(
                _accepts(key_matcher, key) and _accepts(value_matcher, value)
                for key, value in found.items()
            )
        ),
    )


# ---------------------------------------------------------------- calls


def _failure_value(error: Exception) -> Any:
    """What a raise "panicked with": the one argument of the exception, else its message."""
    return error.args[0] if len(error.args) == 1 else str(error)


def panics_with(matcher: Matcher) -> Matcher:
    """A call that raises, with a value (the exception's one argument) the matcher accepts."""
    return _fails_if(
        f"a call that fails with a value that is {matcher.describe()}",
        lambda error: _accepts(matcher, _failure_value(error)),
    )
