"""Matchers of JSON text: ``json_eq`` compares documents, not their spelling.

Two documents are equal when they hold the same values: object keys in any order,
whitespace anywhere, numbers compared as numbers (``1`` equals ``1.0``), a bool only
equal to a bool. Text that is not JSON never matches.
"""

from __future__ import annotations

import json
from typing import Any

from testingkit.matchers import Matcher, Predicate
from testingkit.render import render

_NOT_JSON = object()


def _parsed(text: Any) -> Any:
    if not isinstance(text, str | bytes):
        return _NOT_JSON
    try:
        return json.loads(text)
    except ValueError:
        return _NOT_JSON


def _same_document(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(
            _same_document(value, right[key]) for key, value in left.items()
        )
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(
            _same_document(a, b) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, int | float) and isinstance(right, int | float):
        return float(left) == float(right)
    return type(left) is type(right) and bool(left == right)


def json_eq(expected: str) -> Matcher:
    """JSON text holding the same document as ``expected``."""
    wanted = _parsed(expected)
    if wanted is _NOT_JSON:
        raise ValueError(f"json_eq needs JSON text, got {expected!r}")
    return Predicate(
        f"JSON equal to {render(expected)}",
        lambda actual: (
            (found := _parsed(actual)) is not _NOT_JSON and _same_document(found, wanted)
        ),
    )


def is_json() -> Matcher:
    """Text that parses as one JSON document."""
    return Predicate("a JSON document", lambda actual: _parsed(actual) is not _NOT_JSON)
