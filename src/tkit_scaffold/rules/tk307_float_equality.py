"""TK307 float-equality: exact comparison with a float literal."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import ExprKind, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import matcher_call, walk_matchers


class FloatEquality(Rule):
    code = "TK307"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            for assertion in test.assertions:
                for matcher in walk_matchers(assertion.matcher):
                    if matcher.name not in ("eq", "ne"):
                        continue
                    for arg in matcher.args:
                        if arg.kind is not ExprKind.FLOAT:
                            continue
                        near = matcher_call(
                            context, file.language, "near", f"{arg.text}, tolerance"
                        )
                        if matcher.name == "ne":
                            near = matcher_call(context, file.language, "not", near)
                        yield Violation(
                            matcher.span,
                            f"test `{test.name}` compares with the float `{arg.text}` exactly, "
                            "which rounding makes fragile: use "
                            f"`{near}` with a tolerance that fits the computation",
                        )
