"""Matchers of maps (any ``Mapping``); a value of another kind never matches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from testingkit.matchers import (
    Matcher,
    Predicate,
    count_equal,
    count_matching,
    equal,
    evaluate,
)
from testingkit.render import render


def _on_map(test: Callable[[Mapping[Any, Any]], bool]) -> Callable[[Any], bool]:
    return lambda actual: isinstance(actual, Mapping) and test(actual)


def _has_entry(mapping: Mapping[Any, Any], key: Any, value: Any) -> bool:
    return key in mapping and equal(mapping[key], value)


# ---------------------------------------------------------------- maps


def contains_key(key: Any) -> Matcher:
    return Predicate(
        f"a map containing key {render(key)}",
        lambda actual: isinstance(actual, Mapping) and key in actual,
    )


def contains_entry(key: Any, value: Any) -> Matcher:
    return Predicate(
        f"a map containing entry {render(key)}: {render(value)}",
        _on_map(lambda actual: _has_entry(actual, key, value)),
    )


def contains_keys(keys: Iterable[Any]) -> Matcher:
    wanted = list(keys)
    return Predicate(
        f"a map containing keys {render(wanted)}",
        _on_map(lambda actual: all(key in actual for key in wanted)),
    )


def does_not_contain_key(key: Any) -> Matcher:
    return Predicate(f"a map without key {render(key)}", _on_map(lambda actual: key not in actual))


def contains_value(value: Any) -> Matcher:
    return Predicate(
        f"a map containing value {render(value)}",
        _on_map(lambda actual: count_equal(actual.values(), value) > 0),
    )


def contains_entries(entries: Mapping[Any, Any]) -> Matcher:
    wanted = dict(entries)
    return Predicate(
        f"a map containing entries {render(wanted)}",
        _on_map(lambda actual: all(_has_entry(actual, *entry) for entry in wanted.items())),
    )


def has_entry_that(key: Any, matcher: Matcher) -> Matcher:
    return Predicate(
        f"a map whose entry {render(key)} is {matcher.describe()}",
        _on_map(lambda actual: key in actual and evaluate(matcher, actual[key]).matched),
    )


def has_exactly_keys(keys: Iterable[Any]) -> Matcher:
    wanted = list(keys)
    return Predicate(
        f"a map with exactly the keys {render(wanted)}",
        _on_map(lambda actual: set(actual) == set(wanted)),
    )


def each_value(matcher: Matcher) -> Matcher:
    return Predicate(
        f"a map where every value is {matcher.describe()}",
        _on_map(lambda actual: count_matching(actual.values(), matcher) == len(actual)),
    )
