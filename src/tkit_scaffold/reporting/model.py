"""The values the report is made of: one test's result, a run of them, a warning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LANGUAGES = ("rust", "python", "go")
STATUSES = ("passed", "failed", "skipped")
STEP_KEYWORDS = ("given", "when", "then", "and")
SCHEMA_VERSION = 1

Status = Literal["passed", "failed", "skipped"]
TestKey = tuple[str, str, str]  # (language, file, test)


@dataclass(frozen=True, slots=True)
class Step:
    keyword: str
    text: str


@dataclass(frozen=True, slots=True)
class Failure:
    message: str
    expected: str | None = None
    actual: str | None = None

    @property
    def headline(self) -> str:
        """The message's first line for one-line places (JUnit's ``message``, the flaky
        table), past the step log the kits put first (``steps:`` and its indented lines);
        "" for an empty message."""
        lines = self.message.strip().splitlines()
        if lines and lines[0].strip() == "steps:":
            rest = [line for line in lines[1:] if line.strip()]
            while rest and rest[0].startswith((" ", "\t")):
                rest.pop(0)
            lines = rest or lines
        return lines[0] if lines else ""


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One finished test, as one stream line describes it."""

    language: str
    file: str
    test: str
    scenario: str | None
    status: Status
    duration_ms: float
    started_at: str | None = None
    commit: str | None = None
    steps: tuple[Step, ...] = ()
    failure: Failure | None = None

    @property
    def key(self) -> TestKey:
        return (self.language, self.file, self.test)


@dataclass(frozen=True, slots=True)
class StreamWarning:
    """A stream line that was skipped, and why."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Run:
    """One folder of streams: every test process of one run, any number of languages."""

    label: str
    results: tuple[CaseResult, ...]
    commit: str | None
    started_at: str | None
    key: str  # a digest of the streams' content: the same run reported twice is one run
