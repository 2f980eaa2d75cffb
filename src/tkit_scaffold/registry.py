"""Finds the rules: their classes in ``tkit_scaffold.rules`` and their metadata in ``rules/``.

The engine asks this module for rules and never names one itself.
"""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from tkit_scaffold import rules as rules_package
from tkit_scaffold.model import Language
from tkit_scaffold.resources import rules_dir
from tkit_scaffold.rules._base import Rule

DOC_SECTIONS = (
    ("what_it_does", "What it does"),
    ("why_is_this_bad", "Why is this bad?"),
    ("example", "Example"),
    ("use_instead", "Use instead"),
    ("fix_safety", "Fix safety"),
)


@dataclass(frozen=True, slots=True)
class Example:
    language: Language
    valid: bool
    source: str
    filename: str | None
    lines: tuple[int, ...]
    fixed: str | None


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    name: str
    summary: str
    languages: tuple[Language, ...]
    fix: str  # "safe", "unsafe" or "none"
    docs: tuple[tuple[str, str], ...]  # (section key, text) in DOC_SECTIONS order
    examples: tuple[Example, ...]

    def doc(self, key: str) -> str | None:
        for section, text in self.docs:
            if section == key:
                return text
        return None

    def explain(self, level: int = 1) -> str:
        """The rule's documentation as Markdown, as ``--explain`` prints it; ``level`` is
        the heading level of the title."""
        title, section = "#" * level, "#" * (level + 1)
        parts = [f"{title} {self.code} ({self.name})", "", self.summary + ".", ""]
        languages = ", ".join(language.value for language in self.languages)
        fix = {"none": "no fix", "safe": "safe fix", "unsafe": "unsafe fix"}[self.fix]
        parts += [f"Languages: {languages}. Fix: {fix}.", ""]
        for key, heading in DOC_SECTIONS:
            text = self.doc(key)
            if text:
                parts += [f"{section} {heading}", "", text.strip(), ""]
        return "\n".join(parts).rstrip() + "\n"


def _example(raw: dict[str, Any]) -> Example:
    return Example(
        language=Language(raw["language"]),
        valid=bool(raw["valid"]),
        source=str(raw["source"]),
        filename=raw.get("filename"),
        lines=tuple(int(line) for line in raw.get("lines", ())),
        fixed=raw.get("fixed"),
    )


@cache
def rule_infos() -> dict[str, RuleInfo]:
    """Every rule's metadata, by code, from ``rules/TK*.toml``."""
    infos: dict[str, RuleInfo] = {}
    for path in sorted(rules_dir().glob("TK*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        docs_table = raw.get("docs", {})
        infos[raw["code"]] = RuleInfo(
            code=raw["code"],
            name=raw["name"],
            summary=raw["summary"],
            languages=tuple(Language(language) for language in raw["languages"]),
            fix=raw.get("fix", "none"),
            docs=tuple((key, docs_table[key]) for key, _ in DOC_SECTIONS if key in docs_table),
            examples=tuple(_example(example) for example in raw.get("examples", ())),
        )
    return infos


@cache
def rule_classes() -> dict[str, type[Rule]]:
    """Every Rule subclass defined in a module of ``tkit_scaffold.rules``, by code."""
    found: dict[str, type[Rule]] = {}
    for module_info in pkgutil.iter_modules(rules_package.__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{rules_package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Rule)
                and value is not Rule
                and value.__module__ == module.__name__
                and hasattr(value, "code")
            ):
                found[value.code] = value
    return dict(sorted(found.items()))


def all_codes() -> list[str]:
    return sorted(set(rule_infos()) | set(rule_classes()))


def name_of(code: str) -> str:
    info = rule_infos().get(code)
    return info.name if info else code.lower()
