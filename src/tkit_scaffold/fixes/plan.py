"""Plan the fixes of one pass together, so that no fix changes what another's names mean.

Each rule checks its own fix against the file as it is. Two fixes applied in the same
pass can still collide: TK301 adds `use testingkit::*;` (bringing `eq`, `ne`, `lt`, …)
while TK102 renames `fn test_eq` to `fn eq`, and the new local `eq` shadows the kit's, so
the `eq(…)` that TK301 wrote calls the test. Neither rule could see the other.

:func:`plan_pass` runs before a pass is applied: a fix that binds a name (a rename) waits
for the next pass when another fix of the pass uses or imports that name, or binds it
too. In the next pass its rule looks at the file with the other fix applied, and offers
the rename again only if it is still safe there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from tkit_scaffold.diagnostics import Applicability, Diagnostic, Fix
from tkit_scaffold.model import Language
from tkit_scaffold.vocabulary import spell

__all__ = ["plan_pass"]

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def _renamed_to(fix: Fix) -> frozenset[str]:
    """TK102 renames a function: its one edit's replacement is the new name."""
    return frozenset(edit.replacement for edit in fix.edits)


# Rules whose fixes bind a new name in the file, and which names.
_BINDERS: dict[str, Callable[[Fix], frozenset[str]]] = {"TK102": _renamed_to}


def plan_pass(
    language: Language | None, diagnostics: Sequence[Diagnostic], unsafe: bool
) -> list[Diagnostic]:
    """``diagnostics`` with the fixes that must wait for a later pass taken out.

    Fixes that bind no name go first, as the engine would take them; a binding fix is
    kept only if no fix kept so far uses, imports or binds a name it binds.
    """
    used: set[str] = set()  # names the kept fixes write or import
    bound: set[str] = set()  # names the kept fixes bind
    deferred: set[int] = set()
    binders: list[tuple[int, frozenset[str]]] = []
    for index, diagnostic in enumerate(diagnostics):
        fix = diagnostic.fix
        if fix is None or not (unsafe or fix.applicability is Applicability.SAFE):
            continue
        binder = _BINDERS.get(diagnostic.code)
        if binder is not None:
            binders.append((index, binder(fix)))
            continue
        used.update(_names_used(language, fix))
    for index, names in binders:
        if names & (used | bound):
            deferred.add(index)
            continue
        bound.update(names)
    if not deferred:
        return list(diagnostics)
    return [
        replace(diagnostic, fix=None) if index in deferred else diagnostic
        for index, diagnostic in enumerate(diagnostics)
    ]


def _names_used(language: Language | None, fix: Fix) -> Iterable[str]:
    """The identifiers a fix writes, and the names its import brings in. A Rust fix
    imports the kit's glob, which brings every kit name, not only those it writes."""
    for edit in fix.edits:
        yield from _IDENTIFIER.findall(edit.replacement)
    if not fix.requires_imports or language is None:
        return
    if language is Language.RUST:
        from tkit_scaffold.fixes.rust_scope import kit_names

        yield from kit_names()
    else:
        yield from (spell(name, language) for name in fix.requires_imports)
