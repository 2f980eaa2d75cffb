"""Project rules (TK5xx): found like the file rules, run once per project root.

The engine's file rules see one file; a :class:`~tkit_scaffold.rules._base.ProjectRule`
sees the project: the kits and the suites of every language. :func:`check_project` runs
the selected ones and returns their findings as ordinary diagnostics.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.errors import TkitError
from tkit_scaffold.rules._base import ProjectRule, RuleContext
from tkit_scaffold.vocabulary import load_vocabulary

if TYPE_CHECKING:
    from tkit_scaffold.cache import ResultCache
    from tkit_scaffold.config import Config
    from tkit_scaffold.results import InternalError


PROJECT_MARKER = "tkit.toml"


class ProjectNotFoundError(TkitError):
    """No TestingKit project holds the folder: there is nothing to check parity of."""


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``tkit.toml``: a project's
    kits and suites are found from there, so a check run in one of its sub-folders (or
    outside any project) must not pass by finding nothing to compare."""
    if not start.is_dir():
        raise ProjectNotFoundError(f"{start}: no such folder")
    folder = start.absolute()
    for candidate in (folder, *folder.parents):
        if (candidate / PROJECT_MARKER).is_file():
            return start if candidate == folder else candidate
    raise ProjectNotFoundError(
        f"no {PROJECT_MARKER} in {folder} or any folder above it: run this inside a "
        "TestingKit project (`tkit new` renders one), or give the project's folder"
    )


def project_rule_classes() -> dict[str, type[ProjectRule]]:
    """The rules that look at a whole project, out of every rule the registry found."""
    from tkit_scaffold.registry import rule_classes  # the registry imports the rules

    return {
        code: rule_class
        for code, rule_class in rule_classes().items()
        if issubclass(rule_class, ProjectRule)
    }


@dataclass(frozen=True, slots=True)
class ProjectResult:
    diagnostics: tuple[Diagnostic, ...]
    errors: tuple[InternalError, ...] = ()


def _ignored_here(config: Config, code: str, relative: str) -> bool:
    import pathspec

    extra = [
        ignored
        for pattern, codes in config.per_file_ignores.items()
        if pathspec.PathSpec.from_lines("gitignore", [pattern]).match_file(relative)
        for ignored in codes
    ]
    return not config.selects(code, extra)


def check_project(
    root: Path, config: Config | None = None, *, cache: ResultCache | None = None
) -> ProjectResult:
    """Run the selected project rules on the project at ``root``. ``config`` defaults to
    the configuration that governs ``root``. Paths of the diagnostics are ``root`` joined
    with the file's path inside the project. A rule that crashes becomes an
    :class:`~tkit_scaffold.results.InternalError`; the other rules still run.

    With ``cache``, see :func:`tkit_scaffold.project_checks.check_project_cached`."""
    from tkit_scaffold.config import find_config
    from tkit_scaffold.settings import Settings

    if config is None:
        config = find_config(root).config
    if cache is None:
        return run_project_rules(root, config)
    from tkit_scaffold.project_checks import check_project_cached

    known = config
    found, errors = check_project_cached(
        root, Settings.of(config), lambda: run_project_rules(root, known), cache
    )
    return ProjectResult(found, errors)


def run_project_rules(root: Path, config: Config) -> ProjectResult:
    """The selected project rules' findings for the project at ``root``, without the
    cache: what :func:`check_project` does once ``config`` is known."""
    from tkit_scaffold.registry import name_of
    from tkit_scaffold.results import InternalError

    context = RuleContext(
        naming_style=config.naming.style,
        vocabulary=load_vocabulary(),
        check_helpers=config.check_helpers,
    )
    diagnostics: list[Diagnostic] = []
    errors: list[InternalError] = []
    for code, rule_class in project_rule_classes().items():
        if not config.selects(code):
            continue
        try:
            violations = list(rule_class().check_project(root, config, context))
        except Exception as error:  # one rule's bug must not hide the other findings
            errors.append(
                InternalError(
                    path=root.as_posix(),
                    rule=code,
                    message=f"{type(error).__name__}: {error}",
                    details=traceback.format_exc(),
                )
            )
            continue
        for violation in violations:
            if _ignored_here(config, code, violation.path):
                continue
            diagnostics.append(
                Diagnostic(
                    code=code,
                    name=name_of(code),
                    message=violation.message,
                    path=(root / violation.path).as_posix(),
                    language=violation.language,
                    span=violation.span,
                )
            )
    diagnostics.sort(key=lambda diagnostic: diagnostic.sort_key)
    return ProjectResult(tuple(diagnostics), tuple(errors))
