"""The output formats of ``tkit-lint``: findings as text for people (``text``), JSON for
programs (``json``), and for CI, GitHub annotations (``github``) and SARIF (``sarif``).

(Not to be confused with :mod:`tkit_scaffold.reporting`, the report of test *results*.)
"""

from __future__ import annotations

from collections.abc import Sequence

from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.output.github import format_github
from tkit_scaffold.output.json import diagnostic_to_dict, format_json
from tkit_scaffold.output.sarif import SARIF_SCHEMA, format_sarif
from tkit_scaffold.output.text import (
    format_statistics,
    format_text,
    summary_line,
    summary_of_counts,
)

__all__ = [
    "FORMATS",
    "SARIF_SCHEMA",
    "diagnostic_to_dict",
    "format_diagnostics",
    "format_github",
    "format_json",
    "format_sarif",
    "format_statistics",
    "format_text",
    "summary_line",
    "summary_of_counts",
]

FORMATS = ("text", "json", "github", "sarif")


def format_diagnostics(
    diagnostics: Sequence[Diagnostic], output_format: str, *, colour: bool
) -> str:
    if output_format == "json":
        return format_json(diagnostics)
    if output_format == "sarif":
        return format_sarif(diagnostics)
    if output_format == "github":
        return format_github(diagnostics)
    return format_text(diagnostics, colour=colour)
