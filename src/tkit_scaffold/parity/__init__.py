"""Parity across languages, as a machine check.

- the vocabulary: each kit exports the names of ``rules/api.toml`` (TK501);
- the scenarios: the test files of each parity group hold the same scenario ids (TK502);
- the conformance cases: each kit runs ``crosslang/cases/*.json`` and words every
  outcome as declared, and as the other kits do.

::

    from pathlib import Path
    from tkit_scaffold.parity import check_parity, format_text

    report = check_parity(Path("my-kit"), conformance=False)
    print(format_text(report))
"""

from __future__ import annotations

from pathlib import Path

from tkit_scaffold.config import Config, find_config
from tkit_scaffold.model import Language
from tkit_scaffold.parity.api import compare_surface, load_api
from tkit_scaffold.parity.conformance import (
    ConformanceError,
    ConformanceReport,
    Status,
    run_conformance,
)
from tkit_scaffold.parity.project import (
    ProjectNotFoundError,
    ProjectResult,
    check_project,
    find_project_root,
    project_rule_classes,
)
from tkit_scaffold.parity.report import (
    Mark,
    ParityReport,
    Row,
    Section,
    format_html,
    format_markdown,
    format_text,
)
from tkit_scaffold.parity.scenarios import read_groups
from tkit_scaffold.parity.surface import (
    SurfaceError,
    kit_location,
    present_languages,
    read_surface,
)

__all__ = [
    "ConformanceError",
    "ConformanceReport",
    "ParityReport",
    "ProjectNotFoundError",
    "ProjectResult",
    "SurfaceError",
    "check_parity",
    "check_project",
    "find_project_root",
    "format_html",
    "format_markdown",
    "format_text",
    "project_rule_classes",
]


def check_parity(
    root: Path,
    *,
    config: Config | None = None,
    conformance: bool = True,
    python: Path | None = None,
) -> ParityReport:
    """Check the project that holds ``root`` (the nearest folder with ``tkit.toml``): the
    vocabulary, the scenarios and (unless ``conformance`` is false) the conformance cases,
    for the languages whose kit exists. The Python cases run with ``python``, by default
    the project's own interpreter (see :func:`~tkit_scaffold.parity.conformance.project_python`).
    Raises :class:`ProjectNotFoundError` outside a project or when the project has no kit,
    :class:`ConformanceError` when a needed toolchain or interpreter is missing."""
    root = find_project_root(root)
    if config is None:
        config = find_config(root).config
    languages = present_languages(root, config.parity.kits)
    if not languages:
        looked = ", ".join(
            f"{language.value}: {kit_location(root, config.parity.kits, language)}"
            for language in Language
        )
        raise ProjectNotFoundError(
            f"no kit found in the project at {root} (looked for {looked}); "
            "set their paths under [parity.kits] in tkit.toml"
        )
    result = check_project(root, config)
    if result.errors:
        error = result.errors[0]
        raise RuntimeError(f"rule {error.rule} crashed: {error.message}\n{error.details}")
    sections = [_vocabulary(root, config, languages), _scenarios(root, config, languages)]
    report: ConformanceReport | None = None
    if conformance and languages:
        report = run_conformance(root, config, languages, python=python)
        sections.append(_cases(report))
    return ParityReport(root, languages, tuple(sections), result.diagnostics, report)


def _vocabulary(root: Path, config: Config, languages: tuple[Language, ...]) -> Section:
    spec = load_api()
    present: dict[Language, set[str]] = {}
    extra_rows: list[Row] = []
    for language in languages:
        try:
            surface = read_surface(language, kit_location(root, config.parity.kits, language))
        except SurfaceError:
            present[language] = set()
            continue
        diff = compare_surface(surface, spec)
        present[language] = {name.entry.name for name in diff.present}
        for name in diff.undeclared:
            marks = tuple(
                (other, Mark.NO if other is language else Mark.NONE) for other in languages
            )
            extra_rows.append(Row(f"extra: {name.name}", marks))
    rows = [
        Row(
            f"{name.kind} {name.entry.name}",
            tuple(
                (language, Mark.YES if name.entry.name in present[language] else Mark.NO)
                for language in languages
            ),
        )
        for name in spec.names
    ]
    return Section("vocabulary", (*rows, *extra_rows))


def _scenarios(root: Path, config: Config, languages: tuple[Language, ...]) -> Section:
    rows: list[Row] = []
    for group in read_groups(root, config):
        compared = [language for language in languages if group.path_of(language) is not None]
        for scenario_id in group.all_ids():
            marks = tuple(
                (
                    language,
                    Mark.NONE
                    if language not in compared
                    else Mark.YES
                    if scenario_id in group.of(language)
                    else Mark.NO,
                )
                for language in languages
            )
            rows.append(Row(f"{group.name}: {scenario_id}", marks))
    return Section("scenarios", tuple(rows))


_CASE_MARKS = {
    Status.OK: Mark.YES,
    Status.KNOWN_GAP: Mark.GAP,
    Status.MISMATCH: Mark.NO,
    Status.MISSING: Mark.NO,
    Status.STALE_GAP: Mark.NO,
}


def _cases(report: ConformanceReport) -> Section:
    rows = tuple(
        Row(
            result.case.case_id,
            tuple((language, _CASE_MARKS[status]) for language, status, _ in result.statuses),
        )
        for result in report.cases
    )
    return Section("cases", rows)
