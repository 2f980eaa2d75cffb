"""How often tkit-lint is right on real test suites nobody here wrote.

Downloads pinned releases of well-known projects through the package registries (PyPI
source distributions, crates.io through ``cargo fetch``, Go modules through ``go mod
download``) into a cache outside the repository, lints each with ``--format json
--no-cache``, draws a fixed-seed random sample of up to 15 findings per rule and language,
and measures precision against the judgments committed in
``benchmarks/precision/judgments.toml`` (each finding judged by reading its source).

    python3 benchmarks/precision_audit.py             # fetch, lint, print the table
    python3 benchmarks/precision_audit.py --show      # also print unjudged findings with context
    python3 benchmarks/precision_audit.py --show-all  # every sampled finding with context
    python3 benchmarks/precision_audit.py --write-summary  # rewrite rules/precision.toml

Like ruff's ecosystem check, each run keeps its findings (``last-findings.json`` in the
cache) and the next run prints the difference: findings new since then and findings gone.
The sample is drawn per rule and language from the findings of the run, so a fix that
removes false positives brings other findings into the sample; they are listed as
unjudged until someone reads and judges them. A judgment's key is
``project/version/path:line:code``; versions are pinned, so keys stay stable.

The cache is ``$TKIT_AUDIT_DIR``, by default ``~/.cache/tkit-real``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
JUDGMENTS = HERE / "precision" / "judgments.toml"
SUMMARY = ROOT / "rules" / "precision.toml"
SAMPLE_SIZE = 15
SEED = 13
CONTEXT_LINES = 4


@dataclass(frozen=True)
class Project:
    language: str  # "python", "rust" or "go"
    name: str  # the registry's name
    version: str
    style: str  # why it is in the audit
    lint: str = "."  # what to lint, relative to the project's folder

    @property
    def label(self) -> str:
        return f"{self.name.rsplit('/', 1)[-1]}/{self.version}"


PROJECTS = (
    Project("python", "attrs", "25.3.0", "pytest-era suite, hypothesis, many classes", "tests"),
    Project("python", "pytest-mock", "3.14.0", "a pytest plugin tested with pytester", "tests"),
    Project("python", "simplejson", "3.20.1", "unittest-era TestCase suite", "simplejson/tests"),
    Project("python", "urllib3", "2.3.0", "requests-style library, pytest with helpers", "test"),
    Project("rust", "tokio", "1.43.0", "async tests, paused clocks, cfg twins, test macros"),
    Project("rust", "proptest", "1.6.0", "property tests, proptest! blocks, unit tests"),
    Project("rust", "semver", "1.0.26", "integration tests with their own assertion macros"),
    Project("rust", "similar-asserts", "1.7.0", "a crate of assertion macros"),
    Project("go", "github.com/onsi/gomega", "v1.36.2", "Ginkgo specs with Gomega matchers"),
    Project("go", "github.com/sirupsen/logrus", "v1.9.3", "testify in several import forms"),
    Project("go", "github.com/google/go-cmp", "v0.7.0", "plain testing with t.Errorf"),
)


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "tkit-real"
    root = Path(os.environ.get("TKIT_AUDIT_DIR", default))
    root.mkdir(parents=True, exist_ok=True)
    return root


def _run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


# ------------------------------------------------------------------------------ fetching


def fetch(project: Project) -> Path:
    """The project's source folder, downloaded once into the cache."""
    if project.language == "python":
        return _fetch_sdist(project)
    if project.language == "rust":
        return _fetch_crate(project)
    return _fetch_module(project)


def _fetch_sdist(project: Project) -> Path:
    target = cache_dir() / "audit" / "python" / f"{project.name}-{project.version}"
    if (target / ".complete").exists():
        return target
    downloads = cache_dir() / "py-sdists"
    downloads.mkdir(exist_ok=True)
    prefix = project.name.replace("-", "_")
    found = _sdists(downloads, project, prefix)
    if not found:
        _run(
            [
                sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                "--dest", str(downloads), f"{project.name}=={project.version}",
            ]
        )  # fmt: skip
        found = _sdists(downloads, project, prefix)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tarfile.open(found[0]) as archive:
        archive.extractall(target, filter="data")
    (inner,) = [path for path in target.iterdir() if path.is_dir()]
    for path in inner.iterdir():
        path.rename(target / path.name)
    inner.rmdir()
    (target / ".complete").touch()
    return target


def _sdists(folder: Path, project: Project, prefix: str) -> list[Path]:
    names = (f"{project.name}-{project.version}.tar.gz", f"{prefix}-{project.version}.tar.gz")
    return [folder / name for name in names if (folder / name).exists()]


def _fetch_crate(project: Project) -> Path:
    scratch = cache_dir() / "audit" / "rust-fetch"
    (scratch / "src").mkdir(parents=True, exist_ok=True)
    (scratch / "src" / "lib.rs").touch()
    crates = [item for item in PROJECTS if item.language == "rust"]
    dependencies = "\n".join(f'{item.name} = "={item.version}"' for item in crates)
    manifest = (
        '[package]\nname = "audit-fetch"\nversion = "0.0.0"\nedition = "2021"\n\n'
        f"[dependencies]\n{dependencies}\n"
    )
    manifest_path = scratch / "Cargo.toml"
    if not manifest_path.exists() or manifest_path.read_text(encoding="utf-8") != manifest:
        manifest_path.write_text(manifest, encoding="utf-8")
    metadata_file = scratch / "metadata.json"
    if not metadata_file.exists() or metadata_file.stat().st_mtime < manifest_path.stat().st_mtime:
        _run(["cargo", "fetch", "--quiet"], cwd=scratch)
        metadata_file.write_text(
            _run(["cargo", "metadata", "--format-version", "1", "--quiet"], cwd=scratch),
            encoding="utf-8",
        )
    metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
    for package in metadata["packages"]:
        if package["name"] == project.name and package["version"] == project.version:
            return Path(package["manifest_path"]).parent
    raise SystemExit(f"cargo did not fetch {project.name} {project.version}")


def _fetch_module(project: Project) -> Path:
    work = cache_dir() / "audit" / "go-fetch"
    work.mkdir(parents=True, exist_ok=True)
    if not (work / "go.mod").exists():
        _run(["go", "mod", "init", "audit.example/fetch"], cwd=work)
    info = json.loads(
        _run(["go", "mod", "download", "-json", f"{project.name}@{project.version}"], cwd=work)
    )
    return Path(info["Dir"])


# ------------------------------------------------------------------------------ findings


@dataclass(frozen=True)
class Finding:
    project: Project
    path: str  # relative to the project's folder
    line: int
    code: str
    message: str

    @property
    def key(self) -> str:
        return f"{self.project.label}/{self.path}:{self.line}:{self.code}"


def lint(project: Project, folder: Path) -> list[Finding]:
    completed = subprocess.run(
        [
            sys.executable, "-m", "tkit_scaffold", "--format", "json", "--no-cache",
            "--exit-zero", project.lint,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )  # fmt: skip
    if completed.returncode != 0:
        raise SystemExit(f"tkit-lint failed on {project.label}:\n{completed.stderr[-3000:]}")
    findings = []
    for item in json.loads(completed.stdout or "[]"):
        path = Path(str(item["path"]))
        relative = path.relative_to(folder) if path.is_absolute() else path
        findings.append(
            Finding(project, relative.as_posix(), int(item["line"]), item["code"], item["message"])
        )
    return findings


def sample(findings: Iterable[Finding]) -> dict[tuple[str, str], list[Finding]]:
    """Up to SAMPLE_SIZE findings per (rule, language), drawn with a fixed seed."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[(finding.code, finding.project.language)].append(finding)
    drawn = {}
    for group, members in sorted(groups.items()):
        members.sort(key=lambda finding: finding.key)
        rng = random.Random(f"{SEED}/{group[0]}/{group[1]}")
        chosen = members if len(members) <= SAMPLE_SIZE else rng.sample(members, SAMPLE_SIZE)
        drawn[group] = sorted(chosen, key=lambda finding: finding.key)
    return drawn


def context(folder: Path, finding: Finding) -> str:
    try:
        lines = (folder / finding.path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return "    (source unavailable)"
    low = max(finding.line - 1 - CONTEXT_LINES, 0)
    high = min(finding.line + CONTEXT_LINES, len(lines))
    return "\n".join(
        f"  {'>' if index + 1 == finding.line else ' '}{index + 1:5} {lines[index]}"
        for index in range(low, high)
    )


# ------------------------------------------------------------------------------ judgments


def load_judgments() -> dict[str, tuple[bool, str]]:
    if not JUDGMENTS.exists():
        return {}
    data = tomllib.loads(JUDGMENTS.read_text(encoding="utf-8"))
    judged = {}
    for entry in data.get("judgment", []):
        verdict = entry["verdict"]
        if verdict not in ("true-positive", "false-positive"):
            raise SystemExit(f"{JUDGMENTS}: {entry['key']}: bad verdict {verdict!r}")
        judged[entry["key"]] = (verdict == "true-positive", entry["reason"])
    return judged


@dataclass
class Row:
    code: str
    language: str
    found: int  # findings of this rule and language in the run
    sampled: int
    judged: int
    true_positives: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.judged if self.judged else None


def table(
    findings: list[Finding],
    drawn: dict[tuple[str, str], list[Finding]],
    judged: dict[str, tuple[bool, str]],
) -> list[Row]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for finding in findings:
        counts[(finding.code, finding.project.language)] += 1
    rows = []
    for (code, language), members in sorted(drawn.items()):
        verdicts = [judged[item.key][0] for item in members if item.key in judged]
        rows.append(
            Row(
                code, language, counts[(code, language)], len(members), len(verdicts), sum(verdicts)
            )
        )
    return rows


def print_table(rows: list[Row]) -> None:
    print("| rule | language | findings | sampled | judged | true | precision |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        precision = "—" if row.precision is None else f"{row.precision:.0%}"
        print(
            f"| {row.code} | {row.language} | {row.found} | {row.sampled} | {row.judged} "
            f"| {row.true_positives} | {precision} |"
        )


def write_summary(rows: list[Row]) -> None:
    """The table as data for the docs generator (docs/rules.md)."""
    projects: dict[str, list[str]] = defaultdict(list)
    for project in PROJECTS:
        projects[project.language].append(f"{project.name} {project.version}")
    lines = [
        "# Precision of each rule on real suites, measured by benchmarks/precision_audit.py.",
        "# Generated: rerun the audit with --write-summary, never edit by hand.",
        "",
        "[projects]",
        *(f"{language} = {json.dumps(names)}" for language, names in sorted(projects.items())),
        "",
    ]
    for row in rows:
        lines += [
            "[[rule]]",
            f'code = "{row.code}"',
            f'language = "{row.language}"',
            f"findings = {row.found}",
            f"judged = {row.judged}",
            f"true_positives = {row.true_positives}",
            "",
        ]
    SUMMARY.write_text("\n".join(lines), encoding="utf-8")


# ------------------------------------------------------------------------------ the run


def difference(findings: list[Finding]) -> None:
    """New and gone findings since the last run, as ruff's ecosystem check prints them."""
    last_file = cache_dir() / "audit" / "last-findings.json"
    current = {finding.key: finding.message for finding in findings}
    if last_file.exists():
        last: dict[str, str] = json.loads(last_file.read_text(encoding="utf-8"))
        new = sorted(set(current) - set(last))
        gone = sorted(set(last) - set(current))
        print(f"\nSince the last run: {len(new)} new, {len(gone)} gone")
        for key in new[:200]:
            print(f"  + {key}  {current[key]}")
        for key in gone[:200]:
            print(f"  - {key}  {last[key]}")
    last_file.parent.mkdir(parents=True, exist_ok=True)
    last_file.write_text(json.dumps(current, indent=0, sort_keys=True), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print unjudged sampled findings")
    parser.add_argument("--show-all", action="store_true", help="print every sampled finding")
    parser.add_argument("--write-summary", action="store_true", help="rewrite " + SUMMARY.name)
    parser.add_argument("--language", help="audit only this language")
    options = parser.parse_args(argv)
    projects = [p for p in PROJECTS if options.language in (None, p.language)]
    findings: list[Finding] = []
    folders: dict[str, Path] = {}
    for project in projects:
        folder = fetch(project)
        folders[project.label] = folder
        found = lint(project, folder)
        print(f"{project.label:28} {project.language:7} {len(found):6} findings  ({project.style})")
        findings.extend(found)
    judged = load_judgments()
    drawn = sample(findings)
    unjudged = 0
    for members in drawn.values():
        for finding in members:
            known = judged.get(finding.key)
            if not (options.show_all or (options.show and known is None)):
                unjudged += known is None
                continue
            unjudged += known is None
            verdict = "UNJUDGED" if known is None else ("TP" if known[0] else "FP") + f" {known[1]}"
            print(f"\n== {finding.key}  [{verdict}]\n   {finding.message}")
            print(context(folders[finding.project.label], finding))
    if not options.language:
        difference(findings)
    rows = table(findings, drawn, judged)
    print()
    print_table(rows)
    print(f"\n{unjudged} sampled findings are not judged yet (--show lists them)")
    if options.write_summary:
        write_summary(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
