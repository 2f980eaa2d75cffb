"""The kit vocabulary of ``rules/api.toml`` and the mechanical spelling rule.

Rust and Python spell a name in snake_case (Python adds ``_`` to its keywords:
``and`` -> ``and_``); Go spells it in PascalCase (``has_len`` -> ``HasLen``). An entry
may declare an exception per language, with a reason.
"""

from __future__ import annotations

import keyword
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tkit_scaffold.model import Language
from tkit_scaffold.resources import rules_dir


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # canonical snake_case
    category: str  # "steps", "assertions" or "matchers"
    args: tuple[str, ...]
    description: str | None
    overrides: tuple[tuple[Language, str], ...]
    summary: str | None = None  # steps and assertions: what the entry does

    def spelling(self, language: Language) -> str:
        for override_language, spelled in self.overrides:
            if override_language is language:
                return spelled
        return spell(self.name, language)


def spell(name: str, language: Language) -> str:
    """The mechanical spelling of a canonical name in one language."""
    if language is Language.GO:
        return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)
    if language is Language.PYTHON and keyword.iskeyword(name):
        return name + "_"
    return name


# Compared by identity: the frontends key their lookup tables on the vocabulary, once per
# file, and hashing a hundred entries each time showed in profiles. There is one instance
# per api.toml read.
@dataclass(frozen=True, slots=True, eq=False)
class Vocabulary:
    entries: tuple[Entry, ...]

    def names(self, category: str) -> frozenset[str]:
        return frozenset(entry.name for entry in self.entries if entry.category == category)

    def entry(self, name: str) -> Entry | None:
        for entry in self.entries:
            if entry.name == name:
                return entry
        return None

    def canonical(self, spelled: str, language: Language) -> str | None:
        """The canonical name that ``spelled`` stands for in ``language``, if any."""
        return _spelling_table(self, language).get(spelled)


@cache
def _spelling_table(vocabulary: Vocabulary, language: Language) -> dict[str, str]:
    return {entry.spelling(language): entry.name for entry in vocabulary.entries}


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    return _load(path) if path is not None else _bundled()


@cache
def _bundled() -> Vocabulary:
    return _load(rules_dir() / "api.toml")


@cache
def _load(path: Path) -> Vocabulary:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries: list[Entry] = []
    for category in ("steps", "assertions", "matchers"):
        for name, body in data.get(category, {}).items():
            overrides = tuple(
                (language, str(body[language.value]))
                for language in Language
                if language.value in body
            )
            entries.append(
                Entry(
                    name=name,
                    category=category,
                    args=tuple(body.get("args", ())),
                    description=body.get("description"),
                    overrides=overrides,
                    summary=body.get("summary"),
                )
            )
    return Vocabulary(tuple(entries))
