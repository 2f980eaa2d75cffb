"""Configuration: ``tkit.toml`` (top-level keys) or ``[tool.tkit-lint]`` in ``pyproject.toml``.

Files are parsed with tomlkit and validated with pydantic (unknown keys are errors);
every problem becomes a :class:`ConfigError` naming the file, the line, the key and what
to write instead.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import tomlkit
import tomlkit.exceptions
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tkit_scaffold.errors import ConfigError
from tkit_scaffold.model import FrontendOptions

CONFIG_FILE = "tkit.toml"
PYPROJECT = "pyproject.toml"
PYPROJECT_SECTION = ("tool", "tkit-lint")

NamingStyle = Literal["given-when-then", "should", "none"]

DEFAULT_INCLUDE = ("**/test_*.py", "**/*_test.py", "**/*.rs", "**/*_test.go")

_CODE_PREFIX = re.compile(r"^TK\d{0,3}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class NamingConfig(_Strict):
    style: NamingStyle = "given-when-then"


class KitConfig(_Strict):
    python_modules: tuple[str, ...] = Field(("testingkit",), alias="python-modules")
    go_packages: tuple[str, ...] = Field(("testingkit",), alias="go-packages")
    rust_crates: tuple[str, ...] = Field(("testingkit",), alias="rust-crates")


class ParityKits(_Strict):
    """Where each language's kit is, relative to the project root (TK501)."""

    python: str = "python/src/testingkit/__init__.py"
    rust: str = "rust/src/lib.rs"
    go: str = "go/testingkit"


class ParityGroup(_Strict):
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


class ParityConfig(_Strict):
    """``[parity]``: what ``tkit parity`` and the rules TK501/TK502 compare."""

    kits: ParityKits = ParityKits()
    groups: tuple[ParityGroup, ...] = DEFAULT_PARITY_GROUPS
    cases: str = "crosslang/cases"
    known_gaps: str = Field("crosslang/known-gaps", alias="known-gaps")


class ReportConfig(_Strict):
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


def _check_codes(codes: Iterable[str]) -> None:
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


class Config(_Strict):
    """The effective configuration of a run. ``Config()`` is the default."""

    select: tuple[str, ...] = ("TK",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, alias="per-file-ignores"
    )
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    naming: NamingConfig = NamingConfig()
    kit: KitConfig = KitConfig()
    parity: ParityConfig = ParityConfig()
    report: ReportConfig = ReportConfig()

    @field_validator("select", "ignore")
    @classmethod
    def _codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _check_codes(value)
        return value

    @field_validator("include", "exclude")
    @classmethod
    def _globs(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _check_globs(value)
        return value

    @field_validator("per_file_ignores")
    @classmethod
    def _per_file(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        _check_globs(value)
        for codes in value.values():
            _check_codes(codes)
        return value

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
        )

    def fingerprint(self) -> str:
        """A stable text of the whole configuration, for cache keys."""
        return self.model_dump_json(by_alias=True)


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


def _problems(error: ValidationError, text: str, prefix: str) -> list[str]:
    problems = []
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        key = ".".join(location) or "(top level)"
        line = None
        for part in reversed(location):
            if not part.isdigit():
                line = _line_of(text, part)
                if line is not None:
                    break
        where = f"line {line}: " if line is not None else ""
        if item["type"] == "extra_forbidden":
            message = "unknown key; remove it or check its spelling against the docs"
        else:
            message = item["msg"].removeprefix("Value error, ")
        problems.append(f"{where}{prefix}{key}: {message}")
    return problems


def _unwrap(value: Any) -> Any:
    if hasattr(value, "unwrap"):
        return value.unwrap()
    return value


def parse_config(text: str, path: Path, *, pyproject: bool) -> Config | None:
    """Parse one file's text. For ``pyproject.toml`` without our section, None."""
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise ConfigError(str(path), [_toml_problem(text, error)]) from None
    data: Any = _unwrap(document)
    prefix = ""
    if pyproject:
        for part in PYPROJECT_SECTION:
            if not isinstance(data, dict) or part not in data:
                return None
            data = data[part]
        prefix = "tool.tkit-lint."
    if not isinstance(data, dict):
        raise ConfigError(str(path), [f"{prefix or 'the file'}: must be a table of settings"])
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(str(path), _problems(error, text, prefix)) from None


_TOMLLIB_POSITION = re.compile(
    r"(?P<why>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|(?P<end>end of document))\)$"
)


def _toml_problem(text: str, error: tomlkit.exceptions.ParseError) -> str:
    """Where and why the TOML is broken. The standard library's parser words its errors
    better ("Unclosed array") than tomlkit ("Unexpected character"), so ask it first."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as strict:
        match = _TOMLLIB_POSITION.match(str(strict))
        if match and match.group("end"):
            return f"at the end of the file: not valid TOML ({match.group('why')})"
        if match:
            return (
                f"line {match.group('line')}, column {match.group('col')}: "
                f"not valid TOML ({match.group('why')})"
            )
    reason = str(error).split(" at line ")[0]
    return f"line {error.line}, column {error.col}: not valid TOML ({reason})"


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
