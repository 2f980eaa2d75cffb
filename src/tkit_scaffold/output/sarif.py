"""Findings for code-scanning tools: SARIF 2.1.0, with every rule's metadata and help."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from tkit_scaffold import __version__
from tkit_scaffold.diagnostics import Diagnostic

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


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
    # A file name that is not UTF-8 reaches here with its bytes as surrogate escapes:
    # the URI carries those bytes percent-encoded, as a URI of that file must.
    uri = quote(diagnostic.path.encode("utf-8", "surrogateescape"))
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
