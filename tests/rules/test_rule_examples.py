"""Every example in ``rules/TK*.toml`` runs through the real pipeline (frontend, rules,
suppressions): invalid examples report exactly their ``lines``, valid ones nothing, and
an example's ``fixed`` text is what the rule's safe fixes produce, to the byte."""

from __future__ import annotations

import itertools
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tkit_scaffold.config import Config
from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit
from tkit_scaffold.engine import lint_source
from tkit_scaffold.frontends import parse_file
from tkit_scaffold.model import FrontendOptions
from tkit_scaffold.parity import check_project, project_rule_classes
from tkit_scaffold.registry import rule_classes
from tkit_scaffold.rules._base import RuleContext
from tkit_scaffold.vocabulary import load_vocabulary

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
DEFAULT_FILENAMES = {
    "python": "test_example.py",
    "rust": "tests/example.rs",
    "go": "example_test.go",
}
# Suppressions of rules that are not selected are never reported as unused, so TK001's
# examples need every rule on; so do TK000's, which no rule selection should hide.
RUN_WITH_EVERY_RULE = frozenset({"TK000", "TK001"})


def _examples() -> list[Any]:
    params = []
    for path in sorted(RULES_DIR.glob("TK*.toml")):
        meta = tomllib.loads(path.read_text(encoding="utf-8"))
        counters: dict[tuple[str, bool], int] = {}
        for example in meta.get("examples", []):
            key = (example["language"], example["valid"])
            index = counters[key] = counters.get(key, -1) + 1
            kind = "valid" if example["valid"] else "invalid"
            example_id = f"{meta['code']}-{example['language']}-{kind}-{index}"
            params.append(pytest.param(meta["code"], example, id=example_id))
    return params


def _lint_project(code: str, example: dict[str, Any], source: str) -> list[Diagnostic]:
    """A project rule's example is a small project: its own file plus ``files``; only
    what is reported in its own file counts."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        written = [*example.get("files", []), {"path": example["filename"], "source": source}]
        for file in written:
            (root / file["path"]).parent.mkdir(parents=True, exist_ok=True)
            (root / file["path"]).write_text(file["source"], encoding="utf-8")
        result = check_project(root, Config(select=(code,)))
        assert result.errors == ()
        own = (root / example["filename"]).as_posix()
        return [d for d in result.diagnostics if d.code == code and d.path == own]


def _lint(code: str, example: dict[str, Any], source: str) -> list[Diagnostic]:
    if code in project_rule_classes():
        return _lint_project(code, example, source)
    filename = example.get("filename") or DEFAULT_FILENAMES[example["language"]]
    config = Config() if code in RUN_WITH_EVERY_RULE else Config(select=(code,))
    return [d for d in lint_source(filename, source, config) if d.code == code]


def _apply_safe_fixes(source: str, diagnostics: list[Diagnostic], unsafe: bool = False) -> str:
    """The source after the examples' fixes: the safe ones, and the unsafe ones too when
    the example says `unsafe_fixes = true`."""
    edits: list[Edit] = []
    for diagnostic in diagnostics:
        if diagnostic.fix is not None and (
            unsafe or diagnostic.fix.applicability is Applicability.SAFE
        ):
            edits.extend(diagnostic.fix.edits)
    edits.sort(key=lambda edit: (edit.start, edit.end))
    for before, after in itertools.pairwise(edits):
        assert before.end <= after.start, f"overlapping edits: {before} and {after}"
    for edit in reversed(edits):
        source = source[: edit.start] + edit.replacement + source[edit.end :]
    return source


@pytest.mark.parametrize(("code", "example"), _examples())
def test_example_reports_exactly_its_lines(code: str, example: dict[str, Any]) -> None:
    diagnostics = _lint(code, example, example["source"])
    expected = [] if example["valid"] else sorted(example["lines"])
    found = sorted({d.span.line for d in diagnostics})
    assert found == expected, "\n".join(f"{d.span.line}: {d.message}" for d in diagnostics)


@pytest.mark.parametrize(
    ("code", "example"),
    [param for param in _examples() if "fixed" in param.values[1]],
)
def test_example_fix_gives_the_fixed_source(code: str, example: dict[str, Any]) -> None:
    diagnostics = _lint(code, example, example["source"])
    unsafe = example.get("unsafe_fixes", False)
    assert _apply_safe_fixes(example["source"], diagnostics, unsafe) == example["fixed"]


@pytest.mark.parametrize(("code", "example"), _examples())
def test_rules_do_not_crash_on_cut_off_examples(code: str, example: dict[str, Any]) -> None:
    # A file being edited is often cut off mid-statement: frontends return what they could
    # read, and no rule may trip over a half-filled model.
    filename = example.get("filename") or DEFAULT_FILENAMES[example["language"]]
    source: str = example["source"]
    vocabulary = load_vocabulary()
    for cut in range(len(source) // 7, len(source) + 1, max(1, len(source) // 7)):
        file = parse_file(filename, source[:cut], FrontendOptions())
        for style in ("given-when-then", "should", "none"):
            context = RuleContext(style, vocabulary)
            for rule_class in rule_classes().values():
                if file.language in rule_class.languages:
                    for violation in rule_class().check(file, context):
                        assert 0 <= violation.span.start <= violation.span.end <= cut
