"""The project checks: the rules that look at several files at once (TK501, TK502), run
when a whole project is linted, through the cache."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tkit_scaffold.cache import ResultCache
from tkit_scaffold.cache_keys import project_inputs
from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.results import InternalError
from tkit_scaffold.settings import RunConfig, Settings

if TYPE_CHECKING:
    from tkit_scaffold.config import LoadedConfig

PROJECT_ENTRY = ".project"  # the suffix of the project rules' cache entries


class ProjectFindings(Protocol):
    """What running the project rules gives (a
    :class:`~tkit_scaffold.parity.project.ProjectResult`)."""

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]: ...

    @property
    def errors(self) -> tuple[InternalError, ...]: ...


def check_project_cached(
    root: Path, settings: Settings, run: Callable[[], ProjectFindings], cache: ResultCache
) -> tuple[tuple[Diagnostic, ...], tuple[InternalError, ...]]:
    """The findings and internal errors of the project rules through the cache (salted
    with the configuration and the tool's code, rules/api.toml included): the findings
    are stored under a hash of every file the project rules read (:func:`project_inputs
    <tkit_scaffold.cache_keys.project_inputs>`) and reused while none of them changes.
    ``run`` runs the rules when they must run
    (:func:`~tkit_scaffold.parity.project.run_project_rules`).

    Only the stored findings are read here: importing the parity package loads libcst
    and tree-sitter, which a warm run does without."""
    key = cache.key(f"project\0{root}", project_inputs(root, settings.kits, settings.groups))
    stored = cache.get(key, PROJECT_ENTRY)
    if stored is not None:
        return stored, ()
    result = run()
    if not result.errors:
        cache.put(key, result.diagnostics, PROJECT_ENTRY)
    return result.diagnostics, result.errors


def linted_project_root(paths: Sequence[Path], loaded: LoadedConfig | RunConfig) -> Path | None:
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
