"""The engine through the library API: rule isolation, fixes, atomic writes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tkit_scaffold import Config, LintOptions, lint_paths, lint_source
from tkit_scaffold.config import LoadedConfig
from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit, Fix
from tkit_scaffold.engine import RuleSet, apply_edits, fix_text, write_atomically
from tkit_scaffold.model import Language, LineIndex, TestFile
from tkit_scaffold.registry import rule_classes, rule_infos
from tkit_scaffold.rules._base import Rule, RuleContext, Violation

BAD_PY = "def test_total():\n    total = 3\n    assert total == 3\n"


class CrashingRule(Rule):
    code = "TK999"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        raise ZeroDivisionError("boom")


class EverywhereRule(Rule):
    """Offers a fix that breaks the file, to prove such fixes are refused."""

    code = "TK998"

    def check(self, file: TestFile, context: RuleContext) -> Iterator[Violation]:
        span = LineIndex(file.source).span(0, 3)
        yield Violation(span, "x", Fix(Applicability.SAFE, (Edit(0, 3, "def ("),), "break"))


def test_every_rule_class_has_metadata_and_every_metadata_a_class() -> None:
    assert set(rule_classes()) == set(rule_infos())


def test_lint_source_reports_with_rule_names_and_positions() -> None:
    diagnostics = lint_source("test_total.py", BAD_PY)
    found = {(d.code, d.name, d.span.line) for d in diagnostics}
    assert ("TK301", "foreign-assertion", 3) in found
    assert ("TK101", "scenario-name-style", 1) in found
    assert all(d.language is Language.PYTHON and d.path == "test_total.py" for d in diagnostics)


def test_a_crashing_rule_is_reported_without_hiding_other_findings(tmp_path: Path) -> None:
    (tmp_path / "test_total.py").write_text(BAD_PY, encoding="utf-8")
    loaded = LoadedConfig(Config(), None, tmp_path)
    rules = RuleSet(loaded.config, tmp_path)
    rules.rules.append(CrashingRule())
    from tkit_scaffold.discovery import discover
    from tkit_scaffold.engine import lint_found_file

    (found,) = discover([tmp_path], loaded.config, tmp_path)
    result = lint_found_file(found, rules, LintOptions())
    assert any(d.code == "TK301" for d in result.diagnostics)
    assert len(result.errors) == 1
    assert result.errors[0].rule == "TK999"
    assert "ZeroDivisionError: boom" in result.errors[0].message


def diagnostic_with(*edits: Edit, safe: bool = True) -> Diagnostic:
    span = LineIndex("x").span(0, 0)
    applicability = Applicability.SAFE if safe else Applicability.UNSAFE
    return Diagnostic(
        "TK102", "n", "m", "p", Language.RUST, span, Fix(applicability, tuple(edits), "d")
    )


def test_overlapping_fixes_wait_for_the_next_pass() -> None:
    text, applied = apply_edits(
        "abcdef",
        [
            diagnostic_with(Edit(0, 2, "XY")),
            diagnostic_with(Edit(1, 3, "Q")),
            diagnostic_with(Edit(4, 5, "Z")),
        ],
        unsafe=False,
    )
    assert (text, applied) == ("XYcdZf", 2)


def test_unsafe_fixes_need_the_flag() -> None:
    unsafe = diagnostic_with(Edit(0, 1, "Z"), safe=False)
    assert apply_edits("abc", [unsafe], unsafe=False) == ("abc", 0)
    assert apply_edits("abc", [unsafe], unsafe=True) == ("Zbc", 1)


def test_a_fix_that_would_not_parse_is_refused() -> None:
    rules = RuleSet(Config())
    rules.rules = [EverywhereRule()]
    source = "def test_x():\n    pass\n"
    fixed, applied, _, _ = fix_text("test_x.py", source, rules, unsafe=False)
    assert (fixed, applied) == (source, 0)


def test_atomic_write_keeps_mode_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "f.py"
    path.write_bytes(b"\xef\xbb\xbfold\r\n")
    path.chmod(0o600)
    write_atomically(path, "new\r\n", bom=True)
    assert path.read_bytes() == b"\xef\xbb\xbfnew\r\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["f.py"]


def test_lint_paths_is_deterministic_across_jobs(tmp_path: Path) -> None:
    for index in range(30):
        (tmp_path / f"test_{index:02}.py").write_text(BAD_PY, encoding="utf-8")
    one = lint_paths([tmp_path], options=LintOptions(jobs=1))
    two = lint_paths([tmp_path], options=LintOptions(jobs=2))
    assert one.files_checked == two.files_checked == 30
    assert one.diagnostics == two.diagnostics


@pytest.mark.parametrize(
    "style, name, flagged",
    [
        ("given-when-then", "test_when_added_then_total_grows", False),
        ("given-when-then", "test_total_grows", True),
        ("should", "test_total_should_grow", False),
        ("none", "test_total_grows", False),
    ],
)
def test_naming_style_comes_from_config(style: str, name: str, flagged: bool) -> None:
    config = Config.from_table({"naming": {"style": style}, "select": ["TK101"]})
    source = f"def {name}():\n    pass\n"
    assert bool(lint_source("test_x.py", source, config)) is flagged


def _reference_apply(source: str, diagnostics: list[Diagnostic]) -> tuple[str, int]:
    """The obvious quadratic algorithm the engine's linear one must agree with."""
    taken: list[Edit] = []
    applied = 0
    for diagnostic in diagnostics:
        assert diagnostic.fix is not None
        edits = sorted(diagnostic.fix.edits, key=lambda edit: (edit.start, edit.end))
        clash = any(
            (edit.start < other.end and other.start < edit.end)
            or (edit.start == edit.end == other.start == other.end)
            for edit in edits
            for other in taken
        ) or any(first.end > second.start for first, second in itertools.pairwise(edits))
        if not clash:
            taken.extend(edits)
            applied += 1
    # From the end backwards; insertions at one point land in the order they were given.
    ordered = sorted(enumerate(taken), key=lambda item: (item[1].start, item[1].end, item[0]))
    for _, edit in reversed(ordered):
        source = source[: edit.start] + edit.replacement + source[edit.end :]
    return source, applied


edit_strategy = st.integers(0, 30).flatmap(
    lambda start: st.builds(
        Edit,
        st.just(start),
        st.integers(start, min(30, start + 6)),
        st.sampled_from(["", "X", "YY"]),
    )
)


@settings(max_examples=400, deadline=None)
@given(
    st.text("abcdef", min_size=30, max_size=30),
    st.lists(st.lists(edit_strategy, min_size=1, max_size=2), min_size=1, max_size=8),
)
def test_apply_edits_agrees_with_the_obvious_algorithm(
    source: str, fixes: list[list[Edit]]
) -> None:
    diagnostics = [diagnostic_with(*edits) for edits in fixes]
    assert apply_edits(source, diagnostics, unsafe=False) == _reference_apply(source, diagnostics)


def test_thousands_of_fixes_in_one_file_apply_in_linear_time() -> None:
    source = "fn test_x() {}\n" * 20_000
    diagnostics = [
        diagnostic_with(Edit(index * 15 + 3, index * 15 + 8, "")) for index in range(20_000)
    ]
    fixed, applied = apply_edits(source, diagnostics, unsafe=False)
    assert applied == 20_000
    assert fixed == "fn x() {}\n" * 20_000
