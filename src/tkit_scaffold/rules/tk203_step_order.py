"""TK203 step-order: steps out of the given -> when -> then order."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import Step, StepKind, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation

_RANK = {StepKind.GIVEN: 0, StepKind.WHEN: 1, StepKind.THEN: 2}


class StepOrder(Rule):
    code = "TK203"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            latest: Step | None = None  # the step of the highest phase seen so far
            for index, step in enumerate(test.steps):
                if step.kind is StepKind.AND:
                    if index == 0:
                        yield Violation(
                            step.span,
                            f"test `{test.name}` starts with an `and` step, which continues "
                            "no phase: start with a `given` or a `when` step",
                        )
                    continue
                if latest is not None and _RANK[step.kind] < _RANK[latest.kind]:
                    yield Violation(
                        step.span,
                        f"in test `{test.name}`, this `{step.kind.value}` step comes after the "
                        f"`{latest.kind.value}` step on line {latest.span.line}: keep the "
                        "order given -> when -> then, or split the test",
                    )
                    continue
                if latest is None or _RANK[step.kind] > _RANK[latest.kind]:
                    latest = step
