"""The fix loop: apply the fixes of a text in passes until nothing is left to fix.

Each pass plans its fixes together (:func:`tkit_scaffold.fixes.plan.plan_pass`), applies
those whose edits do not overlap (:func:`apply_edits`), brings the kit names they use into
scope (:mod:`tkit_scaffold.fixes.imports`) and lints the result again; a pass whose result
does not parse is dropped, so the text returned always parses when the input did.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tkit_scaffold.check import RuleSet, lint_file_text
from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit, Fix
from tkit_scaffold.frontends import language_of
from tkit_scaffold.results import InternalError

if TYPE_CHECKING:
    from tkit_scaffold.fixes.imports import ImportPlanner

MAX_FIX_PASSES = 10


def fixable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    if fix is None:
        return False
    return fix.applicability is Applicability.SAFE or unsafe


def apply_edits(
    source: str,
    diagnostics: Sequence[Diagnostic],
    unsafe: bool,
    *,
    applied_fixes: list[Fix] | None = None,
) -> tuple[str, int]:
    """Apply every fix whose edits overlap no fix already taken; the rest wait for the next
    pass. Returns the new text and the number of fixes applied (and appends the fixes
    themselves to ``applied_fixes`` when given).

    Linear in the number of edits and the file's size (a suite with thousands of fixes in
    one file must not take quadratic time): taken ranges are kept sorted and checked
    against their neighbours only, and the result is joined once."""
    ranges: list[tuple[int, int]] = []  # the taken (start, end) ranges, sorted
    taken: list[Edit] = []
    applied = 0
    for diagnostic in diagnostics:
        if not fixable(diagnostic, unsafe):
            continue
        assert diagnostic.fix is not None
        edits = diagnostic.fix.edits
        if any(_overlaps_taken(edit, ranges) for edit in edits) or _overlap_each_other(edits):
            continue
        for edit in edits:
            bisect.insort(ranges, (edit.start, edit.end))
        taken.extend(edits)
        applied += 1
        if applied_fixes is not None:
            applied_fixes.append(diagnostic.fix)
    pieces: list[str] = []
    position = 0
    for edit in sorted(taken, key=lambda edit: (edit.start, edit.end)):
        pieces.append(source[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(source[position:])
    return "".join(pieces), applied


def _overlaps_taken(edit: Edit, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``edit`` touches a taken range; two insertions at one point also clash,
    since their order would be arbitrary."""
    index = bisect.bisect_left(ranges, (edit.start, -1))
    if index > 0 and ranges[index - 1][1] > edit.start:
        return True  # the range before it runs into it
    # Taken ranges do not overlap, so only those starting inside this edit (or at its
    # start, for insertions) can clash: a short walk forward.
    while index < len(ranges) and (ranges[index][0] < edit.end or ranges[index][0] == edit.start):
        start, end = ranges[index]
        if edit.start < end and start < edit.end:
            return True
        if edit.start == edit.end == start == end:
            return True
        index += 1
    return False


def _overlap_each_other(edits: Sequence[Edit]) -> bool:
    ordered = sorted(edits, key=lambda edit: (edit.start, edit.end))
    return any(first.end > second.start for first, second in itertools.pairwise(ordered))


def fix_text(
    path: str, source: str, rules: RuleSet, unsafe: bool
) -> tuple[str, int, list[Diagnostic], list[InternalError]]:
    """Fix in passes until nothing is left to fix (bounded), keeping only results that
    still parse. After each pass the kit names the applied fixes use are brought into
    scope once (:mod:`tkit_scaffold.fixes.imports`); a fix whose names cannot be is left
    out, and dropped from the remaining findings. Returns the final text, the fixes
    applied and the remaining findings."""
    from tkit_scaffold.fixes.imports import ImportPlanner
    from tkit_scaffold.fixes.plan import plan_pass

    file, diagnostics, errors = lint_file_text(path, source, rules)
    if file.parse_error is not None:
        return source, 0, diagnostics, errors
    planner = ImportPlanner(path, file.language, rules.config.frontend_options(), original=source)
    diagnostics = _addable_fixes_only(planner, source, diagnostics)
    total = 0
    for _ in range(MAX_FIX_PASSES):
        taken: list[Fix] = []
        planned = plan_pass(file.language, diagnostics, unsafe)  # fixes that cannot collide
        candidate, applied = apply_edits(source, planned, unsafe, applied_fixes=taken)
        if not applied:
            break
        needed = [name for fix in taken for name in fix.requires_imports]
        candidate = planner.ensure(candidate, needed)
        new_file, new_diagnostics, new_errors = lint_file_text(path, candidate, rules)
        if new_file.parse_error is not None:
            break  # the fix would break the file: keep the last good text
        source, errors = candidate, new_errors
        diagnostics = _addable_fixes_only(planner, source, new_diagnostics)
        total += applied
    return source, total, diagnostics, errors


def without_unaddable_fixes(
    path: str, source: str, diagnostics: list[Diagnostic], rules: RuleSet
) -> list[Diagnostic]:
    """The findings with the fixes dropped whose kit names cannot be brought into scope
    (no kit dependency in Cargo.toml, no go.mod, ...): --fix would leave them, so they must
    not be reported as fixable either."""
    language = language_of(path)
    if language is None or not any(
        d.fix is not None and d.fix.requires_imports for d in diagnostics
    ):
        return diagnostics
    from tkit_scaffold.fixes.imports import ImportPlanner

    planner = ImportPlanner(path, language, rules.config.frontend_options())
    return _addable_fixes_only(planner, source, diagnostics)


def _addable_fixes_only(
    planner: ImportPlanner, source: str, diagnostics: list[Diagnostic]
) -> list[Diagnostic]:
    needing = next(
        (d.fix for d in diagnostics if d.fix is not None and d.fix.requires_imports), None
    )
    # Whether the kit can be brought into scope depends on the file and its surroundings,
    # not on which names a fix uses: one answer serves every fix of the file.
    if needing is None or planner.can_satisfy(needing, source):
        return diagnostics
    return [
        replace(d, fix=None) if d.fix is not None and d.fix.requires_imports else d
        for d in diagnostics
    ]
