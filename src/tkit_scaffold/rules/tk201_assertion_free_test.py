"""TK201 assertion-free-test: a test that checks nothing."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import assert_call


class AssertionFreeTest(Rule):
    code = "TK201"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            # Any kind of check counts: the kit's, a foreign one (TK301 deals with those),
            # a helper such as t.Errorf, or a check that the code fails.
            if test.assertions or test.raises:
                continue
            yield Violation(
                test.name_span,
                f"test `{test.name}` has no assertion, so it passes whatever the code does: "
                f"check the outcome with `{assert_call(file.language)}`",
            )
