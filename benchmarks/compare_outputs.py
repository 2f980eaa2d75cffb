"""Check that two versions of tkit-lint print the same JSON, byte for byte.

    python3 benchmarks/compare_outputs.py OLD_SRC [NEW_SRC] [--corpus pandas,template,rust,go]

``OLD_SRC`` and ``NEW_SRC`` are ``src`` folders of two checkouts (``NEW_SRC`` defaults to
this checkout's): for instance ``git archive <commit> | tar -x -C old`` and ``old/src``.
Each version lints each corpus with ``--format json --no-cache`` from the same working
folder, and the outputs and exit statuses are compared. A change that only moves code
(a refactoring) must leave them identical; the first difference is printed otherwise.

The corpora: pandas' tests and the Rust and Go sources of ``corpus.py``, and a project
freshly rendered from the template (with this checkout's template, for all three
languages), so the project rules (TK501, TK502) run too. Exit status 0 when every output
is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

REPOSITORY = Path(__file__).resolve().parents[1]


def lint(source_folder: Path, target: Path, cwd: Path) -> tuple[int, bytes]:
    """The exit status and the JSON output of the tkit-lint in ``source_folder``."""
    environment = {**os.environ, "PYTHONPATH": str(source_folder), "NO_COLOR": "1"}
    completed = subprocess.run(
        [sys.executable, "-m", "tkit_scaffold", "--format", "json", "--no-cache", str(target)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        timeout=1800,
        check=False,
    )
    if completed.returncode not in (0, 1):
        raise SystemExit(
            f"{source_folder}: exit {completed.returncode} on {target}:\n"
            + completed.stderr.decode(errors="replace")[-3000:]
        )
    return completed.returncode, completed.stdout


def rendered_template(into: Path) -> Path:
    """A project rendered from this checkout's template, for the three languages."""
    destination = into / "shop"
    code = (
        "import sys; from tkit_scaffold.cli import tkit_main; "
        "sys.exit(tkit_main(['new', sys.argv[1], '--name', 'Demo Shop']))"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(destination)],
        env={**os.environ, "PYTHONPATH": str(REPOSITORY / "src")},
        capture_output=True,
        timeout=600,
        check=True,
    )
    return destination


def targets(names: list[str], scratch: Path) -> list[tuple[str, Path, Path]]:
    """(name, what to lint, the folder to run in) for each corpus asked for."""
    found = []
    for name in names:
        if name == "pandas":
            tests = corpus.pandas_tests()
            found.append((name, Path("tests"), tests.parent))
        elif name == "rust":
            found.append((name, corpus.rust_sources(), scratch))
        elif name == "go":
            found.append((name, corpus.go_sources(), scratch))
        elif name == "template":
            project = rendered_template(scratch)
            found.append((name, Path(), project))
        else:
            raise SystemExit(f"unknown corpus {name!r}: pandas, template, rust or go")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the src folder of the version before")
    parser.add_argument(
        "new", type=Path, nargs="?", default=REPOSITORY / "src", help="the version after"
    )
    parser.add_argument("--corpus", default="pandas,template", help="comma-separated corpora")
    args = parser.parse_args(argv)
    identical = True
    with tempfile.TemporaryDirectory(prefix="tkit-compare-") as scratch:
        for name, target, cwd in targets(args.corpus.split(","), Path(scratch)):
            old_status, old_output = lint(args.old.resolve(), target, cwd)
            new_status, new_output = lint(args.new.resolve(), target, cwd)
            same = old_status == new_status and old_output == new_output
            identical &= same
            print(
                f"{name}: {'identical' if same else 'DIFFERENT'} "
                f"({len(new_output):,} bytes, exit {old_status} -> {new_status})"
            )
            if not same:
                difference = difflib.unified_diff(
                    old_output.decode(errors="replace").splitlines(),
                    new_output.decode(errors="replace").splitlines(),
                    "before",
                    "after",
                    lineterm="",
                    n=1,
                )
                print("\n".join(list(difference)[:40]))
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
