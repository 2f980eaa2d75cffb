"""Reading result streams: every ``*.jsonl`` of a run folder, one JSON object a line.

Each line is checked field by field against the stream contract (schema 1). A line that
is not JSON, is cut short, or has a field of the wrong type becomes a
:class:`StreamWarning` naming its file and line, and is skipped; every other line is kept.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from tkit_scaffold.errors import UsageError
from tkit_scaffold.reporting.model import (
    LANGUAGES,
    SCHEMA_VERSION,
    STATUSES,
    STEP_KEYWORDS,
    CaseResult,
    Failure,
    Run,
    Status,
    Step,
    StreamWarning,
)

_REQUIRED = (
    "schema",
    "language",
    "file",
    "test",
    "scenario",
    "status",
    "duration_ms",
    "started_at",
    "commit",
    "steps",
    "failure",
)


class LineError(ValueError):
    """Why one line does not follow the stream contract."""


@dataclass(frozen=True, slots=True)
class RunRead:
    run: Run
    warnings: tuple[StreamWarning, ...]


def _text(data: Mapping[str, Any], field: str, *, nullable: bool = False) -> str | None:
    value = data.get(field)
    if value is None and nullable:
        return None
    if not isinstance(value, str) or (not nullable and not value):
        kind = "a string or null" if nullable else "a non-empty string"
        raise LineError(f"{field!r} must be {kind}, not {json.dumps(value)}")
    return value


def _steps(value: Any) -> tuple[Step, ...]:
    if not isinstance(value, list):
        raise LineError(f"'steps' must be a list, not {json.dumps(value)}")
    steps = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise LineError(f"steps[{index}] must be an object")
        keyword, text = item.get("keyword"), item.get("text")
        if keyword not in STEP_KEYWORDS:
            raise LineError(f"steps[{index}].keyword must be one of {', '.join(STEP_KEYWORDS)}")
        if not isinstance(text, str):
            raise LineError(f"steps[{index}].text must be a string")
        steps.append(Step(keyword, text))
    return tuple(steps)


def _failure(value: Any) -> Failure | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise LineError(f"'failure' must be an object or null, not {json.dumps(value)}")
    message = value.get("message")
    if not isinstance(message, str):
        raise LineError("failure.message must be a string")
    parts: list[str | None] = []
    for field in ("expected", "actual"):
        part = value.get(field)
        if part is not None and not isinstance(part, str):
            raise LineError(f"failure.{field} must be a string or null")
        parts.append(part)
    return Failure(message, parts[0], parts[1])


def _finite(number: float) -> bool:
    try:
        return math.isfinite(number)
    except OverflowError:  # an integer too large for a float
        return False


def parse_line(text: str) -> CaseResult:
    """One stream line as a result; :class:`LineError` says what is wrong with it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LineError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise LineError("the JSON nests too deeply") from None
    except ValueError as error:  # e.g. an integer of thousands of digits
        raise LineError(f"not usable JSON ({error})") from None
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # A "\udcff" escape decodes to half a character, which no report can print.
        raise LineError("holds a lone surrogate escape (\\ud800-\\udfff), not text") from None
    if not isinstance(data, dict):
        raise LineError("a line must hold one JSON object")
    missing = [field for field in _REQUIRED if field not in data]
    if missing:
        raise LineError(f"missing field(s): {', '.join(missing)}")
    schema = data["schema"]
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise LineError(f"'schema' must be an integer, not {json.dumps(schema)}")
    if schema != SCHEMA_VERSION:
        raise LineError(f"schema {schema} is not understood (this reader knows {SCHEMA_VERSION})")
    language = data["language"]
    if language not in LANGUAGES:
        raise LineError(f"'language' must be one of {', '.join(LANGUAGES)}, not {language!r}")
    status = data["status"]
    if status not in STATUSES:
        raise LineError(f"'status' must be one of {', '.join(STATUSES)}, not {status!r}")
    duration = data["duration_ms"]
    if (
        isinstance(duration, bool)
        or not isinstance(duration, int | float)
        or not _finite(duration)
        or duration < 0
    ):
        raise LineError(f"'duration_ms' must be a number >= 0, not {json.dumps(duration)}")
    started_at = _text(data, "started_at")
    try:
        normalise_time(cast(str, started_at))  # within the years a report can show
    except (ValueError, OverflowError):
        raise LineError(f"'started_at' is not an RFC 3339 time: {started_at!r}") from None
    failure = _failure(data["failure"])
    if status == "failed" and failure is None:
        failure = Failure("(the test failed without a message)")
    return CaseResult(
        language=language,
        file=cast(str, _text(data, "file")),
        test=cast(str, _text(data, "test")),
        scenario=_text(data, "scenario", nullable=True),
        status=cast(Status, status),
        duration_ms=float(duration),
        started_at=started_at,
        commit=_text(data, "commit", nullable=True),
        steps=_steps(data["steps"]),
        failure=failure,
    )


def read_stream(
    path: Path, label: str | None = None
) -> tuple[list[CaseResult], list[StreamWarning]]:
    """Every good line of one stream file, and a warning for each bad one."""
    name = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], [StreamWarning(name, 0, f"cannot be read: {error.strerror or error}")]
    return parse_stream(data, name)


def parse_stream(data: bytes, name: str) -> tuple[list[CaseResult], list[StreamWarning]]:
    """The lines of one stream's content; ``name`` is the file the warnings name."""
    results: list[CaseResult] = []
    warnings: list[StreamWarning] = []
    lines = data.split(b"\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        last_unterminated = number == len(lines)
        try:
            results.append(parse_line(raw.decode("utf-8")))
        except UnicodeDecodeError:
            warnings.append(StreamWarning(name, number, "not valid UTF-8; line skipped"))
        except (ValueError, OverflowError, RecursionError, TypeError) as error:
            # LineError, or what a check above it did not foresee: a bad line is
            # skipped with its place named, never the end of the whole report.
            why = str(error) if isinstance(error, LineError) else f"not usable ({error})"
            if last_unterminated:
                why = f"truncated last line (no line end): {why}"
            warnings.append(StreamWarning(name, number, f"{why}; line skipped"))
    return results, warnings


def _run_commit(results: Sequence[CaseResult], label: str) -> tuple[str | None, list[str]]:
    commits = Counter(result.commit for result in results if result.commit)
    if not commits:
        return None, []
    commit = commits.most_common(1)[0][0]
    notes = []
    if len(commits) > 1:
        notes.append(
            f"{label}: lines carry {len(commits)} commits ({', '.join(sorted(commits))}); "
            f"the run is counted as {commit}"
        )
    return commit, notes


def read_run(folder: Path) -> RunRead:
    """One run: every ``*.jsonl`` directly in ``folder``, in name order."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder of result streams")
    digest = hashlib.sha256()
    results: list[CaseResult] = []
    warnings: list[StreamWarning] = []
    files = sorted(path for path in folder.glob("*.jsonl") if path.is_file())
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as error:
            why = error.strerror or str(error)
            warnings.append(StreamWarning(str(path), 0, f"cannot be read: {why}"))
            continue
        digest.update(path.name.encode() + b"\0" + data)
        found, problems = parse_stream(data, str(path))
        results.extend(found)
        warnings.extend(problems)
    if not files:
        warnings.append(StreamWarning(str(folder), 0, "no *.jsonl result streams in this folder"))
    label = folder.name or str(folder)
    commit, notes = _run_commit(results, str(folder))
    warnings.extend(StreamWarning(str(folder), 0, note) for note in notes)
    times = sorted(normalise_time(result.started_at) for result in results if result.started_at)
    run = Run(
        label=label,
        results=tuple(results),
        commit=commit,
        started_at=times[0] if times else None,
        key=digest.hexdigest(),
    )
    return RunRead(run, tuple(warnings))


def normalise_time(text: str) -> str:
    """An RFC 3339 time as UTC ``YYYY-MM-DDTHH:MM:SSZ`` (sortable as text)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
