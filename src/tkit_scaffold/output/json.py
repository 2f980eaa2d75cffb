"""Findings for programs: a JSON list of objects, one per finding, with its fix."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tkit_scaffold.diagnostics import Diagnostic


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


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([diagnostic_to_dict(d) for d in diagnostics], indent=2) + "\n"
