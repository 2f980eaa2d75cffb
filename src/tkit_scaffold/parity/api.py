"""What each kit is expected to export: the vocabulary of ``rules/api.toml`` spelled per
language, where each kit defines each entry, and the declared extras
(``[extras.<language>]``, each with its reason)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tkit_scaffold.model import Language
from tkit_scaffold.parity.surface import KitSurface, PublicName
from tkit_scaffold.resources import rules_dir
from tkit_scaffold.vocabulary import Entry, load_vocabulary

_SINGULAR = {"steps": "step", "assertions": "assertion", "matchers": "matcher"}


def _homes(data: dict[str, object]) -> dict[str, tuple[tuple[Language, str], ...]]:
    """Each entry's module per kit, from the ``[[homes]]`` tables of api.toml."""
    homes: dict[str, tuple[tuple[Language, str], ...]] = {}
    tables = data.get("homes", [])
    for table in tables if isinstance(tables, list) else []:
        modules = tuple((language, str(table[language.value])) for language in Language)
        for name in table.get("names", []):
            homes[str(name)] = modules
    return homes


@dataclass(frozen=True, slots=True)
class ExpectedName:
    entry: Entry  # the vocabulary entry
    rust_macro: bool  # Rust spells it as a macro: steps, assertions, `rust_macro = true`
    homes: tuple[tuple[Language, str], ...] = ()  # the module per kit: [[homes]]

    @property
    def kind(self) -> str:
        return _SINGULAR[self.entry.category]

    def spelling(self, language: Language) -> str:
        """The name the kit of ``language`` must export: ``HasLen``, ``given!``, ``not_``."""
        spelled = self.entry.spelling(language)
        if language is Language.RUST and self.rust_macro:
            return spelled + "!"
        return spelled

    def home(self, language: Language) -> str | None:
        """The module of the kit of ``language`` that defines this entry, relative to the
        kit's folder (``matchers_strings.py``, ``matchers/order.rs``), if known."""
        for home_language, module in self.homes:
            if home_language is language:
                return module
        return None


@dataclass(frozen=True, slots=True)
class ApiSpec:
    """The expected public surface of the kits, from one ``api.toml``."""

    names: tuple[ExpectedName, ...]
    extras: tuple[tuple[Language, tuple[tuple[str, str], ...]], ...]  # name, reason

    def expected(self, language: Language) -> dict[str, ExpectedName]:
        return {name.spelling(language): name for name in self.names}

    def extras_of(self, language: Language) -> dict[str, str]:
        for extras_language, extras in self.extras:
            if extras_language is language:
                return dict(extras)
        return {}


def load_api(path: Path | None = None) -> ApiSpec:
    return _load(path or rules_dir() / "api.toml")


@cache
def _load(path: Path) -> ApiSpec:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    homes = _homes(data)
    names = tuple(
        ExpectedName(
            entry,
            _is_rust_macro(entry, data.get(entry.category, {}).get(entry.name)),
            homes.get(entry.name, ()),
        )
        for entry in load_vocabulary(path).entries
    )
    extras = tuple(
        (language, tuple((str(key), str(reason)) for key, reason in table.items()))
        for language in Language
        for table in [data.get("extras", {}).get(language.value, {})]
    )
    return ApiSpec(names, extras)


def _is_rust_macro(entry: Entry, body: object) -> bool:
    if entry.category != "matchers":
        return True
    return isinstance(body, dict) and bool(body.get("rust_macro", False))


@dataclass(frozen=True, slots=True)
class Placement:
    """The file a missing name belongs in, and the kit's main file when the name must be
    exported from there too."""

    module: Path
    export_from: Path | None


@dataclass(frozen=True, slots=True)
class SurfaceDiff:
    """How one kit's public surface differs from what ``api.toml`` expects."""

    surface: KitSurface
    present: tuple[ExpectedName, ...]
    missing: tuple[ExpectedName, ...]
    undeclared: tuple[PublicName, ...]  # neither vocabulary nor a declared extra

    def near_miss(self, expected: ExpectedName) -> PublicName | None:
        """An undeclared name that differs from the expected spelling only in case or
        underscores (``IsNaN`` for ``IsNan``), to point at in the message."""
        wanted = _folded(expected.spelling(self.surface.language))
        for name in self.undeclared:
            if _folded(name.name) == wanted:
                return name
        return None

    def placement(self, expected: ExpectedName) -> Placement | None:
        """Where this kit should define a missing name: its entry's module, when that
        file exists in the kit. None when it does not (a kit laid out otherwise)."""
        language = self.surface.language
        home = expected.home(language)
        if home is None:
            return None
        module = self.surface.folder / home
        if not module.is_file():
            return None
        # How read_surface finds names: Python's through __init__.py, Rust's functions
        # through the crate root's `pub use`; Rust's exported macros and Go's names reach
        # the surface from the file that declares them.
        through_main = language is Language.PYTHON or (
            language is Language.RUST and not expected.rust_macro
        )
        main = self.surface.main_file
        return Placement(module, main if through_main and module != main else None)


def _folded(name: str) -> str:
    return name.replace("_", "").lower()


def compare_surface(surface: KitSurface, spec: ApiSpec) -> SurfaceDiff:
    found = surface.spelled()
    expected = spec.expected(surface.language)
    extras = spec.extras_of(surface.language)
    present = tuple(name for spelled, name in expected.items() if spelled in found)
    missing = tuple(name for spelled, name in expected.items() if spelled not in found)
    undeclared = tuple(
        name for name in found.values() if name.name not in expected and name.name not in extras
    )
    return SurfaceDiff(surface, present, missing, undeclared)
