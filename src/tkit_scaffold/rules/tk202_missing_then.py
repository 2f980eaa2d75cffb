"""TK202 missing-then: a test that uses steps but never says `then`."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import StepKind, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import step_call


class MissingThen(Rule):
    code = "TK202"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            if not test.steps or any(step.kind is StepKind.THEN for step in test.steps):
                continue
            then = step_call(context, file.language, StepKind.THEN)
            yield Violation(
                test.name_span,
                f"test `{test.name}` has steps but no `then`: mark where its checks start "
                f"with `{then}`",
            )
