"""Findings for people: one line per finding, in colour on a terminal, the count per
rule (``--statistics``) and the closing summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tkit_scaffold.diagnostics import Diagnostic

_BOLD = "\x1b[1m"
_RED = "\x1b[31m"
_CYAN = "\x1b[36m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def format_text(diagnostics: Sequence[Diagnostic], *, colour: bool) -> str:
    lines = []
    for diagnostic in diagnostics:
        span = diagnostic.span
        location = f"{diagnostic.path}:{span.line}:{span.column}:"
        code = diagnostic.code
        fixable = " [*]" if diagnostic.fix else ""
        if colour:
            location = f"{_BOLD}{location}{_RESET}"
            code = f"{_RED}{_BOLD}{code}{_RESET}"
            name = f"{_DIM}[{diagnostic.name}]{_RESET}"
        else:
            name = f"[{diagnostic.name}]"
        lines.append(f"{location} {code}{fixable} {name} {diagnostic.message}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_statistics(diagnostics: Sequence[Diagnostic]) -> str:
    counts = Counter((d.code, d.name) for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if d.fix is not None)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(str(count)) for count in counts.values()), default=1)
    lines = []
    for (code, name), count in rows:
        marker = "[*]" if fixable[code] else "   "
        lines.append(f"{count:>{width}}\t{code}\t{marker} {name}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary_line(diagnostics: Sequence[Diagnostic], files: int, *, colour: bool) -> str:
    fixable = sum(1 for d in diagnostics if d.fix is not None)
    safe = sum(1 for d in diagnostics if d.fix is not None and d.fix.applicability == "safe")
    return summary_of_counts(len(diagnostics), fixable, files, colour=colour, safe=safe)


def summary_of_counts(
    found: int,
    fixable: int,
    files: int,
    *,
    colour: bool,
    safe: int | None = None,
    errors: int = 0,
    unread: int = 0,
) -> str:
    """:func:`summary_line` from the counts alone: findings, fixable ones (``safe`` of
    them by ``--fix`` alone; None when not known), files, and internal errors. It says
    "passed" only when files were checked, nothing was found and nothing failed."""
    if unread:
        text = (
            f"Found {_plural(found, 'problem')} in {_plural(files, 'file')}; "
            f"{_plural(unread, 'folder')} could not be read: the run is incomplete."
        )
    elif errors:
        text = (
            f"Found {_plural(found, 'problem')} in {_plural(files, 'file')}, and "
            f"{_plural(errors, 'internal error')}: some checks did not run (see below)."
        )
    elif not files:
        text = "No files were checked: none under the given paths matches `include`."
        return text
    elif not found:
        text = f"All checks passed ({_plural(files, 'file')} checked)."
        return f"{_CYAN}{text}{_RESET}" if colour else text
    else:
        text = f"Found {_plural(found, 'problem')} in {_plural(files, 'file')}."
    if fixable:
        text += "\n" + _fixable_hint(fixable, safe)
    return text


def _fixable_hint(fixable: int, safe: int | None) -> str:
    if safe is None:
        return f"[*] {fixable} fixable with --fix (some may need --unsafe-fixes)."
    if safe == fixable:
        return f"[*] {fixable} fixable with --fix."
    if safe == 0:
        return f"[*] {fixable} fixable with --fix --unsafe-fixes (no safe fix among them)."
    return f"[*] {fixable} fixable: {safe} with --fix, {fixable - safe} more with --unsafe-fixes."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
