"""TK204 assertion-before-then: a check in the given or when phase of a stepped test."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import AssertionKind, StepKind, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import step_call

# Helper checks (t.Fatal on a setup error, pytest.raises around the action) belong to
# arranging and acting, so only the kit's and foreign assertions are held to the phases.
_CHECKED_KINDS = frozenset({AssertionKind.KIT, AssertionKind.FOREIGN})


class AssertionBeforeThen(Rule):
    code = "TK204"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            # Without any `then`, every check is "before then": TK202 reports the one cause.
            if not any(step.kind is StepKind.THEN for step in test.steps):
                continue
            for assertion in test.assertions:
                if assertion.kind not in _CHECKED_KINDS:
                    continue
                phase = test.phase_at(assertion.span.start)
                if phase is StepKind.THEN:
                    continue
                where = f"the `{phase.value}` phase" if phase else "its first step"
                then = step_call(context, file.language, StepKind.THEN)
                yield Violation(
                    assertion.span,
                    f"test `{test.name}` checks with `{assertion.form}` in {where}: move the "
                    f"check after `{then}`",
                )
