"""TestingKit: one way of writing tests in Rust, Python and Go, and a linter, ``tkit-lint``,
that keeps the three in step.

The library comes first; the command line is a thin layer over it::

    from pathlib import Path
    from tkit_scaffold import lint_paths, lint_source

    report = lint_paths([Path("tests")])
    for diagnostic in report.diagnostics:
        print(diagnostic.path, diagnostic.span.line, diagnostic.code, diagnostic.message)

``__all__`` is the public API; the modules behind it, one per stage of the pipeline, are
drawn in ``docs/architecture.md``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tkit_scaffold.check import lint_source
    from tkit_scaffold.config import Config, LoadedConfig, find_config, load_config_file
    from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit, Fix
    from tkit_scaffold.engine import lint_paths
    from tkit_scaffold.errors import ConfigError, ScaffoldError, TkitError, UsageError
    from tkit_scaffold.frontends import parse_file
    from tkit_scaffold.model import Language, TestFile
    from tkit_scaffold.results import FileResult, InternalError, LintOptions, LintReport

# The public names are imported on first use (PEP 562), so that the command line, which
# imports a submodule, does not pay for the linting machinery up front.
_HOMES = {
    "Config": "config",
    "LoadedConfig": "config",
    "find_config": "config",
    "load_config_file": "config",
    "Applicability": "diagnostics",
    "Diagnostic": "diagnostics",
    "Edit": "diagnostics",
    "Fix": "diagnostics",
    "FileResult": "results",
    "InternalError": "results",
    "LintOptions": "results",
    "LintReport": "results",
    "lint_paths": "engine",
    "lint_source": "check",
    "ConfigError": "errors",
    "ScaffoldError": "errors",
    "TkitError": "errors",
    "UsageError": "errors",
    "parse_file": "frontends",
    "Language": "model",
    "TestFile": "model",
}


def __getattr__(name: str) -> Any:
    from tkit_scaffold.lazy import lazy_attributes

    homes = {public: f"{__name__}.{home}" for public, home in _HOMES.items()}
    return lazy_attributes(__name__, homes)(name)


__all__ = [
    "Applicability",
    "Config",
    "ConfigError",
    "Diagnostic",
    "Edit",
    "FileResult",
    "Fix",
    "InternalError",
    "Language",
    "LintOptions",
    "LintReport",
    "LoadedConfig",
    "ScaffoldError",
    "TestFile",
    "TkitError",
    "UsageError",
    "__version__",
    "find_config",
    "lint_paths",
    "lint_source",
    "load_config_file",
    "parse_file",
]
