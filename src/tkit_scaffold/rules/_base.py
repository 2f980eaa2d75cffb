"""The rule protocol: the only thing the engine knows about rules.

A rule is a subclass of :class:`Rule` in its own module of this package. The engine finds
every such class by importing the package's modules; adding a rule touches no engine file.
The rule's name, summary, docs and examples live in ``rules/<CODE>.toml``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from tkit_scaffold.diagnostics import Fix
from tkit_scaffold.model import Language, Span, TestFile
from tkit_scaffold.suppressions import UnusedSuppression
from tkit_scaffold.vocabulary import Vocabulary

if TYPE_CHECKING:  # config imports the registry, which imports the rules
    from tkit_scaffold.config import Config

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
    # ``check-helpers``: names (globs) of the project's own assertion helpers.
    check_helpers: tuple[str, ...] = ()


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


@dataclass(frozen=True, slots=True)
class ProjectViolation:
    """A finding of a project rule: unlike :class:`Violation`, it names its file, which
    the rule chose among the project's files (``path`` is relative to the project root)."""

    path: str
    span: Span
    message: str
    language: Language | None = None


class ProjectRule(Rule):
    """A rule about a whole project rather than one file: the kits and suites of several
    languages compared with each other (parity). It finds nothing in a single file;
    :func:`tkit_scaffold.parity.check_project` calls :meth:`check_project` once per
    project root, with that root's configuration."""

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        return iter(())

    def check_project(
        self, root: Path, config: Config, context: RuleContext
    ) -> Iterator[ProjectViolation]:
        raise NotImplementedError
