"""Finds the files to lint under the given paths.

Folders are walked (without following symlinked folders, so a symlink loop cannot trap
the walk), skipping the usual build and tool folders and whatever ``.gitignore`` files
ignore. A file named explicitly is always linted if a frontend reads its language.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tkit_scaffold.errors import UsageError
from tkit_scaffold.frontends import language_of

if TYPE_CHECKING:
    import pathspec

SKIPPED_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tkit_cache",
        ".hypothesis",
        "node_modules",
        "target",
        "build",
        "dist",
        ".eggs",
    }
)


class FileSelection(Protocol):
    """The globs that pick the files: a :class:`~tkit_scaffold.config.Config`, or the
    :class:`~tkit_scaffold.settings.Settings` remembered from one."""

    @property
    def include(self) -> tuple[str, ...]: ...

    @property
    def exclude(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class FoundFile:
    path: Path  # as it will be read
    display: str  # as it will be reported: relative to the working folder when possible


def _display(path: Path) -> str:
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = str(path)
    if shown.startswith(".."):
        shown = str(path)
    return shown.replace(os.sep, "/")


class _Folder:
    """One folder of the walk, with what its files' names are joined to: the same strings
    :func:`_display` and :func:`relative_posix` give, computed once per folder instead of
    once per file."""

    def __init__(self, folder: str, root: Path) -> None:
        self.path = Path(folder)
        try:
            self._shown: str | None = os.path.relpath(folder)
        except ValueError:
            self._shown = None
        absolute = _resolved_folder(self.path.absolute())
        try:
            self._relative: str | None = absolute.relative_to(root).as_posix()
        except ValueError:
            self._relative = None

    def display(self, name: str) -> str:
        shown = self._shown
        if shown is not None:
            shown = name if shown == "." else f"{shown}{os.sep}{name}"
        if shown is None or shown.startswith(".."):
            shown = str(self.path / name)
        return shown.replace(os.sep, "/")

    def relative(self, name: str) -> str:
        if self._relative is None:
            return (self.path / name).as_posix()
        return name if self._relative == "." else f"{self._relative}/{name}"


# A gitignore pattern of the commonest form: a name glob that applies at any depth
# (`**/test_*.py`, `*.rs`, `build/`), with no negation, escape, class, anchor or space.
_NAME_GLOB = re.compile(r"(?:\*\*/)?(?!\*\*)([A-Za-z0-9_.*?+=@~-]+)(/?)")


class _NameGlobs:
    """Name-glob patterns matched as gitignore matches them, with one regular expression.

    pathspec takes longer to import than a run answered from the cache takes to find its
    files, and the configured globs are nearly always of this form; any other pattern
    goes to pathspec (:func:`compile_patterns`). A glob matches a path when it matches
    one of the path's names (a folder's match covers everything below it); one with a
    trailing slash matches folders only."""

    def __init__(self, anywhere: Sequence[str], folders: Sequence[str]) -> None:
        alternatives = []
        if anywhere:
            alternatives.append(f"(?:{'|'.join(anywhere)})(?:/.*)?")
        if folders:
            alternatives.append(f"(?:{'|'.join(folders)})/.*")
        self._pattern = (
            re.compile(f"(?:.+/)?(?:{'|'.join(alternatives)})", re.DOTALL) if alternatives else None
        )

    def match_file(self, path: str) -> bool:
        pattern = self._pattern
        return pattern is not None and bool(path) and pattern.fullmatch(path) is not None


def _glob_regex(glob: str) -> str:
    """A name glob as a regular expression that matches in linear time.

    ``*`` as ``[^/]*`` everywhere backtracks exponentially in the number of stars
    (``*a*a*a*b`` against a long name of ``a``: minutes). Between two stars, the piece
    is looked for at its first place and that choice is kept (an atomic group): taking
    each piece as early as it can be is always right for pieces of fixed length, and
    it leaves one search per piece. Only the piece after the last star may move, to
    end where the name ends."""

    def piece(text: str) -> str:
        return "".join("[^/]" if char == "?" else re.escape(char) for char in text)

    pieces = glob.split("*")
    if len(pieces) == 1:
        return piece(glob)
    middle = "".join(f"(?>[^/]*?{piece(text)})" for text in pieces[1:-1] if text)
    return f"{piece(pieces[0])}{middle}[^/]*{piece(pieces[-1])}"


# A configured glob that pathspec matches (not a plain name glob) may hold at most this
# many single stars in one path segment: its regular expression backtracks in the power
# of that number, and two keep even a hostile 255-character name under a millisecond.
MAX_STARS_PER_SEGMENT = 2


def check_glob(pattern: str) -> None:
    """Raise ValueError, saying what to write instead, for a glob that would match
    nothing by accident (an unclosed ``[``) or take runaway time to match."""
    if len(pattern) > 4096:
        raise ValueError("is longer than 4096 characters")
    for segment in pattern.split("/"):
        opened = segment.replace("\\[", "").replace("\\]", "")
        if opened.count("[") and "]" not in opened[opened.index("[") + 1 :]:
            raise ValueError(f"{pattern!r} has a [ that is never closed; write [[] for a literal [")
    match = _NAME_GLOB.fullmatch(pattern)
    if match is not None and not set(match[1]) <= {"."}:
        return  # matched by _glob_regex, in linear time
    for segment in pattern.split("/"):
        stars = segment.replace("**", "").count("*")
        if stars > MAX_STARS_PER_SEGMENT:
            raise ValueError(
                f"{pattern!r} has {stars} `*` in one path segment; at most "
                f"{MAX_STARS_PER_SEGMENT} are allowed in a glob with a `/`, a class or a "
                "negation (a plain name glob such as `*_a_*_b_*.py` may have more)"
            )


def compile_patterns(patterns: Sequence[str]) -> _NameGlobs | pathspec.PathSpec[Any]:
    """A matcher with ``match_file`` for gitignore-style ``patterns``: a regular
    expression when every pattern is a name glob, else a pathspec ``PathSpec``."""
    anywhere: list[str] = []
    folders: list[str] = []
    for pattern in patterns:
        match = _NAME_GLOB.fullmatch(pattern)
        if match is None or set(match[1]) <= {"."}:
            import pathspec

            return pathspec.PathSpec.from_lines("gitignore", patterns)
        (folders if match[2] else anywhere).append(_glob_regex(match[1]))
    return _NameGlobs(anywhere, folders)


class _Ignores:
    """The .gitignore files met on the way down, each applied to its own subtree."""

    def __init__(self) -> None:
        self._specs: list[tuple[Path, _NameGlobs | pathspec.PathSpec[Any]]] = []

    def load(self, folder: Path) -> None:
        gitignore = folder / ".gitignore"
        if not gitignore.is_file():
            return
        try:
            lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
            # Blank lines and comments mean nothing to gitignore.
            patterns = [line for line in lines if line and not line.startswith("#")]
            self._specs.append((folder, compile_patterns(patterns)))
        except (OSError, ValueError):
            return  # an unreadable or malformed .gitignore ignores nothing

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for folder, spec in self._specs:
            try:
                relative = path.relative_to(folder).as_posix()
            except ValueError:
                continue
            if spec.match_file(relative + "/" if is_dir else relative):
                return True
        return False

    def within(self, here: Path) -> list[tuple[str | None, _NameGlobs | pathspec.PathSpec[Any]]]:
        """For the files of the folder ``here``: each spec with the prefix that makes a
        name in ``here`` relative to the spec's folder (None: the spec does not apply)."""
        found: list[tuple[str | None, _NameGlobs | pathspec.PathSpec[Any]]] = []
        for folder, spec in self._specs:
            try:
                prefix = here.relative_to(folder).as_posix()
            except ValueError:
                continue
            found.append(("" if prefix == "." else prefix + "/", spec))
        return found

    @staticmethod
    def name_ignored(
        specs: list[tuple[str | None, _NameGlobs | pathspec.PathSpec[Any]]],
        name: str,
        is_dir: bool,
    ) -> bool:
        suffix = "/" if is_dir else ""
        return any(spec.match_file(f"{prefix}{name}{suffix}") for prefix, spec in specs)


@functools.lru_cache(maxsize=4096)
def _resolved_folder(folder: Path) -> Path:
    """A folder with its symlinks resolved, once per folder: discovery and per-file
    ignores ask for every file, and most files share their folder."""
    try:
        return folder.resolve()
    except (OSError, RuntimeError):
        return folder


def relative_posix(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes, or as given when it lies
    outside. Only the folders are resolved: a symlinked file keeps its own name (globs
    match what the user sees), and a loop or a dangling link cannot fail the run."""
    absolute = _resolved_folder(path.absolute().parent) / path.name
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def discover(
    paths: Sequence[Path],
    config: FileSelection,
    root: Path,
    on_unreadable: Callable[[str], None] | None = None,
) -> Iterator[FoundFile]:
    """Every file to lint, each once, in a stable order. A folder that cannot be read
    is passed to ``on_unreadable`` as a message (its files are not checked, and the run
    must not look complete)."""

    def unreadable(error: OSError) -> None:
        if on_unreadable is not None:
            on_unreadable(
                f"{error.filename}: the folder cannot be read "
                f"({error.strerror or error}); the files in it were not checked"
            )

    include = compile_patterns(config.include)
    exclude = compile_patterns(config.exclude)
    seen: set[Path] = set()

    def relative_to_root(path: Path) -> str:
        return relative_posix(path, root)

    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise UsageError(f"{given}: no such file or folder")
        if given.is_file() or (given.is_symlink() and not given.is_dir()):
            # Named files still honour include/exclude, so a hook that passes every
            # changed source file lints only the test files among them.
            relative = relative_to_root(given)
            if (
                language_of(given.name) is not None
                and given not in seen
                and (include.match_file(relative) or include.match_file(given.name))
                and not exclude.match_file(relative)
            ):
                seen.add(given)
                yield FoundFile(given, _display(given))
            continue
        ignores = _Ignores()
        for parent in reversed(given.resolve().parents):
            if parent == root or root in parent.parents:
                ignores.load(parent)
        for folder, subfolders, files in os.walk(given, onerror=unreadable, followlinks=False):
            at = _Folder(folder, root)
            here = at.path
            ignores.load(here)
            specs = ignores.within(here)
            subfolders[:] = sorted(
                name
                for name in subfolders
                if name not in SKIPPED_FOLDERS
                and not name.endswith(".egg-info")
                and not ignores.name_ignored(specs, name, is_dir=True)
                and not exclude.match_file(at.relative(name) + "/")
            )
            for name in sorted(files):
                if language_of(name) is None:
                    continue
                path = here / name
                if path in seen:
                    continue
                relative = at.relative(name)
                if not include.match_file(relative) or exclude.match_file(relative):
                    continue
                if ignores.name_ignored(specs, name, is_dir=False):
                    continue
                seen.add(path)
                yield FoundFile(path, at.display(name))
