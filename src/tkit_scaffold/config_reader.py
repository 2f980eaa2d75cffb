"""Reading a TOML table into the configuration's frozen dataclasses, checking it on the
way: unknown keys, wrong types and values a field's ``check`` refuses all become problems,
``(location, message)``, which :mod:`tkit_scaffold.config` words with the file's lines.

The schema is read from the dataclasses' own annotations: strings, lists of strings, a
choice of words (``Literal``), tables of those and nested dataclasses. A field's spelling
in the file is its ``key`` metadata when it is not the field's name.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal

if typing.TYPE_CHECKING:
    from _typeshed import DataclassInstance

UNKNOWN_KEY = "unknown key; remove it or check its spelling against the docs"

Schema = typing.TypeVar("Schema", bound="DataclassInstance")
Location = tuple[str, ...]
Problem = tuple[Location, str]


def key_of(setting: dataclasses.Field[Any]) -> str:
    key = setting.metadata.get("key")
    return key if isinstance(key, str) else setting.name


def describe(problem: Problem) -> str:
    location, message = problem
    return f"{'.'.join(location) or '(top level)'}: {message}"


def read_table(
    schema: type[Schema], table: Any, location: Location, problems: list[Problem]
) -> Schema | None:
    """An instance of the dataclass ``schema`` built from ``table``, or None after adding
    to ``problems`` everything that is wrong in it."""
    if not isinstance(table, Mapping):
        problems.append((location, "must be a table of settings"))
        return None
    hints = typing.get_type_hints(schema)
    by_key = {key_of(setting): setting for setting in dataclasses.fields(schema)}
    values: dict[str, Any] = {}
    before = len(problems)
    for key, raw in table.items():
        setting = by_key.get(key)
        if setting is None:
            problems.append(((*location, str(key)), UNKNOWN_KEY))
            continue
        where = (*location, key)
        value = _read_value(hints[setting.name], raw, where, problems)
        if value is _INVALID:
            continue
        check = setting.metadata.get("check")
        if check is not None:
            try:
                check(value)
            except ValueError as error:
                problems.append((where, str(error)))
                continue
        values[setting.name] = value
    for key, setting in by_key.items():
        required = (
            setting.default is dataclasses.MISSING
            and setting.default_factory is dataclasses.MISSING
        )
        if required and key not in table:
            problems.append(((*location, key), "is required"))
    if len(problems) > before:
        return None
    return schema(**values)


_INVALID = object()


def _read_value(hint: Any, raw: Any, location: Location, problems: list[Problem]) -> Any:
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):  # `str | None`: TOML has no null
        (hint,) = [argument for argument in arguments if argument is not type(None)]
        return _read_value(hint, raw, location, problems)
    if origin is Literal:
        if isinstance(raw, str) and raw in arguments:
            return raw
        choices = [repr(argument) for argument in arguments]
        problems.append((location, f"must be one of {', '.join(choices[:-1])} or {choices[-1]}"))
        return _INVALID
    if hint is str:
        if isinstance(raw, str):
            return raw
        problems.append((location, f"must be a string in quotes, not {_shown(raw)}"))
        return _INVALID
    if origin is tuple:
        if not isinstance(raw, list):
            noun = "strings" if arguments[0] is str else "tables"
            problems.append((location, f"must be a list of {noun}, not {_shown(raw)}"))
            return _INVALID
        items = [
            _read_value(arguments[0], item, (*location, str(index)), problems)
            for index, item in enumerate(raw)
        ]
        return _INVALID if _INVALID in items else tuple(items)
    if origin is Mapping:
        if not isinstance(raw, Mapping):
            problems.append((location, f"must be a table, not {_shown(raw)}"))
            return _INVALID
        entries = {
            str(key): _read_value(arguments[1], item, (*location, str(key)), problems)
            for key, item in raw.items()
        }
        return _INVALID if _INVALID in entries.values() else entries
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        read = read_table(hint, raw, location, problems)
        return _INVALID if read is None else read
    raise TypeError(f"the configuration schema has a field of unsupported type {hint!r}")


def _shown(raw: Any) -> str:
    """A wrong value as the user typed it, in TOML terms."""
    if isinstance(raw, bool):
        return f"the boolean {str(raw).lower()}"
    if isinstance(raw, str):
        return f"the string {raw!r}"
    if isinstance(raw, int | float):
        return f"the number {raw}"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, Mapping):
        return "a table"
    return f"a {type(raw).__name__}"
