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


def _on_length(description: str, test: Callable[[int], bool]) -> Matcher:
    """A matcher of the actual's length; a mismatch says what the length was."""
    return Predicate(
        description,
        lambda actual: isinstance(actual, Sized) and test(len(actual)),
        _actual_length,
    )


def _actual_length(actual: Any) -> str | None:
    return f"which has length {len(actual)}" if isinstance(actual, Sized) else None


def has_len(length: int) -> Matcher:
    return _on_length(f"a value of length {render(length)}", lambda size: size == length)


def is_empty() -> Matcher:
    return _on_length("empty", lambda size: size == 0)


def is_not_empty() -> Matcher:
    return _on_length("not empty", lambda size: size > 0)


def has_len_at_least(length: int) -> Matcher:
    return _on_length(f"a value of length at least {render(length)}", lambda size: size >= length)


def has_len_at_most(length: int) -> Matcher:
    return _on_length(f"a value of length at most {render(length)}", lambda size: size <= length)
