"""TK102 redundant-test-prefix: a Rust test function named `test_…`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tkit_scaffold.diagnostics import Edit
from tkit_scaffold.model import Language, TestFile
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
_FN_NAME = re.compile(r"\bfn\s+(\w+)")


class RedundantTestPrefix(Rule):
    code = "TK102"
    languages = frozenset({Language.RUST})

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        defined: frozenset[str] | None = None  # every `fn` name, read once per file
        for test in file.tests:
            if not test.name.startswith(_PREFIX):
                continue
            if defined is None:
                defined = frozenset(_FN_NAME.findall(file.source))
            new_name = test.name.removeprefix(_PREFIX)
            renamable = _is_free_name(new_name, defined)
            advice = f"rename it to `{new_name}`" if renamable else "drop the prefix"
            yield Violation(
                test.name_span,
                f"test `{test.name}` repeats in its name what `#[test]` already says: {advice}",
                safe_fix(
                    f"Rename to `{new_name}`",
                    Edit(test.name_span.start, test.name_span.end, new_name),
                )
                if renamable
                else None,
            )


def _is_free_name(new_name: str, defined: frozenset[str]) -> bool:
    """A valid identifier that no other function of the file already uses."""
    if not _IDENTIFIER.match(new_name) or new_name in _RUST_KEYWORDS:
        return False
    return new_name not in defined
