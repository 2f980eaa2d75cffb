"""Migrate real projects to the kit with `tkit-lint --fix` and check that nothing broke.

Each project is downloaded from its language's registry (sdists from the package index,
crates from crates.io, modules from the Go module proxy), cached, copied, and wired to a
kit rendered from the bundled template: the Python kit on PYTHONPATH, the Rust kit as a
path dev-dependency, the Go kit as a package of the project's own module. Then:

1. the project's own tests run as shipped (the baseline), and its formatter is checked;
2. `tkit-lint --fix` (with `--unsafe-fixes` when asked) rewrites a copy;
3. the copy builds and the same tests pass (Rust tests renamed by TK102 are matched by
   their name without `test_`), the formatter finds nothing it did not find before, and a
   second `--fix` changes nothing;
4. a few seeded mutations of the code under test are run against both trees: each must
   fail the same tests before and after.

The test suite runs the safe migration of every project (tests/fixes/test_migration.py);
`python3 benchmarks/migration.py [--unsafe] [NAMES...]` prints the same report for the
unsafe one, which is not expected to keep everything.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import corpus

KIT_CRATE = "testingkit"
RENDER_DATA = {
    "project_name": "Migration Kit",
    "rust_crate": KIT_CRATE,
    "python_package": "migration_shop",
    "go_module": "example.com/migration",
}
_TIMEOUT = 1200


class Unavailable(Exception):
    """A project or toolchain could not be had (no network, no cargo, ...)."""


@dataclass(frozen=True)
class Mutation:
    """Replace ``old`` by ``new`` in one file of the code under test."""

    path: str
    old: str
    new: str


@dataclass(frozen=True)
class RealProject:
    name: str
    language: str  # "python", "rust" or "go"
    package: str  # registry name (Go: module path)
    version: str
    lint_paths: tuple[str, ...]  # what `tkit-lint --fix` is given, relative to the root
    mutations: tuple[Mutation, ...]
    style: str  # what kind of suite it is, for the report
    min_safe_fixes: int  # the safe run must do at least this much to mean anything
    python_path: str = "."  # Python: the folder holding the package
    go_test_flags: tuple[str, ...] = ()
    cargo_test_filters: tuple[str, ...] = ()  # after `--`: `--skip NAME` and the like


PROJECTS: tuple[RealProject, ...] = (
    RealProject(
        "six",
        "python",
        "six",
        "1.17.0",
        ("test_six.py",),
        (Mutation("six.py", 'return s.encode("latin-1")', 'return s.encode("utf-8")'),),
        "pytest, bare assert",
        50,
    ),
    RealProject(
        "cachetools",
        "python",
        "cachetools",
        "5.5.2",
        ("tests",),
        (
            Mutation(
                "src/cachetools/__init__.py",
                "self.__maxsize = maxsize",
                "self.__maxsize = maxsize + 1",
            ),
        ),
        "unittest TestCase, black-formatted",
        150,
        python_path="src",
    ),
    RealProject(
        "semver",
        "rust",
        "semver",
        "1.0.26",
        ("tests",),
        (
            Mutation(
                "src/impls.rs",
                "true => return Ordering::Greater,",
                "true => return Ordering::Less,",
            ),
        ),
        "assert_eq!-heavy, own types, `use crate::util::*` helpers",
        20,
    ),
    RealProject(
        "ryu",
        "rust",
        "ryu",
        "1.0.20",
        ("tests",),
        (
            Mutation(
                "src/common.rs", "if v >= 100000000 {\n        9", "if v >= 100000000 {\n        8"
            ),
        ),
        "assert_eq! on numbers, `use common::{…}` helper imports",
        50,
        # A million random round trips per test: minutes in a debug build.
        cargo_test_filters=("--skip", "random"),
    ),
    RealProject(
        "objx",
        "go",
        "github.com/stretchr/objx",
        "v0.5.2",
        (".",),
        (
            Mutation(
                "tests.go", "return !m.Get(selector).IsNil()", "return m.Get(selector).IsNil()"
            ),
        ),
        "testify assert and require",
        150,
    ),
    RealProject(
        "go-toml",
        "go",
        "github.com/pelletier/go-toml/v2",
        "v2.2.3",
        (".",),
        (Mutation("decode.go", "return r >= '0' && r <= '9'", "return r >= '0' && r <= '8'"),),
        "testify require and assert, table tests",
        150,
        go_test_flags=("-vet=off",),  # its own cli package fails Go 1.24's printf check
    ),
)


# ---------------------------------------------------------------------------- commands


def run(
    command: Sequence[str], cwd: Path, *, env: dict[str, str] | None = None, merged: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run a command; with ``merged``, its stderr goes into stdout, in order."""
    return subprocess.run(
        list(command),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merged else subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=_TIMEOUT,
        check=False,
    )


def checked(command: Sequence[str], cwd: Path) -> str:
    completed = run(command, cwd)
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({completed.returncode}) in {cwd}:\n"
            f"{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
        )
    return completed.stdout


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Unavailable(f"`{name}` is not installed")
    return found


# ---------------------------------------------------------------------------- fetching


def fetch(project: RealProject) -> Path:
    """The project's pristine source, downloaded once into the corpus cache."""
    root = corpus.cache_dir() / "migration"
    root.mkdir(parents=True, exist_ok=True)
    if project.language == "python":
        return _fetch_sdist(project, root)
    if project.language == "rust":
        return _fetch_crate(project, root)
    return _fetch_module(project, root)


def _fetch_sdist(project: RealProject, root: Path) -> Path:
    target = root / f"{project.package}-{project.version}"
    if (target / ".complete").exists():
        return target
    downloads = root / "sdists"
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
    spec = f"{project.package}=={project.version}"
    completed = run([*pip, "--no-deps", "--no-binary", ":all:", "-d", str(downloads), spec], root)
    archives = sorted(downloads.glob(f"{project.package}-{project.version}.tar.gz"))
    if completed.returncode != 0 or not archives:
        raise Unavailable(f"cannot download {spec}: {completed.stderr[-1000:]}")
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(archives[0]) as archive:
        archive.extractall(root, filter="data")
    (target / ".complete").touch()
    return target


def _fetch_crate(project: RealProject, root: Path) -> Path:
    cargo = tool("cargo")
    scratch = root / "crates"
    (scratch / "src").mkdir(parents=True, exist_ok=True)
    (scratch / "src" / "lib.rs").touch()
    dependencies = "\n".join(
        f'{p.package} = "={p.version}"' for p in PROJECTS if p.language == "rust"
    )
    manifest = (
        '[package]\nname = "migration-fetch"\nversion = "0.0.0"\nedition = "2021"\n'
        f"\n[dependencies]\n{dependencies}\n"
    )
    if not (scratch / "Cargo.toml").exists() or (scratch / "Cargo.toml").read_text() != manifest:
        (scratch / "Cargo.toml").write_text(manifest)
    completed = run([cargo, "metadata", "--format-version", "1"], scratch)
    if completed.returncode != 0:
        raise Unavailable(f"cannot fetch {project.package}: {completed.stderr[-1000:]}")
    for package in json.loads(completed.stdout)["packages"]:
        if package["name"] == project.package and package["version"] == project.version:
            return Path(package["manifest_path"]).parent
    raise Unavailable(f"cargo metadata does not list {project.package} {project.version}")


def _fetch_module(project: RealProject, root: Path) -> Path:
    go = tool("go")
    spec = f"{project.package}@{project.version}"
    completed = run([go, "mod", "download", "-json", spec], root, env={"GOFLAGS": "-mod=mod"})
    if completed.returncode != 0:
        raise Unavailable(f"cannot download {spec}: {completed.stdout[-1000:]}")
    return Path(json.loads(completed.stdout)["Dir"])


# ---------------------------------------------------------------------------- wiring


def wire(project: RealProject, source: Path, destination: Path, kit: Path) -> Path:
    """A writable copy of the project that can use the rendered kit."""
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns("target", ".complete"))
    for path in [destination, *destination.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)  # Go's module cache is read-only
    if project.language == "rust":
        with (destination / "Cargo.toml").open("a", encoding="utf-8") as manifest:
            manifest.write(f'\n[dev-dependencies.{KIT_CRATE}]\npath = "{kit / "rust"}"\n')
    elif project.language == "go":
        package = destination / "testingkit"
        package.mkdir()
        for file in (kit / "go" / "testingkit").glob("*.go"):
            if not file.name.endswith("_test.go"):
                shutil.copy(file, package / file.name)
        # The kit needs Go 1.24 (the projects say an older minimum).
        checked([tool("go"), "mod", "edit", "-go=1.24"], destination)
    return destination


# ---------------------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class Outcome:
    passed: frozenset[str]
    failed: frozenset[str]
    built: bool
    log: str = ""


def _unprefixed(name: str) -> str:
    """A Rust test's name without the `test_` that TK102 drops."""
    head, _, last = name.rpartition("::")
    last = last.removeprefix("test_")
    return f"{head}::{last}" if head else last


def run_tests(project: RealProject, root: Path, env: dict[str, str]) -> Outcome:
    if project.language == "python":
        return _pytest(project, root, env)
    if project.language == "rust":
        return _cargo_test(root, env, project.cargo_test_filters)
    return _go_test(project, root)


def _pytest(project: RealProject, root: Path, env: dict[str, str]) -> Outcome:
    paths = list(project.lint_paths)
    command = [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", *paths]
    completed = run(command, root, env=env)
    log = completed.stdout + completed.stderr
    passed = set(re.findall(r"^PASSED (\S+)", completed.stdout, re.MULTILINE))
    failed = set(re.findall(r"^(?:FAILED|ERROR) (\S+)", completed.stdout, re.MULTILINE))
    return Outcome(frozenset(passed), frozenset(failed), completed.returncode in (0, 1), log)


def _cargo_test(root: Path, env: dict[str, str], filters: tuple[str, ...]) -> Outcome:
    cargo = tool("cargo")
    command = [cargo, "test", "--tests", "--no-fail-fast", "--", "--test-threads=2", *filters]
    # cargo names each test binary on stderr and libtest lists its tests on stdout: read
    # both in order to tell the binaries' tests apart.
    completed = run(command, root, env=env, merged=True)
    log = completed.stdout
    passed: set[str] = set()
    failed: set[str] = set()
    target = ""
    for line in log.splitlines():
        running = re.match(r"\s*Running (\S+)", line)
        if running:
            target = Path(running.group(1)).stem
            continue
        result = re.match(r"test (\S+) \.\.\. (ok|FAILED)", line)
        if result:
            name = f"{target}::{_unprefixed(result.group(1))}"
            (passed if result.group(2) == "ok" else failed).add(name)
    built = "error: could not compile" not in log
    return Outcome(frozenset(passed), frozenset(failed), built, log)


def _go_test(project: RealProject, root: Path) -> Outcome:
    command = [tool("go"), "test", *project.go_test_flags, "-json", "./..."]
    completed = run(command, root)
    passed: set[str] = set()
    failed: set[str] = set()
    built = True
    for line in completed.stdout.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if event.get("Action") == "build-fail" or "[build failed]" in event.get("Output", ""):
            built = False
        name = event.get("Test")
        if not name:
            continue
        key = f"{event['Package']}.{name}"
        if event["Action"] == "pass":
            passed.add(key)
        elif event["Action"] == "fail":
            failed.add(key)
    return Outcome(frozenset(passed), frozenset(failed), built, completed.stderr[-3000:])


# ---------------------------------------------------------------------------- formatting


def format_problems(project: RealProject, root: Path) -> frozenset[str]:
    """What the project's formatter and import sorter would change, file by file."""
    if project.language == "python":
        ruff = [sys.executable, "-m", "ruff"]
        files = sorted(
            str(path.relative_to(root))
            for name in project.lint_paths
            for path in ([root / name] if name.endswith(".py") else (root / name).rglob("*.py"))
        )
        problems = set()
        formatted = run([*ruff, "format", "--check", *files], root)
        problems |= {
            f"format {m}" for m in re.findall(r"^Would reformat: (\S+)", formatted.stdout, re.M)
        }
        isort = run([*ruff, "check", "--select", "I", "--output-format", "concise", *files], root)
        counts: dict[str, int] = {}
        for path in re.findall(r"^(\S+?):\d+:\d+: I001", isort.stdout, re.MULTILINE):
            counts[path] = counts.get(path, 0) + 1
        problems |= {f"isort {path} x{count}" for path, count in counts.items()}
        return frozenset(problems)
    if project.language == "rust":
        completed = run([tool("cargo"), "fmt", "--check"], root)
        files = re.findall(r"^Diff in (\S+?)(?::\d+)?:?$", completed.stdout, re.MULTILINE)
        return frozenset(f"rustfmt {Path(f).name}" for f in files) | (
            frozenset({"rustfmt"}) if completed.returncode and not files else frozenset()
        )
    completed = run([tool("gofmt"), "-l", "."], root)
    return frozenset(f"gofmt {line}" for line in completed.stdout.split())


# ---------------------------------------------------------------------------- migrating


@dataclass
class Report:
    project: RealProject
    fixes: int = 0
    files_changed: int = 0
    baseline: Outcome | None = None
    after: Outcome | None = None
    format_before: frozenset[str] = frozenset()
    format_after: frozenset[str] = frozenset()
    second_run_changed: bool = False
    mutations: list[tuple[Mutation, frozenset[str], frozenset[str]]] = field(default_factory=list)
    remaining: dict[str, int] = field(default_factory=dict)
    findings_before: dict[str, int] = field(default_factory=dict)
    findings_after: dict[str, int] = field(default_factory=dict)

    @property
    def new_findings(self) -> dict[str, int]:
        """Findings of TK302-TK305 the fixes added."""
        return {
            code: count - self.findings_before.get(code, 0)
            for code, count in self.findings_after.items()
            if count > self.findings_before.get(code, 0)
        }

    @property
    def same_tests(self) -> bool:
        assert self.baseline is not None and self.after is not None
        return (self.baseline.passed, self.baseline.failed) == (
            self.after.passed,
            self.after.failed,
        )

    @property
    def new_format_problems(self) -> frozenset[str]:
        return self.format_after - self.format_before

    def summary(self) -> str:
        assert self.baseline is not None and self.after is not None
        caught = sum(1 for _, before, after in self.mutations if before and before == after)
        return (
            f"{self.project.name} ({self.project.language}, {self.project.style}): "
            f"{self.fixes} fixes in {self.files_changed} files; builds: {self.after.built}; "
            f"tests passing {len(self.baseline.passed)} -> {len(self.after.passed)}, "
            f"same: {self.same_tests}; new formatter findings: "
            f"{sorted(self.new_format_problems) or 'none'}; new TK302-TK305 findings: "
            f"{self.new_findings or 'none'}; second --fix changed: "
            f"{self.second_run_changed}; mutations caught the same: "
            f"{caught}/{len(self.mutations)}; left unfixed: {self.remaining}"
        )


def render_kit(folder: Path) -> Path:
    from tkit_scaffold.scaffold import render_project

    return render_project(folder, ["rust", "python", "go"], dict(RENDER_DATA))


def _environment(project: RealProject, root: Path, kit: Path, target: Path) -> dict[str, str]:
    if project.language == "python":
        paths = [str(root / project.python_path), str(kit / "python" / "src")]
        return {"PYTHONPATH": os.pathsep.join(paths), "PYTHONDONTWRITEBYTECODE": "1"}
    if project.language == "rust":
        return {"CARGO_TARGET_DIR": str(target), "CARGO_TERM_COLOR": "never"}
    return {}


def _snapshot(root: Path, project: RealProject) -> dict[str, bytes]:
    suffix = {"python": ".py", "rust": ".rs", "go": ".go"}[project.language]
    return {
        str(path.relative_to(root)): path.read_bytes()
        for name in project.lint_paths
        for path in (
            [root / name] if (root / name).is_file() else (root / name).rglob(f"*{suffix}")
        )
    }


def _tkit_lint(root: Path, project: RealProject, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tkit_scaffold", "--no-cache", *extra, *project.lint_paths]
    completed = run(command, root)
    if completed.returncode not in (0, 1):
        raise RuntimeError(
            f"tkit-lint failed in {root}:\n{completed.stdout[-2000:]}{completed.stderr[-2000:]}"
        )
    return completed


# Rules whose findings a fix could leave behind (TK302's wrong order after a conversion,
# TK303's `eq(true)`, ...): the migration must not add any.
FIXABLE_RULES = "TK302,TK303,TK304,TK305"


def _counts(root: Path, project: RealProject, codes: str) -> dict[str, int]:
    listed = _tkit_lint(root, project, "--select", codes, "--format", "json")
    counts: dict[str, int] = {}
    for finding in json.loads(listed.stdout or "[]"):
        counts[finding["code"]] = counts.get(finding["code"], 0) + 1
    return counts


def migrate(
    project: RealProject,
    workspace: Path,
    kit: Path,
    cargo_target: Path,
    *,
    unsafe: bool = False,
    on_step: Callable[[str], None] = lambda step: None,
) -> Report:
    """Migrate one project in ``workspace`` and report what happened."""
    report = Report(project)
    source = fetch(project)
    original = wire(project, source, workspace / f"{project.name}-original", kit)
    fixed = workspace / f"{project.name}-fixed"
    env_original = _environment(project, original, kit, cargo_target)
    on_step("baseline")
    report.baseline = run_tests(project, original, env_original)
    if not report.baseline.built or not report.baseline.passed:
        raise RuntimeError(
            f"{project.name} does not pass as shipped:\n{report.baseline.log[-3000:]}"
        )
    report.format_before = format_problems(project, original)
    report.findings_before = _counts(original, project, FIXABLE_RULES)

    shutil.copytree(original, fixed, symlinks=True)
    env_fixed = _environment(project, fixed, kit, cargo_target)
    before = _snapshot(fixed, project)
    on_step("fix")
    flags = ("--fix", "--unsafe-fixes") if unsafe else ("--fix",)
    first = _tkit_lint(fixed, project, *flags)
    applied = re.search(r"Fixed (\d+) problem\(s\) in (\d+) file", first.stderr + first.stdout)
    report.fixes = int(applied.group(1)) if applied else 0
    after = _snapshot(fixed, project)
    report.files_changed = sum(1 for path, data in after.items() if before.get(path) != data)
    on_step("tests after")
    report.after = run_tests(project, fixed, env_fixed)
    report.format_after = format_problems(project, fixed)
    report.findings_after = _counts(fixed, project, FIXABLE_RULES)
    second = _tkit_lint(fixed, project, *flags)
    report.second_run_changed = "Fixed" in second.stderr or _snapshot(fixed, project) != after
    report.remaining = _counts(fixed, project, "TK102,TK301")

    for mutation in project.mutations:
        on_step(f"mutation {mutation.path}")
        failing = []
        for root, env in ((original, env_original), (fixed, env_fixed)):
            path = root / mutation.path
            text = path.read_text(encoding="utf-8")
            if mutation.old not in text:
                raise RuntimeError(f"{project.name}: the mutation's text is not in {mutation.path}")
            path.write_text(text.replace(mutation.old, mutation.new, 1), encoding="utf-8")
            try:
                outcome = run_tests(project, root, env)
            finally:
                path.write_text(text, encoding="utf-8")
            failing.append(outcome.failed if outcome.built else frozenset({"<build failed>"}))
        report.mutations.append((mutation, failing[0], failing[1]))
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="projects to migrate (default: all)")
    parser.add_argument("--unsafe", action="store_true", help="also apply unsafe fixes")
    parser.add_argument("--keep", type=Path, help="migrate in this folder and keep it")
    args = parser.parse_args(argv)
    chosen = [p for p in PROJECTS if not args.names or p.name in args.names]
    import tempfile

    workspace = args.keep or Path(tempfile.mkdtemp(prefix="tkit-migration-"))
    workspace.mkdir(parents=True, exist_ok=True)
    kit = render_kit(workspace / "kit")
    target = corpus.cache_dir() / "migration" / "cargo-target"
    for project in chosen:
        try:
            report = migrate(project, workspace, kit, target, unsafe=args.unsafe)
        except (Unavailable, RuntimeError) as error:
            print(f"{project.name}: not migrated: {error}")
            continue
        print(report.summary(), flush=True)
        if report.after is not None and not report.same_tests:
            lost = (
                sorted(report.baseline.passed - report.after.passed)[:10] if report.baseline else []
            )
            print(f"  passing before, not after: {lost}")
    if args.keep is None:
        shutil.rmtree(workspace, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
