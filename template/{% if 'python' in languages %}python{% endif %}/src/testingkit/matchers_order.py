"""Matchers of equality and order: ``eq``, ``ne``, ``lt``, ``le``, ``gt``, ``ge``,
``in_range``, ``in_open_range``, ``near``, ``near_relative``.

Equality is the kit's, where a bool only equals a bool; ``near`` and ``near_relative``
match numbers only, and a bool is not one.
"""

from __future__ import annotations

from typing import Any

from testingkit.difference import explain_difference, text_difference
from testingkit.matchers import (
    Matcher,
    Predicate,
    equal,
    on_number,
)
from testingkit.render import render, shape


def eq(expected: Any) -> Matcher:
    def difference(actual: Any) -> str | None:
        if isinstance(expected, str) and isinstance(actual, str):
            return text_difference(expected, actual)
        return explain_difference(shape(expected), shape(actual))

    return Predicate(
        f"equal to {render(expected)}", lambda actual: equal(actual, expected), difference
    )


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


def near(expected: float, tolerance: float) -> Matcher:
    return Predicate(
        f"within {render(tolerance)} of {render(expected)}",
        on_number(lambda number: abs(number - expected) <= tolerance),
    )


def near_relative(expected: float, tolerance: float) -> Matcher:
    return Predicate(
        f"within a relative {render(tolerance)} of {render(expected)}",
        on_number(lambda number: abs(number - expected) <= tolerance * abs(expected)),
    )
