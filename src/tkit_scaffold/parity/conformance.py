"""The conformance run: every kit runs the shared cases of ``crosslang/cases/*.json`` with
its own test runner, writes its raw outcome per case, and the outcomes are compared with
the cases' declared results and with each other.

Each kit's cross-language case test, when ``TKIT_CONFORMANCE_OUT=<file>`` is set, writes
one JSON line per case: ``{"id": ..., "passed": <the matcher accepted the value>,
"message": <the failure message, or null>}``. A known-gaps file per language
(``crosslang/known-gaps/<language>.txt``: one case id per line, ``#`` comments) lists
cases that language may fail; a listed case that conforms fails the run, so the list
never goes stale.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tkit_scaffold.config import Config
from tkit_scaffold.errors import TkitError
from tkit_scaffold.model import Language
from tkit_scaffold.parity.surface import kit_location

ENV_VAR = "TKIT_CONFORMANCE_OUT"
CASES_ENV_VAR = "TKIT_CASES_DIR"  # where the cases are, for a kit that reads it (Go's)
RUN_TIMEOUT = 1800  # seconds: a first cargo build of the kit takes minutes
OUTPUT_TAIL = 3000  # characters of a failed runner's output kept for the report


class ConformanceError(TkitError):
    """The conformance run cannot start: a missing toolchain, unreadable cases."""


@dataclass(frozen=True, slots=True)
class Case:
    case_id: str
    source: str  # the case file's name
    passes: bool
    message: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    passed: bool
    message: str | None

    def describe(self) -> str:
        if self.passed:
            return "passes"
        return f"fails with {json.dumps(self.message, ensure_ascii=False)}"


class Status(StrEnum):
    OK = "ok"  # the kit's outcome is the declared one
    MISMATCH = "mismatch"  # another verdict or another message
    MISSING = "missing"  # no outcome in the kit's stream
    KNOWN_GAP = "known-gap"  # does not conform, and is listed in the known gaps
    STALE_GAP = "stale-gap"  # listed in the known gaps, but conforms

    @property
    def fails_run(self) -> bool:
        return self in (Status.MISMATCH, Status.MISSING, Status.STALE_GAP)


@dataclass(frozen=True, slots=True)
class Runner:
    language: Language
    program: str
    command: tuple[str, ...]
    cwd: Path
    hint: str  # how to get the program


@dataclass(frozen=True, slots=True)
class LanguageRun:
    language: Language
    command: str
    returncode: int
    outcomes: tuple[tuple[str, Outcome], ...]
    known_gaps: tuple[str, ...]
    output_tail: str

    def outcome(self, case_id: str) -> Outcome | None:
        for found_id, outcome in self.outcomes:
            if found_id == case_id:
                return outcome
        return None


@dataclass(frozen=True, slots=True)
class CaseResult:
    case: Case
    statuses: tuple[tuple[Language, Status, Outcome | None], ...]

    def status(self, language: Language) -> Status:
        for found, status, _ in self.statuses:
            if found is language:
                return status
        return Status.MISSING


@dataclass(frozen=True, slots=True)
class ConformanceReport:
    languages: tuple[Language, ...]
    cases: tuple[CaseResult, ...]
    runs: tuple[LanguageRun, ...]
    problems: tuple[str, ...]  # everything that fails the run, in case order

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_difference(self) -> str | None:
        return self.problems[0] if self.problems else None


# ---------------------------------------------------------------------------- inputs


def load_cases(cases_dir: Path) -> tuple[Case, ...]:
    paths = sorted(cases_dir.glob("*.json"))
    if not paths:
        raise ConformanceError(f"no case files (*.json) in {cases_dir}")
    cases: list[Case] = []
    seen: set[str] = set()
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            raw_cases = data["cases"]
            for raw in raw_cases:
                case = Case(str(raw["id"]), path.name, bool(raw["passes"]), raw.get("message"))
                if case.case_id in seen:
                    raise ConformanceError(f"{path}: the case id {case.case_id!r} is used twice")
                seen.add(case.case_id)
                cases.append(case)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
            raise ConformanceError(f"cannot read the cases of {path}: {error}") from None
    return tuple(cases)


def load_known_gaps(gaps_dir: Path, language: Language) -> tuple[str, ...]:
    """The case ids ``language`` may fail; a missing file lists none."""
    path = gaps_dir / f"{language.value}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as error:
        raise ConformanceError(f"cannot read the known gaps {path}: {error}") from None
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)


def read_stream(path: Path) -> tuple[tuple[str, Outcome], ...]:
    """The outcomes a kit wrote; lines that are not outcomes are skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return ()
    outcomes: list[tuple[str, Outcome]] = []
    for line in text.splitlines():
        try:
            raw = json.loads(line)
            message = raw.get("message")
            outcome = Outcome(bool(raw["passed"]), None if message is None else str(message))
            outcomes.append((str(raw["id"]), outcome))
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            continue
    return tuple(outcomes)


# ---------------------------------------------------------------------------- runners


def _project_dir(start: Path, marker: str) -> Path:
    for folder in (start if start.is_dir() else start.parent, *start.parents):
        if (folder / marker).is_file():
            return folder
    raise ConformanceError(f"no {marker} above {start}: cannot tell where to run its tests")


VENV_FOLDERS = (".venv", "venv")
VENV_PYTHONS = (Path("bin") / "python", Path("Scripts") / "python.exe")


@dataclass(frozen=True, slots=True)
class Interpreter:
    """The Python that runs the project's cases, and how it was chosen (for messages)."""

    path: str
    source: str


def _venv_python(environment: Path) -> Path | None:
    for relative in VENV_PYTHONS:
        if (environment / relative).is_file():
            return environment / relative
    return None


def project_python(
    project: Path, root: Path, environ: Mapping[str, str] | None = None
) -> Interpreter | None:
    """The interpreter of the Python project's own environment, never tkit's unless it
    is that one: a virtual environment (``.venv`` or ``venv``) in the Python project's
    folder or a folder above it up to the project root; else the active one
    (``$VIRTUAL_ENV``, ``$CONDA_PREFIX``); else ``python3`` (or ``python``) on PATH, the
    interpreter the project's own commands would use. None when there is none."""
    environ = os.environ if environ is None else environ
    top = root.absolute()
    folder = project.absolute()
    for candidate in (folder, *folder.parents):
        for name in VENV_FOLDERS:
            found = _venv_python(candidate / name)
            if found is not None:
                return Interpreter(str(found), f"the virtual environment {candidate / name}")
        if candidate == top:
            break
    for variable in ("VIRTUAL_ENV", "CONDA_PREFIX"):
        active = environ.get(variable)
        if active:
            found = _venv_python(Path(active)) or (
                Path(active) / "python.exe" if (Path(active) / "python.exe").is_file() else None
            )
            if found is not None:
                return Interpreter(str(found), f"the active environment ${variable}")
    for name in ("python3", "python"):
        found_on_path = shutil.which(name, path=environ.get("PATH"))
        if found_on_path is not None:
            return Interpreter(found_on_path, f"`{name}` on PATH")
    return None


def runner_for(
    language: Language, root: Path, config: Config, *, python: Path | None = None
) -> Runner:
    """How to run ``language``'s cases. The Python cases run with ``python`` when given,
    else with :func:`project_python`."""
    location = kit_location(root, config.parity.kits, language)
    if language is Language.PYTHON:
        project = _project_dir(location, "pyproject.toml")
        interpreter = (
            Interpreter(str(python), "--python")
            if python is not None
            else project_python(project, root)
        )
        if interpreter is None:
            raise ConformanceError(
                "cannot run the python conformance cases: no Python environment for the "
                f"project in {project} (no .venv or venv there, none active, no python3 "
                "on PATH); make one with `python3 -m venv .venv` and install the "
                "project's test dependencies, pass `--python`, or run "
                "`tkit parity --no-conformance`"
            )
        command: tuple[str, ...] = (
            *(interpreter.path, "-m", "pytest", "tests/test_crosslang_cases.py"),
            *("-q", "-p", "no:cacheprovider", "-k", "outcome_and_message"),
        )
        hint = f"{interpreter.source}; install the project's test dependencies into it"
        return Runner(language, interpreter.path, command, project, hint)
    if language is Language.RUST:
        project = _project_dir(location, "Cargo.toml")
        command = ("cargo", "test", "--quiet", "--test", "crosslang")
        return Runner(language, "cargo", command, project, "install Rust from rustup.rs")
    project = _project_dir(location, "go.mod")
    package = "./" + location.relative_to(project).as_posix()
    command = ("go", "test", package, "-run", "TestGivenSharedCases", "-count=1")
    return Runner(language, "go", command, project, "install Go 1.24 or later from go.dev")


def _check_toolchain(runner: Runner) -> None:
    if shutil.which(runner.program) is None:
        where = "is not an executable file" if os.sep in runner.program else "is not on PATH"
        raise ConformanceError(
            f"cannot run the {runner.language.value} conformance cases: `{runner.program}` "
            f"{where} ({runner.hint}), or run `tkit parity --no-conformance`"
        )
    if runner.language is Language.PYTHON:
        probe = subprocess.run(
            [runner.program, "-c", "import pytest"],
            cwd=runner.cwd,
            capture_output=True,
            check=False,
        )
        if probe.returncode != 0:
            raise ConformanceError(
                f"cannot run the python conformance cases: pytest is not installed for "
                f"{runner.program} ({runner.hint}, e.g. `{runner.program} -m pip install "
                f"-e '.[test]'` in {runner.cwd}); pass another interpreter with "
                "`--python`, or run `tkit parity --no-conformance`"
            )


def run_language(
    runner: Runner, known_gaps: tuple[str, ...], scratch: Path, cases_dir: Path | None = None
) -> LanguageRun:
    """Run one kit's cases; with ``cases_dir``, the kit is told where they are
    (``TKIT_CASES_DIR``) instead of looking for them from its own folder."""
    stream = scratch / f"{runner.language.value}.jsonl"
    stream.unlink(missing_ok=True)
    env = {**os.environ, ENV_VAR: str(stream)}
    if cases_dir is not None:
        env[CASES_ENV_VAR] = str(cases_dir.absolute())
    try:
        completed = subprocess.run(
            list(runner.command),
            cwd=runner.cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
        returncode, output = completed.returncode, completed.stdout + completed.stderr
    except subprocess.TimeoutExpired:
        returncode, output = -1, f"timed out after {RUN_TIMEOUT} s"
    except OSError as error:
        raise ConformanceError(f"cannot start `{runner.command[0]}`: {error}") from None
    return LanguageRun(
        runner.language,
        " ".join(runner.command),
        returncode,
        read_stream(stream),
        known_gaps,
        output[-OUTPUT_TAIL:],
    )


def run_conformance(
    root: Path, config: Config, languages: Sequence[Language], *, python: Path | None = None
) -> ConformanceReport:
    """Run every language's cases and compare them (the Python cases with ``python``, by
    default the project's own interpreter). Raises :class:`ConformanceError` when a
    toolchain is missing (before running anything)."""
    cases = load_cases(root / config.parity.cases)
    gaps_dir = root / config.parity.known_gaps
    runners: list[Runner] = []
    missing: list[str] = []  # every missing toolchain at once, not one per attempt
    for language in languages:
        try:
            runner = runner_for(language, root, config, python=python)
            _check_toolchain(runner)
        except ConformanceError as error:
            missing.append(str(error))
            continue
        runners.append(runner)
    if missing:
        raise ConformanceError("\n".join(missing))
    with tempfile.TemporaryDirectory(prefix="tkit-conformance-") as scratch:
        runs = tuple(
            run_language(
                runner,
                load_known_gaps(gaps_dir, runner.language),
                Path(scratch),
                root / config.parity.cases,
            )
            for runner in runners
        )
    return compare(cases, runs, gaps_dir)


# ---------------------------------------------------------------------------- comparison


def _status(case: Case, outcome: Outcome | None, gap: bool) -> Status:
    conforms = (
        outcome is not None
        and outcome.passed == case.passes
        and outcome.message == (None if case.passes else case.message)
    )
    if gap:
        return Status.STALE_GAP if conforms else Status.KNOWN_GAP
    if outcome is None:
        return Status.MISSING
    return Status.OK if conforms else Status.MISMATCH


def _expected(case: Case) -> str:
    return Outcome(case.passes, None if case.passes else case.message).describe()


def compare(
    cases: Sequence[Case], runs: Sequence[LanguageRun], gaps_dir: Path
) -> ConformanceReport:
    """Compare each language's outcomes with the declared results and with each other."""
    problems: list[str] = []
    results: list[CaseResult] = []
    for run in runs:
        if not run.outcomes:
            problems.append(
                f"{run.language.value}: `{run.command}` wrote no outcomes (exit status "
                f"{run.returncode}); its output ends with:\n{run.output_tail.strip()}"
            )
    known_ids = {case.case_id for case in cases}
    for run in runs:
        for gap in run.known_gaps:
            if gap not in known_ids:
                problems.append(
                    f"{run.language.value}: {gaps_dir.name}/{run.language.value}.txt lists "
                    f"`{gap}`, which is not a case id: remove it"
                )
    for case in cases:
        statuses = tuple(
            (
                run.language,
                _status(case, run.outcome(case.case_id), case.case_id in run.known_gaps),
                run.outcome(case.case_id),
            )
            for run in runs
        )
        results.append(CaseResult(case, statuses))
        problems.extend(_case_problems(case, statuses, gaps_dir))
    return ConformanceReport(
        tuple(run.language for run in runs), tuple(results), tuple(runs), tuple(problems)
    )


def _case_problems(
    case: Case,
    statuses: tuple[tuple[Language, Status, Outcome | None], ...],
    gaps_dir: Path,
) -> list[str]:
    problems: list[str] = []
    where = f"case `{case.case_id}` ({case.source})"
    for language, status, outcome in statuses:
        if status is Status.MISMATCH and outcome is not None:
            others = [
                f"{other.value} {other_outcome.describe()}"
                for other, _, other_outcome in statuses
                if other is not language and other_outcome is not None
            ]
            problems.append(
                f"{language.value}: {where}: the {language.value} kit {outcome.describe()}; "
                f"declared: {_expected(case)}" + (f" ({'; '.join(others)})" if others else "")
            )
        elif status is Status.MISSING:
            problems.append(
                f"{language.value}: {where}: the {language.value} kit reported no "
                "outcome (the case did not run)"
            )
        elif status is Status.STALE_GAP:
            problems.append(
                f"{language.value}: {where} is listed in {gaps_dir.name}/{language.value}.txt "
                "but now conforms: remove it from the known gaps"
            )
    return problems
