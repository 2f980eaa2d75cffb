"""End to end over the three kits: render a Rust + Python + Go project, make one cart
scenario fail for real in Go (an expected value changed) and one flaky in Rust (it fails
only when the run sets an environment variable, as the first run does), run the three
suites twice with the result stream on and the same commit, the second time with
coverage, then run `tkit report` on both runs and check its exit status and summary, the
JUnit XML, the SQLite history, the coverage gate, and the HTML page in headless Chromium.

The expensive part (the six suite runs and the first report) happens once, in a
module-scoped fixture; each test checks one output. The languages run side by side.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests folder
import support_browser

from tkit_scaffold.scaffold import render_project

pytestmark = [pytest.mark.slow, pytest.mark.toolchain]

COMMIT = "e2e3000000000000000000000000000000000003"
LANGUAGES = ("rust", "python", "go")
FIRST_ATTEMPT = "DEMO_SHOP_FIRST_ATTEMPT"  # set in the first run only: the flaky test reads it

FAILING = "given_cart_when_discount_applied_then_total_is_reduced"  # fails in Go, both runs
FAILING_TEST = "TestGivenCartWhenDiscountAppliedThenTotalIsReduced"
FLAKY = "given_empty_cart_when_item_added_then_total_is_item_price"  # Rust: fails, then passes
CART_SCENARIOS = (
    "given_empty_cart_when_item_added_then_total_is_item_price",
    "given_cart_with_items_when_item_removed_then_item_is_gone",
    "given_cart_when_discount_applied_then_total_is_reduced",
    "given_empty_cart_when_checking_out_then_it_fails",
    "when_adding_zero_quantity_then_it_is_rejected",
    "given_cart_when_receipt_rendered_then_it_matches_golden",
    "given_any_items_when_added_then_total_is_sum_of_line_totals",
    "given_payment_mock_when_checking_out_then_gateway_is_charged_once",
)
GATE_PASSES = 50  # every kit's suite covers far more of its kit than this
# The matrix's cell colours in the page's CSS (RGB).
CELL_COLOURS = {
    "failed": (0xFF, 0xD7, 0xD5),
    "flaky": (0xFF, 0xF1, 0xC2),
    "passed": (0xDA, 0xFB, 0xE1),
}


# ------------------------------------------------------------------ toolchains


def _need(available: bool, reason: str) -> None:
    if available:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true: a missing toolchain is a failure")
    pytest.skip(reason)


def _has_llvm_cov() -> bool:
    """cargo-llvm-cov gives Rust coverage; without it (locally) Rust runs `cargo test`."""
    try:
        found = subprocess.run(
            ["cargo", "llvm-cov", "--version"], capture_output=True, timeout=60, check=False
        )
    except OSError:
        return False
    return found.returncode == 0


def _cargo_target() -> str:
    """The cargo target folder the parity tests share (tests/parity/conftest.py): kept
    between sessions so the kit's dependencies are compiled once; the environment's
    CARGO_TARGET_DIR wins."""
    if "CARGO_TARGET_DIR" in os.environ:
        return os.environ["CARGO_TARGET_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    target = Path(base) / "tkit-tests" / "cargo-target"
    target.mkdir(parents=True, exist_ok=True)
    return str(target)


# ------------------------------------------------------------------ the project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _break_the_cart(project: Path) -> None:
    """Go: the discount scenario expects 900 where the cart gives 899 (a real mismatch).
    Rust: the first-item scenario expects 251 while the first run's variable is set."""
    _edit(
        project / "go" / "cart" / "cart_test.go",
        "tk.AssertThat(t, c.Total(), tk.Eq(899))",
        "tk.AssertThat(t, c.Total(), tk.Eq(900))",
    )
    _edit(
        project / "rust" / "tests" / "cart.rs",
        "    assert_that!(cart.total(), eq(250));\n",
        f'    let wanted = if std::env::var_os("{FIRST_ATTEMPT}").is_some() {{ 251 }} '
        "else { 250 };\n    assert_that!(cart.total(), eq(wanted));\n",
    )


Commands = tuple[tuple[str, ...], ...]  # run one after the other; the first one's status counts


def _suites(coverage: Path | None, llvm_cov: bool, basetemp: Path) -> dict[str, Commands]:
    """Each language's commands for one run, in its folder; with coverage into ``coverage``."""
    python = sys.executable
    pytest_args = ("-q", "-p", "no:cacheprovider", f"--basetemp={basetemp}")
    if coverage is None:
        py: Commands = ((python, "-m", "pytest", *pytest_args),)
        go: tuple[str, ...] = ("go", "test", "-count=1", "./...")
    else:
        py = (
            (python, "-m", "coverage", "run", "--source=src", "-m", "pytest", *pytest_args),
            (python, "-m", "coverage", "json", "-o", str(coverage / "python.json")),
        )
        go = ("go", "test", "-count=1", f"-coverprofile={coverage / 'go.out'}", "./...")
    if not llvm_cov:
        rust: tuple[str, ...] = ("cargo", "test")
    elif coverage is None:
        rust = ("cargo", "llvm-cov", "--no-report")  # the same instrumented build as below
    else:
        rust = ("cargo", "llvm-cov", "--lcov", "--output-path", str(coverage / "rust.lcov"))
    return {"rust": (rust,), "python": py, "go": (go,)}


def _environment(run_dir: Path, extra: Mapping[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "TKIT_UPDATE_GOLDEN", "TKIT_REPORT_DIR", FIRST_ATTEMPT}
        and not key.startswith(("PYTEST_", "COVERAGE_"))
    }
    return {**env, "TKIT_REPORT_DIR": str(run_dir), "TKIT_COMMIT": COMMIT, **extra}


def _run_suite(
    folder: Path, commands: Commands, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    first: subprocess.CompletedProcess[str] | None = None
    for command in commands:
        done = subprocess.run(
            list(command), cwd=folder, env=dict(env), capture_output=True,
            text=True, timeout=1200, check=False,
        )  # fmt: skip
        first = first or done
    assert first is not None
    return first


def _run_all(project: Path, runs: Sequence[tuple[Path, Path | None]], llvm_cov: bool,
             scratch: Path) -> dict[tuple[str, int], subprocess.CompletedProcess[str]]:  # fmt: skip
    """Each language's runs in order, the three languages side by side."""
    shared = {"GOTOOLCHAIN": "local", "CARGO_TARGET_DIR": _cargo_target()}

    def one_language(language: str) -> list[subprocess.CompletedProcess[str]]:
        done = []
        for number, (run_dir, coverage) in enumerate(runs, start=1):
            commands = _suites(coverage, llvm_cov, scratch / f"pytest-{number}")[language]
            extra = {**shared, **({FIRST_ATTEMPT: "1"} if number == 1 else {})}
            done.append(_run_suite(project / language, commands, _environment(run_dir, extra)))
        return done

    with ThreadPoolExecutor(max_workers=len(LANGUAGES)) as pool:
        results = list(pool.map(one_language, LANGUAGES))
    return {
        (language, number): result
        for language, per_run in zip(LANGUAGES, results, strict=True)
        for number, result in enumerate(per_run, start=1)
    }


def _tkit_report(arguments: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`tkit report ...` through the `tkit` console script's own entry point."""
    entry = "import sys; from tkit_scaffold.cli import tkit_main; sys.exit(tkit_main())"
    return subprocess.run(
        [sys.executable, "-c", entry, "report", *arguments], cwd=cwd, capture_output=True,
        text=True, timeout=300, check=False,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class EndToEnd:
    project: Path
    runs: tuple[Path, Path]
    coverage: tuple[Path, ...]
    covered_languages: tuple[str, ...]
    out: Path
    history: Path
    report: subprocess.CompletedProcess[str]  # the first `tkit report`

    def command(self, *extra: str) -> list[str]:
        return _arguments(self.runs, self.history, *extra)


def _arguments(runs: Sequence[Path], history: Path, *extra: str) -> list[str]:
    return [*map(str, runs), "--history", str(history), *extra]


@pytest.fixture(scope="module")
def e2e(tmp_path_factory: pytest.TempPathFactory) -> EndToEnd:
    _need(shutil.which("cargo") is not None, "cargo is not on PATH")
    _need(shutil.which("go") is not None, "go is not on PATH")
    llvm_cov = _has_llvm_cov()
    if not llvm_cov and os.environ.get("CI", "").lower() == "true":
        pytest.fail("cargo-llvm-cov is not installed; CI=true: a missing toolchain is a failure")

    root = tmp_path_factory.mktemp("e2e3")
    # A crate name of its own: the broken cart is built in the Cargo target folder other
    # tests share, and Cargo tells builds of one package apart by name, not by folder.
    data = {"project_name": "Demo Shop", "rust_crate": "demo_shop_broken"}
    project = render_project(root / "shop", list(LANGUAGES), data)
    _break_the_cart(project)
    runs = (root / "results" / "run1", root / "results" / "run2")
    coverage_dir = root / "coverage"
    coverage_dir.mkdir()
    done = _run_all(project, [(runs[0], None), (runs[1], coverage_dir)], llvm_cov, root)

    def output(language: str, number: int) -> str:
        result = done[(language, number)]
        status = f"{language} run {number} exited {result.returncode}"
        return f"{status}\n{result.stdout}\n{result.stderr}"

    # The suites' own verdicts: the failures are the ones made above, nothing else.
    assert done[("python", 1)].returncode == 0, output("python", 1)
    assert done[("python", 2)].returncode == 0, output("python", 2)
    for number in (1, 2):
        assert done[("go", number)].returncode != 0, output("go", number)
        assert f"--- FAIL: {FAILING_TEST}" in done[("go", number)].stdout, output("go", number)
        assert done[("go", number)].stdout.count("--- FAIL:") == 1, output("go", number)
    assert done[("rust", 1)].returncode != 0, output("rust", 1)
    assert f"test {FLAKY} ... FAILED" in done[("rust", 1)].stdout, output("rust", 1)
    assert done[("rust", 2)].returncode == 0, output("rust", 2)
    for run_dir in runs:
        for language in LANGUAGES:
            assert list(run_dir.glob(f"{language}-*.jsonl")), f"no {language} stream in {run_dir}"

    covered = ("rust", "python", "go") if llvm_cov else ("python", "go")
    coverage = tuple(coverage_dir / name for name in ("rust.lcov", "python.json", "go.out")
                     if (coverage_dir / name).is_file())  # fmt: skip
    assert len(coverage) == len(covered), sorted(coverage_dir.iterdir())

    out = root / "out"
    history = root / "history.sqlite"
    report = _tkit_report(
        _arguments(
            runs, history,
            "--html", str(out / "report.html"), "--junit", str(out / "junit.xml"),
            "--summary-markdown", str(out / "summary.md"),
            "--coverage", *map(str, coverage), "--fail-under", str(GATE_PASSES),
        ),
        project,
    )  # fmt: skip
    return EndToEnd(project, runs, coverage, covered, out, history, report)


# ------------------------------------------------------------------ the checks


def test_given_a_real_failure_and_a_flaky_test_when_reported_then_it_fails_naming_both(
    e2e: EndToEnd,
) -> None:
    result = e2e.report
    assert result.returncode == 1, result.stdout + result.stderr
    text = result.stdout
    assert "Failures (1):" in text
    assert f"go cart/cart_test.go::{FAILING_TEST}: expected equal to 900, actual 899" in text
    assert "Flaky (1): failed, then passed in a rerun" in text
    assert f"rust tests/cart.rs::{FLAKY}" in text
    totals = {
        line.split()[0]: line
        for line in text.splitlines()
        if line.startswith("  ") and " passed, " in line
    }
    assert list(totals) == [*LANGUAGES, "total"]
    assert " 1 failed" in totals["go"] and " 0 failed" in totals["rust"]
    assert "1 flaky" in totals["rust"] and "flaky" not in totals["python"]
    assert "is under --fail-under" not in text  # the gate passes at GATE_PASSES
    assert text.rstrip().endswith("Result: FAILED")
    markdown = (e2e.out / "summary.md").read_text(encoding="utf-8")
    assert markdown.startswith("## Test report: ❌ failed")
    assert "### Failures (1)" in markdown and "### Flaky (1)" in markdown


def test_given_the_report_when_junit_is_parsed_then_each_language_is_a_suite_with_its_failure(
    e2e: EndToEnd,
) -> None:
    root = ET.parse(e2e.out / "junit.xml").getroot()
    suites = {suite.get("name") or "": suite for suite in root.iter("testsuite")}
    assert list(suites) == list(LANGUAGES)
    failed: dict[str, list[ET.Element]] = {}
    for language, suite in suites.items():
        cases = suite.findall("testcase")
        assert int(suite.get("tests") or -1) == len(cases) > 5, language
        failed[language] = [case for case in cases if case.find("failure") is not None]
        assert int(suite.get("failures") or -1) == len(failed[language]), language
    assert failed["rust"] == [] and failed["python"] == []
    [case] = failed["go"]
    assert (case.get("classname"), case.get("name")) == ("cart/cart_test.go", FAILING_TEST)
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "mismatch"
    body = failure.text or ""
    assert "expected: equal to 900\n  actual: 899" in body
    assert "then the total is reduced and rounded down to a cent" in body  # the step log
    [flaky] = [case for case in suites["rust"].iter("testcase") if case.get("name") == FLAKY]
    notes = flaky.findtext("system-out") or ""
    assert f"scenario: {FLAKY}" in notes and "flaky: failed in an earlier run" in notes


def test_given_two_runs_when_reported_twice_then_history_holds_them_once(e2e: EndToEnd) -> None:
    def stored() -> list[tuple[str, str]]:
        with sqlite3.connect(e2e.history) as db:
            rows = db.execute("SELECT label, commit_id FROM runs ORDER BY id").fetchall()
        return [(str(label), str(commit)) for label, commit in rows]

    assert stored() == [("run1", COMMIT), ("run2", COMMIT)]
    with sqlite3.connect(e2e.history) as db:
        flaky_history = db.execute(
            "SELECT runs.label, results.status, results.message FROM results "
            "JOIN runs ON runs.id = results.run_id WHERE results.language = 'rust' "
            "AND results.test = ? ORDER BY runs.id",
            (FLAKY,),
        ).fetchall()
    assert [(label, status) for label, status, _ in flaky_history] == [
        ("run1", "failed"),
        ("run2", "passed"),
    ]
    assert "equal to 251" in flaky_history[0][2]

    again = _tkit_report(e2e.command(), e2e.project)
    assert again.returncode == 1, again.stdout + again.stderr
    assert "(0 new run(s), 2 kept)" in again.stderr
    assert stored() == [("run1", COMMIT), ("run2", COMMIT)]
    assert "Failures (1):" in again.stdout and "Flaky (1)" in again.stdout  # nothing counted twice


def test_given_the_three_coverages_when_gated_at_100_then_each_language_is_named(
    e2e: EndToEnd,
) -> None:
    assert "Coverage: " in e2e.report.stdout
    for language in e2e.covered_languages:
        assert f"{language} " in e2e.report.stdout.split("Coverage: ", 1)[1].splitlines()[0]

    gated = _tkit_report(
        e2e.command("--coverage", *map(str, e2e.coverage), "--fail-under", "100"), e2e.project
    )
    assert gated.returncode == 1, gated.stdout + gated.stderr
    named = [
        line.split()[0]
        for line in gated.stdout.splitlines()
        if line.endswith("is under --fail-under 100")
    ]
    assert named == ["total", *e2e.covered_languages]


def test_given_the_html_page_when_opened_in_chromium_then_the_matrix_shows_each_language(
    e2e: EndToEnd,
) -> None:
    support_browser.chromium()
    page = e2e.out / "report.html"
    dom = support_browser.dump_dom(page)
    tables = support_browser.tables(dom)
    matrix = tables["matrix"]
    assert matrix[0] == ["scenario", *LANGUAGES]
    rows = {row[0]: row[1:] for row in matrix[1:]}
    assert rows[FAILING] == ["passed", "passed", "failed"]
    assert rows[FLAKY] == ["flaky", "passed", "passed"]
    for scenario in CART_SCENARIOS:
        if scenario not in (FAILING, FLAKY):
            assert rows[scenario] == ["passed", "passed", "passed"], scenario
    others = [
        cell for name, cells in rows.items() if name not in (FAILING, FLAKY) for cell in cells
    ]
    assert set(others) <= {"passed", "missing"}
    assert [row[:3] for row in tables["flaky"][1:]] == [["rust", "tests/cart.rs", FLAKY]]
    assert "equal to 251" in tables["flaky"][1][4]
    assert [row[0] for row in tables["totals"][1:]] == [*LANGUAGES, "total"]
    assert {row[0] for row in tables["coverage"][1:]} >= {*e2e.covered_languages, "total"}
    failures = dom.split('id="failures"', 1)[1].split("</section>", 1)[0]
    assert FAILING in failures and "equal to 900" in failures and "899" in failures

    shot = support_browser.screenshot(page, e2e.out / "report.png", 1200, 900)
    image = support_browser.check_png(shot, 1200, 900)
    colours = {value[:3] for value in image.values}
    for status, colour in CELL_COLOURS.items():  # the matrix sits in the first screen
        assert bytes(colour) in colours, f"no {status} cell colour in the screenshot"
