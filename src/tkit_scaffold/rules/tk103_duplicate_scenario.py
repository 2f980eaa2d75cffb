"""TK103 duplicate-scenario: two tests of one file with the same scenario id."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import TestCase, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation


class DuplicateScenario(Rule):
    code = "TK103"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        first_by_id: dict[str, TestCase] = {}
        for test in sorted(file.tests, key=lambda test: test.span.start):
            first = first_by_id.setdefault(test.scenario_id, test)
            if first is test:
                continue
            if first.name == test.name:
                clash = f"test `{test.name}` is already defined on line {first.name_span.line}"
            else:
                clash = (
                    f"test `{test.name}` has the scenario id `{test.scenario_id}`, as "
                    f"`{first.name}` on line {first.name_span.line} does"
                )
            yield Violation(test.name_span, f"{clash}: give each scenario its own name")
