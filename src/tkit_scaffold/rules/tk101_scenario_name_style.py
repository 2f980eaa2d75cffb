"""TK101 scenario-name-style: a test name not in the configured naming style."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tkit_scaffold.model import TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation

_STYLES: dict[str, tuple[re.Pattern[str], str]] = {
    "given-when-then": (
        re.compile(r"^(given_.+_)?when_.+_then_.+$"),
        "`[given_<context>_]when_<action>_then_<outcome>`",
    ),
    "should": (re.compile(r"(^|_)should_"), "`<subject>_should_<outcome>`"),
}


class ScenarioNameStyle(Rule):
    code = "TK101"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        # "none" (or any style without a pattern) names nothing as wrong.
        style = _STYLES.get(context.naming_style)
        if style is None:
            return
        pattern, shape = style
        for test in file.tests:
            if test.generated:
                continue  # named where the macro is invoked, not where it is written
            if not pattern.search(test.scenario_id):
                yield Violation(
                    test.name_span,
                    f"test `{test.name}` (scenario `{test.scenario_id}`) is not named in the "
                    f"{context.naming_style} style: rename it to {shape}",
                )
