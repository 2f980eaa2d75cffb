"""Line coverage of the three languages in one format, merged, and the gate.

Each language's standard output is converted to :class:`FileCoverage` (a file's
executable lines and covered lines):

- coverage.py's JSON report (``coverage json``): ``executed_lines`` are covered,
  ``executed_lines`` and ``missing_lines`` together are executable;
- Go's ``-coverprofile`` text: every line a block spans is executable, and covered when a
  block spanning it ran (a line shared by two blocks is covered when either ran);
- LCOV (``cargo llvm-cov --lcov``, and any other tool writing it): ``DA:line,count``.

Files met twice (two profiles, two test binaries) are merged: the union of the lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tkit_scaffold.errors import UsageError
from tkit_scaffold.reporting.model import LANGUAGES


class CoverageFormatError(UsageError):
    """A coverage file this reader does not understand."""


@dataclass(frozen=True, slots=True)
class FileCoverage:
    language: str
    path: str
    executable: frozenset[int]
    covered: frozenset[int]

    @property
    def percent(self) -> float | None:
        return _percent(len(self.covered), len(self.executable))


@dataclass(frozen=True, slots=True)
class CoverageTotals:
    label: str  # a language, or "total"
    executable: int
    covered: int

    @property
    def percent(self) -> float | None:
        return _percent(self.covered, self.executable)


@dataclass(frozen=True, slots=True)
class CoverageReport:
    files: tuple[FileCoverage, ...]
    sources: tuple[str, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        seen = {item.language for item in self.files}
        ordered = dict.fromkeys((*LANGUAGES, *sorted(seen)))
        return tuple(language for language in ordered if language in seen)

    def totals(self, language: str | None = None) -> CoverageTotals:
        chosen = [f for f in self.files if language is None or f.language == language]
        return CoverageTotals(
            label=language or "total",
            executable=sum(len(f.executable) for f in chosen),
            covered=sum(len(f.covered) for f in chosen),
        )

    def per_language(self) -> tuple[CoverageTotals, ...]:
        return tuple(self.totals(language) for language in self.languages)


def _percent(covered: int, executable: int) -> float | None:
    return None if executable == 0 else 100.0 * covered / executable


def format_percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


# ------------------------------------------------------------------ converters


def parse_coveragepy_json(text: str, source: str = "coverage.json") -> list[FileCoverage]:
    try:
        data = json.loads(text)
        files = data["files"]
        items = []
        for path, entry in files.items():
            executed = {int(line) for line in entry["executed_lines"]}
            missing = {int(line) for line in entry["missing_lines"]}
            items.append(
                FileCoverage(
                    "python",
                    path.replace("\\", "/"),
                    frozenset(executed | missing),
                    frozenset(executed),
                )
            )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CoverageFormatError(
            f"{source}: not a coverage.py JSON report ({type(error).__name__}: {error})"
        ) from None
    return items


_GO_BLOCK = re.compile(r"^(?P<file>.+):(?P<l1>\d+)\.\d+,(?P<l2>\d+)\.\d+ (?P<n>\d+) (?P<c>\d+)$")


def parse_go_profile(text: str, source: str = "coverage.out") -> list[FileCoverage]:
    lines = text.splitlines()
    if not lines or not lines[0].startswith("mode: "):
        raise CoverageFormatError(f"{source}: a Go cover profile starts with 'mode: '")
    executable: dict[str, set[int]] = {}
    covered: dict[str, set[int]] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        match = _GO_BLOCK.match(line.strip())
        if match is None:
            raise CoverageFormatError(f"{source}:{number}: not a cover profile block: {line!r}")
        if int(match["n"]) == 0:
            continue
        span = range(int(match["l1"]), int(match["l2"]) + 1)
        executable.setdefault(match["file"], set()).update(span)
        hits = covered.setdefault(match["file"], set())
        if int(match["c"]) > 0:
            hits.update(span)
    return [
        FileCoverage("go", path, frozenset(lines_), frozenset(covered.get(path, set())))
        for path, lines_ in executable.items()
    ]


_EXTENSIONS = {".rs": "rust", ".py": "python", ".go": "go"}


def parse_lcov(text: str, source: str = "lcov.info", default: str = "rust") -> list[FileCoverage]:
    items: list[FileCoverage] = []
    path: str | None = None
    executable: set[int] = set()
    covered: set[int] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("SF:"):
            path, executable, covered = line[3:], set(), set()
        elif line.startswith("DA:"):
            if path is None:
                raise CoverageFormatError(f"{source}:{number}: DA before any SF record")
            fields = line[3:].split(",")
            try:
                line_number, count = int(fields[0]), int(float(fields[1]))
            except (ValueError, IndexError):
                raise CoverageFormatError(f"{source}:{number}: bad DA record {line!r}") from None
            executable.add(line_number)
            if count > 0:
                covered.add(line_number)
        elif line == "end_of_record" and path is not None:
            language = _EXTENSIONS.get(Path(path).suffix, default)
            items.append(FileCoverage(language, path, frozenset(executable), frozenset(covered)))
            path = None
    if path is not None:
        raise CoverageFormatError(f"{source}: the last record has no end_of_record")
    return items


def load_coverage(path: Path) -> list[FileCoverage]:
    """Any of the three formats, recognised by its content."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read the coverage file {path}: {error}") from None
    head = text.lstrip()[:200]
    if head.startswith("{"):
        return parse_coveragepy_json(text, str(path))
    if head.startswith("mode: "):
        return parse_go_profile(text, str(path))
    if re.search(r"^(TN|SF):", head, re.MULTILINE):
        return parse_lcov(text, str(path))
    raise CoverageFormatError(
        f"{path}: not a coverage file this report reads (coverage.py JSON, a Go "
        "-coverprofile, or LCOV)"
    )


def merge(items: Iterable[FileCoverage], sources: Sequence[str] = ()) -> CoverageReport:
    merged: dict[tuple[str, str], tuple[set[int], set[int]]] = {}
    for item in items:
        executable, covered = merged.setdefault((item.language, item.path), (set(), set()))
        executable.update(item.executable)
        covered.update(item.covered)
    files = tuple(
        FileCoverage(language, path, frozenset(executable), frozenset(covered & executable))
        for (language, path), (executable, covered) in sorted(merged.items())
    )
    return CoverageReport(files, tuple(sources))


def _relative(item: FileCoverage, root: Path) -> FileCoverage:
    """An absolute path under ``root`` (LCOV writes absolute ones) made relative to it."""
    path = Path(item.path)
    if not path.is_absolute() or not path.is_relative_to(root):
        return item
    relative = path.relative_to(root).as_posix()
    return FileCoverage(item.language, relative, item.executable, item.covered)


def load_all(paths: Sequence[Path], root: Path | None = None) -> CoverageReport:
    """Every file's coverage, merged; absolute paths under ``root`` (default: the current
    folder) are shown relative to it."""
    base = (root or Path.cwd()).resolve()
    items: list[FileCoverage] = []
    for path in paths:
        items.extend(_relative(item, base) for item in load_coverage(path))
    return merge(items, [str(path) for path in paths])


def gate(report: CoverageReport, fail_under: float) -> list[str]:
    """What is under ``fail_under``: the total and each language, one line each."""
    problems = []
    for totals in (report.totals(), *report.per_language()):
        value = totals.percent
        if value is not None and value < fail_under:
            problems.append(
                f"{totals.label} line coverage {value:.2f}% is under --fail-under {fail_under:g}"
            )
    if report.totals().percent is None:
        problems.append("no executable lines in the coverage files: nothing to measure")
    return problems
