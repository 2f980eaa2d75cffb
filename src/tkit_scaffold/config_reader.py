"""Reading a TOML table into the configuration's frozen dataclasses, checking it on the
way, with pydantic: unknown keys, wrong types and values a field's ``check`` refuses all
become problems, ``(location, message)``, which :mod:`tkit_scaffold.config` words with
the file's lines.

pydantic is imported only when a configuration text is validated, which a run does once
per text: the settings of a text that validated are remembered in the cache, and
:func:`build_trusted` rebuilds the configuration from them without pydantic. A field's
spelling in the file is its ``key`` metadata when it is not the field's name (always
the field's name in kebab case).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any

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
    """An instance of the dataclass ``schema`` built from ``table`` by pydantic, or None
    after adding to ``problems`` everything that is wrong in it, in our words: pydantic
    checks the shapes (unknown keys, types, choices, required keys), then each given
    field's own ``check`` (rule codes, globs) runs on the typed value."""
    if not isinstance(table, Mapping):
        problems.append((location, "must be a table of settings"))
        return None
    from pydantic import ValidationError

    try:
        value = _adapter(schema).validate_python(table)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            where = (*location, *(str(part) for part in item["loc"]))
            problems.append((where, _message(item)))
        return None
    before = len(problems)
    _run_checks(schema, value, table, location, problems)
    return value if len(problems) == before else None


# The dataclasses validate as TOML tables: no key beyond their fields, each field spelled
# in kebab case (``per-file-ignores``, ``python-modules``) as the file spells it.
_TABLE_CONFIG = {"extra": "forbid", "alias_generator": lambda name: name.replace("_", "-")}


@functools.cache
def _adapter(schema: type[Any]) -> Any:
    """pydantic's validator of ``schema``, built once (it imports pydantic)."""
    from pydantic import TypeAdapter

    for table in _dataclasses_in(schema):
        table.__pydantic_config__ = _TABLE_CONFIG
    return TypeAdapter(schema)


def _dataclasses_in(schema: type[Any]) -> set[type[Any]]:
    found = {schema}
    for hint in typing.get_type_hints(schema).values():
        for part in (hint, *typing.get_args(hint)):
            if isinstance(part, type) and dataclasses.is_dataclass(part) and part not in found:
                found |= _dataclasses_in(part)
    return found


def _run_checks(
    schema: type[Any], value: Any, table: Mapping[str, Any], location: Location,
    problems: list[Problem],
) -> None:  # fmt: skip
    hints = typing.get_type_hints(schema)
    for setting in dataclasses.fields(schema):
        key = key_of(setting)
        if key not in table:
            continue
        field_value = getattr(value, setting.name)
        check = setting.metadata.get("check")
        if check is not None:
            try:
                check(field_value)
            except ValueError as error:
                problems.append(((*location, key), str(error)))
        hint = hints[setting.name]
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            _run_checks(hint, field_value, table[key], (*location, key), problems)


def _message(item: Any) -> str:
    """A pydantic error in the words the configuration's other messages use."""
    kind, raw = item["type"], item.get("input")
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return UNKNOWN_KEY
    if kind in ("missing", "missing_argument"):
        return "is required"
    if kind == "literal_error":
        return f"must be one of {item['ctx']['expected']}"
    if kind == "string_type":
        return f"must be a string in quotes, not {_shown(raw)}"
    if kind in ("tuple_type", "list_type"):
        noun = "tables" if item["loc"][-1:] == ("groups",) else "strings"
        return f"must be a list of {noun}, not {_shown(raw)}"
    if kind == "dict_type":
        return f"must be a table, not {_shown(raw)}"
    if kind.startswith(("dataclass", "model")):
        return "must be a table of settings"
    return str(item["msg"])


def build_trusted(schema: type[Schema], data: Mapping[str, Any]) -> Schema:
    """``schema`` rebuilt from the plain data of a configuration that validated before
    (:func:`tkit_scaffold.config.Config.plain`), without validating it again: the cache
    keeps that data under a checksum, so a run need not import pydantic to have it."""
    hints = typing.get_type_hints(schema)
    values = {
        setting.name: _trusted(hints[setting.name], data[key_of(setting)])
        for setting in dataclasses.fields(schema)
        if key_of(setting) in data
    }
    return schema(**values)


def _trusted(hint: Any, raw: Any) -> Any:
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        (hint,) = [argument for argument in arguments if argument is not type(None)]
        return None if raw is None else _trusted(hint, raw)
    if origin is tuple:
        return tuple(_trusted(arguments[0], item) for item in raw)
    if origin is Mapping:
        return {key: _trusted(arguments[1], item) for key, item in raw.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build_trusted(hint, raw)
    return raw


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
