"""The canonical rendering of values in failure messages, identical in every kit.

Rust, Go and Python print values differently; a failure message must not, so that one
set of cross-language cases can pin the exact wording for all three kits.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any

_NAMED_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def describes_itself(value: object) -> bool:
    """Matchers render as their description.

    The class is asked rather than the instance: a mock answers every attribute name,
    and must not pass for a matcher.
    """
    return callable(getattr(type(value), "describe", None))


def render(value: Any) -> str:
    """Render ``value`` the way every kit renders it in a failure message."""
    return shape(value).text


@dataclass(frozen=True, slots=True)
class Shape:
    """A value as the failure messages see it: its rendering and, for the containers,
    its parts, which is what a structural diff walks.

    ``kind`` is ``"leaf"``, ``"list"``, ``"set"``, ``"map"`` or ``"record"``. A list's
    and a set's parts are keyed by position; a map's by the rendering of the key, sorted;
    a record's by field name, in declaration order (``name`` is the record's type name).
    """

    text: str
    kind: str = "leaf"
    parts: tuple[tuple[str, Shape], ...] = ()
    name: str = ""


def _leaf(text: str) -> Shape:
    return Shape(text)


def _record(name: str, fields: list[tuple[str, Any]]) -> Shape:
    parts = tuple((field, shape(value)) for field, value in fields)
    if not parts:
        return Shape(name, "record", (), name)
    inner = ", ".join(f"{field}: {part.text}" for field, part in parts)
    return Shape(f"{name} {{ {inner} }}", "record", parts, name)


def _record_fields(value: Any) -> list[tuple[str, Any]] | None:
    """The fields of a user record in declaration order; None for anything else.

    Dataclasses, attrs classes, pydantic models, named tuples and plain objects whose
    class keeps the default ``repr`` are records; a class with its own ``__repr__`` has
    said how it wants to be shown.
    """
    kind = type(value)
    if dataclasses.is_dataclass(value):
        return [(field.name, getattr(value, field.name)) for field in dataclasses.fields(value)]
    attrs_fields = getattr(kind, "__attrs_attrs__", None)
    if attrs_fields is not None:
        return [(field.name, getattr(value, field.name)) for field in attrs_fields]
    model_fields = getattr(kind, "model_fields", None)
    if isinstance(model_fields, Mapping) and hasattr(value, "model_dump"):
        return [(name, getattr(value, name)) for name in model_fields]
    if isinstance(value, tuple) and hasattr(kind, "_fields"):
        return list(zip(kind._fields, value, strict=True))
    if kind.__repr__ is object.__repr__ and hasattr(value, "__dict__"):
        return [(name, item) for name, item in vars(value).items() if not name.startswith("_")]
    return None


def shape(value: Any) -> Shape:
    """The :class:`Shape` of ``value``; its ``text`` is the canonical rendering."""
    if value is None:
        return _leaf("null")
    if isinstance(value, bool):
        return _leaf("true" if value else "false")
    if isinstance(value, enum.Enum):
        # Other kits show a variant by its name (Rust's derived Debug does).
        return _leaf(value.name)
    if isinstance(value, int):
        return _leaf(str(value))
    if isinstance(value, float):
        return _leaf(render_float(value))
    if isinstance(value, str):
        return _leaf(render_string(value))
    if isinstance(value, BaseException):
        return _leaf(f"error({render_string(str(value))})")
    if describes_itself(value):
        return _leaf(str(value.describe()))
    if isinstance(value, Mapping):
        entries = sorted(
            ((shape(key).text, shape(item)) for key, item in value.items()),
            key=lambda entry: entry[0],
        )
        inner = ", ".join(f"{key}: {item.text}" for key, item in entries)
        return Shape("{" + inner + "}", "map", tuple(entries))
    if isinstance(value, Set):
        # A set has no order of its own; sorting by rendering keeps messages stable.
        items = sorted((shape(item) for item in value), key=lambda item: item.text)
        return _sequence(items, "set")
    fields = _record_fields(value)
    if fields is not None:
        return _record(type(value).__name__, fields)
    if isinstance(value, list | tuple):
        return _sequence([shape(item) for item in value], "list")
    return _leaf(repr(value))


def _sequence(items: list[Shape], kind: str) -> Shape:
    parts = tuple((str(index), item) for index, item in enumerate(items))
    return Shape("[" + ", ".join(item.text for item in items) + "]", kind, parts)


def render_float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    # repr is the shortest round-trip form, keeps ".0" on integral values and uses digit
    # notation in [1e-4, 1e16), which covers the range the kits promise to agree on.
    return repr(value)


def render_string(text: str) -> str:
    parts: list[str] = []
    for char in text:
        escaped = _NAMED_ESCAPES.get(char)
        if escaped is not None:
            parts.append(escaped)
        elif ord(char) < 0x20:
            parts.append(f"\\u{ord(char):04x}")
        else:
            parts.append(char)
    return '"' + "".join(parts) + '"'
