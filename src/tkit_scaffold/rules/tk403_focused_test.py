"""TK403 focused-test: a Ginkgo focus (`FIt`, `FDescribe`, ...) left in the code."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import Language, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation


class FocusedTest(Rule):
    code = "TK403"
    languages = frozenset({Language.GO})

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for focus in file.focused:
            # FIt -> It, FDescribeTable -> DescribeTable; `Focus` decorators have no twin.
            unfocused = focus.form[1:] if focus.form[:2] in ("FI", "FD", "FC", "FW", "FE") else None
            advice = f"use `{unfocused}`" if unfocused else "remove the focus"
            yield Violation(
                focus.span,
                f"`{focus.form}` focuses the suite: Ginkgo runs only focused specs and skips "
                f"every other one, so they silently stop being tested: {advice}",
            )
