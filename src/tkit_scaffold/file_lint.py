"""One file through the pipeline: read it, lint it (or fix it and write it back), and
store the result in the cache."""

from __future__ import annotations

import traceback

from tkit_scaffold.cache import ResultCache
from tkit_scaffold.cache_keys import file_identity
from tkit_scaffold.check import RuleSet, check_file, lint_file_text, unparsable
from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.discovery import FoundFile
from tkit_scaffold.fix_loop import fix_text, without_unaddable_fixes
from tkit_scaffold.frontends import language_of
from tkit_scaffold.model import LineIndex, slot_constructor
from tkit_scaffold.printed import store_rendered
from tkit_scaffold.results import FileResult, InternalError, LintOptions
from tkit_scaffold.source import NotWritten, decode_source, read_bytes, write_atomically

_new_diagnostic = slot_constructor(Diagnostic)


def lint_found_file(
    found: FoundFile, rules: RuleSet, options: LintOptions, cache: ResultCache | None = None
) -> FileResult:
    """Lint (and fix) one file; with ``cache``, store the result if it is clean of internal
    errors and changed nothing (looking entries up is :func:`lint_paths`' job)."""
    display = found.display
    data, problem = read_bytes(found.path, options.max_file_bytes)
    source, bom = None, False
    if data is not None:
        source, bom, problem = decode_source(data)
    if source is None:
        assert problem is not None
        file = unparsable(display, "", problem)
        diagnostics, errors = check_file(file, rules, rules.enabled_for(display))
        return FileResult(display, tuple(diagnostics), tuple(errors))
    try:
        if not options.applies_fixes:
            result = _as_it_stands(display, source, rules)
        else:
            fixed, applied, diagnostics, errors = fix_text(
                display, source, rules, options.unsafe_fixes
            )
            diff = None
            if applied and options.diff:
                import difflib

                # Nothing is written: the findings listed are those of the file as it
                # stands, at its own lines, and the diff shows what --fix would change.
                result = _as_it_stands(display, source, rules)
                diagnostics, errors = list(result.diagnostics), list(result.errors)
                diff = "".join(
                    difflib.unified_diff(
                        source.splitlines(keepends=True),
                        fixed.splitlines(keepends=True),
                        fromfile=f"a/{display}",
                        tofile=f"b/{display}",
                    )
                )
            elif applied:
                try:
                    write_atomically(found.path, fixed, bom, expected=data)
                except (NotWritten, OSError) as refused:
                    return _not_written(display, source, rules, refused)
            result = FileResult(display, tuple(diagnostics), tuple(errors), applied, diff)
    except Exception as error:  # the pipeline's own bug: report it, go on with the rest
        return FileResult(
            display,
            (),
            (
                InternalError(
                    display, None, f"{type(error).__name__}: {error}", traceback.format_exc()
                ),
            ),
        )
    if cache is not None and data is not None and not result.errors and not result.fixes_applied:
        key = cache.key(file_identity(found), data)
        cache.put(key, result.diagnostics)
        if options.render is not None:
            store_rendered(cache, key, result, options.render)
    return result


def _not_written(
    display: str, source: str, rules: RuleSet, refused: NotWritten | OSError
) -> FileResult:
    """A file whose fixes could not be written: its findings as it stands, and first a
    TK000 finding that says why it was left unchanged (whatever the selection: a file
    left unfixed must never look fixed)."""
    from tkit_scaffold.registry import name_of

    if isinstance(refused, NotWritten):
        reason = str(refused)
    else:
        reason = f"not fixed: cannot write the file: {refused.strerror or refused}"
    result = _as_it_stands(display, source, rules)
    refusal = _new_diagnostic(
        "TK000",
        name_of("TK000"),
        reason,
        display,
        language_of(display),
        LineIndex(source).span(0, 0),
        None,
    )
    return FileResult(display, (refusal, *result.diagnostics), result.errors)


def _as_it_stands(display: str, source: str, rules: RuleSet) -> FileResult:
    """The findings of a file's text as it is, with only the fixes ``--fix`` could make."""
    _, diagnostics, errors = lint_file_text(display, source, rules)
    diagnostics = without_unaddable_fixes(display, source, diagnostics, rules)
    return FileResult(display, tuple(diagnostics), tuple(errors))
