"""Configuration: ``tkit.toml`` (top-level keys) or ``[tool.tkit-lint]`` in ``pyproject.toml``.

Files are parsed with the standard library's tomllib and checked against the frozen
dataclasses below (unknown keys are errors); every problem becomes a :class:`ConfigError`
naming the file, the line, the key and what to write instead.

The schema is checked by a small reader of the dataclasses' own annotations rather than
by a validation library: a run with the default configuration, the common case in a
pre-commit hook or on a corpus without ``tkit.toml``, then costs no import at all, and the
shapes a configuration can take (strings, lists of strings, a choice of words, tables of
those) are few enough that the messages are better written here.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tkit_scaffold.errors import ConfigError
from tkit_scaffold.model import FrontendOptions

if typing.TYPE_CHECKING:
    from _typeshed import DataclassInstance

CONFIG_FILE = "tkit.toml"
PYPROJECT = "pyproject.toml"
PYPROJECT_SECTION = ("tool", "tkit-lint")

NamingStyle = Literal["given-when-then", "should", "none"]

DEFAULT_INCLUDE = ("**/test_*.py", "**/*_test.py", "**/*.rs", "**/*_test.go")

_CODE_PREFIX = re.compile(r"^TK\d{0,3}$")
_UNKNOWN_KEY = "unknown key; remove it or check its spelling against the docs"


def _setting(
    default: Any = dataclasses.MISSING,
    *,
    key: str | None = None,
    check: Callable[[Any], None] | None = None,
    default_factory: Callable[[], Any] | None = None,
) -> Any:
    """A field with its spelling in the file (``key``, when it is not the field's name)
    and a ``check`` that raises ValueError with what to write instead."""
    metadata = {"key": key, "check": check}
    if default_factory is not None:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, slots=True)
class NamingConfig:
    style: NamingStyle = "given-when-then"


@dataclass(frozen=True, slots=True)
class KitConfig:
    python_modules: tuple[str, ...] = _setting(("testingkit",), key="python-modules")
    go_packages: tuple[str, ...] = _setting(("testingkit",), key="go-packages")
    rust_crates: tuple[str, ...] = _setting(("testingkit",), key="rust-crates")


@dataclass(frozen=True, slots=True)
class ParityKits:
    """Where each language's kit is, relative to the project root (TK501)."""

    python: str = "python/src/testingkit/__init__.py"
    rust: str = "rust/src/lib.rs"
    go: str = "go/testingkit"


@dataclass(frozen=True, slots=True)
class ParityGroup:
    """Test files, one per language, that hold the same scenarios (TK502)."""

    name: str
    python: str | None = None
    rust: str | None = None
    go: str | None = None


DEFAULT_PARITY_GROUPS = (
    ParityGroup(
        name="cart",
        python="python/tests/test_cart.py",
        rust="rust/tests/cart.rs",
        go="go/cart/cart_test.go",
    ),
)


@dataclass(frozen=True, slots=True)
class ParityConfig:
    """``[parity]``: what ``tkit parity`` and the rules TK501/TK502 compare."""

    kits: ParityKits = ParityKits()
    groups: tuple[ParityGroup, ...] = DEFAULT_PARITY_GROUPS
    cases: str = "crosslang/cases"
    known_gaps: str = _setting("crosslang/known-gaps", key="known-gaps")


@dataclass(frozen=True, slots=True)
class ReportConfig:
    """``[report]``: where ``tkit report`` keeps its history (relative to the project root)."""

    history: str | None = None


def _check_globs(patterns: Iterable[str]) -> None:
    from tkit_scaffold.discovery import compile_patterns  # pathspec only when needed

    for pattern in patterns:
        if not pattern.strip():
            raise ValueError("a glob must not be empty")
        try:
            compile_patterns([pattern])
        except Exception as error:
            raise ValueError(f"{pattern!r} is not a valid glob ({error})") from None


def check_codes(codes: Iterable[str]) -> None:
    """Raise ValueError, saying what to write instead, for a code that is not one."""
    from tkit_scaffold.registry import all_codes  # the rules import the model, not config

    known = all_codes()
    for code in codes:
        if not _CODE_PREFIX.match(code):
            raise ValueError(
                f"{code!r} is not a rule code or prefix: write a code such as "
                '"TK301" or a prefix such as "TK3" or "TK"'
            )
        if not any(known_code.startswith(code) for known_code in known):
            raise ValueError(
                f"{code!r} matches no rule; `tkit-lint --list-rules` lists the codes "
                f"({known[0]} to {known[-1]})"
            )


# A helper's name: dotted (``tm.assert_equal``) or ``::``-separated, each part an identifier
# in which ``*`` and ``?`` stand for any characters; a Rust macro may end in ``!``.
_HELPER_PART = r"[A-Za-z_*?][A-Za-z0-9_*?]*"
_HELPER_NAME = re.compile(rf"{_HELPER_PART}(?:(?:\.|::){_HELPER_PART})*!?")


def _check_helper_names(names: Iterable[str]) -> None:
    for name in names:
        if not _HELPER_NAME.fullmatch(name):
            raise ValueError(
                f"{name!r} is not a helper name: write a function, method or macro name, "
                'dotted and with * or ? as wildcards, such as "check_*" or "tm.assert_*"'
            )


def _check_per_file_ignores(table: Mapping[str, tuple[str, ...]]) -> None:
    _check_globs(table)
    for codes in table.values():
        check_codes(codes)


@dataclass(frozen=True, slots=True)
class Config:
    """The effective configuration of a run. ``Config()`` is the default."""

    select: tuple[str, ...] = _setting(("TK",), check=check_codes)
    ignore: tuple[str, ...] = _setting((), check=check_codes)
    per_file_ignores: Mapping[str, tuple[str, ...]] = _setting(
        key="per-file-ignores", check=_check_per_file_ignores, default_factory=dict
    )
    include: tuple[str, ...] = _setting(DEFAULT_INCLUDE, check=_check_globs)
    exclude: tuple[str, ...] = _setting((), check=_check_globs)
    # Functions, methods or macros the project declares as assertion helpers: a test that
    # calls one asserts (simple globs over dotted names, e.g. "tm.assert_*", "check_*").
    check_helpers: tuple[str, ...] = _setting((), key="check-helpers", check=_check_helper_names)
    naming: NamingConfig = NamingConfig()
    kit: KitConfig = KitConfig()
    parity: ParityConfig = ParityConfig()
    report: ReportConfig = ReportConfig()

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> Config:
        """The configuration a TOML table describes; :class:`ConfigError` lists every
        problem (see :func:`parse_config` for errors that name the file's lines)."""
        problems: list[_Problem] = []
        config = _read_table(cls, table, (), problems)
        if problems or config is None:
            raise ConfigError("the configuration", [_describe(problem) for problem in problems])
        return config

    def with_overrides(self, overrides: Mapping[str, tuple[str, ...]]) -> Config:
        """This configuration with command-line values (``select``, ``ignore``) in place."""
        unknown = set(overrides) - {"select", "ignore"}
        if unknown:
            raise ValueError(f"only select and ignore can be overridden, not {sorted(unknown)}")
        return dataclasses.replace(
            self,
            select=overrides.get("select", self.select),
            ignore=overrides.get("ignore", self.ignore),
        )

    def selects(self, code: str, extra_ignores: Iterable[str] = ()) -> bool:
        """Whether ``code`` runs: the longest matching prefix of ``select`` must be longer
        than that of ``ignore`` (plus ``extra_ignores``, e.g. per-file ones)."""

        def best(prefixes: Iterable[str]) -> int:
            return max((len(prefix) for prefix in prefixes if code.startswith(prefix)), default=-1)

        return best(self.select) > best([*self.ignore, *extra_ignores])

    def frontend_options(self) -> FrontendOptions:
        return FrontendOptions(
            python_kit_modules=self.kit.python_modules,
            go_kit_packages=self.kit.go_packages,
            rust_kit_crates=self.kit.rust_crates,
            check_helpers=self.check_helpers,
        )

    def fingerprint(self) -> str:
        """A stable text of the whole configuration, for cache keys."""
        return json.dumps(_plain(self), sort_keys=True, separators=(",", ":"))


def _plain(value: Any) -> Any:
    """A configuration value as JSON-ready data, keyed by the spellings of the file."""
    if dataclasses.is_dataclass(value):
        return {
            _key_of(setting): _plain(getattr(value, setting.name))
            for setting in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


# ------------------------------------------------------------------- reading a table

_Schema = typing.TypeVar("_Schema", bound="DataclassInstance")
_Location = tuple[str, ...]
_Problem = tuple[_Location, str]


def _key_of(setting: dataclasses.Field[Any]) -> str:
    key = setting.metadata.get("key")
    return key if isinstance(key, str) else setting.name


def _describe(problem: _Problem) -> str:
    location, message = problem
    return f"{'.'.join(location) or '(top level)'}: {message}"


def _read_table(
    schema: type[_Schema], table: Any, location: _Location, problems: list[_Problem]
) -> _Schema | None:
    """An instance of the dataclass ``schema`` built from ``table``, or None after adding
    to ``problems`` everything that is wrong in it."""
    if not isinstance(table, Mapping):
        problems.append((location, "must be a table of settings"))
        return None
    hints = typing.get_type_hints(schema)
    by_key = {_key_of(setting): setting for setting in dataclasses.fields(schema)}
    values: dict[str, Any] = {}
    before = len(problems)
    for key, raw in table.items():
        setting = by_key.get(key)
        if setting is None:
            problems.append(((*location, str(key)), _UNKNOWN_KEY))
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


def _read_value(hint: Any, raw: Any, location: _Location, problems: list[_Problem]) -> Any:
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
        read = _read_table(hint, raw, location, problems)
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


@dataclass(frozen=True, slots=True)
class LoadedConfig:
    config: Config
    path: Path | None  # the file it came from; None for the defaults
    root: Path  # the folder globs are relative to


def _line_of(text: str, key: str) -> int | None:
    """The first line assigning ``key`` (or opening a table named ``key``), 1-based."""
    quoted = re.escape(key)
    pattern = re.compile(rf'^\s*(?:"{quoted}"|{quoted}|\[(?:[\w.-]+\.)?{quoted}\])\s*(?:=|$)')
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _located(problems: Sequence[_Problem], text: str, prefix: str) -> list[str]:
    """Each problem with the line of the deepest key that names it, and the key spelled
    as the user must find it (``tool.tkit-lint.`` first in ``pyproject.toml``)."""
    described = []
    for location, message in problems:
        line = None
        for part in reversed(location):
            if not part.isdigit():
                line = _line_of(text, part)
                if line is not None:
                    break
        where = f"line {line}: " if line is not None else ""
        described.append(f"{where}{prefix}{_describe((location, message))}")
    return described


def parse_config(text: str, path: Path, *, pyproject: bool) -> Config | None:
    """Parse one file's text. For ``pyproject.toml`` without our section, None."""
    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), [_toml_problem(error)]) from None
    prefix = ""
    if pyproject:
        for part in PYPROJECT_SECTION:
            if not isinstance(data, dict) or part not in data:
                return None
            data = data[part]
        prefix = "tool.tkit-lint."
    if not isinstance(data, dict):
        raise ConfigError(str(path), [f"{prefix or 'the file'}: must be a table of settings"])
    problems: list[_Problem] = []
    config = _read_table(Config, data, (), problems)
    if problems or config is None:
        raise ConfigError(str(path), _located(problems, text, prefix))
    return config


_TOMLLIB_POSITION = re.compile(
    r"(?P<why>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|(?P<end>end of document))\)$"
)


def _toml_problem(error: tomllib.TOMLDecodeError) -> str:
    """Where and why the TOML is broken, in the order of the other messages: place first."""
    match = _TOMLLIB_POSITION.match(str(error))
    if match and match.group("end"):
        return f"at the end of the file: not valid TOML ({match.group('why')})"
    if match:
        return (
            f"line {match.group('line')}, column {match.group('col')}: "
            f"not valid TOML ({match.group('why')})"
        )
    return f"not valid TOML ({error})"


def load_config_file(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), [f"cannot be read: {error}"]) from None
    config = parse_config(text, path, pyproject=path.name == PYPROJECT)
    if config is None:
        raise ConfigError(str(path), ["has no [tool.tkit-lint] section"])
    return config


def find_config(start: Path) -> LoadedConfig:
    """The configuration that governs ``start``: the nearest ``tkit.toml``, or
    ``pyproject.toml`` with a ``[tool.tkit-lint]`` section, walking up."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        tkit_file = candidate / CONFIG_FILE
        if tkit_file.is_file():
            return LoadedConfig(load_config_file(tkit_file), tkit_file, candidate)
        pyproject = candidate / PYPROJECT
        if pyproject.is_file():
            try:
                text = pyproject.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            config = parse_config(text, pyproject, pyproject=True)
            if config is not None:
                return LoadedConfig(config, pyproject, candidate)
    return LoadedConfig(Config(), None, Path.cwd().resolve())


def resolve_config(paths: Sequence[Path], explicit: Path | None) -> LoadedConfig:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(str(explicit), ["no such file"])
        return LoadedConfig(load_config_file(explicit), explicit, explicit.resolve().parent)
    return find_config(paths[0] if paths else Path.cwd())
