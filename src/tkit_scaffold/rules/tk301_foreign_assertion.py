"""TK301 foreign-assertion: an assertion that bypasses the kit's `assert_that`."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.fixes import convert_foreign_assertion
from tkit_scaffold.model import AssertionKind, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import assert_call


class ForeignAssertion(Rule):
    code = "TK301"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        kit_form = assert_call(file.language)
        for test in file.tests:
            for assertion in test.assertions:
                if assertion.kind is not AssertionKind.FOREIGN:
                    continue
                yield Violation(
                    assertion.span,
                    f"test `{test.name}` asserts with `{assertion.form}`, which bypasses the "
                    f"kit's steps and failure messages: use `{kit_form}` instead",
                    convert_foreign_assertion(file, test, assertion),
                )
