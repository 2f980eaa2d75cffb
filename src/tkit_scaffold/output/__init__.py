"""The output formats of ``tkit-lint``: findings as text for people (``text``), JSON for
programs (``json``), and for CI, GitHub annotations (``github``) and SARIF (``sarif``).

(Not to be confused with :mod:`tkit_scaffold.reporting`, the report of test *results*.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.lazy import lazy_attributes
from tkit_scaffold.output.text import (
    format_statistics,
    format_text,
    summary_line,
    summary_of_counts,
)

if TYPE_CHECKING:
    from tkit_scaffold.output.github import format_github
    from tkit_scaffold.output.json import diagnostic_to_dict, format_json
    from tkit_scaffold.output.sarif import SARIF_SCHEMA, format_sarif

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

# Every run prints text (at least its summary); the other formats load when asked for.
__getattr__ = lazy_attributes(
    __name__,
    {
        "format_github": f"{__name__}.github",
        "diagnostic_to_dict": f"{__name__}.json",
        "format_json": f"{__name__}.json",
        "SARIF_SCHEMA": f"{__name__}.sarif",
        "format_sarif": f"{__name__}.sarif",
    },
)


def format_diagnostics(
    diagnostics: Sequence[Diagnostic], output_format: str, *, colour: bool
) -> str:
    if output_format == "text":
        return format_text(diagnostics, colour=colour)
    formatter = {"json": "format_json", "sarif": "format_sarif", "github": "format_github"}
    return str(__getattr__(formatter[output_format])(diagnostics))
