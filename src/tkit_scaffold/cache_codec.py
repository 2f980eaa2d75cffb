"""How findings are stored in a cache entry.

Entries are JSON, never pickle: a cache folder can come with a checked-out or unpacked
project, and reading it must not run code. A warm run over a large suite rebuilds tens of
thousands of findings, so the layout is made for decoding: every string of an entry
(codes, names, messages, paths, replacements) is stored once in a table, and each finding
is one flat list of table indexes and numbers, rebuilt by direct constructor calls.

    [[string, ...], [[code, name, message, path, language, start, end, line, column,
                      end_line, end_column, fix], ...]]

where ``language`` is a table index or -1 for none, and ``fix`` is null or
``[applicability, [start, end, replacement, ...], description, [import, ...]]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit, Fix
from tkit_scaffold.model import Language, Span, slot_constructor

_LANGUAGES = {language.value: language for language in Language}
_APPLICABILITIES = {kind.value: kind for kind in Applicability}


_new_span = slot_constructor(Span)
_new_edit = slot_constructor(Edit)
_new_fix = slot_constructor(Fix)
_new_diagnostic = slot_constructor(Diagnostic)


def encode(diagnostics: Iterable[Diagnostic]) -> list[Any]:
    table: dict[str, int] = {}
    index = table.setdefault
    rows: list[Any] = []
    for item in diagnostics:
        span = item.span
        fix = item.fix
        encoded_fix: list[Any] | None = None
        if fix is not None:
            edits: list[Any] = []
            for edit in fix.edits:
                edits += (edit.start, edit.end, index(edit.replacement, len(table)))
            encoded_fix = [
                fix.applicability.value,
                edits,
                index(fix.description, len(table)),
                [index(name, len(table)) for name in fix.requires_imports],
            ]
        language = -1 if item.language is None else index(item.language.value, len(table))
        rows.append(
            [
                index(item.code, len(table)),
                index(item.name, len(table)),
                index(item.message, len(table)),
                index(item.path, len(table)),
                language,
                span.start,
                span.end,
                span.line,
                span.column,
                span.end_line,
                span.end_column,
                encoded_fix,
            ]
        )
    return [list(table), rows]


def decode(payload: Any) -> tuple[Diagnostic, ...]:
    """The findings of an entry. The entry's checksum proves it whole and written by
    :func:`encode`, so values are not checked one by one; a payload of another shape
    still raises, which the caller counts as a miss."""
    strings, rows = payload
    if type(strings) is not list or type(rows) is not list:
        raise ValueError("not an entry")
    languages: dict[int, Language | None] = {-1: None}
    found = []
    for row in rows:
        code, name, message, path, language, start, end, line, column, end_line, end_column, fix = (
            row
        )
        decoded_fix = None
        if fix is not None:
            applicability, flat, description, imports = fix
            if len(flat) == 3:  # most fixes replace one range
                edits: tuple[Edit, ...] = (_new_edit(flat[0], flat[1], strings[flat[2]]),)
            else:
                edits = tuple(
                    _new_edit(flat[at], flat[at + 1], strings[flat[at + 2]])
                    for at in range(0, len(flat), 3)
                )
            decoded_fix = _new_fix(
                _APPLICABILITIES[applicability],
                edits,
                strings[description],
                tuple([strings[name] for name in imports]),
            )
        if language not in languages:
            languages[language] = _LANGUAGES[strings[language]]
        found.append(
            _new_diagnostic(
                strings[code],
                strings[name],
                strings[message],
                strings[path],
                languages[language],
                _new_span(start, end, line, column, end_line, end_column),
                decoded_fix,
            )
        )
    return tuple(found)
