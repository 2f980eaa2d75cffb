"""The canonical rendering of values in failure messages, identical in every kit.

Rust, Go and Python print values differently; a failure message must not, so that one
set of cross-language cases can pin the exact wording for all three kits.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Set
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
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return render_float(value)
    if isinstance(value, str):
        return render_string(value)
    if isinstance(value, BaseException):
        return f"error({render_string(str(value))})"
    if describes_itself(value):
        return str(value.describe())
    if isinstance(value, Mapping):
        entries = sorted((render(key), render(item)) for key, item in value.items())
        return "{" + ", ".join(f"{key}: {item}" for key, item in entries) + "}"
    if isinstance(value, Set):
        # A set has no order of its own; sorting by rendering keeps messages stable.
        return "[" + ", ".join(sorted(render(item) for item in value)) + "]"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(render(item) for item in value) + "]"
    return repr(value)


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
