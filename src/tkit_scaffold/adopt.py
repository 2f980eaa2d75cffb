"""Add TestingKit to a repository that exists already (``tkit new --into DIR``).

The template's adoption layout puts the kits under ``testingkit/`` and writes nothing at
the root but ``tkit.toml``; Copier, which only adds files, cannot make a kit part of the
repository's own build. This module does that, each language the way its ecosystem
expects, and keeps the user's manifests as they were written (tomlkit keeps their
formatting and comments; ``go get`` edits ``go.mod``):

- Python (``pyproject.toml``): the kit's own dependencies (``hypothesis``, ``pytest``)
  become test dependencies of the project, in the group it already has (a
  ``[dependency-groups]`` group or a ``[project.optional-dependencies]`` extra named
  test/tests/testing/dev) or a new ``[dependency-groups] test``; ``tests/conftest.py``
  puts the kit's source folder on the import path and registers its pytest plugin (a
  conftest of the project's own gets a block appended, its hooks untouched).
- Rust (``Cargo.toml``): a workspace gets ``testingkit/rust`` as a member and as a
  ``[workspace.dependencies]`` entry; a crate gets it as a path dev-dependency.
- Go (``go.mod``): the kit is a package of the existing module (no second ``go.mod``);
  its requirements are added with ``go get`` (which adds their checksums and only the
  upgrades the module graph demands), and the module keeps its ``go`` directive: an
  example file importing a module that needs a newer Go is left out, and said so.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import tomlkit
import tomlkit.items
from tomlkit.exceptions import TOMLKitError

from tkit_scaffold.errors import ScaffoldError
from tkit_scaffold.resources import template_root
from tkit_scaffold.source import NotWritten, replace_file, write_atomically

__all__ = ["MANIFESTS", "Repository", "inspect_repository", "wire_kits"]

KIT = "testingkit"
MANIFESTS: Mapping[str, str] = {"python": "pyproject.toml", "rust": "Cargo.toml", "go": "go.mod"}
PYTHON_TEST_REQUIREMENTS = ("hypothesis>=6.100", "pytest>=8")
_TEST_GROUPS = ("test", "tests", "testing", "dev")
CONFTEST_MARKER = "# TestingKit (added by `tkit new --into`)"
CONFTEST_BLOCK = f'''
{CONFTEST_MARKER}: the kit's source folder on the import path and its
# pytest plugin registered, without installing the kit.
import sys as _tkit_sys  # noqa: E402
from pathlib import Path as _TkitPath  # noqa: E402

import pytest as _tkit_pytest  # noqa: E402

_tkit_sys.path.insert(
    0, str(_TkitPath(__file__).resolve().parents[1] / "{KIT}" / "python" / "src")
)


@_tkit_pytest.hookimpl(specname="pytest_configure")
def pytest_configure_testingkit(config: _tkit_pytest.Config) -> None:
    from testingkit.plugin import ensure_registered

    ensure_registered(config)
'''


@dataclass(frozen=True)
class Repository:
    """An existing repository's root and what its manifests say."""

    root: Path
    languages: tuple[str, ...]
    go_module: str | None = None
    go_directive: str | None = None
    cargo_workspace: bool = False
    cargo_package: bool = False

    def answers(self, given: Mapping[str, object]) -> dict[str, object]:
        """Template answers that follow from the repository (the user's win)."""
        answers: dict[str, object] = {}
        if self.go_module is not None and "go_module" not in given:
            answers["go_module"] = f"{self.go_module}/{KIT}/go"
        return answers


def inspect_repository(root: Path, languages: Sequence[str]) -> Repository:
    """Read the manifests at ``root`` for ``languages``; refuse a language without one."""
    if not root.is_dir():
        raise ScaffoldError(
            f"{root}: no such folder; `--into` adds TestingKit to an existing repository "
            "(to make a new project, run `tkit new DIR`)"
        )
    missing = [language for language in languages if not (root / MANIFESTS[language]).is_file()]
    if missing:
        raise ScaffoldError(
            "adopting needs each language's manifest at the repository's root; "
            + ", ".join(f"{language} has no {MANIFESTS[language]}" for language in missing)
            + f" in {root} (choose the languages with --lang, e.g. --lang "
            + ",".join(detected_languages(root) or ["python"])
            + ")"
        )
    ours = root / KIT
    if ours.exists() and not (ours / ".copier-answers.yml").is_file():
        raise ScaffoldError(
            f"{ours} exists and was not made by TestingKit (it has no .copier-answers.yml); "
            "adopting puts the kits there, so move or rename it first"
        )
    if "python" in languages:
        _read_toml(root / "pyproject.toml")  # a manifest it cannot edit stops it before a write
    go_module = go_directive = None
    if "go" in languages:
        go_module, go_directive = _go_mod(root)
    workspace = package = False
    if "rust" in languages:
        cargo = _read_toml(root / "Cargo.toml")
        workspace, package = "workspace" in cargo, "package" in cargo
    return Repository(root, tuple(languages), go_module, go_directive, workspace, package)


def detected_languages(root: Path) -> list[str]:
    """The languages whose manifest is at ``root``, in the template's order."""
    return [language for language, name in MANIFESTS.items() if (root / name).is_file()]


def wire_kits(
    repository: Repository, answers: Mapping[str, object], go_requirements: Sequence[str] = ()
) -> list[str]:
    """Make the rendered kits part of the repository's build; return what was edited.
    ``go_requirements`` come from :func:`fit_go_examples`."""
    edits: list[str] = []
    if "python" in repository.languages:
        edits += _wire_python(repository.root)
    if "rust" in repository.languages:
        edits += _wire_rust(repository, str(answers.get("rust_crate") or KIT))
    if "go" in repository.languages:
        edits += _wire_go(repository.root, go_requirements)
    return edits


# ------------------------------------------------------------------------------ Python


def _wire_python(root: Path) -> list[str]:
    edits: list[str] = []
    path = root / "pyproject.toml"
    document = _read_toml(path)
    group, requirements = _test_requirements(document)
    present = {_requirement_name(str(item)) for item in requirements}
    new = [item for item in PYTHON_TEST_REQUIREMENTS if _requirement_name(item) not in present]
    for requirement in new:
        requirements.append(requirement)
    if new:
        _write_toml(path, document)
        edits.append(f"pyproject.toml: {', '.join(new)} added to {group}")
    tests = next((root / name for name in ("tests", "test") if (root / name).is_dir()), None)
    conftest = (tests or root / "tests") / "conftest.py"
    if conftest.is_file():
        text = conftest.read_text(encoding="utf-8")
        if CONFTEST_MARKER not in text:
            separator = "" if text.endswith("\n") or not text else "\n"
            _write_text(conftest, text + separator + CONFTEST_BLOCK)
            edits.append(f"{_relative(conftest, root)}: the kit's import path and plugin added")
    else:
        _write_text(conftest, f'"""Shared pytest setup."""\n{CONFTEST_BLOCK}')
        edits.append(f"{_relative(conftest, root)}: created, with the kit's import path and plugin")
    return edits


def _test_requirements(document: tomlkit.TOMLDocument) -> tuple[str, tomlkit.items.Array]:
    """The list the kit's requirements go into: a test group the project has, else a new
    ``[dependency-groups] test`` (PEP 735)."""
    groups = document.get("dependency-groups")
    if groups is not None:
        for name in _TEST_GROUPS:
            if isinstance(groups.get(name), list):
                return f"[dependency-groups] {name}", groups[name]
    extras = document.get("project", {}).get("optional-dependencies")
    if extras is not None:
        for name in _TEST_GROUPS:
            if isinstance(extras.get(name), list):
                return f"[project.optional-dependencies] {name}", extras[name]
    if groups is None:
        groups = tomlkit.table()
        document["dependency-groups"] = groups
    array = tomlkit.array()
    array.multiline(True)
    groups["test"] = array
    return "[dependency-groups] test (new)", groups["test"]


def _requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", match[1]).lower() if match else requirement


# -------------------------------------------------------------------------------- Rust


def _wire_rust(repository: Repository, crate: str) -> list[str]:
    path = repository.root / "Cargo.toml"
    document = _read_toml(path)
    member = f"{KIT}/rust"
    edits: list[str] = []
    if repository.cargo_workspace:
        workspace = document["workspace"]
        members = workspace.setdefault("members", tomlkit.array())
        if not any(fnmatch.fnmatchcase(member, str(pattern)) for pattern in members):
            members.append(member)
            edits.append(f'Cargo.toml: "{member}" added to [workspace] members')
        dependencies = workspace.setdefault("dependencies", tomlkit.table())
        if crate not in dependencies:
            dependencies[crate] = _path_dependency(member)
            edits.append(f'Cargo.toml: [workspace.dependencies] {crate} = {{ path = "{member}" }}')
    if repository.cargo_package:
        dev = document.setdefault("dev-dependencies", tomlkit.table())
        if crate not in dev:
            dev[crate] = _path_dependency(member)
            edits.append(f'Cargo.toml: [dev-dependencies] {crate} = {{ path = "{member}" }}')
    if edits:
        _write_toml(path, document)
    return edits


def _path_dependency(member: str) -> tomlkit.items.InlineTable:
    table = tomlkit.inline_table()
    table["path"] = member
    return table


# ---------------------------------------------------------------------------------- Go


def _go(root: Path, *args: str) -> str:
    go = shutil.which("go")
    if go is None:
        raise ScaffoldError("adopting into a Go module needs the `go` command on PATH")
    completed = subprocess.run(
        [go, *args], cwd=root, capture_output=True, text=True, check=False, timeout=300
    )
    if completed.returncode != 0:
        raise ScaffoldError(f"`go {' '.join(args)}` in {root} failed: {completed.stderr.strip()}")
    return completed.stdout


def _go_mod(root: Path) -> tuple[str, str | None]:
    described = json.loads(_go(root, "mod", "edit", "-json"))
    return str(described["Module"]["Path"]), described.get("Go")


def _go_version(text: str | None) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text or "0")[:3])


def _template_go_requires() -> list[tuple[str, str]]:
    """The kit's direct requirements, from the bundled template's go.mod."""
    for folder in (template_root() / "template").iterdir():
        manifest = folder / "go.mod.jinja"
        if folder.is_dir() and manifest.is_file():
            lines = manifest.read_text(encoding="utf-8").splitlines()
            found = (
                re.match(r"\s*(?:require\s+)?([a-z0-9][^\s]*\.[^\s]+) (v\S+)\s*$", line)
                for line in lines
            )
            return [(match[1], match[2]) for match in found if match]
    raise ScaffoldError("the bundled template has no go.mod")  # pragma: no cover


def fit_go_examples(repository: Repository, staged_go: Path) -> tuple[list[str], list[str]]:
    """Keep the module's ``go`` directive: leave out the example files that import a
    module needing a newer Go (the Ginkgo examples need go 1.23), and return notes and
    the requirements (``path@version``) the remaining files need."""
    directive = _go_version(repository.go_directive)
    notes: list[str] = []
    requirements: list[str] = []
    for module, version in _template_go_requires():
        importers = [
            path
            for path in sorted(staged_go.rglob("*.go"))
            if re.search(rf'"{re.escape(module)}(/[^"]*)?"', path.read_text(encoding="utf-8"))
        ]
        if not importers:
            continue
        described = json.loads(
            _go(repository.root, "mod", "download", "-json", f"{module}@{version}")
        )
        go_mod = Path(described["GoMod"]).read_text(encoding="utf-8")
        needed = re.search(r"^go (\S+)", go_mod, re.M)
        if needed is None or _go_version(needed[1]) <= directive:
            requirements.append(f"{module}@{version}")
            continue
        names = [f"{KIT}/{path.relative_to(staged_go.parent).as_posix()}" for path in importers]
        if any(not name.endswith("_test.go") for name in names):
            raise ScaffoldError(
                f"the Go kit needs {module}, which needs go {needed[1]}; go.mod says go "
                f"{repository.go_directive}: raise it (go mod edit -go={needed[1]}) and run again"
            )
        for path in importers:
            path.unlink()
        notes.append(
            f"{', '.join(names)}: they import {module}, which needs go {needed[1]} "
            f"(go.mod says go {repository.go_directive}; raise it and run again to have them)"
        )
    return notes, requirements


def _wire_go(root: Path, requirements: Sequence[str]) -> list[str]:
    before = json.loads(_go(root, "mod", "edit", "-json"))
    versions = {item["Path"]: item["Version"] for item in before.get("Require") or []}
    wanted = [item for item in requirements if item.split("@")[0] not in versions]
    if not wanted:
        return []
    sums = root / "go.sum"
    old_sums = sums.read_bytes() if sums.is_file() else b""
    # `go get` adds what the kit needs and only that: its indirect requirements, their
    # checksums, an upgrade where the module graph demands one.
    _go(root, "get", *wanted)
    after = json.loads(_go(root, "mod", "edit", "-json"))
    edits = [f"go.mod: require {item.replace('@', ' ')} (go get)" for item in wanted]
    for item in after.get("Require") or []:
        old = versions.get(item["Path"])
        if old is not None and old != item["Version"]:
            edits.append(f"go.mod: {item['Path']} {old} -> {item['Version']} (needed by the kit)")
    if before.get("Go") != after.get("Go"):
        edits.append(f"go.mod: go {before.get('Go')} -> {after.get('Go')} (needed by the kit)")
    if sums.is_file() and sums.read_bytes() != old_sums:
        edits.append("go.sum: the checksums of the kit's requirements added")
    return edits


# ------------------------------------------------------------------------------ files


def _read_toml(path: Path) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, TOMLKitError) as error:
        raise ScaffoldError(f"cannot read {path}: {error}") from error


def _write_toml(path: Path, document: tomlkit.TOMLDocument) -> None:
    _write_text(path, tomlkit.dumps(document))


def _write_text(path: Path, text: str) -> None:
    """Write atomically: an existing file through its link, with its permissions (and
    never one with several hard links); a new one with the usual permissions."""
    try:
        if path.exists():
            write_atomically(path, text, bom=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(path, text.encode("utf-8"), 0o644)
    except NotWritten as refused:
        raise ScaffoldError(f"{path}: {refused}") from None
    except OSError as error:
        raise ScaffoldError(f"cannot write {path}: {error}") from error


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
