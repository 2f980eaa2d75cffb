"""The kit's matchers: the protocol and the building blocks the matchers share.

Every matcher describes itself with the template of the vocabulary (``rules/api.toml``),
filled with the canonical rendering of its arguments, so its failure message is the same
in every kit. A matcher answers ``matches(actual)``; :func:`evaluate` also says how the
actual value renders, which matters for callables: they render as the outcome of calling
them. The matchers themselves live beside this module, one ``matchers_<group>`` module
per group, grouped and named as in every kit: order, numbers, truth, length, strings,
collections, maps, composition, calls. The package exports them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from numbers import Real
from typing import Any, Protocol

from testingkit.render import describes_itself, render


class Matcher(Protocol):
    """What ``assert_that`` and ``expect_that`` need from a matcher."""

    def matches(self, actual: Any) -> bool: ...

    def describe(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of matching one actual value, with that value's rendering."""

    matched: bool
    rendered_actual: str
    # What a mismatch adds under the two sides: a diff, the actual's length.
    details: str | None = None


def evaluate(matcher: Matcher, actual: Any) -> Verdict:
    """Match ``actual`` once and render it the way the failure message shows it."""
    if isinstance(matcher, KitMatcher):
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
    return equal(actual, expected)


class KitMatcher:
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


class Predicate(KitMatcher):
    """A matcher made of a description and a test of the actual value; ``explain``, when
    given, adds details under a mismatch (the actual's length, a diff)."""

    __slots__ = ("_description", "_explain", "_test")

    def __init__(
        self,
        description: str,
        test: Callable[[Any], bool],
        explain: Callable[[Any], str | None] | None = None,
    ) -> None:
        self._description = description
        self._test = test
        self._explain = explain

    def describe(self) -> str:
        return self._description

    def evaluate(self, actual: Any) -> Verdict:
        try:
            matched = bool(self._test(actual))
        except TypeError:
            # A value of the wrong kind (comparing a str with an int, len() of an int)
            # is a mismatch to report, not a crash of the assertion.
            matched = False
        details = None if matched or self._explain is None else self._explain(actual)
        return Verdict(matched, render(actual), details)


def joined(matchers: Iterable[Matcher]) -> str:
    """The descriptions of the matchers, joined as the variadic matchers show them."""
    return ", ".join(matcher.describe() for matcher in matchers)


def equal(actual: Any, expected: Any) -> bool:
    """The kit's equality: Python's, except that a bool only equals a bool.

    Python treats True == 1; no other kit does.
    """
    if isinstance(actual, bool) != isinstance(expected, bool):
        return False
    return bool(actual == expected)


def count_equal(elements: Iterable[Any], element: Any) -> int:
    """How many of the elements equal ``element``."""
    return sum(equal(item, element) for item in elements)


def count_matching(elements: Iterable[Any], matcher: Matcher) -> int:
    """How many of the elements the matcher accepts."""
    return sum(evaluate(matcher, item).matched for item in elements)


def elements_of(value: Any) -> list[Any] | None:
    """The elements of a collection; None for strings and non-collections."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return None
    return list(value)


def on_elements(test: Callable[[list[Any]], bool]) -> Callable[[Any], bool]:
    """A test of a collection's elements that any other value fails."""

    def check(actual: Any) -> bool:
        elements = elements_of(actual)
        return elements is not None and test(elements)

    return check


def _is_number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def on_number(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """A test of a number that any other value fails; a bool is not a number here."""
    return lambda actual: _is_number(actual) and test(actual)
