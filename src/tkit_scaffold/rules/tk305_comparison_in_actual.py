"""TK305 comparison-in-actual: `assert_that(a == b, is_true())` where `eq(b)` says it."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.diagnostics import Edit, Fix
from tkit_scaffold.model import AssertionKind, Expr, ExprKind, MatcherCall, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import (
    assert_call,
    can_rename_matcher,
    matcher_call,
    safe_fix,
    shorten,
    spelled,
)

# The matcher that checks `left <operator> right` is true, and the one for false.
_MATCHERS = {
    "==": ("eq", "ne"),
    "!=": ("ne", "eq"),
    "<": ("lt", "ge"),
    "<=": ("le", "gt"),
    ">": ("gt", "le"),
    ">=": ("ge", "lt"),
}
# Only equality keeps its meaning exactly: `not (a < b)` is not `a >= b` for NaN.
_FIXABLE = frozenset({"==", "!="})


class ComparisonInActual(Rule):
    code = "TK305"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            for assertion in test.assertions:
                actual, matcher = assertion.actual, assertion.matcher
                if assertion.kind is not AssertionKind.KIT or actual is None or matcher is None:
                    continue
                if actual.kind is not ExprKind.COMPARISON or len(actual.operands) != 2:
                    continue
                if matcher.name not in ("is_true", "is_false"):
                    continue
                pair = _MATCHERS.get(actual.operator or "")
                left, right = actual.operands
                if pair is None:
                    is_none = matcher_call(context, file.language, "is_none")
                    is_in = matcher_call(context, file.language, "is_in", "...")
                    # `is`, `in` and the like: the kit has matchers for them, but which one
                    # depends on the operands (is_none, is_in, contains, ...).
                    yield Violation(
                        actual.span,
                        f"test `{test.name}` asserts on the comparison `{shorten(actual.text)}`, "
                        "so a failure shows neither side: assert on the value with the matcher "
                        f"for the comparison (e.g. `{is_none}`, `{is_in}`)",
                    )
                    continue
                new_matcher = pair[0] if matcher.name == "is_true" else pair[1]
                suggestion = assert_call(
                    file.language,
                    shorten(left.text),
                    matcher_call(context, file.language, new_matcher, shorten(right.text)),
                )
                fix = None
                if actual.operator in _FIXABLE:
                    fix = _fix(file, context, actual, matcher, left, right, new_matcher)
                yield Violation(
                    actual.span,
                    f"test `{test.name}` asserts that `{shorten(actual.text)}` is "
                    f"{matcher.name.removeprefix('is_')}, so a failure shows neither side: use "
                    f"`{suggestion}`",
                    fix,
                )


def _fix(
    file: TestFile,
    context: RuleContext,
    actual: Expr,
    matcher: MatcherCall,
    left: Expr,
    right: Expr,
    new_matcher: str,
) -> Fix | None:
    if matcher.args_span is None or not can_rename_matcher(file, matcher):
        return None
    new_name = spelled(context, new_matcher, file.language)
    return safe_fix(
        f"Replace with `{new_name}({shorten(right.text)})`",
        Edit(actual.span.start, actual.span.end, left.text),
        Edit(matcher.name_span.start, matcher.name_span.end, new_name),
        Edit(matcher.args_span.start, matcher.args_span.end, right.text),
    )
