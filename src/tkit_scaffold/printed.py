"""Findings printed file by file and put in path order: how a run answered from the
cache prints without rebuilding a finding (see :meth:`ResultCache.get_rendered
<tkit_scaffold.cache.ResultCache.get_rendered>`), and the linear merge of each file's
sorted findings."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from tkit_scaffold.cache import ResultCache
from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.results import FileResult, LintReport, safely_fixable


@dataclass(frozen=True, slots=True)
class Rendered:
    """A file's findings as stored printed (see :meth:`ResultCache.get_rendered`)."""

    path: str
    text: str
    found: int
    fixable: int
    safe: int  # fixable by --fix alone


def render_file(result: FileResult, output_format: str) -> Rendered | None:
    """A file's findings printed on their own; None when they cannot be put in order by
    the file's path alone (a finding reported under another path)."""
    from tkit_scaffold.output import format_diagnostics

    diagnostics = result.diagnostics
    if any(diagnostic.path != result.path for diagnostic in diagnostics):
        return None
    return Rendered(
        result.path,
        format_diagnostics(diagnostics, output_format, colour=False),
        len(diagnostics),
        sum(1 for diagnostic in diagnostics if diagnostic.fix is not None),
        sum(1 for diagnostic in diagnostics if safely_fixable(diagnostic)),
    )


def store_rendered(cache: ResultCache, key: str, result: FileResult, output_format: str) -> None:
    rendered = render_file(result, output_format)
    if rendered is not None:
        cache.put_rendered(
            key, output_format, rendered.text, rendered.found, rendered.fixable, rendered.safe
        )


def print_in_order(
    report: LintReport, results: Sequence[FileResult | Rendered], output_format: str
) -> bool:
    """Fill ``report`` with every file's findings printed, in path order, as
    :func:`in_path_order` orders them; False (``report`` untouched) when a file's
    findings cannot be printed on their own or two files share a path."""
    printed: list[Rendered] = []
    for result in results:
        if isinstance(result, Rendered):
            printed.append(result)
            continue
        rendered = render_file(result, output_format)
        if rendered is None:
            return False
        printed.append(rendered)
    printed.sort(key=lambda rendered: rendered.path)
    if any(first.path == second.path for first, second in itertools.pairwise(printed)):
        return False
    for result in results:
        if isinstance(result, FileResult):
            report.errors.extend(result.errors)
    report.files_checked = len(results)
    report.rendered = "".join(rendered.text for rendered in printed)
    report.rendered_counts = (
        sum(rendered.found for rendered in printed),
        sum(rendered.fixable for rendered in printed),
        sum(rendered.safe for rendered in printed),
    )
    return True


def in_path_order(results: Sequence[FileResult]) -> list[Diagnostic]:
    """Every finding, sorted by (path, line, column, code), as the sort would give it.

    Each file's findings are already in that order and carry the file's path, so when no
    two results share a path, putting the files in path order is the whole sort: linear in
    the findings instead of a comparison sort of tens of thousands of tuples."""
    ordered = sorted(results, key=lambda result: result.path)
    distinct = all(first.path < second.path for first, second in itertools.pairwise(ordered))
    if distinct and all(
        all(diagnostic.path == result.path for diagnostic in result.diagnostics)
        for result in ordered
    ):
        return [diagnostic for result in ordered for diagnostic in result.diagnostics]
    found = [diagnostic for result in results for diagnostic in result.diagnostics]
    found.sort(key=lambda diagnostic: diagnostic.sort_key)
    return found
