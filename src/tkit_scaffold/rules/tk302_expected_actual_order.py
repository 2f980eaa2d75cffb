"""TK302 expected-actual-order: the expected value passed where the actual one goes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tkit_scaffold.model import AssertionKind, Expr, ExprKind, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import assert_call, shorten

# `expected`, `want`, `exp` alone or as the first word of a longer name
# (`expected_total`, `wantTotal`, `EXPECTED_TOTAL`), but not `expiry` or `wanting`.
_EXPECTED_NAME = re.compile(r"^(?i:expected|wanted|want|exp)(?:$|_|[A-Z])")


class ExpectedActualOrder(Rule):
    code = "TK302"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            for assertion in test.assertions:
                actual, matcher = assertion.actual, assertion.matcher
                if assertion.kind is not AssertionKind.KIT or actual is None or matcher is None:
                    continue
                if not _looks_expected(actual):
                    continue
                # With only literals on both sides there is no actual value at all: TK306.
                if all(arg.kind.is_literal for arg in matcher.args):
                    continue
                what = "literal" if actual.kind.is_literal else "name"
                hint = ""
                if len(matcher.args) == 1:
                    expected = matcher.args[0]
                    source = file.source
                    swapped = (
                        source[matcher.span.start : expected.span.start]
                        + actual.text
                        + source[expected.span.end : matcher.span.end]
                    )
                    suggestion = assert_call(file.language, expected.text, swapped)
                    hint = f", e.g. `{shorten(suggestion, 80)}`"
                yield Violation(
                    actual.span,
                    f"test `{test.name}` passes the {what} `{shorten(actual.text)}` as the "
                    f"actual value: put the value under test first and the expected one "
                    f"inside the matcher{hint}",
                )


def _looks_expected(actual: Expr) -> bool:
    if actual.kind.is_literal:
        return True
    return actual.kind is ExprKind.NAME and _EXPECTED_NAME.match(actual.text) is not None
