"""Matchers of truthiness and null: ``is_true``, ``is_false``, ``is_none``,
``is_not_none``, ``anything``.

``is_true`` and ``is_false`` match the bools alone, not values Python finds truthy.
"""

from __future__ import annotations

from testingkit.matchers import (
    Matcher,
    Predicate,
)


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
