"""``tkit report DIR...``: flags in, one :func:`build_report` call, files and a summary out.

Exit status: 0 no real failure and coverage above the gate; 1 a real failure in the
latest run (a failure no later rerun of the same commit passed) or coverage under
``--fail-under``; 2 usage, configuration or input error. Flaky tests are listed and do
not fail the run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from tkit_scaffold.config import load_config_file
from tkit_scaffold.config_search import CONFIG_FILE
from tkit_scaffold.errors import TkitError, UsageError
from tkit_scaffold.reporting.api import Report, ReportOptions, build_report
from tkit_scaffold.reporting.history import DEFAULT_HISTORY, DEFAULT_LAST_RUNS
from tkit_scaffold.reporting.html import format_html
from tkit_scaffold.reporting.junit import format_junit
from tkit_scaffold.reporting.summary import format_markdown, format_text

EXIT_CLEAN = 0
EXIT_FAILED = 1
EXIT_ERROR = 2

DESCRIPTION = (
    "Merge the result streams of any number of languages and runs (folders written with "
    "TKIT_REPORT_DIR set) into an HTML page, JUnit XML and a summary; merge coverage and "
    "gate it; find flaky tests."
)
EPILOG = (
    "Exit status: 0 passed; 1 a real failure in the latest run or coverage under "
    "--fail-under (flaky tests do not fail); 2 usage, configuration or input error."
)


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "runs",
        nargs="+",
        type=Path,
        metavar="DIR",
        help="run folders of *.jsonl streams, in the order they ran; a rerun of the same "
        "commit comes after the run it reruns",
    )
    parser.add_argument("--html", type=Path, metavar="PATH", help="write the HTML page")
    parser.add_argument("--junit", type=Path, metavar="PATH", help="write JUnit XML")
    parser.add_argument(
        "--summary-markdown",
        type=Path,
        metavar="PATH",
        help="write the summary as Markdown (e.g. for $GITHUB_STEP_SUMMARY)",
    )
    store = parser.add_mutually_exclusive_group()
    store.add_argument(
        "--history",
        type=Path,
        metavar="PATH",
        help="SQLite history store (default: [report] history in tkit.toml, else "
        f"{DEFAULT_HISTORY.as_posix()} in the project root)",
    )
    store.add_argument("--no-history", action="store_true", help="neither read nor write history")
    parser.add_argument(
        "--last",
        type=int,
        default=DEFAULT_LAST_RUNS,
        metavar="N",
        help=f"runs shown in the history charts (default: {DEFAULT_LAST_RUNS})",
    )
    parser.add_argument(
        "--coverage",
        type=Path,
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE",
        help="coverage files to merge: coverage.py JSON, Go -coverprofile, LCOV",
    )
    parser.add_argument(
        "--fail-under",
        type=float,
        metavar="N",
        help="fail when total or any language's line coverage is below N percent",
    )


def add_report_command(subparsers: Any) -> None:
    """Add ``report`` to a ``tkit`` sub-command set (``parser.add_subparsers()``).

    The parsed namespace carries ``report_handler``: call it as
    ``args.report_handler(args, out, err)`` to run the command and get its exit status."""
    parser = subparsers.add_parser(
        "report",
        help="merge result streams into an HTML page, JUnit XML and a summary",
        description=DESCRIPTION,
        epilog=EPILOG,
    )
    _configure(parser)
    parser.set_defaults(report_handler=handle_report)


def project_root(start: Path) -> Path:
    """The folder holding ``tkit.toml`` at or above ``start``, else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return start


def history_path(explicit: Path | None, cwd: Path) -> Path:
    if explicit is not None:
        return explicit
    root = project_root(cwd)
    config_file = root / CONFIG_FILE
    if config_file.is_file():
        configured = load_config_file(config_file).report.history
        if configured:
            return root / configured
    return root / DEFAULT_HISTORY


def _write(path: Path | None, text: str, what: str, err: TextIO) -> None:
    if path is None:
        return
    try:
        if path.parent != Path():
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write the {what} {path}: {error.strerror or error}") from None
    err.write(f"wrote the {what} to {path}\n")


def handle_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.last < 0:
        raise UsageError("--last takes a number of runs >= 0")
    options = ReportOptions(
        history=None if args.no_history else history_path(args.history, Path.cwd()),
        last_runs=args.last,
        coverage=tuple(args.coverage),
        fail_under=args.fail_under,
    )
    report: Report = build_report(args.runs, options)
    for warning in report.warnings:
        err.write(f"warning: {warning}\n")
    out.write(format_text(report))
    for note in report.notes:
        err.write(f"{note}\n")
    _write(args.html, format_html(report), "HTML report", err)
    _write(args.junit, format_junit(report.analysis), "JUnit XML", err)
    _write(args.summary_markdown, format_markdown(report), "Markdown summary", err)
    return EXIT_CLEAN if report.ok else EXIT_FAILED


def run_report(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="tkit report", description=DESCRIPTION, epilog=EPILOG)
    _configure(parser)
    return handle_report(parser.parse_args(argv), out, err)


def _guarded(run: Callable[[Sequence[str], TextIO, TextIO], int], argv: Sequence[str]) -> int:
    try:
        return run(argv, sys.stdout, sys.stderr)
    except TkitError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tkit_scaffold.reporting``: the same as ``tkit report``."""
    return _guarded(run_report, sys.argv[1:] if argv is None else argv)
