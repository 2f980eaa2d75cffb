"""Parity on a fresh render (vocabulary and scenarios), the mutations each check must
catch, the reports, and the comparison of conformance streams."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tkit_scaffold.cli import run_lint, run_tkit
from tkit_scaffold.model import Language
from tkit_scaffold.parity import check_parity, check_project, format_html, format_markdown
from tkit_scaffold.parity.api import load_api
from tkit_scaffold.parity.conformance import (
    Case,
    LanguageRun,
    Outcome,
    Status,
    compare,
    load_cases,
    load_known_gaps,
    read_stream,
)

Edit = Callable[[Path, str, str], None]


def _tkit(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_tkit(list(argv), out, err)
    return code, out.getvalue() + err.getvalue()


def _entry_count(root: Path) -> int:
    """The entries a language is counted on: each name of the vocabulary and each
    scenario of the parity groups."""
    return sum(len(section.rows) for section in check_parity(root, conformance=False).sections)


def test_fresh_render_has_full_vocabulary_and_scenario_parity(pristine: Path) -> None:
    report = check_parity(pristine, conformance=False)
    assert report.languages == (Language.PYTHON, Language.RUST, Language.GO)
    assert report.diagnostics == ()
    assert report.ok
    for language in report.languages:
        assert report.percentage(language) == 100.0
    vocabulary, scenarios = report.sections
    assert len(vocabulary.rows) == len(load_api().names)  # every name, no extras
    assert len(scenarios.rows) == 8


def test_fresh_render_parity_command_exits_zero(pristine: Path, tmp_path: Path) -> None:
    markdown, page = tmp_path / "parity.md", tmp_path / "parity.html"
    code, output = _tkit(
        "parity",
        str(pristine),
        "--no-conformance",
        "--markdown",
        str(markdown),
        "--html",
        str(page),
    )
    assert code == 0, output
    entries = _entry_count(pristine)
    assert f"python: {entries}/{entries} (100.0%)" in output
    assert "parity: 100% (no gaps)" in output
    assert "| `matcher has_len` | ✓ | ✓ | ✓ |" in markdown.read_text(encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    assert '<table class="matrix" id="vocabulary">' in html
    assert "http" not in html and "<script" not in html and "<link" not in html


def test_matcher_deleted_from_go_kit_is_named_by_tk501(project: Path, edit: Edit) -> None:
    matchers = project / "go" / "testingkit" / "matchers_strings.go"
    edit(matchers, "func IsBlank() Matcher {", "func isBlank() Matcher {")
    report = check_parity(project, conformance=False)
    assert [d.code for d in report.diagnostics] == ["TK501"]
    (finding,) = report.diagnostics
    assert finding.path == (project / "go/testingkit/matchers_strings.go").as_posix()
    assert finding.span.line == 1
    assert "go kit lacks the matcher `is_blank`" in finding.message
    assert "define it as `IsBlank` in go/testingkit/matchers_strings.go" in finding.message
    row = next(row for row in report.sections[0].rows if row.label == "matcher is_blank")
    assert [mark.value for _, mark in row.marks] == ["✓", "✓", "✗"]
    assert not report.ok
    code, output = _tkit("parity", str(project), "--no-conformance")
    assert code == 1
    entries = _entry_count(project)
    assert f"go: {entries - 1}/{entries}" in output


# The kit's folder in a render, and what a top-level definition of a name looks like there.
KIT_FOLDERS = {
    Language.PYTHON: ("python/src/testingkit", "*.py", r"^def {name}\("),
    Language.RUST: ("rust/src", "**/*.rs", r"^(pub fn {name}\b|macro_rules! {name}\b)"),
    Language.GO: ("go/testingkit", "*.go", r"^func {name}\("),
}


@pytest.mark.parametrize("language", list(Language), ids=str)
def test_each_entry_is_defined_in_its_home_module_only(pristine: Path, language: Language) -> None:
    folder, pattern, definition = KIT_FOLDERS[language]
    kit = pristine / folder
    sources = {
        path.relative_to(kit).as_posix(): path.read_text(encoding="utf-8")
        for path in kit.glob(pattern)
        if not path.name.endswith("_test.go")
    }
    for expected in load_api().names:
        name = re.escape(expected.spelling(language).removesuffix("!"))
        defining = sorted(
            module
            for module, text in sources.items()
            if re.search(definition.format(name=name), text, re.MULTILINE)
        )
        assert defining == [expected.home(language)], expected.entry.name


def _delete_definition(path: Path, first_line: str) -> None:
    """Delete the top-level definition that starts with ``first_line``, through the end
    of its body (its closing brace, or for Python the blank line after it)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(first_line))
    closing = "\n" if path.suffix == ".py" else "}\n"
    end = next(i for i in range(start, len(lines)) if lines[i] == closing)
    path.write_text("".join(lines[:start] + lines[end + 1 :]), encoding="utf-8")


# Deleting `has_len` from each kit: its definition from the group module, and its export
# from the kit's main file where the language exports through one.
HAS_LEN_DELETED = {
    Language.PYTHON: (
        "python/src/testingkit/matchers_length.py",
        "def has_len(",
        [
            ("python/src/testingkit/__init__.py", "    has_len,\n"),
            ("python/src/testingkit/__init__.py", '    "has_len",\n'),
        ],
        "define it as `has_len` in python/src/testingkit/matchers_length.py and re-export it "
        "from python/src/testingkit/__init__.py",
    ),
    Language.RUST: (
        "rust/src/matchers/length.rs",
        "pub fn has_len(",
        [("rust/src/lib.rs", " has_len,")],
        "define it as `has_len` in rust/src/matchers/length.rs and re-export it from "
        "rust/src/lib.rs",
    ),
    Language.GO: (
        "go/testingkit/matchers_length.go",
        "func HasLen(",
        [],
        "define it as `HasLen` in go/testingkit/matchers_length.go",
    ),
}


@pytest.mark.parametrize("language", list(Language), ids=str)
def test_matcher_deleted_from_its_group_module_is_reported_there(
    project: Path, edit: Edit, language: Language
) -> None:
    module, definition, exports, advice = HAS_LEN_DELETED[language]
    _delete_definition(project / module, definition)
    for exporting_file, export in exports:
        edit(project / exporting_file, export, "")
    (finding,) = check_project(project).diagnostics
    assert finding.code == "TK501"
    assert finding.path == (project / module).as_posix()
    assert finding.span.line == 1
    assert f"{language} kit lacks the matcher `has_len`" in finding.message
    assert advice in finding.message
    out, err = io.StringIO(), io.StringIO()
    code = run_lint([str(project), "--select", "TK501", "--format", "json", "--no-cache"], out, err)
    assert code == 1, err.getvalue()
    (reported,) = json.loads(out.getvalue())
    assert Path(reported["path"]).resolve() == (project / module).resolve()


def test_missing_name_whose_module_is_gone_is_reported_at_the_main_file(
    project: Path, edit: Edit
) -> None:
    package = project / "python" / "src" / "testingkit"
    edit(package / "__init__.py", '    "has_len",\n', "")
    (package / "matchers_length.py").unlink()
    (finding,) = check_project(project).diagnostics
    assert finding.path == (package / "__init__.py").as_posix()
    assert finding.message.endswith("of rules/api.toml: export it as `has_len`")


def test_undeclared_public_name_is_reported_where_it_is_declared(project: Path, edit: Edit) -> None:
    lib = project / "rust" / "src" / "lib.rs"
    edit(lib, "pub use mock::Mock;\n", "pub use mock::Mock;\n\npub fn debug_dump() {}\n")
    (finding,) = check_project(project).diagnostics
    assert finding.code == "TK501" and finding.path.endswith("rust/src/lib.rs")
    assert (
        lib.read_text(encoding="utf-8")
        .splitlines()[finding.span.line - 1]
        .startswith("pub fn debug_dump")
    )
    assert "`debug_dump` is public in the rust kit" in finding.message


def test_renamed_scenario_in_one_language_is_named_by_tk502(project: Path, edit: Edit) -> None:
    cart_test = project / "python" / "tests" / "test_cart.py"
    edit(
        cart_test,
        "def test_given_cart_when_discount_applied_then_total_is_reduced(",
        "def test_given_cart_when_discount_applied_then_total_is_lower(",
    )
    report = check_parity(project, conformance=False)
    findings = sorted((d.path.rsplit("/", 1)[-1], d.message) for d in report.diagnostics)
    assert [d.code for d in report.diagnostics] == ["TK502"] * 3
    assert findings[0][0] == "cart.rs" and findings[1][0] == "cart_test.go"
    assert "`given_cart_when_discount_applied_then_total_is_lower` is in python" in findings[0][1]
    assert findings[2][0] == "test_cart.py"
    assert "`given_cart_when_discount_applied_then_total_is_reduced`" in findings[2][1]
    assert (
        "add the test `test_given_cart_when_discount_applied_then_total_is_reduced`"
        in (findings[2][1])
    )


def test_parity_groups_and_kits_come_from_tkit_toml(project: Path) -> None:
    config = project / "tkit.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('go = "go/cart/cart_test.go"', 'go = "go/cart/gone_test.go"'))
    (finding,) = check_project(project).diagnostics
    assert finding.code == "TK502"
    assert "the go file go/cart/gone_test.go does not exist" in finding.message


def test_ignored_project_rules_do_not_run(project: Path, edit: Edit) -> None:
    edit(project / "go" / "testingkit" / "matchers_strings.go", "func IsBlank(", "func isBlank(")
    config = project / "tkit.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("ignore = []", 'ignore = ["TK501"]')
    )
    assert check_project(project).diagnostics == ()


def test_single_language_render_has_nothing_to_compare(tmp_path: Path) -> None:
    from tkit_scaffold.scaffold import render_project

    root = render_project(tmp_path / "go-only", ["go"], {"project_name": "Demo Shop"})
    report = check_parity(root, conformance=False)
    assert report.languages == (Language.GO,) and report.ok


# ---------------------------------------------------------------------------- conformance

CASES = (
    Case("eq-pass", "equality.json", True, None),
    Case("eq-fail", "equality.json", False, "expected: equal to 5\n  actual: 4"),
)
GOOD = (("eq-pass", Outcome(True, None)), ("eq-fail", Outcome(False, CASES[1].message)))


def _run(language: Language, outcomes: object, gaps: tuple[str, ...] = ()) -> LanguageRun:
    return LanguageRun(language, "runner", 0, outcomes, gaps, "")  # type: ignore[arg-type]


def test_conforming_streams_have_no_problems(tmp_path: Path) -> None:
    report = compare(CASES, [_run(Language.PYTHON, GOOD), _run(Language.GO, GOOD)], tmp_path)
    assert report.ok and report.first_difference is None


def test_changed_message_is_the_first_difference(tmp_path: Path) -> None:
    changed = (GOOD[0], ("eq-fail", Outcome(False, "expected: equal to 5\n  got: 4")))
    report = compare(CASES, [_run(Language.PYTHON, GOOD), _run(Language.GO, changed)], tmp_path)
    assert not report.ok
    assert report.first_difference is not None
    assert report.first_difference.startswith("go: case `eq-fail` (equality.json)")
    assert "got: 4" in report.first_difference and "python fails with" in report.first_difference
    assert report.cases[1].status(Language.GO) is Status.MISMATCH


def test_known_gap_is_allowed_and_a_stale_one_fails(tmp_path: Path) -> None:
    wrong = (("eq-pass", Outcome(False, "boom")), GOOD[1])
    allowed = compare(CASES, [_run(Language.RUST, wrong, ("eq-pass",))], tmp_path)
    assert allowed.ok and allowed.cases[0].status(Language.RUST) is Status.KNOWN_GAP
    stale = compare(CASES, [_run(Language.RUST, GOOD, ("eq-pass",))], tmp_path)
    assert not stale.ok
    assert "now conforms: remove it from the known gaps" in stale.problems[0]


def test_missing_outcomes_and_unknown_gaps_fail(tmp_path: Path) -> None:
    report = compare(CASES, [_run(Language.GO, GOOD[:1], ("no-such-case",))], tmp_path)
    assert any("`no-such-case`, which is not a case id" in p for p in report.problems)
    assert any("`eq-fail`" in p and "reported no outcome" in p for p in report.problems)


def test_streams_cases_and_gaps_are_read_from_files(pristine: Path, tmp_path: Path) -> None:
    cases = load_cases(pristine / "crosslang" / "cases")
    assert len(cases) >= 60 and len({case.case_id for case in cases}) == len(cases)
    stream = tmp_path / "go.jsonl"
    stream.write_text(
        json.dumps({"id": "a", "passed": False, "message": "m"}) + "\nnot json\n", "utf-8"
    )
    assert read_stream(stream) == (("a", Outcome(False, "m")),)
    (tmp_path / "go.txt").write_text("# comment\n\neq-fail  # why\n", encoding="utf-8")
    assert load_known_gaps(tmp_path, Language.GO) == ("eq-fail",)
    assert load_known_gaps(tmp_path, Language.RUST) == ()


def test_reports_render_every_section() -> None:
    from tkit_scaffold.parity.report import Mark, ParityReport, Row, Section

    row = Row("matcher eq", ((Language.PYTHON, Mark.YES), (Language.GO, Mark.NO)))
    report = ParityReport(
        Path(), (Language.PYTHON, Language.GO), (Section("vocabulary", (row,)),), (), None
    )
    assert report.percentage(Language.GO) == 0.0
    assert "| `matcher eq` | ✓ | ✗ |" in format_markdown(report)
    assert '<td class="no">✗</td>' in format_html(report)
