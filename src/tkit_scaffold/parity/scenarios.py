"""Scenario parity: the test files of a parity group hold the same scenario ids.

A group names one test file per language (``[[parity.groups]]`` in ``tkit.toml``); the
languages compared are those whose kit exists in the project. Scenario ids come from the
linter's own frontends, so they are exactly what TK101/TK103 see.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tkit_scaffold.config import Config, ParityGroup
from tkit_scaffold.frontends import parse_file
from tkit_scaffold.model import Language, Span
from tkit_scaffold.parity.surface import present_languages
from tkit_scaffold.vocabulary import spell


@dataclass(frozen=True, slots=True)
class Scenario:
    scenario_id: str
    test_name: str
    span: Span  # the test's name


@dataclass(frozen=True, slots=True)
class GroupScenarios:
    name: str
    files: tuple[tuple[Language, str], ...]  # language, path relative to the project root
    missing_files: tuple[tuple[Language, str], ...]  # configured for a present kit, absent
    unreadable: tuple[tuple[Language, str], ...]  # present but not parsable
    scenarios: tuple[tuple[Language, tuple[Scenario, ...]], ...]

    @property
    def languages(self) -> tuple[Language, ...]:
        return tuple(language for language, _ in self.files)

    def of(self, language: Language) -> dict[str, Scenario]:
        for scenario_language, scenarios in self.scenarios:
            if scenario_language is language:
                found: dict[str, Scenario] = {}
                for scenario in scenarios:
                    found.setdefault(scenario.scenario_id, scenario)
                return found
        return {}

    def all_ids(self) -> tuple[str, ...]:
        """Every scenario id of the group, in the order the languages first declare them."""
        ordered: dict[str, None] = {}
        for _, scenarios in self.scenarios:
            for scenario in scenarios:
                ordered.setdefault(scenario.scenario_id, None)
        return tuple(ordered)

    def path_of(self, language: Language) -> str | None:
        for file_language, path in (*self.files, *self.missing_files):
            if file_language is language:
                return path
        return None


def expected_test_name(scenario_id: str, language: Language) -> str:
    """The name a test of ``scenario_id`` has in ``language``."""
    if language is Language.PYTHON:
        return f"test_{scenario_id}"
    if language is Language.GO:
        return "Test" + spell(scenario_id, Language.GO)
    return scenario_id


def read_groups(root: Path, config: Config) -> tuple[GroupScenarios, ...]:
    present = present_languages(root, config.parity.kits)
    return tuple(_read_group(root, config, group, present) for group in config.parity.groups)


def _read_group(
    root: Path, config: Config, group: ParityGroup, present: tuple[Language, ...]
) -> GroupScenarios:
    files: list[tuple[Language, str]] = []
    missing: list[tuple[Language, str]] = []
    unreadable: list[tuple[Language, str]] = []
    scenarios: list[tuple[Language, tuple[Scenario, ...]]] = []
    for language in present:
        relative: str | None = getattr(group, language.value)
        if relative is None:
            continue
        path = root / relative
        try:
            source = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            missing.append((language, relative))
            continue
        except (OSError, UnicodeDecodeError):
            unreadable.append((language, relative))
            continue
        parsed = parse_file(relative, source, config.frontend_options())
        if parsed.parse_error is not None:
            unreadable.append((language, relative))
            continue
        files.append((language, relative))
        scenarios.append(
            (
                language,
                tuple(
                    Scenario(test.scenario_id, test.name, test.name_span) for test in parsed.tests
                ),
            )
        )
    return GroupScenarios(
        group.name, tuple(files), tuple(missing), tuple(unreadable), tuple(scenarios)
    )
