"""What a run produces, passed between its stages: the options of a run, each file's
result, the internal errors (a rule's or the pipeline's own bug), and the report of the
whole run. Plain frozen values, so that they cross process boundaries."""

from __future__ import annotations

from dataclasses import dataclass, field

from tkit_scaffold.diagnostics import Applicability, Diagnostic
from tkit_scaffold.source import MAX_FILE_BYTES


@dataclass(frozen=True, slots=True)
class LintOptions:
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False  # compute fixes and show them as a diff; write nothing
    jobs: int | None = None  # None: one per core
    cache: bool = False  # read and write the result cache (see tkit_scaffold.cache)
    # The format ("text" or "github", without colour) the findings will be printed in:
    # with the cache, the report then carries them printed (LintReport.rendered).
    render: str | None = None
    # A larger test file is not read: a TK000 finding says so (``--max-file-size``).
    max_file_bytes: int = MAX_FILE_BYTES

    @property
    def applies_fixes(self) -> bool:
        return self.fix or self.diff


@dataclass(frozen=True, slots=True)
class InternalError:
    path: str
    rule: str | None  # the rule that crashed, None for the pipeline itself
    message: str
    details: str  # the traceback, for the bug report


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    diagnostics: tuple[Diagnostic, ...]
    errors: tuple[InternalError, ...] = ()
    fixes_applied: int = 0
    diff: str | None = None


@dataclass(slots=True)
class LintReport:
    files_checked: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[InternalError] = field(default_factory=list)
    fixes_applied: int = 0
    files_fixed: int = 0
    diffs: list[str] = field(default_factory=list)
    # With LintOptions.render and the cache: every finding, printed in that format, in
    # the order of ``diagnostics``, which then stays empty; and how many there are and
    # how many are fixable. A cached file's findings are printed without being rebuilt.
    rendered: str | None = None
    rendered_counts: tuple[int, int, int] = (0, 0, 0)  # found, fixable, safely fixable
    # What the user should know that is not a finding (a cache folder refused).
    warnings: list[str] = field(default_factory=list)
    # What kept the run from checking everything it was asked to (a folder it could
    # not read): not findings, not bugs, but the run is incomplete.
    problems: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        """How many findings the run reported."""
        return len(self.diagnostics) + self.rendered_counts[0]

    @property
    def fixable(self) -> int:
        """How many of them have a fix."""
        return sum(1 for d in self.diagnostics if d.fix is not None) + self.rendered_counts[1]

    @property
    def safely_fixable(self) -> int:
        """How many of them ``--fix`` alone would fix (a safe fix)."""
        return sum(1 for d in self.diagnostics if safely_fixable(d)) + self.rendered_counts[2]

    def add(self, result: FileResult) -> None:
        self.files_checked += 1
        self.diagnostics.extend(result.diagnostics)
        self.errors.extend(result.errors)
        self.fixes_applied += result.fixes_applied
        if result.fixes_applied:
            self.files_fixed += 1
        if result.diff:
            self.diffs.append(result.diff)


def safely_fixable(diagnostic: Diagnostic) -> bool:
    """Whether ``--fix`` alone fixes the finding."""
    fix = diagnostic.fix
    return fix is not None and fix.applicability is Applicability.SAFE
