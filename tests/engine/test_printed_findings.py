"""Findings that come printed from the cache are byte for byte the ones the objects print.

A run in the text or GitHub format takes a cached file's findings as stored printed,
without rebuilding them; these tests compare that path with formatting the findings
themselves, on a synthetic suite in the three languages and on the rendered template.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tkit_scaffold.cache import ResultCache
from tkit_scaffold.config import Config, LoadedConfig
from tkit_scaffold.engine import LintOptions, LintReport, lint_paths
from tkit_scaffold.output import format_diagnostics
from tkit_scaffold.scaffold import render_project

FORMATS = ("text", "github")

SYNTHETIC = {
    "test_total.py": "def test_total():\n    total = 3\n    assert total == 3\n",
    "deep/er/test_ünï,code:%.py": (
        "import time\n\n\ndef test_straße():\n    time.sleep(1)\n    assert 1 == 1\n"
    ),
    "pkg/test_clean.py": ("def test_when_added_then_total_grows():\n    assert_that(1, eq(1))\n"),
    "go/cart_test.go": (
        'package cart\n\nimport (\n\t"testing"\n\t"time"\n)\n\n'
        "func TestTotal(t *testing.T) {\n\ttime.Sleep(1)\n\tif 1 != 2 {\n"
        '\t\tt.Errorf("différent")\n\t}\n}\n'
    ),
    "rust/cart.rs": (
        "#[cfg(test)]\nmod tests {\n    #[test]\n    fn total() {\n"
        "        assert_eq!(1 + 1, 2);\n    }\n}\n"
    ),
}


def write_suite(folder: Path) -> None:
    for relative, text in SYNTHETIC.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def printed_by_objects(paths: list[Path], root: Path, output_format: str) -> tuple[str, int, int]:
    report = lint_paths(paths, LoadedConfig(Config(), None, root), LintOptions(jobs=1))
    assert report.rendered is None
    fixable = sum(1 for diagnostic in report.diagnostics if diagnostic.fix is not None)
    text = format_diagnostics(report.diagnostics, output_format, colour=False)
    return text, len(report.diagnostics), fixable


def printed(report: LintReport) -> tuple[str | None, int, int]:
    return report.rendered, report.found, report.fixable


def run(paths: list[Path], root: Path, output_format: str, jobs: int = 1) -> LintReport:
    options = LintOptions(jobs=jobs, cache=True, render=output_format)
    return lint_paths(paths, LoadedConfig(Config(), None, root), options)


@pytest.mark.parametrize("output_format", FORMATS)
def test_cold_warm_and_one_changed_runs_print_what_the_findings_print(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    monkeypatch.setenv("TKIT_CACHE_DIR", str(tmp_path / "cache"))
    suite = tmp_path / "tests"
    write_suite(suite)
    expected = printed_by_objects([suite], tmp_path, output_format)
    assert expected[1] > 3 and expected[2] > 0  # findings, some of them fixable
    assert printed(run([suite], tmp_path, output_format)) == expected  # cold

    with monkeypatch.context() as patch:
        patch.setattr(ResultCache, "get", _refuse)
        assert printed(run([suite], tmp_path, output_format)) == expected  # warm

    changed = suite / "go" / "cart_test.go"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    expected = printed_by_objects([suite], tmp_path, output_format)
    assert printed(run([suite], tmp_path, output_format)) == expected  # one changed


def _refuse(self: ResultCache, key: str, suffix: str = ".json") -> None:
    raise AssertionError("a cached file's findings were rebuilt")


def test_a_run_in_another_format_prints_its_own_and_stores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TKIT_CACHE_DIR", str(tmp_path / "cache"))
    suite = tmp_path / "tests"
    write_suite(suite)
    run([suite], tmp_path, "text")
    # Only the text was stored: the GitHub run rebuilds the findings once, then stores it.
    expected = printed_by_objects([suite], tmp_path, "github")
    assert printed(run([suite], tmp_path, "github")) == expected
    with monkeypatch.context() as patch:
        patch.setattr(ResultCache, "get", _refuse)
        assert printed(run([suite], tmp_path, "github")) == expected
    assert len(list((tmp_path / "cache").glob("*/*.github"))) == len(SYNTHETIC)


def test_a_damaged_printed_entry_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TKIT_CACHE_DIR", str(tmp_path / "cache"))
    suite = tmp_path / "tests"
    write_suite(suite)
    expected = printed_by_objects([suite], tmp_path, "text")
    run([suite], tmp_path, "text")
    for entry in (tmp_path / "cache").glob("*/*.text"):
        entry.write_bytes(entry.read_bytes().replace(b"TK", b"XX"))
    assert printed(run([suite], tmp_path, "text")) == expected


@pytest.mark.parametrize("output_format", FORMATS)
def test_the_rendered_template_prints_the_same_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    monkeypatch.setenv("TKIT_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "project"
    render_project(project, ["rust", "python", "go"], {"project_name": "Demo Shop"})
    # The kits' own suites, with the synthetic files among them so there is something
    # to print; the project root itself is linted with the project rules (below).
    for language in ("python", "go", "rust"):
        write_suite(project / language / "extra")
    paths = [project / language for language in ("python", "go", "rust")]
    expected = printed_by_objects(paths, project, output_format)
    assert expected[1] > 0
    assert printed(run(paths, project, output_format, jobs=2)) == expected
    with monkeypatch.context() as patch:
        patch.setattr(ResultCache, "get", _refuse)
        assert printed(run(paths, project, output_format, jobs=2)) == expected
    shutil.rmtree(project / "go" / "extra")
    expected = printed_by_objects(paths, project, output_format)
    assert printed(run(paths, project, output_format)) == expected


def test_a_whole_project_comes_as_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project rules' findings are sorted in among the files': no printed shortcut."""
    monkeypatch.setenv("TKIT_CACHE_DIR", str(tmp_path / "cache"))
    write_suite(tmp_path / "tests")
    (tmp_path / "tkit.toml").write_text("", encoding="utf-8")
    for _ in range(2):
        report = lint_paths(
            [tmp_path],
            LoadedConfig(Config(), tmp_path / "tkit.toml", tmp_path),
            LintOptions(jobs=1, cache=True, render="text"),
        )
        assert report.rendered is None
        assert report.found == len(report.diagnostics) > 0
