"""Turns diagnostics into text for people (``text``), programs (``json``) and CI (``github``,
``sarif``)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from tkit_scaffold import __version__
from tkit_scaffold.diagnostics import Diagnostic

FORMATS = ("text", "json", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_BOLD = "\x1b[1m"
_RED = "\x1b[31m"
_CYAN = "\x1b[36m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def diagnostic_to_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    span = diagnostic.span
    fix = diagnostic.fix
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "message": diagnostic.message,
        "path": diagnostic.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "language": diagnostic.language.value if diagnostic.language else None,
        "fix": None
        if fix is None
        else {
            "applicability": fix.applicability.value,
            "message": fix.description,
            "edits": [
                {"start": edit.start, "end": edit.end, "content": edit.replacement}
                for edit in fix.edits
            ],
        },
    }


def format_text(diagnostics: Sequence[Diagnostic], *, colour: bool) -> str:
    lines = []
    for diagnostic in diagnostics:
        span = diagnostic.span
        location = f"{diagnostic.path}:{span.line}:{span.column}:"
        code = diagnostic.code
        fixable = " [*]" if diagnostic.fix else ""
        if colour:
            location = f"{_BOLD}{location}{_RESET}"
            code = f"{_RED}{_BOLD}{code}{_RESET}"
            name = f"{_DIM}[{diagnostic.name}]{_RESET}"
        else:
            name = f"[{diagnostic.name}]"
        lines.append(f"{location} {code}{fixable} {name} {diagnostic.message}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([diagnostic_to_dict(d) for d in diagnostics], indent=2) + "\n"


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


def _sarif_rules() -> list[dict[str, Any]]:
    from tkit_scaffold.registry import rule_infos  # the rules' metadata: SARIF only

    rules = []
    for code, info in sorted(rule_infos().items()):
        help_text = info.explain()
        rules.append(
            {
                "id": code,
                "name": info.name,
                "shortDescription": {"text": info.summary},
                "fullDescription": {
                    "text": " ".join((info.doc("what_it_does") or info.summary).split())
                },
                "help": {"text": help_text, "markdown": help_text},
                "defaultConfiguration": {"level": "error"},
                "properties": {
                    "languages": [language.value for language in info.languages],
                    "fix": info.fix,
                },
            }
        )
    return rules


def _sarif_result(diagnostic: Diagnostic, rule_index: dict[str, int]) -> dict[str, Any]:
    span = diagnostic.span
    uri = quote(diagnostic.path)
    region = {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
        "charOffset": span.start,
        "charLength": span.end - span.start,
    }
    result: dict[str, Any] = {
        "ruleId": diagnostic.code,
        "level": "error",
        "message": {"text": diagnostic.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
    }
    if diagnostic.code in rule_index:
        result["ruleIndex"] = rule_index[diagnostic.code]
    fix = diagnostic.fix
    if fix is not None:
        replacements = [
            {
                "deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start},
                "insertedContent": {"text": edit.replacement},
            }
            for edit in fix.edits
        ]
        result["fixes"] = [
            {
                "description": {"text": fix.description},
                "artifactChanges": [
                    {"artifactLocation": {"uri": uri}, "replacements": replacements}
                ],
                "properties": {"applicability": fix.applicability.value},
            }
        ]
    return result


def format_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    """SARIF 2.1.0: one run with every rule's metadata and help, results with 1-based
    lines and columns counted in code points, and fixes as replacements by character
    offset (``charOffset``/``charLength``, also in code points)."""
    rules = _sarif_rules()
    rule_index = {rule["id"]: index for index, rule in enumerate(rules)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tkit-lint",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(d, rule_index) for d in diagnostics],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


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


def format_statistics(diagnostics: Sequence[Diagnostic]) -> str:
    counts = Counter((d.code, d.name) for d in diagnostics)
    fixable = Counter(d.code for d in diagnostics if d.fix is not None)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(str(count)) for count in counts.values()), default=1)
    lines = []
    for (code, name), count in rows:
        marker = "[*]" if fixable[code] else "   "
        lines.append(f"{count:>{width}}\t{code}\t{marker} {name}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary_line(diagnostics: Sequence[Diagnostic], files: int, *, colour: bool) -> str:
    fixable = sum(1 for d in diagnostics if d.fix is not None)
    return summary_of_counts(len(diagnostics), fixable, files, colour=colour)


def summary_of_counts(found: int, fixable: int, files: int, *, colour: bool) -> str:
    """:func:`summary_line` from the counts alone: findings, fixable ones, files."""
    if not found:
        text = f"All checks passed ({_plural(files, 'file')} checked)."
        return f"{_CYAN}{text}{_RESET}" if colour else text
    text = f"Found {_plural(found, 'problem')} in {_plural(files, 'file')}."
    if fixable:
        text += f"\n[*] {fixable} fixable with --fix (some may need --unsafe-fixes)."
    return text


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
