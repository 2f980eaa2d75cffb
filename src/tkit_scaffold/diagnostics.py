"""What the linter reports: diagnostics, and the fixes they may carry."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tkit_scaffold.model import Language, Span


class Applicability(StrEnum):
    SAFE = "safe"  # keeps meaning; applied by --fix
    UNSAFE = "unsafe"  # may change behaviour; applied only with --unsafe-fixes


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the characters ``start:end`` of the source with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    applicability: Applicability
    edits: tuple[Edit, ...]
    description: str
    # Kit names the edited code uses (canonical vocabulary names: "assert_that", "eq"): the
    # engine brings them into scope once per file after a pass (``fixes.imports``).
    requires_imports: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    message: str
    path: str
    language: Language | None
    span: Span
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)
