"""Matchers that compose matchers: ``all_of``, ``any_of``, ``not_``, ``none_of``,
``exactly_one_of``, and ``elements_are``, which gives each element of a collection its
own matcher.

``not_`` shows the actual value the way its matcher does, and the matchers given together
the way the first of them does, so a call still shows how it ended.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from testingkit.matchers import (
    KitMatcher,
    Matcher,
    Predicate,
    Verdict,
    evaluate,
    joined,
    on_elements,
)
from testingkit.render import render


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


def _match_one_to_one(elements: list[Any], matchers: tuple[Matcher, ...]) -> bool:
    """As many elements as matchers, each element matching the matcher at its position."""
    if len(elements) != len(matchers):
        return False
    pairs = zip(matchers, elements, strict=True)
    return all(evaluate(matcher, element).matched for matcher, element in pairs)


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


def elements_are(*matchers: Matcher) -> Matcher:
    return Predicate(
        f"a collection whose elements are ({joined(matchers)})",
        on_elements(lambda found: _match_one_to_one(found, matchers)),
    )
