"""Suppression comments: ``tkit: ignore[TK301]`` on the flagged line or alone on the line
above it, and ``tkit: ignore-file[TK101]`` in the first ten lines of a file.

The same syntax works in every language's comments (``#``, ``//``, ``/* */``). A bare
``tkit: ignore`` (no codes) suppresses every code on its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.model import Comment

FILE_LEVEL_LINES = 10

_DIRECTIVE = re.compile(r"tkit:\s*(?P<kind>ignore-file|ignore)\b(?:\[(?P<codes>[^\]]*)\])?")
_CODE = re.compile(r"^TK\d{3}$")


@dataclass(slots=True)
class Suppression:
    line: int  # the line whose diagnostics it covers (0 for the whole file)
    comment_line: int
    column: int
    codes: tuple[str, ...]  # empty: every code
    file_level: bool
    used: set[str] = field(default_factory=set)
    matched_any: bool = False

    def covers(self, diagnostic: Diagnostic) -> bool:
        if not self.file_level and diagnostic.span.line != self.line:
            return False
        return not self.codes or diagnostic.code in self.codes


def parse_suppressions(comments: Iterable[Comment]) -> list[Suppression]:
    found = []
    for comment in comments:
        for match in _DIRECTIVE.finditer(comment.text):
            raw_codes = match.group("codes")
            codes = tuple(code.strip() for code in (raw_codes or "").split(",") if code.strip())
            file_level = match.group("kind") == "ignore-file"
            if file_level and comment.line > FILE_LEVEL_LINES:
                continue
            # A comment alone on its line covers the next line; after code, its own line.
            target = comment.line + 1 if comment.own_line else comment.line
            found.append(
                Suppression(
                    line=0 if file_level else target,
                    comment_line=comment.line,
                    column=comment.column,
                    codes=codes,
                    file_level=file_level,
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class UnusedSuppression:
    line: int
    column: int
    code: str | None  # None: a bare `tkit: ignore` that matched nothing
    unknown: bool  # the code is not a rule code at all


def apply_suppressions(
    diagnostics: Sequence[Diagnostic],
    suppressions: Sequence[Suppression],
    *,
    known_codes: Iterable[str],
    enabled_codes: Iterable[str],
) -> tuple[list[Diagnostic], list[UnusedSuppression]]:
    """Drop suppressed diagnostics; report suppressions that suppressed nothing.

    A code that is known but not enabled for this file is not reported as unused: the
    suppression may matter under another configuration.
    """
    kept = []
    for diagnostic in diagnostics:
        suppressed = False
        for suppression in suppressions:
            if suppression.covers(diagnostic):
                suppression.used.add(diagnostic.code)
                suppression.matched_any = True
                suppressed = True
        if not suppressed:
            kept.append(diagnostic)
    known = set(known_codes)
    enabled = set(enabled_codes)
    unused = []
    for suppression in suppressions:
        if not suppression.codes:
            if not suppression.matched_any:
                unused.append(
                    UnusedSuppression(suppression.comment_line, suppression.column, None, False)
                )
            continue
        for code in suppression.codes:
            is_known = bool(_CODE.match(code)) and code in known
            if code in suppression.used or (is_known and code not in enabled):
                continue
            unused.append(
                UnusedSuppression(suppression.comment_line, suppression.column, code, not is_known)
            )
    return kept, unused
