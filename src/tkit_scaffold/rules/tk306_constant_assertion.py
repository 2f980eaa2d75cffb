"""TK306 constant-assertion: an assertion whose actual value is a constant."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import AssertionKind, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import shorten


class ConstantAssertion(Rule):
    code = "TK306"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            for assertion in test.assertions:
                actual, matcher = assertion.actual, assertion.matcher
                if assertion.kind is not AssertionKind.KIT or actual is None:
                    continue
                if not actual.kind.is_literal:
                    continue
                # A literal actual next to a computed expected value is a swap: TK302.
                if matcher is not None and not all(arg.kind.is_literal for arg in matcher.args):
                    continue
                yield Violation(
                    actual.span,
                    f"test `{test.name}` asserts on the constant `{shorten(actual.text)}`, so "
                    "the assertion passes or fails whatever the code does: assert on a value "
                    "the code under test produced",
                )
