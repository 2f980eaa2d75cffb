"""The 44 matchers of the kit vocabulary (``rules/api.toml``).

Every matcher describes itself with the template of the vocabulary, filled with the
canonical rendering of its arguments, so its failure message is the same in every kit.
A matcher answers ``matches(actual)``; :func:`evaluate` also says how the actual value
renders, which matters for callables: they render as the outcome of calling them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sized
from dataclasses import dataclass
from itertools import pairwise
from numbers import Real
from typing import Any, Protocol

from testingkit.render import describes_itself, render, render_string


class Matcher(Protocol):
    """What ``assert_that`` and ``expect_that`` need from a matcher."""

    def matches(self, actual: Any) -> bool: ...

    def describe(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of matching one actual value, with that value's rendering."""

    matched: bool
    rendered_actual: str


def evaluate(matcher: Matcher, actual: Any) -> Verdict:
    """Match ``actual`` once and render it the way the failure message shows it."""
    if isinstance(matcher, _KitMatcher):
        return matcher.evaluate(actual)
    return Verdict(matcher.matches(actual), render(actual))


def is_matcher(value: object) -> bool:
    """Whether ``value`` follows the Matcher protocol (asked of its class, not of it)."""
    kind = type(value)
    return callable(getattr(kind, "matches", None)) and describes_itself(value)


def matches_value(expected: Any, actual: Any) -> bool:
    """A matcher matches by itself; any other expected value matches by equality."""
    if is_matcher(expected):
        return evaluate(expected, actual).matched
    return _equal(actual, expected)


class _KitMatcher:
    """Base of the kit's matchers: a description and a verdict on an actual value."""

    __slots__ = ()

    def describe(self) -> str:
        raise NotImplementedError

    def evaluate(self, actual: Any) -> Verdict:
        raise NotImplementedError

    def matches(self, actual: Any) -> bool:
        return self.evaluate(actual).matched

    def __repr__(self) -> str:
        return f"<matcher: {self.describe()}>"


class _Predicate(_KitMatcher):
    __slots__ = ("_description", "_test")

    def __init__(self, description: str, test: Callable[[Any], bool]) -> None:
        self._description = description
        self._test = test

    def describe(self) -> str:
        return self._description

    def evaluate(self, actual: Any) -> Verdict:
        try:
            matched = bool(self._test(actual))
        except TypeError:
            # A value of the wrong kind (comparing a str with an int, len() of an int)
            # is a mismatch to report, not a crash of the assertion.
            matched = False
        return Verdict(matched, render(actual))


class _Not(_KitMatcher):
    __slots__ = ("_inner",)

    def __init__(self, inner: Matcher) -> None:
        self._inner = inner

    def describe(self) -> str:
        return f"not {self._inner.describe()}"

    def evaluate(self, actual: Any) -> Verdict:
        verdict = evaluate(self._inner, actual)
        return Verdict(not verdict.matched, verdict.rendered_actual)


class _Combined(_KitMatcher):
    __slots__ = ("_inner", "_label", "_require_all")

    def __init__(self, label: str, inner: tuple[Matcher, ...], *, require_all: bool) -> None:
        self._label = label
        self._inner = inner
        self._require_all = require_all

    def describe(self) -> str:
        return f"{self._label} ({', '.join(matcher.describe() for matcher in self._inner)})"

    def evaluate(self, actual: Any) -> Verdict:
        verdicts = [evaluate(matcher, actual) for matcher in self._inner]
        outcomes = [verdict.matched for verdict in verdicts]
        matched = all(outcomes) if self._require_all else any(outcomes)
        rendered = verdicts[0].rendered_actual if verdicts else render(actual)
        return Verdict(matched, rendered)


class _Call(_KitMatcher):
    """Matches a callable by calling it once: it must raise an accepted exception."""

    __slots__ = ("_accepts", "_description")

    def __init__(self, description: str, accepts: Callable[[Exception], bool]) -> None:
        self._description = description
        self._accepts = accepts

    def describe(self) -> str:
        return self._description

    def evaluate(self, actual: Any) -> Verdict:
        if not callable(actual):
            return Verdict(False, render(actual))
        try:
            actual()
        except Exception as error:
            return Verdict(self._accepts(error), f"a call that failed with {_message(error)}")
        return Verdict(False, "a call that returned normally")


def _message(error: BaseException) -> str:
    return render_string(str(error))


def _equal(actual: Any, expected: Any) -> bool:
    # Python treats True == 1; no other kit does, so a bool only equals a bool.
    if isinstance(actual, bool) != isinstance(expected, bool):
        return False
    return bool(actual == expected)


def _is_number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _elements(value: Any) -> list[Any] | None:
    """The elements of a collection; None for strings and non-collections."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return None
    return list(value)


def _contains_element(collection: Any, element: Any) -> bool:
    elements = _elements(collection)
    return elements is not None and any(_equal(item, element) for item in elements)


def _same_elements_any_order(actual: Any, expected: Iterable[Any]) -> bool:
    remaining = _elements(actual)
    if remaining is None:
        return False
    for wanted in expected:
        index = next((i for i, item in enumerate(remaining) if _equal(item, wanted)), None)
        if index is None:
            return False
        del remaining[index]
    return not remaining


def _is_sorted(actual: Any) -> bool:
    elements = _elements(actual)
    return elements is not None and all(a <= b for a, b in pairwise(elements))


def _length(actual: Any) -> int | None:
    return len(actual) if isinstance(actual, Sized) else None


# ---------------------------------------------------------------- equality and order


def eq(expected: Any) -> Matcher:
    return _Predicate(f"equal to {render(expected)}", lambda actual: _equal(actual, expected))


def ne(unexpected: Any) -> Matcher:
    return _Predicate(
        f"not equal to {render(unexpected)}", lambda actual: not _equal(actual, unexpected)
    )


def lt(bound: Any) -> Matcher:
    return _Predicate(f"less than {render(bound)}", lambda actual: actual < bound)


def le(bound: Any) -> Matcher:
    return _Predicate(f"less than or equal to {render(bound)}", lambda actual: actual <= bound)


def gt(bound: Any) -> Matcher:
    return _Predicate(f"greater than {render(bound)}", lambda actual: actual > bound)


def ge(bound: Any) -> Matcher:
    return _Predicate(f"greater than or equal to {render(bound)}", lambda actual: actual >= bound)


def in_range(low: Any, high: Any) -> Matcher:
    return _Predicate(
        f"between {render(low)} and {render(high)} inclusive",
        lambda actual: low <= actual <= high,
    )


def near(expected: float, tolerance: float) -> Matcher:
    return _Predicate(
        f"within {render(tolerance)} of {render(expected)}",
        lambda actual: _is_number(actual) and abs(actual - expected) <= tolerance,
    )


# ---------------------------------------------------------------- numbers


def is_positive() -> Matcher:
    return _Predicate("a positive number", lambda actual: _is_number(actual) and actual > 0)


def is_negative() -> Matcher:
    return _Predicate("a negative number", lambda actual: _is_number(actual) and actual < 0)


def is_zero() -> Matcher:
    return _Predicate("zero", lambda actual: _is_number(actual) and actual == 0)


def is_nan() -> Matcher:
    return _Predicate("NaN", lambda actual: isinstance(actual, float) and math.isnan(actual))


# ---------------------------------------------------------------- truthiness and null


def is_true() -> Matcher:
    return _Predicate("true", lambda actual: actual is True)


def is_false() -> Matcher:
    return _Predicate("false", lambda actual: actual is False)


def is_none() -> Matcher:
    return _Predicate("null", lambda actual: actual is None)


def is_not_none() -> Matcher:
    return _Predicate("not null", lambda actual: actual is not None)


def anything() -> Matcher:
    return _Predicate("anything", lambda actual: True)


# ---------------------------------------------------------------- length and emptiness


def has_len(length: int) -> Matcher:
    return _Predicate(
        f"a value of length {render(length)}", lambda actual: _length(actual) == length
    )


def is_empty() -> Matcher:
    return _Predicate("empty", lambda actual: _length(actual) == 0)


def is_not_empty() -> Matcher:
    return _Predicate("not empty", lambda actual: (_length(actual) or 0) > 0)


# ---------------------------------------------------------------- strings


def starts_with(prefix: str) -> Matcher:
    return _Predicate(
        f"a string starting with {render(prefix)}",
        lambda actual: isinstance(actual, str) and actual.startswith(prefix),
    )


def ends_with(suffix: str) -> Matcher:
    return _Predicate(
        f"a string ending with {render(suffix)}",
        lambda actual: isinstance(actual, str) and actual.endswith(suffix),
    )


def contains_substring(substring: str) -> Matcher:
    return _Predicate(
        f"a string containing {render(substring)}",
        lambda actual: isinstance(actual, str) and substring in actual,
    )


def matches_regex(pattern: str) -> Matcher:
    compiled = re.compile(pattern)
    return _Predicate(
        f"a string matching the regex {render(pattern)}",
        lambda actual: isinstance(actual, str) and compiled.search(actual) is not None,
    )


def eq_ignoring_case(expected: str) -> Matcher:
    return _Predicate(
        f"equal ignoring case to {render(expected)}",
        lambda actual: isinstance(actual, str) and actual.lower() == expected.lower(),
    )


def is_blank() -> Matcher:
    return _Predicate(
        "a blank string", lambda actual: isinstance(actual, str) and not actual.strip()
    )


# ---------------------------------------------------------------- collections


def contains(element: Any) -> Matcher:
    return _Predicate(
        f"a collection containing {render(element)}",
        lambda actual: _contains_element(actual, element),
    )


def contains_all(elements: Iterable[Any]) -> Matcher:
    wanted = list(elements)
    return _Predicate(
        f"a collection containing all of {render(wanted)}",
        lambda actual: all(_contains_element(actual, element) for element in wanted),
    )


def contains_any(elements: Iterable[Any]) -> Matcher:
    wanted = list(elements)
    return _Predicate(
        f"a collection containing any of {render(wanted)}",
        lambda actual: any(_contains_element(actual, element) for element in wanted),
    )


def contains_exactly(elements: Iterable[Any]) -> Matcher:
    wanted = list(elements)
    return _Predicate(
        f"a collection containing exactly {render(wanted)} in any order",
        lambda actual: _same_elements_any_order(actual, wanted),
    )


def is_in(collection: Iterable[Any]) -> Matcher:
    options = list(collection)
    return _Predicate(
        f"one of {render(options)}",
        lambda actual: any(_equal(actual, option) for option in options),
    )


def is_sorted() -> Matcher:
    return _Predicate("a sorted collection", _is_sorted)


def each(matcher: Matcher) -> Matcher:
    def every_element_matches(actual: Any) -> bool:
        elements = _elements(actual)
        return elements is not None and all(
            evaluate(matcher, element).matched for element in elements
        )

    return _Predicate(
        f"a collection where every element is {matcher.describe()}", every_element_matches
    )


def has_item(matcher: Matcher) -> Matcher:
    def some_element_matches(actual: Any) -> bool:
        elements = _elements(actual)
        return elements is not None and any(
            evaluate(matcher, element).matched for element in elements
        )

    return _Predicate(
        f"a collection with an element that is {matcher.describe()}", some_element_matches
    )


def contains_key(key: Any) -> Matcher:
    return _Predicate(
        f"a map containing key {render(key)}",
        lambda actual: isinstance(actual, Mapping) and key in actual,
    )


def contains_entry(key: Any, value: Any) -> Matcher:
    return _Predicate(
        f"a map containing entry {render(key)}: {render(value)}",
        lambda actual: isinstance(actual, Mapping) and key in actual and _equal(actual[key], value),
    )


# ---------------------------------------------------------------- composition


def all_of(*matchers: Matcher) -> Matcher:
    return _Combined("all of", matchers, require_all=True)


def any_of(*matchers: Matcher) -> Matcher:
    return _Combined("any of", matchers, require_all=False)


def not_(matcher: Matcher) -> Matcher:
    return _Not(matcher)


# ---------------------------------------------------------------- errors and failures


def is_error() -> Matcher:
    return _Predicate("an error", lambda actual: isinstance(actual, BaseException))


def is_ok() -> Matcher:
    return _Predicate("no error", lambda actual: not isinstance(actual, BaseException))


def error_contains(substring: str) -> Matcher:
    return _Predicate(
        f"an error with a message containing {render(substring)}",
        lambda actual: isinstance(actual, BaseException) and substring in str(actual),
    )


def fails() -> Matcher:
    return _Call("a call that fails", lambda error: True)


def fails_with(substring: str) -> Matcher:
    return _Call(
        f"a call that fails with a message containing {render(substring)}",
        lambda error: substring in str(error),
    )
