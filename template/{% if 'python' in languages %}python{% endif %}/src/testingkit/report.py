"""The result stream: with ``TKIT_REPORT_DIR`` set, one JSON line per finished test.

Every kit writes the same lines (``crosslang/report-stream.schema.json``) to its own file
``<language>-<pid>-<8 hex>.jsonl`` in that folder, so ``tkit report`` can merge the runs of
all languages. Each line goes out in a single ``write`` call: a killed run leaves at worst
one truncated last line.

The pytest plugin records every test that runs, its setup, call and teardown folded into
one line. Not recorded: collection errors, deselected tests, and a run interrupted in the
middle of a test.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from testingkit.bdd import Step

REPORT_DIR_VARIABLE = "TKIT_REPORT_DIR"
SCHEMA_VERSION = 1
LANGUAGE = "python"


@dataclass(frozen=True, slots=True)
class Failure:
    message: str
    expected: str | None = None  # set when the failure is a kit matcher mismatch
    actual: str | None = None


@dataclass(frozen=True, slots=True)
class FinishedTest:
    """One finished test, as the stream records it."""

    file: str
    test: str
    scenario: str | None
    status: str  # "passed", "failed" or "skipped"
    duration_ms: float
    started_at: float  # seconds since the epoch
    steps: Sequence[Step]
    failure: Failure | None

    def to_json(self, commit: str | None) -> dict[str, object]:
        failure = self.failure
        return {
            "schema": SCHEMA_VERSION,
            "language": LANGUAGE,
            "file": self.file,
            "test": self.test,
            "scenario": self.scenario,
            "status": self.status,
            "duration_ms": max(self.duration_ms, 0.0),
            "started_at": rfc3339(self.started_at),
            "commit": commit,
            "steps": [{"keyword": step.kind, "text": step.description} for step in self.steps],
            "failure": None
            if failure is None
            else {
                "message": failure.message,
                "expected": failure.expected,
                "actual": failure.actual,
            },
        }


def rfc3339(timestamp: float) -> str:
    """``2026-12-02T05:00:00.123Z`` for a time in seconds since the epoch."""
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def scenario_id(function_name: str) -> str | None:
    """The scenario id the linter gives a test function: ``test_cart_total`` -> ``cart_total``."""
    for prefix in ("test_", "test"):
        if function_name.startswith(prefix) and len(function_name) > len(prefix):
            return function_name[len(prefix) :].lower()
    return None


def commit_from(environ: Mapping[str, str]) -> str | None:
    """The commit under test: ``TKIT_COMMIT``, else ``GITHUB_SHA``, else None."""
    for variable in ("TKIT_COMMIT", "GITHUB_SHA"):
        value = environ.get(variable, "").strip()
        if value:
            return value
    return None


class ResultStream:
    """The stream file of this process, created on the first line written."""

    def __init__(self, folder: Path, commit: str | None) -> None:
        self.folder = folder
        self.commit = commit
        self.path = folder / f"{LANGUAGE}-{os.getpid()}-{secrets.token_hex(4)}.jsonl"
        self._fd: int | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> ResultStream | None:
        folder = environ.get(REPORT_DIR_VARIABLE, "")
        if not folder:
            return None
        return cls(Path(folder), commit_from(environ))

    def write(self, result: FinishedTest) -> None:
        line = json.dumps(result.to_json(self.commit), ensure_ascii=False) + "\n"
        if self._fd is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        # One write per line (a regular file takes it whole), so lines never interleave.
        data = line.encode("utf-8")
        while data:
            data = data[os.write(self._fd, data) :]

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
