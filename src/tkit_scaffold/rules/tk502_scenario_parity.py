"""TK502 scenario-parity: the test files of a parity group hold the same scenarios in
every language the project has."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tkit_scaffold.model import Span
from tkit_scaffold.rules._base import ProjectRule, ProjectViolation, RuleContext

if TYPE_CHECKING:
    from tkit_scaffold.config import Config
    from tkit_scaffold.parity.scenarios import GroupScenarios

FIRST_LINE = Span(0, 0, 1, 1, 1, 1)


class ScenarioParity(ProjectRule):
    code = "TK502"

    def check_project(
        self, root: Path, config: Config, context: RuleContext
    ) -> Iterator[ProjectViolation]:
        from tkit_scaffold.parity.scenarios import read_groups  # see TK501: imported late

        for group in read_groups(root, config):
            yield from _group_findings(group)


def _group_findings(group: GroupScenarios) -> Iterator[ProjectViolation]:
    from tkit_scaffold.parity.scenarios import expected_test_name

    for language, path in group.missing_files:
        others = ", ".join(f"{other.value} ({other_path})" for other, other_path in group.files)
        yield ProjectViolation(
            path,
            FIRST_LINE,
            f"parity group `{group.name}`: the {language.value} file {path} does not exist"
            + (f"; its scenarios are in {others}" if others else ""),
            language,
        )
    if len(group.files) < 2:
        return
    for scenario_id in group.all_ids():
        holders = [
            (language, path, group.of(language).get(scenario_id)) for language, path in group.files
        ]
        having = [
            f"{language.value} ({path}:{scenario.span.line})"
            for language, path, scenario in holders
            if scenario is not None
        ]
        for language, path, scenario in holders:
            if scenario is None:
                yield ProjectViolation(
                    path,
                    FIRST_LINE,
                    f"parity group `{group.name}`: scenario `{scenario_id}` is in "
                    f"{', '.join(having)} but not in {language.value}: add the test "
                    f"`{expected_test_name(scenario_id, language)}`",
                    language,
                )
