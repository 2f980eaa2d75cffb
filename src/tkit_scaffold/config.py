"""Configuration: ``tkit.toml`` (top-level keys) or ``[tool.tkit-lint]`` in ``pyproject.toml``.

Files are parsed with the standard library's tomllib and validated by pydantic against
the frozen dataclasses below (unknown keys are errors; :mod:`tkit_scaffold.config_reader`);
every problem becomes a :class:`ConfigError` naming the file, the line, the key and what
to write instead, in our words, never pydantic's. Validation happens once per
configuration text: the run remembers the validated settings in the cache
(:mod:`tkit_scaffold.settings`), and a run with the default configuration validates
nothing.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tkit_scaffold.config_reader import Problem, describe, key_of, read_table
from tkit_scaffold.config_search import (
    PYPROJECT,
    PYPROJECT_SECTION,
    find_config_file,
)
from tkit_scaffold.errors import ConfigError
from tkit_scaffold.model import FrontendOptions

if typing.TYPE_CHECKING:
    pass


NamingStyle = Literal["given-when-then", "should", "none"]

DEFAULT_INCLUDE = ("**/test_*.py", "**/*_test.py", "**/*.rs", "**/*_test.go")

_CODE_PREFIX = re.compile(r"^TK\d{0,3}$")


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
    from tkit_scaffold.discovery import check_glob, compile_patterns  # pathspec when needed

    for pattern in patterns:
        if not pattern.strip():
            raise ValueError("a glob must not be empty")
        check_glob(pattern)
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
        problems: list[Problem] = []
        config = read_table(cls, table, (), problems)
        if problems or config is None:
            raise ConfigError("the configuration", [describe(problem) for problem in problems])
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
            key_of(setting): _plain(getattr(value, setting.name))
            for setting in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class LoadedConfig:
    config: Config
    path: Path | None  # the file it came from; None for the defaults
    root: Path  # the folder globs are relative to


def _key_lines(text: str) -> dict[str, int]:
    """The first line of each key assigned (``key =``, ``"key" =``, a dotted ``a.key =``)
    or table opened (``[a.key]``), 1-based: one pass over the text, so that describing
    thousands of problems stays linear in the file's size."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _KEY_LINE.match(line)
        if match is None:
            continue
        dotted = match.group("table") or match.group("key")
        for part in dotted.split("."):
            lines.setdefault(part.strip().strip('"'), number)
    return lines


_KEY_LINE = re.compile(
    r'^\s*(?:\[\[?\s*(?P<table>[\w.\-" ]+?)\s*\]\]?|(?P<key>[\w.\-"]+?))\s*(?:=|$)'
)


def _located(problems: Sequence[Problem], text: str, prefix: str) -> list[str]:
    """Each problem with the line of the deepest key that names it, and the key spelled
    as the user must find it (``tool.tkit-lint.`` first in ``pyproject.toml``)."""
    lines = _key_lines(text)
    described = []
    for location, message in problems:
        line = next(
            (lines[part] for part in reversed(location) if not part.isdigit() and part in lines),
            None,
        )
        where = f"line {line}: " if line is not None else ""
        described.append(f"{where}{prefix}{describe((location, message))}")
    return described


def parse_config(text: str, path: Path, *, pyproject: bool) -> Config | None:
    """Parse one file's text. For ``pyproject.toml`` without our section, None."""
    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), [_toml_problem(error)]) from None
    except RecursionError:
        line = _deepest_line(text)
        raise ConfigError(
            str(path), [f"line {line}: not valid here: arrays or tables nest too deeply"]
        ) from None
    prefix = ""
    if pyproject:
        for part in PYPROJECT_SECTION:
            if not isinstance(data, dict) or part not in data:
                return None
            data = data[part]
        prefix = "tool.tkit-lint."
    if not isinstance(data, dict):
        raise ConfigError(str(path), [f"{prefix or 'the file'}: must be a table of settings"])
    problems: list[Problem] = []
    config = read_table(Config, data, (), problems)
    if problems or config is None:
        raise ConfigError(str(path), _located(problems, text, prefix))
    return config


def _deepest_line(text: str) -> int:
    """The line where brackets and braces first nest deepest (strings skipped roughly):
    where a configuration too deep to parse goes wrong. One pass over the text."""
    depth = deepest = 0
    line = found = 1
    quote = ""
    for character in text:
        if character == "\n":
            line += 1
        elif quote:
            if character == quote:
                quote = ""
        elif character in "\"'":
            quote = character
        elif character in "[{":
            depth += 1
            if depth > deepest:
                deepest, found = depth, line
        elif character in "]}":
            depth -= 1
    return found


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
    ``pyproject.toml`` with a ``[tool.tkit-lint]`` section, walking up
    (:func:`~tkit_scaffold.config_search.find_config_file`)."""
    path, root = find_config_file(start)
    if path is None:
        return LoadedConfig(Config(), None, root)
    return LoadedConfig(load_config_file(path), path, root)


def resolve_config(paths: Sequence[Path], explicit: Path | None) -> LoadedConfig:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(str(explicit), ["no such file"])
        return LoadedConfig(load_config_file(explicit), explicit, explicit.resolve().parent)
    return find_config(paths[0] if paths else Path.cwd())
