"""Matchers of numbers: sign, NaN, finiteness, whole numbers, parity, divisibility.

A bool is not a number here, as in the other kits; a value of another kind never matches.
"""

from __future__ import annotations

import math
from typing import Any

from testingkit.matchers import (
    Matcher,
    Predicate,
    on_number,
)
from testingkit.render import render


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_whole(number: Any) -> bool:
    return _is_integer(number) or (math.isfinite(number) and number % 1 == 0)


# ---------------------------------------------------------------- numbers


def is_positive() -> Matcher:
    return Predicate("a positive number", on_number(lambda number: number > 0))


def is_negative() -> Matcher:
    return Predicate("a negative number", on_number(lambda number: number < 0))


def is_zero() -> Matcher:
    return Predicate("zero", on_number(lambda number: number == 0))


def is_nan() -> Matcher:
    return Predicate("NaN", lambda actual: isinstance(actual, float) and math.isnan(actual))


def is_non_negative() -> Matcher:
    return Predicate("a non-negative number", on_number(lambda number: number >= 0))


def is_non_positive() -> Matcher:
    return Predicate("a non-positive number", on_number(lambda number: number <= 0))


def is_finite() -> Matcher:
    return Predicate(
        "a finite number",
        on_number(lambda number: _is_integer(number) or math.isfinite(number)),
    )


def is_infinite() -> Matcher:
    return Predicate(
        "an infinite number",
        on_number(lambda number: not _is_integer(number) and math.isinf(number)),
    )


def is_whole() -> Matcher:
    return Predicate("a whole number", on_number(_is_whole))


def is_even() -> Matcher:
    return Predicate(
        "an even number", on_number(lambda number: _is_whole(number) and number % 2 == 0)
    )


def is_odd() -> Matcher:
    return Predicate(
        "an odd number", on_number(lambda number: _is_whole(number) and number % 2 != 0)
    )


def is_multiple_of(divisor: int) -> Matcher:
    return Predicate(
        f"a multiple of {render(divisor)}",
        lambda actual: (
            _is_integer(actual) and _is_integer(divisor) and divisor != 0 and actual % divisor == 0
        ),
    )
