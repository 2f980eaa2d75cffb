"""Findings for GitHub Actions: one ``::error`` workflow command per finding, which the
pull request shows as an annotation on the line."""

from __future__ import annotations

from collections.abc import Sequence

from tkit_scaffold.diagnostics import Diagnostic


def _escape_github(value: str, *, property_value: bool) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    lines = []
    for diagnostic in diagnostics:
        span = diagnostic.span
        properties = ",".join(
            [
                f"file={_escape_github(diagnostic.path, property_value=True)}",
                f"line={span.line}",
                f"col={span.column}",
                f"endLine={span.end_line}",
                f"endColumn={span.end_column}",
                f"title={diagnostic.code} {_escape_github(diagnostic.name, property_value=True)}",
            ]
        )
        message = _escape_github(
            f"{diagnostic.code} [{diagnostic.name}] {diagnostic.message}", property_value=False
        )
        lines.append(f"::error {properties}::{message}")
    return "\n".join(lines) + ("\n" if lines else "")
