"""TK001 unused-suppression: a ``tkit: ignore[...]`` that suppressed nothing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from tkit_scaffold.model import LineIndex, TestFile
from tkit_scaffold.rules._base import SuppressionAuditRule, Violation
from tkit_scaffold.suppressions import UnusedSuppression


class UnusedSuppressionRule(SuppressionAuditRule):
    code = "TK001"

    def audit(self, file: TestFile, unused: Sequence[UnusedSuppression]) -> Iterator[Violation]:
        lines = LineIndex(file.source)
        for item in unused:
            start = lines.offset(item.line, item.column)
            span = lines.span(start, start)
            if item.code is None:
                message = "`tkit: ignore` suppresses nothing on this line; remove it"
            elif item.unknown:
                message = f"`{item.code}` is not a rule code; remove it from the suppression"
            else:
                message = f"suppression of {item.code} is unused: nothing here reports it"
            yield Violation(span, message)
