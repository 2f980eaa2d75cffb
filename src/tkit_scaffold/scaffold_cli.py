"""``tkit new``: flags in, one call of :func:`tkit_scaffold.scaffold.new_project`, a list
of what changed out. Errors are :class:`~tkit_scaffold.errors.TkitError`; the command
line prints them and exits 2."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tkit_scaffold.errors import UsageError

__all__ = ["add_new_command", "run_new"]

DESCRIPTION = """\
Render a TestingKit project from the template bundled with this tool (no network): kits
with one API in Rust, Python and Go, example suites, shared cases, CI and docs.

  tkit new shop --lang python,go       a new project in the folder shop/
  tkit new --into .                    add TestingKit to the repository here

With --into, the kits go under testingkit/ of an existing repository that has a
pyproject.toml, Cargo.toml or go.mod at its root (the languages default to those found),
and each is wired into that manifest: the Python kit's test dependencies and a
tests/conftest.py block, the Rust kit as a workspace member or path dev-dependency, the
Go kit as a package of the existing module. No existing file is overwritten; the command
lists what it added, kept and edited.

The answers file records the template's canonical source and this version's tag, so
`copier update` brings in later template versions. A new project gets a wheel of this
exact tool in tools/, which its CI installs.
"""


def add_new_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser(
        "new",
        help="render a TestingKit project, or add TestingKit to an existing repository",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit status: 0 rendered, 2 a refused answer, a folder that is not empty, "
        "or a file that cannot be written (nothing is written then).",
    )
    new.add_argument("destination", type=Path, nargs="?", help="folder of a new project (created)")
    new.add_argument(
        "--into",
        type=Path,
        metavar="DIR",
        help="add TestingKit to the existing repository at DIR instead",
    )
    new.add_argument(
        "--lang",
        help="comma-separated languages: any of rust, python, go (default: all three; with "
        "--into, those whose manifest is at the root)",
    )
    new.add_argument("--name", help="project name (default: from the folder's name)")
    new.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="answer a template question, e.g. --data license=Apache-2.0 "
        "(the questions are listed when a key is unknown)",
    )
    new.add_argument(
        "--no-examples",
        action="store_true",
        help="leave out the example suites (the cart scenarios); the kits' own suites stay",
    )
    new.add_argument(
        "--force",
        "--overwrite",
        dest="force",
        action="store_true",
        help="render a new project into a folder that is not empty, overwriting the "
        "template's files there (README.md, tkit.toml and the examples are kept)",
    )


def _answers(items: Sequence[str]) -> dict[str, object]:
    from tkit_scaffold.scaffold import question_names

    known = question_names()
    data: dict[str, object] = {}
    for item in items:
        key, separator, value = item.partition("=")
        key = key.strip()
        if not separator or not key:
            raise UsageError(f"--data {item!r}: write KEY=VALUE, e.g. license=MIT")
        if key == "languages":
            raise UsageError(
                f"--data {item!r}: choose the languages with --lang, e.g. --lang {value or 'rust'}"
            )
        if key == "layout":
            raise UsageError(
                f"--data {item!r}: to add TestingKit to an existing repository, run "
                "`tkit new --into DIR`; without --into a new project is rendered"
            )
        if key not in known:
            raise UsageError(
                f"--data {item!r}: the template has no question {key!r}; its questions are "
                + ", ".join(name for name in known if name != "languages")
            )
        data[key] = value
    return data


def _languages(value: str | None, into: Path | None) -> list[str]:
    if value is not None:
        return [part.strip() for part in value.split(",") if part.strip()]
    if into is None:
        return ["rust", "python", "go"]
    from tkit_scaffold.adopt import MANIFESTS, detected_languages

    found = detected_languages(into)
    if not found:
        raise UsageError(
            f"{into} has none of {', '.join(MANIFESTS.values())} at its root: adopting adds "
            "the kits to an existing project's build (for a new project, run `tkit new DIR`)"
        )
    return found


def _summary(paths: Sequence[str]) -> list[str]:
    """Folders with their file counts, files by name: a list a person can read."""
    folders = Counter(path.split("/", 1)[0] for path in paths if "/" in path)
    lines = [f"{folder}/ ({count} files)" for folder, count in sorted(folders.items())]
    return lines + sorted(path for path in paths if "/" not in path)


def run_new(args: argparse.Namespace, out: TextIO) -> int:
    from tkit_scaffold.scaffold import new_project

    if (args.destination is None) == (args.into is None):
        raise UsageError(
            "name the folder of a new project (`tkit new shop`) or the repository to add "
            "TestingKit to (`tkit new --into .`), one of the two"
        )
    target: Path = args.into if args.into is not None else args.destination
    data = _answers(args.data)
    folder = target.resolve().name.replace("-", " ").replace("_", " ").strip()
    name = args.name or (folder.title() if folder else "Demo Shop")
    data.setdefault("project_name", name)
    if args.no_examples:
        data["examples"] = False
    languages = _languages(args.lang, args.into)
    result = new_project(
        target,
        languages,
        data,
        overwrite=args.force,
        adopt=args.into is not None,
        ship_tool=True,
    )
    if args.into is not None:
        out.write(f"Added TestingKit for {', '.join(languages)} to {target}:\n")
    else:
        out.write(f"Rendered a TestingKit project for {', '.join(languages)} in {target}:\n")
    for title, paths in (("added", result.added), ("overwritten", result.overwritten)):
        if paths:
            out.write(f"  {title}: " + ", ".join(_summary(paths)) + "\n")
    if result.kept:
        out.write("  kept as they were (they existed already):\n")
        out.writelines(f"    {path}\n" for path in result.kept)
    if result.edits:
        out.write("  edited:\n")
        out.writelines(f"    {edit}\n" for edit in result.edits)
    if result.notes:
        out.write("  left out:\n")
        out.writelines(f"    {note}\n" for note in result.notes)
    docs = "testingkit/docs" if args.into is not None else "docs"
    out.write(f"Next: cd {target} && tkit-lint .  (and see {docs}/getting-started.md)\n")
    if args.into is not None:
        out.write(
            "Later template releases: copier update --answers-file testingkit/.copier-answers.yml\n"
        )
    return 0
