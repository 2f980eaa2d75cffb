"""TestingKit: one way of writing tests in Rust, Python and Go, and a linter, ``tkit-lint``,
that keeps the three in step.

The library comes first; the command line is a thin layer over it::

    from pathlib import Path
    from tkit_scaffold import lint_paths, lint_source

    report = lint_paths([Path("tests")])
    for diagnostic in report.diagnostics:
        print(diagnostic.path, diagnostic.span.line, diagnostic.code, diagnostic.message)
"""

from __future__ import annotations

__version__ = "0.1.0"

from tkit_scaffold.config import Config, LoadedConfig, find_config, load_config_file
from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit, Fix
from tkit_scaffold.engine import (
    FileResult,
    InternalError,
    LintOptions,
    LintReport,
    lint_paths,
    lint_source,
)
from tkit_scaffold.errors import ConfigError, ScaffoldError, TkitError, UsageError
from tkit_scaffold.frontends import parse_file
from tkit_scaffold.model import Language, TestFile

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
