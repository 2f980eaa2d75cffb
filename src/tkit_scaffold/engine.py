"""The run over many files: find them, answer what the cache can, lint the rest (in a
process pool when there are many), and put the results in a stable order.

The stages, each in its own module (``docs/architecture.md`` draws the flow):
:mod:`~tkit_scaffold.discovery` finds the files, :mod:`~tkit_scaffold.file_lint` takes one
file through :mod:`~tkit_scaffold.source` (read, decode, write),
:mod:`~tkit_scaffold.check` (frontend, rules, suppressions) and
:mod:`~tkit_scaffold.fix_loop`; :mod:`~tkit_scaffold.cache` stores results under the keys
of :mod:`~tkit_scaffold.cache_keys`; :mod:`~tkit_scaffold.printed` orders the output and
:mod:`~tkit_scaffold.project_checks` adds the rules over a whole project.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tkit_scaffold.cache import MAX_ENTRIES, ResultCache, cache_location
from tkit_scaffold.cache_keys import file_identity, forget_manifests
from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.discovery import FoundFile, discover
from tkit_scaffold.lazy import lazy_attributes
from tkit_scaffold.printed import Rendered, in_path_order, print_in_order, store_rendered
from tkit_scaffold.project_checks import (
    ProjectFindings,
    check_project_cached,
    linted_project_root,
)
from tkit_scaffold.results import FileResult, InternalError, LintOptions, LintReport
from tkit_scaffold.settings import RunConfig, Settings
from tkit_scaffold.source import read_bytes, write_atomically

if TYPE_CHECKING:
    from tkit_scaffold.check import RuleSet, lint_file_text, lint_source
    from tkit_scaffold.config import Config, LoadedConfig
    from tkit_scaffold.file_lint import lint_found_file
    from tkit_scaffold.fix_loop import apply_edits, fix_text

__all__ = [
    "PARALLEL_THRESHOLD",
    "FileResult",
    "InternalError",
    "LintOptions",
    "LintReport",
    "RuleSet",
    "apply_edits",
    "check_project_cached",
    "default_jobs",
    "fix_text",
    "lint_file_text",
    "lint_found_file",
    "lint_paths",
    "lint_source",
    "write_atomically",
]

# A run answered from the cache imports only what it needs to read the cache and print:
# the checks, the fix loop, the rules, the frontends, the configuration schema and the
# process pool are imported where a file is linted. The names other modules used to
# import from here come on first use (PEP 562).
__getattr__ = lazy_attributes(
    __name__,
    {
        "RuleSet": "tkit_scaffold.check",
        "lint_file_text": "tkit_scaffold.check",
        "lint_source": "tkit_scaffold.check",
        "lint_found_file": "tkit_scaffold.file_lint",
        "apply_edits": "tkit_scaffold.fix_loop",
        "fix_text": "tkit_scaffold.fix_loop",
    },
)


# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 24


def _cached_result(
    found: FoundFile, cache: ResultCache, options: LintOptions, render: str | None = None
) -> FileResult | Rendered | None:
    """The stored result for the file's current text, if there is one this run can use: a
    run that fixes takes it only when nothing in it is fixable. With ``render``, the
    findings as printed in that format when they are stored so (and stored so now when
    only their findings were)."""
    data, _ = read_bytes(found.path, options.max_file_bytes)
    if data is None:
        return None
    key = cache.key(file_identity(found), data)
    if render is not None:
        printed = cache.get_rendered(key, render)
        if printed is not None:
            return Rendered(found.display, *printed)
    diagnostics = cache.get(key)
    if diagnostics is None:
        return None
    if options.applies_fixes:
        from tkit_scaffold.fix_loop import fixable

        if any(fixable(d, options.unsafe_fixes) for d in diagnostics):
            return None
    result = FileResult(found.display, diagnostics)
    if render is not None:
        store_rendered(cache, key, result, render)
    return result


_worker_rules: RuleSet | None = None
_worker_cache: ResultCache | None = None
_worker_parent: int | None = None


def _init_worker(config: Config, root: Path | None, cache: ResultCache | None) -> None:
    from tkit_scaffold.check import RuleSet

    global _worker_rules, _worker_cache, _worker_parent
    _worker_parent = os.getppid()
    _worker_rules = RuleSet(config, root)
    _worker_cache = cache


def _work(item: tuple[FoundFile, LintOptions]) -> FileResult:
    assert _worker_rules is not None
    if os.getppid() != _worker_parent:
        # The run that started this worker is gone (killed): nobody will read the
        # result, and a --fix must not go on writing files. Leave before the next file.
        os._exit(1)
    found, options = item
    from tkit_scaffold.file_lint import lint_found_file

    return lint_found_file(found, _worker_rules, options, _worker_cache)


def default_jobs() -> int:
    return os.cpu_count() or 1


def lint_paths(
    paths: Sequence[Path],
    loaded: LoadedConfig | RunConfig | None = None,
    options: LintOptions | None = None,
    *,
    on_file: Callable[[FileResult], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> LintReport:
    """Lint every file under ``paths``. The configuration is found from the paths unless
    given. Results come back in a stable order whatever the number of jobs.

    With ``options.cache``, files whose results are cached are answered before any work is
    handed out, so a run where nothing changed starts no worker process and never builds
    the rules. ``on_progress`` receives (files done, files in all) as the run goes."""
    options = options or LintOptions()
    forget_manifests()  # manifests may have changed since the last run
    if loaded is None:
        from tkit_scaffold.settings import locate_config

        loaded = locate_config(paths, remember=options.cache)
    settings = loaded.settings if isinstance(loaded, RunConfig) else Settings.of(loaded.config)
    problems: list[str] = []
    files = list(discover(paths, settings, loaded.root, problems.append))
    cache = (
        ResultCache(cache_location(loaded.root), settings, loaded.root) if options.cache else None
    )
    warnings = []
    if cache is not None and not cache.usable:
        warnings.append(f"{cache.refusal}; caching is off for this run")
        cache = None
    project = linted_project_root(paths, loaded)
    # Findings come printed only where each file's are printed on their own and put in
    # order by path: not with the project rules, which are sorted in among them.
    render = (
        options.render
        if cache is not None and project is None and on_file is None and not options.applies_fixes
        else None
    )
    results: list[FileResult | Rendered | None] = [None] * len(files)
    pending: list[int] = []
    # Answering from the cache rebuilds up to hundreds of thousands of small objects, none
    # in a reference cycle; the cycle collector would walk them again and again as they
    # pile up, so it waits until they are all built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for index, found in enumerate(files):
            hit = _cached_result(found, cache, options, render) if cache is not None else None
            if hit is None:
                pending.append(index)
            results[index] = hit
    finally:
        if collecting:
            gc.enable()
    done = len(files) - len(pending)
    if on_progress is not None:
        on_progress(done, len(files))
    jobs = options.jobs or default_jobs()
    if jobs > 1 and len(pending) >= PARALLEL_THRESHOLD:
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(
            max_workers=jobs,
            initializer=_init_worker,
            initargs=(loaded.config, loaded.root, cache),
        )
        with executor:
            chunk = max(1, min(32, len(pending) // (jobs * 4)))
            work = [(files[index], options) for index in pending]
            # map yields in submission order, so the output order never depends on jobs.
            for index, result in zip(
                pending, executor.map(_work, work, chunksize=chunk), strict=True
            ):
                results[index] = result
                done += 1
                if on_progress is not None:
                    on_progress(done, len(files))
    elif pending:  # a run answered from the cache never loads the rules
        from tkit_scaffold.check import RuleSet
        from tkit_scaffold.file_lint import lint_found_file

        rules = RuleSet(loaded.config, loaded.root)
        for index in pending:
            results[index] = lint_found_file(files[index], rules, options, cache)
            done += 1
            if on_progress is not None:
                on_progress(done, len(files))
    report = LintReport(warnings=warnings, problems=problems)
    printed = [result for result in results if result is not None]
    assert len(printed) == len(files)
    if render is not None and print_in_order(report, printed, render):
        _finish_cache(cache, loaded, pending, len(files))
        return report
    finished = [
        result
        if isinstance(result, FileResult)
        else _rebuilt(files[index], options, cache, lambda: _rules(loaded))
        for index, result in enumerate(printed)
    ]
    for result in finished:
        _collect(report, result, on_file)
    if project is not None:
        # Linting a whole project (the folder of its tkit.toml) also checks the project
        # rules, TK501/TK502, which look at several files at once.
        project_findings, project_errors = _project_findings(project, loaded, settings, cache)
        report.diagnostics.extend(project_findings)
        report.errors.extend(project_errors)
        report.diagnostics.sort(key=lambda diagnostic: diagnostic.sort_key)
    else:
        report.diagnostics = in_path_order(finished)
    _finish_cache(cache, loaded, pending, len(files))
    return report


def _finish_cache(
    cache: ResultCache | None, loaded: LoadedConfig | RunConfig, pending: list[int], files: int
) -> None:
    """After a run that linted files: store the settings record the run could not store
    before its first entry, and prune."""
    if cache is None or not pending:
        return
    if isinstance(loaded, RunConfig) and loaded.unsaved is not None:
        cache.put_record(*loaded.unsaved)
        loaded.unsaved = None
    cache.prune(max(MAX_ENTRIES, 4 * files))


def _rebuilt(
    found: FoundFile, options: LintOptions, cache: ResultCache | None, rules: Callable[[], RuleSet]
) -> FileResult:
    """The findings of a file that came printed, as objects after all (a run whose
    findings cannot all be printed file by file)."""
    assert cache is not None
    hit = _cached_result(found, cache, options)
    if isinstance(hit, FileResult):
        return hit
    # The entry went away (another run pruned it) or the file changed since: lint it.
    from tkit_scaffold.file_lint import lint_found_file

    return lint_found_file(found, rules(), options, cache)


def _project_findings(
    project: Path, loaded: LoadedConfig | RunConfig, settings: Settings, cache: ResultCache | None
) -> tuple[tuple[Diagnostic, ...], tuple[InternalError, ...]]:
    """The project rules' findings and internal errors, through the cache when there is
    one (the parity package, and with it libcst and tree-sitter, loads only to run them)."""

    def run() -> ProjectFindings:
        from tkit_scaffold.parity.project import run_project_rules

        return run_project_rules(project, loaded.config)

    if cache is not None:
        return check_project_cached(project, settings, run, cache)
    checked = run()
    return checked.diagnostics, checked.errors


def _rules(loaded: LoadedConfig | RunConfig) -> RuleSet:
    from tkit_scaffold.check import RuleSet

    return RuleSet(loaded.config, loaded.root)


def _collect(
    report: LintReport, result: FileResult, on_file: Callable[[FileResult], None] | None
) -> None:
    report.add(result)
    if on_file is not None:
        on_file(result)
