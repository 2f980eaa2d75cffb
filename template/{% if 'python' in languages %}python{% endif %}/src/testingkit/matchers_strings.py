"""Matchers of strings.

Whitespace and case folding are ASCII's alone (``eq_ignoring_case``, ``is_trimmed``, ...),
as in the other kits; a value that is not a ``str`` never matches.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from typing import Any

from testingkit.matchers import (
    Matcher,
    Predicate,
)
from testingkit.render import render


def _on_string(test: Callable[[str], bool]) -> Callable[[Any], bool]:
    return lambda actual: isinstance(actual, str) and test(actual)


_ASCII_WHITESPACE = " \t\n\r\f\v"


_WITHOUT_WHITESPACE = str.maketrans("", "", _ASCII_WHITESPACE)


_ASCII_LOWERCASE = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _fold_case(text: str) -> str:
    return text.translate(_ASCII_LOWERCASE)


def _ignoring_case(relation: Callable[[str, str], bool], wanted: str) -> Callable[[Any], bool]:
    folded = _fold_case(wanted)
    return _on_string(lambda text: relation(_fold_case(text), folded))


def _only(characters: str) -> Callable[[Any], bool]:
    """A non-empty string made of these characters alone."""
    allowed = frozenset(characters)
    return _on_string(lambda text: bool(text) and allowed.issuperset(text))


def _without(characters: str) -> Callable[[Any], bool]:
    """A string, empty or not, with none of these characters."""
    refused = frozenset(characters)
    return _on_string(refused.isdisjoint)


def _substrings_in_order(text: str, substrings: list[str]) -> bool:
    start = 0
    for substring in substrings:
        found = text.find(substring, start)
        if found < 0:
            return False
        start = found + len(substring)
    return True


def _line_count(text: str) -> int:
    # Lines are separated by "\n"; a trailing "\n" ends the last line, not a new one.
    return text.count("\n") + (0 if text.endswith("\n") else 1) if text else 0


# ---------------------------------------------------------------- strings


def starts_with(prefix: str) -> Matcher:
    return Predicate(
        f"a string starting with {render(prefix)}",
        _on_string(lambda text: text.startswith(prefix)),
    )


def ends_with(suffix: str) -> Matcher:
    return Predicate(
        f"a string ending with {render(suffix)}",
        _on_string(lambda text: text.endswith(suffix)),
    )


def contains_substring(substring: str) -> Matcher:
    return Predicate(
        f"a string containing {render(substring)}",
        _on_string(lambda text: substring in text),
    )


def matches_regex(pattern: str) -> Matcher:
    compiled = re.compile(pattern)
    return Predicate(
        f"a string matching the regex {render(pattern)}",
        _on_string(lambda text: compiled.search(text) is not None),
    )


def eq_ignoring_case(expected: str) -> Matcher:
    return Predicate(
        f"equal ignoring case to {render(expected)}",
        _ignoring_case(str.__eq__, expected),
    )


def is_blank() -> Matcher:
    return Predicate("a blank string", _on_string(lambda text: not text.strip()))


def eq_ignoring_whitespace(expected: str) -> Matcher:
    squeezed = expected.translate(_WITHOUT_WHITESPACE)
    return Predicate(
        f"equal ignoring whitespace to {render(expected)}",
        _on_string(lambda text: text.translate(_WITHOUT_WHITESPACE) == squeezed),
    )


def starts_with_ignoring_case(prefix: str) -> Matcher:
    return Predicate(
        f"a string starting with {render(prefix)} ignoring case",
        _ignoring_case(str.startswith, prefix),
    )


def ends_with_ignoring_case(suffix: str) -> Matcher:
    return Predicate(
        f"a string ending with {render(suffix)} ignoring case",
        _ignoring_case(str.endswith, suffix),
    )


def contains_substring_ignoring_case(substring: str) -> Matcher:
    return Predicate(
        f"a string containing {render(substring)} ignoring case",
        _ignoring_case(str.__contains__, substring),
    )


def contains_substrings_in_order(substrings: Iterable[str]) -> Matcher:
    wanted = list(substrings)
    return Predicate(
        f"a string containing {render(wanted)} in order",
        _on_string(lambda text: _substrings_in_order(text, wanted)),
    )


def does_not_contain_substring(substring: str) -> Matcher:
    return Predicate(
        f"a string not containing {render(substring)}",
        _on_string(lambda text: substring not in text),
    )


def is_lowercase() -> Matcher:
    return Predicate("a lowercase string", _without(string.ascii_uppercase))


def is_uppercase() -> Matcher:
    return Predicate("an uppercase string", _without(string.ascii_lowercase))


def is_alphabetic() -> Matcher:
    return Predicate("an alphabetic string", _only(string.ascii_letters))


def is_numeric() -> Matcher:
    return Predicate("a numeric string", _only(string.digits))


def is_alphanumeric() -> Matcher:
    return Predicate("an alphanumeric string", _only(string.ascii_letters + string.digits))


def is_ascii() -> Matcher:
    return Predicate("an ASCII string", _on_string(str.isascii))


def full_matches_regex(pattern: str) -> Matcher:
    compiled = re.compile(pattern)
    return Predicate(
        f"a string fully matching the regex {render(pattern)}",
        _on_string(lambda text: compiled.fullmatch(text) is not None),
    )


def has_line_count(count: int) -> Matcher:
    return Predicate(
        f"a string of {render(count)} lines",
        _on_string(lambda text: _line_count(text) == count),
        _actual_line_count,
    )


def _actual_line_count(actual: Any) -> str | None:
    if not isinstance(actual, str):
        return None
    lines = _line_count(actual)
    return f"which has {lines} line{'' if lines == 1 else 's'}"


def is_trimmed() -> Matcher:
    return Predicate(
        "a string without leading or trailing whitespace",
        _on_string(lambda text: text == text.strip(_ASCII_WHITESPACE)),
    )


def is_single_line() -> Matcher:
    return Predicate("a single-line string", _without("\n\r"))
