"""What the converters of every language share: the shape of a conversion and how it
becomes a fix."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tkit_scaffold.diagnostics import Applicability, Edit, Fix
from tkit_scaffold.model import Language, Span, TestFile

_COMMENT = {Language.PYTHON: "#", Language.RUST: "//", Language.GO: "//"}
# `expected`, `want`, `exp` alone or as the first word of a name: what TK302 reads as an
# expected value in the actual position, so a conversion puts it in the matcher.
EXPECTED_NAME = re.compile(r"^(?i:expected|wanted|want|exp)(?:$|_|[A-Z])")


@dataclass(frozen=True, slots=True)
class Matcher:
    """A kit matcher by canonical name with its arguments as source text."""

    name: str
    args: tuple[str, ...] = ()
    negated: bool = False  # wrapped in the kit's `not`

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, "not") if self.negated else (self.name,)


@dataclass(frozen=True, slots=True)
class Conversion:
    """A foreign assertion read as `actual` checked by `matcher`."""

    actual: str
    matcher: Matcher
    safe: bool = True

    def with_safety(self, safe: bool) -> Conversion:
        return Conversion(self.actual, self.matcher, self.safe and safe)


def message_comment(file: TestFile, span: Span, message: str) -> Edit | None:
    """An edit that keeps an assertion's custom message as a comment on its own line
    above the assertion; None when the assertion does not start its line or the message
    spans lines (there is then no tidy place for it)."""
    source = file.source
    line_start = source.rfind("\n", 0, span.start) + 1
    indent = source[line_start : span.start]
    if indent.strip() or "\n" in message or "\r" in message:
        return None
    marker = _COMMENT[file.language]
    newline = "\r\n" if source[:line_start].endswith("\r\n") else "\n"
    return Edit(line_start, line_start, f"{indent}{marker} {message}{newline}")


def make_fix(
    file: TestFile,
    span: Span,
    replacement: str,
    conversion: Conversion,
    *,
    names: tuple[str, ...],
    message: str | None = None,
) -> Fix | None:
    """Replace the assertion at ``span``; a message becomes a comment and makes the fix
    unsafe (the failure no longer shows it)."""
    edits = [Edit(span.start, span.end, replacement)]
    safe = conversion.safe
    if message is not None:
        comment = message_comment(file, span, message)
        if comment is None:
            return None
        edits.insert(0, comment)
        safe = False
    applicability = Applicability.SAFE if safe else Applicability.UNSAFE
    flat = " ".join(replacement.split())
    shown = flat if len(flat) <= 60 else flat[:59] + "…"
    return Fix(
        applicability,
        tuple(edits),
        f"Replace with `{shown}`",
        requires_imports=tuple(dict.fromkeys(names)),
    )
