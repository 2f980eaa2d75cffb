"""TK102 redundant-test-prefix: a Rust test function named `test_…`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tkit_scaffold.diagnostics import Edit
from tkit_scaffold.model import Language, TestCase, TestFile
from tkit_scaffold.rules._base import Rule, RuleContext, Violation
from tkit_scaffold.rules._helpers import safe_fix

_PREFIX = "test_"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Strict and reserved keywords of Rust 2024: a function cannot take these names.
_RUST_KEYWORDS_TEXT = (
    "as async await break const continue crate dyn else enum extern false fn for gen if "
    "impl in let loop match mod move mut pub ref return self Self static struct super "
    "trait true try type unsafe use where while abstract become box do final macro "
    "override priv typeof unsized virtual yield _"
)
_RUST_KEYWORDS = frozenset(_RUST_KEYWORDS_TEXT.split())


class RedundantTestPrefix(Rule):
    code = "TK102"
    languages = frozenset({Language.RUST})

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        for test in file.tests:
            if test.generated or not test.name.startswith(_PREFIX):
                continue  # a macro's metavariable names the generated test, not the text
            new_name = test.name.removeprefix(_PREFIX)
            withheld = _why_not_renamable(file, test, new_name)
            if withheld is None:
                advice = f"rename it to `{new_name}`"
                fix = safe_fix(
                    f"Rename to `{new_name}`",
                    Edit(test.name_span.start, test.name_span.end, new_name),
                )
            else:
                advice = f"drop the prefix (`{new_name}` {withheld})"
                fix = None
            yield Violation(
                test.name_span,
                f"test `{test.name}` repeats in its name what `#[test]` already says: {advice}",
                fix,
            )


def _why_not_renamable(file: TestFile, test: TestCase, new_name: str) -> str | None:
    """Why renaming the test to ``new_name`` could change what the file means or break its
    build, or None when it cannot: every name in scope is checked, not only functions."""
    if not _IDENTIFIER.match(new_name) or new_name in _RUST_KEYWORDS:
        return "is not a function name"
    # Imported here: the scope reader parses the file again, which only a file with a
    # `test_` function pays for.
    from tkit_scaffold.fixes.rust_scope import kit_crates, kit_names, rust_scopes

    scopes = rust_scopes(file.source)
    module = scopes.module_of_function(test.name_span.line - 1, test.name)
    if module.binds(new_name):
        return "is already defined or imported in this module"
    if scopes.uses(new_name):
        # Any use of the name could start to resolve to the renamed test (a glob import
        # or the prelude supplied it before); with none, nothing can.
        return "is used elsewhere in the file, and the test would shadow it"
    if new_name in kit_names() and module.imports_kit(kit_crates(file.uses_kit, scopes)):
        return "is a name of the kit, which the file imports"
    return None
