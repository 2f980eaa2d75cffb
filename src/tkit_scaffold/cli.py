"""The command line: flags in, one library call, text out, and exit codes in one place.

Exit status: 0 nothing found; 1 findings; 2 usage, configuration or internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tkit_scaffold import __version__
from tkit_scaffold.engine import lint_paths
from tkit_scaffold.errors import TkitError, UsageError
from tkit_scaffold.output import FORMATS, format_diagnostics, format_statistics, summary_of_counts
from tkit_scaffold.progress import Progress, wanted
from tkit_scaffold.results import InternalError, LintOptions
from tkit_scaffold.settings import locate_config
from tkit_scaffold.source import MAX_FILE_BYTES

# Imported here: only what a lint run answered from the cache needs. Subcommands, rule
# listings and the configuration's validation import their modules when they run.

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _codes(value: str) -> tuple[str, ...]:
    return tuple(code.strip().upper() for code in value.split(",") if code.strip())


def _size(value: str) -> int:
    """A size in bytes, as ``--max-file-size`` takes it: ``2000000``, ``512k``, ``16M``."""
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = value.strip().lower().removesuffix("b")
    scale = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    if not number.isdigit() or int(number) == 0:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a size: write e.g. 2000000, 512k or 16M"
        )
    return int(number) * scale


def _lint_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tkit-lint",
        description=(
            "Check Rust, Python and Go test suites against the TestingKit conventions: "
            "BDD scenario names, steps, kit assertions and matchers."
        ),
        epilog="Exit status: 0 nothing found, 1 findings, 2 usage, configuration or "
        "internal error.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: .)")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    parser.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too"
    )
    parser.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff; change nothing"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument(
        "--select", type=_codes, metavar="CODES", help="comma-separated codes or prefixes to run"
    )
    parser.add_argument(
        "--ignore", type=_codes, metavar="CODES", help="comma-separated codes or prefixes to skip"
    )
    parser.add_argument(
        "--statistics", action="store_true", help="print the count of findings per rule"
    )
    parser.add_argument("--explain", metavar="CODE", help="print a rule's documentation")
    parser.add_argument("--list-rules", action="store_true", help="list every rule")
    parser.add_argument(
        "--jobs", type=int, metavar="N", help="worker processes (default: one per core)"
    )
    parser.add_argument(
        "--config", type=Path, metavar="FILE", help="tkit.toml or pyproject.toml to use"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the result cache (.tkit_cache/ or $TKIT_CACHE_DIR)",
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    parser.add_argument(
        "--max-file-size",
        type=_size,
        default=MAX_FILE_BYTES,
        metavar="SIZE",
        help="skip larger test files with a TK000 finding; bytes, or with k, M or G (default: 16M)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only")
    parser.add_argument("--version", action="version", version=f"tkit-lint {__version__}")
    return parser


def _check_codes(codes: Sequence[str], flag: str) -> None:
    """The same check, in the same words, as ``select``/``ignore`` in ``tkit.toml``."""
    from tkit_scaffold.config import check_codes

    try:
        check_codes(codes)
    except ValueError as error:
        raise UsageError(f"{flag}: {error}") from None


def _list_rules(out: TextIO) -> None:
    from tkit_scaffold.registry import all_codes, rule_infos

    infos = rule_infos()
    for code in all_codes():
        info = infos.get(code)
        if info is None:
            continue
        languages = ",".join(language.value for language in info.languages)
        fix = {"safe": "fix", "unsafe": "unsafe-fix", "none": ""}[info.fix]
        out.write(f"{code}  {info.name:<26} {languages:<18} {fix:<10} {info.summary}\n")


def _explain(code: str, out: TextIO) -> None:
    from tkit_scaffold.registry import rule_infos

    info = rule_infos().get(code.upper())
    if info is None:
        raise UsageError(f"--explain: no rule {code!r}; run `tkit-lint --list-rules`")
    out.write(info.explain())


def _print_errors(errors: Sequence[InternalError], err: TextIO) -> None:
    for error in errors:
        where = f"rule {error.rule} on {error.path}" if error.rule else error.path
        err.write(f"internal error in {where}: {error.message}\n")
    if errors:
        err.write(
            "This is a bug in tkit-lint, not in your code. Please report it with the file "
            "(or a reduced copy) and the output of `tkit-lint --version`.\n"
        )
        if os.environ.get("TKIT_DEBUG"):
            for error in errors:
                err.write(error.details)


def run_lint(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    args = _lint_parser().parse_args(argv)
    if args.list_rules:
        _list_rules(out)
        return EXIT_CLEAN
    if args.explain:
        _explain(args.explain, out)
        return EXIT_CLEAN
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    paths: list[Path] = args.paths or [Path()]
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{path}: no such file or folder")
    overrides: dict[str, tuple[str, ...]] = {}
    for flag, value in (("select", args.select), ("ignore", args.ignore)):
        if value is not None:
            overrides[flag] = value
    for flag, value in overrides.items():
        _check_codes(value, f"--{flag}")
    loaded = locate_config(paths, args.config, overrides, remember=not args.no_cache)
    colour = out.isatty() and "NO_COLOR" not in os.environ and args.format == "text"
    # Plain text and GitHub annotations are printed file by file, so a cached file's
    # findings can come printed; the other outputs need the findings themselves.
    printed = args.format in ("text", "github") and not (colour or args.statistics or args.diff)
    options = LintOptions(
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
        diff=args.diff,
        jobs=args.jobs,
        cache=not args.no_cache,
        render=args.format if printed else None,
        max_file_bytes=args.max_file_size,
    )
    progress = Progress(err) if wanted(err, quiet=args.quiet) else None
    try:
        report = lint_paths(
            paths, loaded, options, on_progress=progress.update if progress else None
        )
    finally:
        if progress is not None:
            progress.close()
    for warning in report.warnings:
        err.write(f"warning: {warning}\n")
    if args.diff:
        out.write("".join(report.diffs))
    if args.statistics:
        out.write(format_statistics(report.diagnostics))
    elif report.rendered is not None:
        out.write(report.rendered)
    else:
        out.write(format_diagnostics(report.diagnostics, args.format, colour=colour))
    if args.format == "text" and not args.quiet:
        if args.fix and report.fixes_applied:
            err.write(f"Fixed {report.fixes_applied} problem(s) in {report.files_fixed} file(s).\n")
        summary = summary_of_counts(
            report.found,
            report.fixable,
            report.files_checked,
            colour=colour,
            safe=report.safely_fixable,
            errors=len(report.errors),
            unread=len(report.problems),
        )
        err.write(summary + "\n")
    for problem in report.problems:
        err.write(f"error: {problem}\n")
    _print_errors(report.errors, err)
    if report.errors or report.problems:
        return EXIT_ERROR
    if report.found and not args.exit_zero:
        return EXIT_FINDINGS
    if args.diff and report.diffs and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _guarded(run: object, argv: Sequence[str]) -> int:
    assert callable(run)
    try:
        code: int = run(argv, sys.stdout, sys.stderr)
        return code
    except TkitError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as error:  # the last line of defence: a bug, reported as one
        sys.stderr.write(
            f"internal error: {type(error).__name__}: {error}\n"
            "This is a bug in tkit-lint; please report it with the command you ran.\n"
        )
        if os.environ.get("TKIT_DEBUG"):
            raise
        return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    return _guarded(run_lint, sys.argv[1:] if argv is None else argv)


# ---------------------------------------------------------------------------- tkit


def _tkit_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tkit", description="TestingKit: render a kit, lint test suites."
    )
    parser.add_argument("--version", action="version", version=f"tkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    from tkit_scaffold.scaffold_cli import add_new_command

    add_new_command(commands)
    lint = commands.add_parser("lint", help="run tkit-lint (same flags)", add_help=False)
    lint.add_argument("rest", nargs=argparse.REMAINDER)
    parity = commands.add_parser(
        "parity",
        help="check that the kits, the example suites and the shared cases agree across languages",
        description="Check that a TestingKit project's kits stay in step across languages: "
        "each kit's public names against the shared vocabulary (TK501), the scenarios of "
        "each parity group (TK502), and the shared cases of crosslang/cases run with each "
        "kit's own test runner (the Python cases in the project's own environment). Prints "
        "a matrix with a parity percentage per language.",
        epilog="The project is the nearest folder at or above DIR holding tkit.toml. "
        "Exit status: 0 parity is 100 percent, 1 a gap, 2 no project, or a usage, "
        "configuration or toolchain error.",
    )
    parity.add_argument(
        "root",
        nargs="?",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="a folder of the project (default: .); its root is found by walking up",
    )
    parity.add_argument(
        "--python",
        type=Path,
        metavar="PATH",
        help="the interpreter that runs the Python cases (default: the project's .venv or "
        "venv, else the active environment, else python3 on PATH)",
    )
    parity.add_argument(
        "--markdown", type=Path, metavar="FILE", help="write the report as Markdown"
    )
    parity.add_argument(
        "--html", type=Path, metavar="FILE", help="write the report as a self-contained HTML page"
    )
    parity.add_argument(
        "--no-conformance",
        action="store_true",
        help="skip running the shared cases with each kit's toolchain",
    )
    parity.add_argument("--all", action="store_true", help="list every case, not only the gaps")
    from tkit_scaffold.reporting.cli import add_report_command

    add_report_command(commands)
    return parser


def _run_parity(args: argparse.Namespace, out: TextIO) -> int:
    from tkit_scaffold.config import find_config
    from tkit_scaffold.parity import (
        check_parity,
        find_project_root,
        format_html,
        format_markdown,
        format_text,
    )

    root = find_project_root(args.root)
    report = check_parity(
        root,
        config=find_config(root).config,
        conformance=not args.no_conformance,
        python=args.python,
    )
    out.write(format_text(report, all_rows=args.all))
    for target, text in ((args.markdown, format_markdown), (args.html, format_html)):
        if target is not None:
            try:
                target.write_text(text(report), encoding="utf-8")
            except OSError as error:
                raise UsageError(f"cannot write {target}: {error}") from None
    return EXIT_CLEAN if report.ok else EXIT_FINDINGS


def run_tkit(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    argv = list(argv)
    if argv[:1] == ["lint"]:
        return run_lint(argv[1:], out, err)
    args = _tkit_parser().parse_args(argv)
    if args.command == "new":
        from tkit_scaffold.scaffold_cli import run_new

        return run_new(args, out)
    if args.command == "parity":
        return _run_parity(args, out)
    if args.command == "report":
        status: int = args.report_handler(args, out, err)
        return status
    raise UsageError(f"unknown command {args.command!r}")  # pragma: no cover - argparse


def tkit_main(argv: Sequence[str] | None = None) -> int:
    return _guarded(run_tkit, sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
