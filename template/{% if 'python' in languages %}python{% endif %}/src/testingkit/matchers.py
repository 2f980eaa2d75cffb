"""The kit's matchers: the protocol, the building blocks and the generic matchers.

Every matcher describes itself with the template of the vocabulary (``rules/api.toml``),
filled with the canonical rendering of its arguments, so its failure message is the same
in every kit. A matcher answers ``matches(actual)``; :func:`evaluate` also says how the
actual value renders, which matters for callables: they render as the outcome of calling
them. The matchers of each kind of value live in the ``matchers_*`` modules beside this
one, as the Rust and Go kits group them; the package exports them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sized
from dataclasses import dataclass
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
    """A matcher made of a description and a test of the actual value."""

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


class _Not(KitMatcher):
    __slots__ = ("_inner",)

    def __init__(self, inner: Matcher) -> None:
        self._inner = inner

    def describe(self) -> str:
        return f"not {self._inner.describe()}"

    def evaluate(self, actual: Any) -> Verdict:
        verdict = evaluate(self._inner, actual)
        return Verdict(not verdict.matched, verdict.rendered_actual)


class _Combined(KitMatcher):
    """Matches one value against several matchers and decides on their outcomes."""

    __slots__ = ("_decide", "_inner", "_label")

    def __init__(
        self, label: str, inner: tuple[Matcher, ...], decide: Callable[[list[bool]], bool]
    ) -> None:
        self._label = label
        self._inner = inner
        self._decide = decide

    def describe(self) -> str:
        return f"{self._label} ({joined(self._inner)})"

    def evaluate(self, actual: Any) -> Verdict:
        verdicts = [evaluate(matcher, actual) for matcher in self._inner]
        matched = self._decide([verdict.matched for verdict in verdicts])
        rendered = verdicts[0].rendered_actual if verdicts else render(actual)
        return Verdict(matched, rendered)


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


def _on_length(test: Callable[[int], bool]) -> Callable[[Any], bool]:
    return lambda actual: isinstance(actual, Sized) and test(len(actual))


# ---------------------------------------------------------------- equality and order


def eq(expected: Any) -> Matcher:
    return Predicate(f"equal to {render(expected)}", lambda actual: equal(actual, expected))


def ne(unexpected: Any) -> Matcher:
    return Predicate(
        f"not equal to {render(unexpected)}", lambda actual: not equal(actual, unexpected)
    )


def lt(bound: Any) -> Matcher:
    return Predicate(f"less than {render(bound)}", lambda actual: actual < bound)


def le(bound: Any) -> Matcher:
    return Predicate(f"less than or equal to {render(bound)}", lambda actual: actual <= bound)


def gt(bound: Any) -> Matcher:
    return Predicate(f"greater than {render(bound)}", lambda actual: actual > bound)


def ge(bound: Any) -> Matcher:
    return Predicate(f"greater than or equal to {render(bound)}", lambda actual: actual >= bound)


def in_range(low: Any, high: Any) -> Matcher:
    return Predicate(
        f"between {render(low)} and {render(high)} inclusive",
        lambda actual: low <= actual <= high,
    )


def in_open_range(low: Any, high: Any) -> Matcher:
    return Predicate(
        f"strictly between {render(low)} and {render(high)}",
        lambda actual: low < actual < high,
    )


# ---------------------------------------------------------------- truthiness and null


def is_true() -> Matcher:
    return Predicate("true", lambda actual: actual is True)


def is_false() -> Matcher:
    return Predicate("false", lambda actual: actual is False)


def is_none() -> Matcher:
    return Predicate("null", lambda actual: actual is None)


def is_not_none() -> Matcher:
    return Predicate("not null", lambda actual: actual is not None)


def anything() -> Matcher:
    return Predicate("anything", lambda actual: True)


# ---------------------------------------------------------------- length and emptiness


def has_len(length: int) -> Matcher:
    return Predicate(f"a value of length {render(length)}", _on_length(lambda size: size == length))


def is_empty() -> Matcher:
    return Predicate("empty", _on_length(lambda size: size == 0))


def is_not_empty() -> Matcher:
    return Predicate("not empty", _on_length(lambda size: size > 0))


def has_len_at_least(length: int) -> Matcher:
    return Predicate(
        f"a value of length at least {render(length)}",
        _on_length(lambda size: size >= length),
    )


def has_len_at_most(length: int) -> Matcher:
    return Predicate(
        f"a value of length at most {render(length)}",
        _on_length(lambda size: size <= length),
    )


# ---------------------------------------------------------------- composition


def all_of(*matchers: Matcher) -> Matcher:
    return _Combined("all of", matchers, all)


def any_of(*matchers: Matcher) -> Matcher:
    return _Combined("any of", matchers, any)


def not_(matcher: Matcher) -> Matcher:
    return _Not(matcher)


def none_of(*matchers: Matcher) -> Matcher:
    return _Combined("none of", matchers, lambda outcomes: not any(outcomes))


def exactly_one_of(*matchers: Matcher) -> Matcher:
    return _Combined("exactly one of", matchers, lambda outcomes: sum(outcomes) == 1)
