"""Keep a fixed file as formatted as it was: the project's formatter, run on that file.

A fix writes its replacement on one line and adds imports where they fit; the project's
formatter would split a long call, order the imports and join a short one. Guessing every
formatter's choices is a losing game, so a fixed file goes through the formatter the
language's projects use, when the file as it was already passed that formatter
unchanged: ruff's formatter (black's style) and ruff's import sorting for Python,
`gofmt` for Go, `rustfmt` for Rust, each with the project's own configuration (found
from the file's folder, as the formatter would find it). A file that did not pass before
is left as the fixes wrote it: formatting it would rewrite lines no fix touched.

A formatter that is missing, fails or times out leaves the text as it was; the fix is
still checked to parse by the engine.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tkit_scaffold.model import Language

__all__ = ["Formatter", "formatter_for", "rust_edition"]

_TIMEOUT = 30  # seconds: a formatter on one file takes milliseconds


@dataclass(slots=True)
class Formatter:
    """The formatting commands of one file, each reading the text on stdin and printing
    the result, run in ``folder``. A command is used only if the original text comes out
    of it unchanged."""

    folder: Path
    commands: tuple[tuple[str, ...], ...]
    _kept: list[tuple[str, ...]] | None = field(default=None)

    def keeps(self, original: str) -> list[tuple[str, ...]]:
        """The commands that leave ``original`` as it is: those its project follows."""
        if self._kept is None:
            self._kept = [c for c in self.commands if self._apply(c, original) == original]
        return self._kept

    def format(self, original: str, fixed: str) -> str:
        text = fixed
        for command in self.keeps(original):
            formatted = self._apply(command, text)
            if formatted is None:
                return fixed  # a half-formatted text would be worse than none
            text = formatted
        return text

    def _apply(self, command: tuple[str, ...], text: str) -> str | None:
        if _ISORT not in command:
            return _run(command, text, self.folder)
        # Import sorting looks at the file's leading imports only, where the kit's import
        # goes: a file whose later, local imports are out of order still gets its
        # leading block sorted if that block was.
        end = _leading_imports_end(text)
        if end is None:
            return text
        sorted_head = _run(command, text[:end], self.folder)
        return None if sorted_head is None else sorted_head + text[end:]


_ISORT = "I"  # the rule selector that marks the import-sorting command


def _leading_imports_end(text: str) -> int | None:
    """The offset just past the file's leading import statements (after its docstring),
    or None if it has none or does not parse."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    last: ast.stmt | None = None
    for position, statement in enumerate(tree.body):
        if position == 0 and isinstance(statement, ast.Expr):
            continue  # the docstring
        if not isinstance(statement, ast.Import | ast.ImportFrom):
            break
        last = statement
    if last is None or last.end_lineno is None:
        return None
    lines = text.splitlines(keepends=True)
    return sum(len(line) for line in lines[: last.end_lineno])


def formatter_for(path: Path, language: Language) -> Formatter:
    folder = path.parent if path.parent.is_dir() else Path.cwd()
    if language is Language.PYTHON:
        # ruff without a configuration file takes the folder it runs in for the project
        # root, and tells first-party imports by it: run it where the project's own
        # `ruff check .` would run.
        folder = _python_project_root(folder)
    return Formatter(folder, tuple(_commands(path, language)))


_PROJECT_MARKERS = ("pyproject.toml", "ruff.toml", ".ruff.toml", "setup.cfg", "setup.py", ".git")


def _python_project_root(folder: Path) -> Path:
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in _PROJECT_MARKERS):
            return candidate
    return folder


def _commands(path: Path, language: Language) -> list[tuple[str, ...]]:
    name = str(path)
    if language is Language.PYTHON:
        ruff = _ruff()
        if ruff is None:
            return []
        return [
            # Import order first: the formatter then lays out what sorting produced.
            (ruff, "check", "--quiet", "--select", _ISORT, "--fix", "--exit-zero",
             "--stdin-filename", name, "-"),
            (ruff, "format", "--quiet", "--stdin-filename", name, "-"),
        ]  # fmt: skip
    if language is Language.GO:
        gofmt = shutil.which("gofmt")
        return [(gofmt,)] if gofmt else []
    rustfmt = shutil.which("rustfmt")
    if rustfmt is None:
        return []
    return [(rustfmt, "--emit", "stdout", "--quiet", "--edition", rust_edition(path))]


def _ruff() -> str | None:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]
    except ImportError:
        return shutil.which("ruff")
    try:
        return str(find_ruff_bin())
    except FileNotFoundError:
        return shutil.which("ruff")


def rust_edition(path: Path) -> str:
    """The edition of the crate holding ``path``, as `cargo fmt` passes it to rustfmt."""
    for folder in path.resolve().parents:
        manifest = folder / "Cargo.toml"
        if not manifest.is_file():
            continue
        try:
            data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return "2021"
        edition = data.get("package", {}).get("edition")
        if isinstance(edition, str):
            return edition
        if isinstance(edition, dict):  # `edition.workspace = true`: the workspace's
            continue
        workspace = data.get("workspace", {}).get("package", {}).get("edition")
        if isinstance(workspace, str):
            return workspace
        if "package" in data:
            return "2015"  # cargo's default when a package names none
    return "2021"


def _run(command: Sequence[str], text: str, folder: Path) -> str | None:
    try:
        completed = subprocess.run(
            list(command),
            input=text,
            capture_output=True,
            text=True,
            cwd=folder,
            timeout=_TIMEOUT,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0:
        return None
    return completed.stdout
