"""The lint pipeline: read, parse (frontend), check (rules), suppress, fix, write.

The engine knows the rule protocol, not any rule. One bad file never stops the run: a
file that cannot be read or parsed becomes a TK000 diagnostic, and a rule that crashes on
a file becomes an :class:`InternalError` reported next to the other findings.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import itertools
import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tkit_scaffold.cache import MAX_ENTRIES, ResultCache, cache_location
from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit, Fix
from tkit_scaffold.discovery import FoundFile, compile_patterns, discover, relative_posix
from tkit_scaffold.frontends import language_of
from tkit_scaffold.model import Language, LineIndex, ParseError, TestFile, slot_constructor
from tkit_scaffold.settings import RunConfig, Settings
from tkit_scaffold.source import (
    NotWritten,
    decode_source,
    read_bytes,
    write_atomically,
)

if TYPE_CHECKING:
    from tkit_scaffold.config import Config, LoadedConfig
    from tkit_scaffold.fixes.imports import ImportPlanner
    from tkit_scaffold.rules._base import Rule, Violation

# A run answered from the cache imports only what it needs to read the cache and print:
# the rules, the frontends, the configuration schema and the process pool are
# imported where a file is linted.

MAX_FIX_PASSES = 10
PROJECT_ENTRY = ".project"  # the suffix of the project rules' cache entries
# Below this many files a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 24


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
    rendered_counts: tuple[int, int] = (0, 0)
    # What the user should know that is not a finding (a cache folder refused).
    warnings: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        """How many findings the run reported."""
        return len(self.diagnostics) + self.rendered_counts[0]

    @property
    def fixable(self) -> int:
        """How many of them have a fix."""
        return sum(1 for d in self.diagnostics if d.fix is not None) + self.rendered_counts[1]

    def add(self, result: FileResult) -> None:
        self.files_checked += 1
        self.diagnostics.extend(result.diagnostics)
        self.errors.extend(result.errors)
        self.fixes_applied += result.fixes_applied
        if result.fixes_applied:
            self.files_fixed += 1
        if result.diff:
            self.diffs.append(result.diff)


class RuleSet:
    """The rules a configuration enables, and per file, which codes apply."""

    def __init__(self, config: Config, root: Path | None = None) -> None:
        from tkit_scaffold.registry import all_codes, rule_classes
        from tkit_scaffold.rules._base import RuleContext
        from tkit_scaffold.vocabulary import load_vocabulary

        self.config = config
        self.root = root
        self.context = RuleContext(
            naming_style=config.naming.style,
            vocabulary=load_vocabulary(),
            check_helpers=config.check_helpers,
        )
        self.known_codes = frozenset(all_codes())
        self.rules: list[Rule] = [
            cls() for code, cls in rule_classes().items() if self._selected(code)
        ]
        self._per_file = [
            (compile_patterns([pattern]), frozenset(codes))
            for pattern, codes in config.per_file_ignores.items()
        ]
        self._enabled_by_ignores: dict[tuple[str, ...], frozenset[str]] = {}

    def _selected(self, code: str, extra_ignores: Iterable[str] = ()) -> bool:
        return self.config.selects(code, extra_ignores)

    def enabled_for(self, path: str) -> frozenset[str]:
        if not self._per_file:
            return self._enabled(())
        relative = self._relative(path)
        return self._enabled(
            tuple(
                code
                for spec, codes in self._per_file
                if spec.match_file(relative)
                for code in codes
            )
        )

    def _enabled(self, extra_ignores: tuple[str, ...]) -> frozenset[str]:
        # Files share a handful of per-file ignore sets, most of them none.
        enabled = self._enabled_by_ignores.get(extra_ignores)
        if enabled is None:
            enabled = frozenset(
                rule.code for rule in self.rules if self._selected(rule.code, extra_ignores)
            )
            self._enabled_by_ignores[extra_ignores] = enabled
        return enabled

    def _relative(self, path: str) -> str:
        if self.root is None:
            return path
        return relative_posix(Path(path), self.root)


_new_diagnostic = slot_constructor(Diagnostic)


def _diagnostics(code: str, file: TestFile, violations: Iterable[Violation]) -> list[Diagnostic]:
    from tkit_scaffold.registry import name_of

    name = name_of(code)
    return [
        _new_diagnostic(code, name, v.message, file.path, file.language, v.span, v.fix)
        for v in violations
    ]


def _check(
    file: TestFile, rules: RuleSet, enabled: frozenset[str]
) -> tuple[list[Diagnostic], list[InternalError]]:
    from tkit_scaffold.rules._base import SuppressionAuditRule
    from tkit_scaffold.suppressions import apply_suppressions, parse_suppressions

    diagnostics: list[Diagnostic] = []
    errors: list[InternalError] = []
    for rule in rules.rules:
        if rule.code not in enabled or file.language not in rule.languages:
            continue
        if isinstance(rule, SuppressionAuditRule):
            continue
        try:
            violations = list(rule.check(file, rules.context))
        except Exception as error:  # one rule's bug must not hide the other findings
            errors.append(
                InternalError(
                    path=file.path,
                    rule=rule.code,
                    message=f"{type(error).__name__}: {error}",
                    details=traceback.format_exc(),
                )
            )
            continue
        diagnostics.extend(_diagnostics(rule.code, file, violations))
    suppressions = parse_suppressions(file.comments)
    kept, unused = apply_suppressions(
        diagnostics, suppressions, known_codes=rules.known_codes, enabled_codes=enabled
    )
    for rule in rules.rules:
        if isinstance(rule, SuppressionAuditRule) and rule.code in enabled and unused:
            kept.extend(_diagnostics(rule.code, file, rule.audit(file, unused)))
    kept.sort(key=lambda diagnostic: diagnostic.sort_key)
    return kept, errors


def _unparsable(path: str, source: str, message: str) -> TestFile:
    language = language_of(path)
    assert language is not None
    span = LineIndex(source).span(0, 0)
    return TestFile(
        path=path, language=language, source=source, parse_error=ParseError(message, span)
    )


def parse_source(path: str, source: str, config: Config) -> TestFile:
    """Run the frontend; input it cannot handle becomes a parse error, never an exception."""
    if "\x00" in source:
        offset = source.index("\x00")
        span = LineIndex(source).span(offset, offset)
        language = language_of(path)
        assert language is not None
        return TestFile(
            path=path,
            language=language,
            source=source,
            parse_error=ParseError("the file contains a NUL byte: not a source file", span),
        )
    from tkit_scaffold.frontends import parse_file

    try:
        return parse_file(path, source, config.frontend_options())
    except RecursionError:
        return _unparsable(path, source, "the file nests too deeply to parse")


def lint_file_text(
    path: str, source: str, rules: RuleSet
) -> tuple[TestFile, list[Diagnostic], list[InternalError]]:
    file = parse_source(path, source, rules.config)
    diagnostics, errors = _check(file, rules, rules.enabled_for(path))
    return file, diagnostics, errors


def lint_source(path: str, source: str, config: Config | None = None) -> list[Diagnostic]:
    """Lint one in-memory file with every enabled rule; suppressions apply."""
    if config is None:
        from tkit_scaffold.config import Config

        config = Config()
    key = config.fingerprint()
    rules = _rule_sets.get(key)
    if rules is None:
        rules = _rule_sets[key] = RuleSet(config, None)
    return lint_file_text(path, source, rules)[1]


_rule_sets: dict[str, RuleSet] = {}


# ---------------------------------------------------------------------------- fixes


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


# ---------------------------------------------------------------------------- files


def lint_found_file(
    found: FoundFile, rules: RuleSet, options: LintOptions, cache: ResultCache | None = None
) -> FileResult:
    """Lint (and fix) one file; with ``cache``, store the result if it is clean of internal
    errors and changed nothing (looking entries up is :func:`lint_paths`' job)."""
    display = found.display
    data, problem = read_bytes(found.path)
    source, bom = None, False
    if data is not None:
        source, bom, problem = decode_source(data)
    if source is None:
        assert problem is not None
        file = _unparsable(display, "", problem)
        diagnostics, errors = _check(file, rules, rules.enabled_for(display))
        return FileResult(display, tuple(diagnostics), tuple(errors))
    try:
        if not options.applies_fixes:
            _, diagnostics, errors = lint_file_text(display, source, rules)
            diagnostics = _without_unaddable_fixes(display, source, diagnostics, rules)
            result = FileResult(display, tuple(diagnostics), tuple(errors))
        else:
            fixed, applied, diagnostics, errors = fix_text(
                display, source, rules, options.unsafe_fixes
            )
            diff = None
            if applied and options.diff:
                import difflib

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
        key = cache.key(_cache_identity(found), data)
        cache.put(key, result.diagnostics)
        if options.render is not None:
            _store_rendered(cache, key, result, options.render)
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
    file, diagnostics, errors = lint_file_text(display, source, rules)
    diagnostics = _without_unaddable_fixes(display, source, diagnostics, rules)
    refusal = _new_diagnostic(
        "TK000",
        name_of("TK000"),
        reason,
        display,
        file.language,
        LineIndex(source).span(0, 0),
        None,
    )
    return FileResult(display, (refusal, *diagnostics), tuple(errors))


def _without_unaddable_fixes(
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


# What decides whether a Rust or Go fix's import can be added lives outside the file: the
# nearest manifest (and, for Go, the folders beside it). Remembered per folder for one run.
_MANIFESTS = {".rs": "Cargo.toml", ".go": "go.mod"}
_manifest_digests: dict[Path, str] = {}


def _cache_identity(found: FoundFile) -> str:
    """What a file's cache entry is keyed on besides its text: its path and, for Rust and
    Go, a digest of its manifest, so that adding the kit dependency shows the fixes."""
    name = _MANIFESTS.get(found.path.suffix)
    if name is None:
        return found.display
    folder = found.path.parent
    digest = _manifest_digests.get(folder)
    if digest is None:
        digest = _manifest_digests[folder] = _manifest_digest(folder, name)
    return f"{found.display}\0{digest}"


def _manifest_digest(folder: Path, name: str) -> str:
    try:
        resolved = folder.resolve()
    except OSError:
        return "-"
    for candidate in (resolved, *resolved.parents):
        manifest = candidate / name
        try:
            content = manifest.read_bytes()
        except OSError:
            continue
        digest = hashlib.sha256(content)
        if name == "go.mod":  # the kit may be a package folder of the module itself
            digest.update("\0".join(_go_package_folders(candidate)).encode())
        return digest.hexdigest()
    return "-"


def _go_package_folders(module_root: Path) -> list[str]:
    """The folders right under a module's root that hold Go files."""
    found = []
    try:
        with os.scandir(module_root) as entries:
            folders = sorted((entry.name, entry.path) for entry in entries if entry.is_dir())
        for name, folder in folders:
            with os.scandir(folder) as entries:
                if any(entry.name.endswith(".go") for entry in entries):
                    found.append(name)
    except OSError:
        pass
    return found


@dataclass(frozen=True, slots=True)
class _Rendered:
    """A file's findings as stored printed (see :meth:`ResultCache.get_rendered`)."""

    path: str
    text: str
    found: int
    fixable: int


def _render(result: FileResult, output_format: str) -> _Rendered | None:
    """A file's findings printed on their own; None when they cannot be put in order by
    the file's path alone (a finding reported under another path)."""
    from tkit_scaffold.report import format_diagnostics

    diagnostics = result.diagnostics
    if any(diagnostic.path != result.path for diagnostic in diagnostics):
        return None
    return _Rendered(
        result.path,
        format_diagnostics(diagnostics, output_format, colour=False),
        len(diagnostics),
        sum(1 for diagnostic in diagnostics if diagnostic.fix is not None),
    )


def _store_rendered(cache: ResultCache, key: str, result: FileResult, output_format: str) -> None:
    rendered = _render(result, output_format)
    if rendered is not None:
        cache.put_rendered(key, output_format, rendered.text, rendered.found, rendered.fixable)


def _cached_result(
    found: FoundFile, cache: ResultCache, options: LintOptions, render: str | None = None
) -> FileResult | _Rendered | None:
    """The stored result for the file's current text, if there is one this run can use: a
    run that fixes takes it only when nothing in it is fixable. With ``render``, the
    findings as printed in that format when they are stored so (and stored so now when
    only their findings were)."""
    data, _ = read_bytes(found.path)
    if data is None:
        return None
    key = cache.key(_cache_identity(found), data)
    if render is not None:
        printed = cache.get_rendered(key, render)
        if printed is not None:
            return _Rendered(found.display, *printed)
    diagnostics = cache.get(key)
    if diagnostics is None:
        return None
    if options.applies_fixes and any(fixable(d, options.unsafe_fixes) for d in diagnostics):
        return None
    result = FileResult(found.display, diagnostics)
    if render is not None:
        _store_rendered(cache, key, result, render)
    return result


_worker_rules: RuleSet | None = None
_worker_cache: ResultCache | None = None


def _init_worker(config: Config, root: Path | None, cache: ResultCache | None) -> None:
    global _worker_rules, _worker_cache
    _worker_rules = RuleSet(config, root)
    _worker_cache = cache


def _work(item: tuple[FoundFile, LintOptions]) -> FileResult:
    assert _worker_rules is not None
    found, options = item
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
    _manifest_digests.clear()  # manifests may have changed since the last run
    if loaded is None:
        from tkit_scaffold.settings import locate_config

        loaded = locate_config(paths, remember=options.cache)
    settings = loaded.settings if isinstance(loaded, RunConfig) else Settings.of(loaded.config)
    files = list(discover(paths, settings, loaded.root))
    cache = (
        ResultCache(cache_location(loaded.root), settings, loaded.root) if options.cache else None
    )
    warnings = []
    if cache is not None and not cache.usable:
        warnings.append(f"{cache.refusal}; caching is off for this run")
        cache = None
    project = _linted_project_root(paths, loaded)
    # Findings come printed only where each file's are printed on their own and put in
    # order by path: not with the project rules, which are sorted in among them.
    render = (
        options.render
        if cache is not None and project is None and on_file is None and not options.applies_fixes
        else None
    )
    results: list[FileResult | _Rendered | None] = [None] * len(files)
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
        rules = RuleSet(loaded.config, loaded.root)
        for index in pending:
            results[index] = lint_found_file(files[index], rules, options, cache)
            done += 1
            if on_progress is not None:
                on_progress(done, len(files))
    report = LintReport(warnings=warnings)
    printed = [result for result in results if result is not None]
    assert len(printed) == len(files)
    if render is not None and _print_in_order(report, printed, render):
        if cache is not None and pending:
            cache.prune(max(MAX_ENTRIES, 4 * len(files)))
        return report
    finished = [
        result
        if isinstance(result, FileResult)
        else _rebuilt(files[index], options, cache, lambda: RuleSet(loaded.config, loaded.root))
        for index, result in enumerate(printed)
    ]
    for result in finished:
        _collect(report, result, on_file)
    if project is not None:
        # Linting a whole project (the folder of its tkit.toml) also checks the project
        # rules, TK501/TK502, which look at several files at once.
        if cache is not None:
            project_findings, project_errors = check_project_cached(
                project, settings, lambda: loaded.config, cache
            )
        else:
            from tkit_scaffold.parity.project import check_project

            checked = check_project(project, loaded.config)
            project_findings, project_errors = checked.diagnostics, checked.errors
        report.diagnostics.extend(project_findings)
        report.errors.extend(project_errors)
        report.diagnostics.sort(key=lambda diagnostic: diagnostic.sort_key)
    else:
        report.diagnostics = _in_path_order(finished)
    if cache is not None and pending:
        cache.prune(max(MAX_ENTRIES, 4 * len(files)))
    return report


def _print_in_order(
    report: LintReport, results: Sequence[FileResult | _Rendered], output_format: str
) -> bool:
    """Fill ``report`` with every file's findings printed, in path order, as
    :func:`_in_path_order` orders them; False (``report`` untouched) when a file's
    findings cannot be printed on their own or two files share a path."""
    printed: list[_Rendered] = []
    for result in results:
        if isinstance(result, _Rendered):
            printed.append(result)
            continue
        rendered = _render(result, output_format)
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
    )
    return True


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
    return lint_found_file(found, rules(), options, cache)


def _in_path_order(results: Sequence[FileResult]) -> list[Diagnostic]:
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


# ---------------------------------------------------------------------------- project


def check_project_cached(
    root: Path, settings: Settings, load: Callable[[], Config], cache: ResultCache
) -> tuple[tuple[Diagnostic, ...], tuple[InternalError, ...]]:
    """The findings and internal errors of
    :func:`~tkit_scaffold.parity.project.check_project` through the cache (salted with the
    configuration and the tool's code, rules/api.toml included): the findings are stored
    under a hash of every file the project rules read (:func:`project_inputs`) and reused
    while none of them changes. ``load`` gives the configuration when the rules must run.

    It lives here, not in :mod:`tkit_scaffold.parity.project`: importing the parity
    package loads libcst and tree-sitter, which a warm run does without."""
    key = cache.key(f"project\0{root}", project_inputs(root, settings.kits, settings.groups))
    stored = cache.get(key, PROJECT_ENTRY)
    if stored is not None:
        return stored, ()
    from tkit_scaffold.parity.project import run_project_rules

    result = run_project_rules(root, load())
    if not result.errors:
        cache.put(key, result.diagnostics, PROJECT_ENTRY)
    return result.diagnostics, result.errors


def project_inputs(
    root: Path, kits: Sequence[str], groups: Sequence[tuple[str, Sequence[str | None]]]
) -> bytes:
    """A digest of everything TK501 and TK502 read, with a margin: every file under each
    kit's folder (the folder of a kit file, or the kit's package folder), whether each kit
    exists, and each parity group's files. ``kits`` and each group's files are given in
    the order of :class:`~tkit_scaffold.model.Language` (see
    :class:`~tkit_scaffold.settings.Settings`). rules/api.toml is part of the tool's code
    fingerprint, so the cache's salt covers it."""
    from tkit_scaffold.discovery import SKIPPED_FOLDERS

    digest = hashlib.sha256()

    def add(path: Path) -> None:
        digest.update(os.fsencode(path) + b"\0")
        try:
            content = path.read_bytes()
        except OSError:
            digest.update(b"\0missing\0")
            return
        digest.update(hashlib.sha256(content).digest())

    for language, kit in zip(Language, kits, strict=True):
        location = root / kit
        digest.update(f"{language.value}:{location.is_file()}:{location.is_dir()}\0".encode())
        folder = location.parent if location.is_file() else location
        if not folder.is_dir():
            continue
        for here, subfolders, names in os.walk(folder):
            subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED_FOLDERS)
            for name in sorted(names):
                add(Path(here, name))
    for group, files in groups:
        digest.update(f"group {group}\0".encode())
        for relative in files:
            digest.update(b"-\0" if relative is None else b"+\0")
            if relative is not None:
                add(root / relative)
    return digest.digest()


def _linted_project_root(paths: Sequence[Path], loaded: LoadedConfig | RunConfig) -> Path | None:
    """The given path that is the project's root (the folder of its configuration file),
    as the user wrote it; None when no whole project is linted."""
    if loaded.path is None or loaded.path.name != "tkit.toml":
        return None
    for given in paths:
        try:
            if given.resolve() == loaded.root:
                return given
        except (OSError, RuntimeError):
            continue
    return None


def _collect(
    report: LintReport, result: FileResult, on_file: Callable[[FileResult], None] | None
) -> None:
    report.add(result)
    if on_file is not None:
        on_file(result)
