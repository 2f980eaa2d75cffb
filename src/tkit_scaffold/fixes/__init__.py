"""Fixes that turn foreign assertions into the kit's, in each language.

A converter reads one foreign assertion of the shared model (and, where it must, the
source text around it) and returns a :class:`~tkit_scaffold.diagnostics.Fix`, or None
when it cannot convert the assertion without guessing. A fix names the kit names it uses
(``Fix.requires_imports``); :mod:`tkit_scaffold.fixes.imports` brings them into scope once
per file after the engine has applied a pass of fixes.
"""

from __future__ import annotations

from tkit_scaffold.diagnostics import Fix
from tkit_scaffold.fixes.imports import ImportPlanner
from tkit_scaffold.model import Assertion, Language, TestCase, TestFile

__all__ = ["ImportPlanner", "convert_foreign_assertion"]


def convert_foreign_assertion(file: TestFile, test: TestCase, assertion: Assertion) -> Fix | None:
    """The fix that rewrites ``assertion`` with the kit, or None if there is none. Each
    language's converter is imported on first use: a Go or Rust run never loads libcst."""
    if file.language is Language.PYTHON:
        from tkit_scaffold.fixes import python

        return python.convert(file, assertion)
    if file.language is Language.RUST:
        from tkit_scaffold.fixes import rust

        return rust.convert(file, test, assertion)
    from tkit_scaffold.fixes import go

    return go.convert(file, test, assertion)
