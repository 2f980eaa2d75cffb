"""TK205 empty-step-description: a step that says nothing."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation

_WHAT_IT_SAYS = {"given": "the situation", "when": "the action", "then": "the expected outcome"}


class EmptyStepDescription(Rule):
    code = "TK205"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            for step in test.steps:
                # None means a computed description, which this rule cannot judge.
                if step.description is None or step.description.strip():
                    continue
                what = _WHAT_IT_SAYS.get(step.kind.value, "what the test does next")
                yield Violation(
                    step.description_span or step.span,
                    f"the `{step.kind.value}` step of test `{test.name}` has an empty "
                    f"description: describe {what}; failure output lists it",
                )
