"""The lint of one text: parse it with its language's frontend, run the enabled rules on
the model, apply the suppression comments.

The checks know the rule protocol, not any rule. Input a frontend cannot handle becomes a
TK000 finding, and a rule that crashes on a file becomes an
:class:`~tkit_scaffold.results.InternalError` reported next to the other findings.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.discovery import compile_patterns, relative_posix
from tkit_scaffold.frontends import language_of
from tkit_scaffold.model import LineIndex, ParseError, TestFile, slot_constructor
from tkit_scaffold.results import InternalError

if TYPE_CHECKING:
    from tkit_scaffold.config import Config
    from tkit_scaffold.rules._base import Rule, Violation


class RuleSet:
    """The rules a configuration enables, and per file, which codes apply."""

    def __init__(self, config: Config, root: Path | None = None) -> None:
        from tkit_scaffold.registry import all_codes, rule_classes
        from tkit_scaffold.rules._base import RuleContext
        from tkit_scaffold.vocabulary import load_vocabulary

        self.config = config
        self.root = root
        self.context = RuleContext(
            naming_style=config.naming.style,
            vocabulary=load_vocabulary(),
            check_helpers=config.check_helpers,
        )
        self.known_codes = frozenset(all_codes())
        self.rules: list[Rule] = [
            cls() for code, cls in rule_classes().items() if self._selected(code)
        ]
        self._per_file = [
            (compile_patterns([pattern]), frozenset(codes))
            for pattern, codes in config.per_file_ignores.items()
        ]
        self._enabled_by_ignores: dict[tuple[str, ...], frozenset[str]] = {}

    def _selected(self, code: str, extra_ignores: Iterable[str] = ()) -> bool:
        return self.config.selects(code, extra_ignores)

    def enabled_for(self, path: str) -> frozenset[str]:
        if not self._per_file:
            return self._enabled(())
        relative = self._relative(path)
        return self._enabled(
            tuple(
                code
                for spec, codes in self._per_file
                if spec.match_file(relative)
                for code in codes
            )
        )

    def _enabled(self, extra_ignores: tuple[str, ...]) -> frozenset[str]:
        # Files share a handful of per-file ignore sets, most of them none.
        enabled = self._enabled_by_ignores.get(extra_ignores)
        if enabled is None:
            enabled = frozenset(
                rule.code for rule in self.rules if self._selected(rule.code, extra_ignores)
            )
            self._enabled_by_ignores[extra_ignores] = enabled
        return enabled

    def _relative(self, path: str) -> str:
        if self.root is None:
            return path
        return relative_posix(Path(path), self.root)


_new_diagnostic = slot_constructor(Diagnostic)


def _diagnostics(code: str, file: TestFile, violations: Iterable[Violation]) -> list[Diagnostic]:
    from tkit_scaffold.registry import name_of

    name = name_of(code)
    return [
        _new_diagnostic(code, name, v.message, file.path, file.language, v.span, v.fix)
        for v in violations
    ]


def check_file(
    file: TestFile, rules: RuleSet, enabled: frozenset[str]
) -> tuple[list[Diagnostic], list[InternalError]]:
    from tkit_scaffold.rules._base import SuppressionAuditRule
    from tkit_scaffold.suppressions import apply_suppressions, parse_suppressions

    diagnostics: list[Diagnostic] = []
    errors: list[InternalError] = []
    for rule in rules.rules:
        if rule.code not in enabled or file.language not in rule.languages:
            continue
        if isinstance(rule, SuppressionAuditRule):
            continue
        try:
            violations = list(rule.check(file, rules.context))
        except Exception as error:  # one rule's bug must not hide the other findings
            errors.append(
                InternalError(
                    path=file.path,
                    rule=rule.code,
                    message=f"{type(error).__name__}: {error}",
                    details=traceback.format_exc(),
                )
            )
            continue
        diagnostics.extend(_diagnostics(rule.code, file, violations))
    suppressions = parse_suppressions(file.comments)
    kept, unused = apply_suppressions(
        diagnostics, suppressions, known_codes=rules.known_codes, enabled_codes=enabled
    )
    for rule in rules.rules:
        if isinstance(rule, SuppressionAuditRule) and rule.code in enabled and unused:
            kept.extend(_diagnostics(rule.code, file, rule.audit(file, unused)))
    kept.sort(key=lambda diagnostic: diagnostic.sort_key)
    return kept, errors


def unparsable(path: str, source: str, message: str) -> TestFile:
    language = language_of(path)
    assert language is not None
    span = LineIndex(source).span(0, 0)
    return TestFile(
        path=path, language=language, source=source, parse_error=ParseError(message, span)
    )


def parse_source(path: str, source: str, config: Config) -> TestFile:
    """Run the frontend; input it cannot handle becomes a parse error, never an exception."""
    if "\x00" in source:
        offset = source.index("\x00")
        span = LineIndex(source).span(offset, offset)
        language = language_of(path)
        assert language is not None
        return TestFile(
            path=path,
            language=language,
            source=source,
            parse_error=ParseError("the file contains a NUL byte: not a source file", span),
        )
    from tkit_scaffold.frontends import parse_file

    try:
        return parse_file(path, source, config.frontend_options())
    except RecursionError:
        return unparsable(path, source, "the file nests too deeply to parse")


def lint_file_text(
    path: str, source: str, rules: RuleSet
) -> tuple[TestFile, list[Diagnostic], list[InternalError]]:
    file = parse_source(path, source, rules.config)
    diagnostics, errors = check_file(file, rules, rules.enabled_for(path))
    return file, diagnostics, errors


def lint_source(path: str, source: str, config: Config | None = None) -> list[Diagnostic]:
    """Lint one in-memory file with every enabled rule; suppressions apply."""
    if config is None:
        from tkit_scaffold.config import Config

        config = Config()
    key = config.fingerprint()
    rules = _rule_sets.get(key)
    if rules is None:
        rules = _rule_sets[key] = RuleSet(config, None)
    return lint_file_text(path, source, rules)[1]


_rule_sets: dict[str, RuleSet] = {}
