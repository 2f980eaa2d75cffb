"""Matchers of length and emptiness: ``has_len``, ``has_len_at_least``,
``has_len_at_most``, ``is_empty``, ``is_not_empty``.

Any ``Sized`` value has a length (a string in characters); a value of another kind never
matches.
"""

from __future__ import annotations

from collections.abc import Callable, Sized
from typing import Any

from testingkit.matchers import (
    Matcher,
    Predicate,
)
from testingkit.render import render


def _on_length(test: Callable[[int], bool]) -> Callable[[Any], bool]:
    return lambda actual: isinstance(actual, Sized) and test(len(actual))


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
