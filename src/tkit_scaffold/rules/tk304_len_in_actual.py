"""TK304 len-in-actual: `assert_that(len(x), eq(n))` where `has_len(n)` says it directly."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from tkit_scaffold.diagnostics import Applicability, Edit
from tkit_scaffold.model import AssertionKind, ExprKind, Language, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import (
    assert_call,
    can_rename_matcher,
    matcher_call,
    safe_fix,
    shorten,
    spelled,
)


class LenInActual(Rule):
    code = "TK304"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            for assertion in test.assertions:
                actual, matcher = assertion.actual, assertion.matcher
                if assertion.kind is not AssertionKind.KIT or actual is None or matcher is None:
                    continue
                if actual.kind is not ExprKind.LEN or len(actual.operands) != 1:
                    continue
                if matcher.name != "eq" or len(matcher.args) != 1:
                    continue
                collection, length = actual.operands[0], matcher.args[0]
                empty = length.kind is ExprKind.INT and length.value == 0
                new_matcher = "is_empty" if empty else "has_len"
                new_args = "" if empty else length.text
                suggestion = assert_call(
                    file.language,
                    shorten(collection.text),
                    matcher_call(context, file.language, new_matcher, shorten(new_args)),
                )
                fix = None
                if matcher.args_span is not None and can_rename_matcher(file, matcher):
                    new_name = spelled(context, new_matcher, file.language)
                    edits = [
                        Edit(actual.span.start, actual.span.end, collection.text),
                        Edit(matcher.name_span.start, matcher.name_span.end, new_name),
                    ]
                    if empty:
                        edits.append(Edit(matcher.args_span.start, matcher.args_span.end, ""))
                    fix = safe_fix(f"Replace with `{new_name}`", *edits)
                    if not empty and file.language is not Language.PYTHON:
                        # Rust's `.len()` and Go's `len()` count a string's bytes, the
                        # kit's `has_len` its characters: equal only for ASCII text.
                        fix = replace(fix, applicability=Applicability.UNSAFE)
                yield Violation(
                    actual.span,
                    f"test `{test.name}` asserts on the length `{shorten(actual.text)}`, so a "
                    f"failure shows only a number: use `{suggestion}`",
                    fix,
                )
