"""Steps as plain statements, recorded in the running test's scenario log.

``given``/``when``/``then``/``and_`` are markers, not blocks, so the variables of a test
keep their natural scope. What they record is printed with every failure, so a failure
says how far the scenario got. The log lives in a context variable: the pytest plugin
opens a fresh scenario per test, and code outside pytest gets one on first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Step:
    kind: str  # "given", "when", "then" or "and"
    description: str

    def __str__(self) -> str:
        return f"{self.kind} {self.description}"


class Verifiable(Protocol):
    """Something that checks its own expectations when its test ends (a mock)."""

    def failures(self) -> list[str]: ...


@dataclass(slots=True)
class Scenario:
    """What one test has done so far: its steps, soft failures and mocks to verify."""

    name: str = ""
    test_path: Path | None = None
    steps: list[Step] = field(default_factory=list)
    soft_failures: list[str] = field(default_factory=list)
    # The (expected, actual) of each failed expect_that, for the result stream.
    soft_mismatches: list[tuple[str, str]] = field(default_factory=list)
    verifiables: list[Verifiable] = field(default_factory=list)

    def record(self, kind: str, description: str) -> None:
        self.steps.append(Step(kind, description))

    def step_log(self) -> str:
        """The steps reached so far, one per line under ``steps:``; empty without steps."""
        if not self.steps:
            return ""
        return "steps:\n" + "".join(f"  {step}\n" for step in self.steps)

    def with_steps(self, message: str) -> str:
        return self.step_log() + message

    def restart_steps(self) -> None:
        """Forget the steps (each example of a property test is its own scenario)."""
        self.steps.clear()

    def take_soft_failures(self) -> list[str]:
        """The failed expectations so far, forgotten here: a report now carries them."""
        failures = list(self.soft_failures)
        self.soft_failures.clear()
        return failures

    def pending_failures(self) -> list[str]:
        """Soft failures and unmet mock expectations, in the order they arose."""
        failures = list(self.soft_failures)
        for verifiable in self.verifiables:
            failures.extend(verifiable.failures())
        return failures


_current: ContextVar[Scenario | None] = ContextVar("testingkit_scenario", default=None)


def current_scenario() -> Scenario:
    """The scenario of the running test (one is opened on first use outside pytest)."""
    scenario = _current.get()
    if scenario is None:
        scenario = Scenario()
        _current.set(scenario)
    return scenario


@contextmanager
def scenario_scope(name: str = "", test_path: Path | None = None) -> Iterator[Scenario]:
    """Run a block in a fresh scenario, then restore the one that was running."""
    scenario = Scenario(name=name, test_path=test_path)
    token = _current.set(scenario)
    try:
        yield scenario
    finally:
        _current.reset(token)


def given(description: str) -> None:
    """Marks the start of the arrange phase."""
    current_scenario().record("given", description)


def when(description: str) -> None:
    """Marks the action under test."""
    current_scenario().record("when", description)


def then(description: str) -> None:
    """Marks the start of the checks."""
    current_scenario().record("then", description)


def and_(description: str) -> None:
    """Continues the current phase."""
    current_scenario().record("and", description)
