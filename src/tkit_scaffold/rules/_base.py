"""The rule protocol: the only thing the engine knows about rules.

A rule is a subclass of :class:`Rule` in its own module of this package. The engine finds
every such class by importing the package's modules; adding a rule touches no engine file.
The rule's name, summary, docs and examples live in ``rules/<CODE>.toml``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from tkit_scaffold.diagnostics import Fix
from tkit_scaffold.model import Language, Span, TestFile
from tkit_scaffold.suppressions import UnusedSuppression
from tkit_scaffold.vocabulary import Vocabulary

ALL_LANGUAGES: frozenset[Language] = frozenset(Language)


@dataclass(frozen=True, slots=True)
class Violation:
    span: Span
    message: str
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule may know of the run besides the file itself."""

    naming_style: str  # "given-when-then", "should" or "none"
    vocabulary: Vocabulary


class Rule:
    code: ClassVar[str]
    languages: ClassVar[frozenset[Language]] = ALL_LANGUAGES

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        raise NotImplementedError


class SuppressionAuditRule(Rule):
    """A rule about the suppression comments themselves. The engine calls :meth:`audit`
    after suppressions are applied, with the ones that suppressed nothing."""

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        return iter(())

    def audit(self, file: TestFile, unused: Sequence[UnusedSuppression]) -> Iterator[Violation]:
        raise NotImplementedError
