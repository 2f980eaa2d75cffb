"""TK402 skip-without-reason: a skipped test that does not say why."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tkit_scaffold.model import Language, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation

_HOW_TO_SAY_WHY = {
    Language.PYTHON: 'pass the reason, e.g. `reason="..."`',
    Language.RUST: 'give the reason: `#[ignore = "..."]`',
    Language.GO: 'pass the reason: `t.Skip("...")`',
}


# Ginkgo's pending specs and containers (`PIt`, `XDescribe`, ...) take no reason.
_GINKGO_PENDING = re.compile(r"[PX](?:It|Specify|Entry|Describe|Context|When|DescribeTable\w*)")


class SkipWithoutReason(Rule):
    code = "TK402"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            for skip in test.skips:
                if skip.has_reason:
                    continue
                advice = _HOW_TO_SAY_WHY[file.language]
                if _GINKGO_PENDING.fullmatch(skip.form.rpartition(".")[2]):
                    advice = 'say why with `Skip("...")` in the spec instead of marking it pending'
                yield Violation(
                    skip.span,
                    f"test `{test.name}` is skipped with `{skip.form}` without a reason, so "
                    f"nobody knows when it may run again: {advice}",
                )
