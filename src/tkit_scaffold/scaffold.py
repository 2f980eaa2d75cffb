"""Render the bundled TestingKit template into a new project, or into an existing one.

The template ships with the package (see :mod:`tkit_scaffold.resources`), so rendering
needs no network. It is rendered without trust: the template has no tasks, migrations
or Jinja extensions, and this module never lets Copier run any.

A render goes to a scratch folder first and is checked there (its TOML manifests must
parse); only then are its files copied into the destination, each one written atomically,
and a file that exists already is kept unless the caller asked to overwrite it (and even
then the files the template leaves to the project, ``_skip_if_exists``, are kept). The
answers file records the template's canonical source and the release tag of the version
that rendered it, so ``copier update`` works on every render.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import tomllib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import copier
import jinja2
import pathspec
import yaml  # type: ignore[import-untyped]  # Copier's own dependency
from copier.errors import CopierError, DirtyLocalWarning

from tkit_scaffold import __version__
from tkit_scaffold.errors import ScaffoldError
from tkit_scaffold.resources import template_root
from tkit_scaffold.source import replace_file

__all__ = [
    "ADOPTION_FOLDER",
    "LANGUAGES",
    "TEMPLATE_SOURCE",
    "DestinationNotEmptyError",
    "RenderResult",
    "ScaffoldError",
    "new_project",
    "question_names",
    "render_project",
    "replace_file",
    "template_source",
    "template_tag",
]

LANGUAGES: tuple[str, ...] = ("rust", "python", "go")

# Where `copier update` fetches the template from: the repository that publishes it, with
# one `v<version>` tag per release. TKIT_TEMPLATE_SOURCE names another (a fork, a mirror).
TEMPLATE_SOURCE = "https://github.com/testingkit/testingkit.git"
TEMPLATE_SOURCE_ENV = "TKIT_TEMPLATE_SOURCE"

# The adoption layout puts every kit under this folder of the existing repository.
ADOPTION_FOLDER = "testingkit"
ANSWERS_FILE = ".copier-answers.yml"
# The manifests a render must never leave unparsable, whatever the answers were.
_TOML_MANIFESTS = frozenset({"pyproject.toml", "Cargo.toml", "tkit.toml"})
_REFUSALS = (
    re.compile(r"Validation error for question '(?P<question>[^']+)': (?P<rule>.*)", re.S),
    re.compile(r"Invalid choice for '(?P<question>[^']+)': (?P<rule>.*)", re.S),
)
_TEMPLATE_JUNK = shutil.ignore_patterns(
    ".git", "target", "__pycache__", "*.py[co]", ".venv", ".pytest_cache", ".ruff_cache"
)


class DestinationNotEmptyError(ScaffoldError):
    """The destination holds files already and the caller asked neither to adopt nor to
    overwrite."""

    def __init__(self, destination: Path, entries: Sequence[str]) -> None:
        self.destination = destination
        shown = ", ".join(entries[:5]) + (", …" if len(entries) > 5 else "")
        super().__init__(
            f"{destination} is not empty ({len(entries)} entries: {shown}). To add "
            f"TestingKit to the project there, run `tkit new --into {destination}`; to "
            "render a new project over it anyway, add --force (files the project owns, "
            "such as README.md and tkit.toml, are still kept)"
        )


@dataclass(frozen=True)
class RenderResult:
    """What a render did to the destination, as paths relative to it."""

    destination: Path
    added: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    overwritten: tuple[str, ...] = ()
    edits: tuple[str, ...] = field(default=())
    # What was left out, and why (example files a Go module's directive cannot build).
    notes: tuple[str, ...] = field(default=())


def template_source() -> str:
    """The template's canonical source, as the answers file records it."""
    return os.environ.get(TEMPLATE_SOURCE_ENV) or TEMPLATE_SOURCE


def template_tag() -> str:
    """The release tag of the template this package bundles."""
    return f"v{__version__}"


def question_names() -> tuple[str, ...]:
    """The template's questions, in the order it asks them (``--data`` keys)."""
    with (template_root() / "copier.yml").open(encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    return tuple(key for key in config if not key.startswith("_"))


def render_project(
    destination: Path,
    languages: Sequence[str],
    data: Mapping[str, object] | None = None,
    *,
    defaults: bool = True,
    overwrite: bool = False,
) -> Path:
    """Render the template for ``languages`` into ``destination`` and return it.

    The short form of :func:`new_project` for a new project: see there.
    """
    return new_project(
        destination, languages, data, defaults=defaults, overwrite=overwrite
    ).destination


def new_project(
    destination: Path,
    languages: Sequence[str],
    data: Mapping[str, object] | None = None,
    *,
    defaults: bool = True,
    overwrite: bool = False,
    adopt: bool = False,
    ship_tool: bool = False,
) -> RenderResult:
    """Render the template for ``languages`` into ``destination``.

    ``data`` answers the template's questions (``project_name``, ``python_package`` …);
    questions it leaves out take their defaults when ``defaults`` is true and are asked
    interactively otherwise. A destination that holds files is refused unless
    ``overwrite`` (render over it, keeping the files the project owns) or ``adopt`` (add
    the kits to the existing repository under ``testingkit/``, never overwriting a file,
    and wire them into its manifests: see :mod:`tkit_scaffold.adopt`). ``ship_tool``
    writes a wheel of this tool into the render and points the rendered CI's install
    step at it. A refused answer, an unwritable destination or a render that would not
    parse raises :class:`ScaffoldError`.
    """
    chosen = _checked_languages(languages)
    answers = _checked_answers(data)
    answers["languages"] = chosen
    # A fresh clone holds only .git: nothing there can be overwritten.
    existing = [entry for entry in _existing_entries(destination) if entry != ".git"]
    if existing and not (overwrite or adopt):
        raise DestinationNotEmptyError(destination, existing)
    if answers.get("layout", "adopt" if adopt else "standalone") != (
        "adopt" if adopt else "standalone"
    ):
        raise ScaffoldError(
            "the layout follows from the call: adopt=True (`tkit new --into DIR`) adds the "
            "kits to an existing repository, without it a new project is rendered"
        )
    repository = None
    if adopt:
        from tkit_scaffold.adopt import inspect_repository

        repository = inspect_repository(destination, chosen)
        answers["layout"] = "adopt"
        answers.update(repository.answers(answers))
    prefix = f"{ADOPTION_FOLDER}/" if adopt else ""
    if ship_tool and "tkit_requirement" not in answers:
        from tkit_scaffold.toolwheel import wheel_name

        answers["tkit_requirement"] = f"./{prefix}tools/{wheel_name()}"
    with tempfile.TemporaryDirectory(prefix="tkit-render-") as scratch:
        staged = Path(scratch) / "render"
        _render_into(staged, answers, defaults=defaults, answers_file=prefix + ANSWERS_FILE)
        _record_source(staged / (prefix + ANSWERS_FILE))
        if ship_tool and str(answers["tkit_requirement"]).startswith(f"./{prefix}tools/"):
            from tkit_scaffold.toolwheel import build_tool_wheel

            build_tool_wheel(staged / prefix / "tools")
        _check_manifests(staged)
        notes: list[str] = []
        go_requirements: list[str] = []
        if repository is not None and "go" in chosen:
            from tkit_scaffold.adopt import fit_go_examples

            notes, go_requirements = fit_go_examples(repository, staged / prefix / "go")
        added, kept, overwritten = _copy_render(
            staged, destination, overwrite=overwrite and not adopt
        )
    edits: tuple[str, ...] = ()
    if repository is not None:
        from tkit_scaffold.adopt import wire_kits

        edits = tuple(wire_kits(repository, answers, go_requirements))
    return RenderResult(
        destination, tuple(added), tuple(kept), tuple(overwritten), edits, tuple(notes)
    )


def _checked_languages(languages: Sequence[str]) -> list[str]:
    if isinstance(languages, str):
        raise ScaffoldError(f"languages must be a list such as [{languages!r}], not a string")
    unknown = [language for language in languages if language not in LANGUAGES]
    if unknown:
        raise ScaffoldError(
            f"unknown language(s) {', '.join(map(repr, unknown))}: choose from "
            + ", ".join(LANGUAGES)
        )
    if not languages:
        raise ScaffoldError("choose at least one language: " + ", ".join(LANGUAGES))
    return [language for language in LANGUAGES if language in languages]


def _checked_answers(data: Mapping[str, object] | None) -> dict[str, object]:
    answers: dict[str, object] = dict(data or {})
    if "languages" in answers:
        raise ScaffoldError("pass the languages as the `languages` argument, not in `data`")
    known = question_names()
    unknown = sorted(key for key in answers if key not in known)
    if unknown:
        raise ScaffoldError(
            f"the template has no question {', '.join(map(repr, unknown))}; its questions "
            "are " + ", ".join(key for key in known if key != "languages")
        )
    return answers


def _existing_entries(destination: Path) -> list[str]:
    if not destination.exists():
        return []
    if not destination.is_dir():
        raise ScaffoldError(f"{destination} exists and is not a folder")
    try:
        return sorted(entry.name for entry in destination.iterdir())
    except OSError as error:
        raise ScaffoldError(f"cannot read {destination}: {error}") from error


def _render_into(
    staged: Path, answers: Mapping[str, object], *, defaults: bool, answers_file: str
) -> None:
    source = template_root()
    with tempfile.TemporaryDirectory(prefix="tkit-template-") as copy:
        if (source / ".git").exists():
            # A development checkout: render the files as they are on disk, as a plain
            # folder, so that Copier neither renders its newest tag nor records a commit
            # made up for uncommitted changes.
            plain = Path(copy) / "template-root"
            plain.mkdir()
            shutil.copy2(source / "copier.yml", plain / "copier.yml")
            shutil.copytree(
                source / "template", plain / "template", symlinks=True, ignore=_TEMPLATE_JUNK
            )
            source = plain
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DirtyLocalWarning)
                copier.run_copy(
                    str(source),
                    str(staged),
                    data=dict(answers),
                    defaults=defaults,
                    overwrite=True,
                    unsafe=False,
                    quiet=True,
                    answers_file=answers_file,
                )
        except ValueError as error:
            raise ScaffoldError(_refusal(error)) from error
        except (CopierError, jinja2.TemplateError, OSError) as error:
            raise ScaffoldError(f"cannot render the template: {error}") from error


def _refusal(error: ValueError) -> str:
    """Copier's "Validation error for question 'x': rule" as "question `x`: rule"."""
    match = next(filter(None, (pattern.search(str(error)) for pattern in _REFUSALS)), None)
    if match is None:
        return f"cannot render the template: {error}"
    rule = " ".join(match["rule"].split())
    return f"the answer to the question `{match['question']}` was refused: {rule}"


def _record_source(answers_path: Path) -> None:
    """Point the answers file at the canonical source and this version's release tag.

    Copier would record the scratch copy it rendered from, which is gone a moment later;
    ``copier update`` needs the source it can fetch again and a tag that exists there.
    """
    text = answers_path.read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    answers = yaml.safe_load(text) or {}
    recorded = {"_commit": template_tag(), "_src_path": template_source()}
    recorded.update({key: value for key, value in answers.items() if key not in recorded})
    body = yaml.safe_dump(recorded, default_flow_style=False, allow_unicode=True, sort_keys=False)
    answers_path.write_text(header + body, encoding="utf-8")


def _check_manifests(staged: Path) -> None:
    """Refuse a render whose TOML does not parse: a bug or an answer no validator caught,
    but never a render that exits 0 and breaks the first build."""
    for path in sorted(staged.rglob("*.toml")):
        if path.name not in _TOML_MANIFESTS:
            continue
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            relative = path.relative_to(staged).as_posix()
            raise ScaffoldError(
                f"the rendered {relative} is not valid TOML ({error}); nothing was written. "
                "Check the answers that go into it (names, author), or report it as a bug"
            ) from error


def _skip_patterns() -> pathspec.PathSpec[Any]:
    with (template_root() / "copier.yml").open(encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    patterns = [str(pattern) for pattern in config.get("_skip_if_exists", [])]
    return pathspec.PathSpec.from_lines("gitignore", patterns)


def _copy_render(
    staged: Path, destination: Path, *, overwrite: bool
) -> tuple[list[str], list[str], list[str]]:
    """Copy the staged files in; an existing file is kept unless ``overwrite`` (and then
    still kept when the template leaves it to the project)."""
    owned_by_project = _skip_patterns()
    added: list[str] = []
    kept: list[str] = []
    overwritten: list[str] = []
    for source in sorted(staged.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(staged).as_posix()
        target = destination / relative
        exists = target.exists() or target.is_symlink()
        if exists and (not overwrite or owned_by_project.match_file(relative)):
            kept.append(relative)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            replace_file(target, source.read_bytes(), stat.S_IMODE(source.stat().st_mode))
        except OSError as error:
            raise ScaffoldError(f"cannot write {target}: {error}") from error
        (overwritten if exists else added).append(relative)
    return added, kept, overwritten
