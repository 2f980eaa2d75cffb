"""TK000 parse-error: a file that does not parse (or cannot be read) is reported, never a crash."""

from __future__ import annotations

from collections.abc import Iterator

from tkit_scaffold.model import TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation


class ParseErrorRule(Rule):
    code = "TK000"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        if file.parse_error is not None:
            yield Violation(file.parse_error.span, file.parse_error.message)
