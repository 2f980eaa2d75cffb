"""TK303 bool-literal-matcher: `eq(true)` where `is_true()` says it directly."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.diagnostics import Edit
from tkit_scaffold.model import ExprKind, MatcherCall, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import can_rename_matcher, safe_fix, spelled, walk_matchers


class BoolLiteralMatcher(Rule):
    code = "TK303"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            for assertion in test.assertions:
                for matcher in walk_matchers(assertion.matcher):
                    replacement = _replacement(matcher)
                    if replacement is None:
                        continue
                    new_name = spelled(context, replacement, file.language)
                    written = file.source[matcher.span.start : matcher.span.end]
                    qualifier = file.source[matcher.span.start : matcher.name_span.start]
                    fix = None
                    if matcher.args_span is not None and can_rename_matcher(file, matcher):
                        fix = safe_fix(
                            f"Replace with `{new_name}()`",
                            Edit(matcher.name_span.start, matcher.name_span.end, new_name),
                            Edit(matcher.args_span.start, matcher.args_span.end, ""),
                        )
                    yield Violation(
                        matcher.span,
                        f"test `{test.name}` compares with the literal in `{written}`: use "
                        f"`{qualifier}{new_name}()`, which says what it checks",
                        fix,
                    )


def _replacement(matcher: MatcherCall) -> str | None:
    """`is_true` or `is_false` for `eq`/`ne` of one bool literal, else None."""
    if matcher.name not in ("eq", "ne") or len(matcher.args) != 1:
        return None
    arg = matcher.args[0]
    if arg.kind is not ExprKind.BOOL or not isinstance(arg.value, bool):
        return None
    truth = arg.value if matcher.name == "eq" else not arg.value
    return "is_true" if truth else "is_false"
