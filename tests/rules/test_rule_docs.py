"""The rule metadata in ``rules/TK*.toml`` is complete and agrees with the rule classes
and with the public table of rule codes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tkit_scaffold.model import Language
from tkit_scaffold.parity import project_rule_classes
from tkit_scaffold.registry import rule_classes

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
METADATA_FILES = sorted(RULES_DIR.glob("TK*.toml"))

# The public contract: codes never change meaning once released (product spec).
PUBLIC_CODES = {
    "TK000": "parse-error",
    "TK001": "unused-suppression",
    "TK101": "scenario-name-style",
    "TK102": "redundant-test-prefix",
    "TK103": "duplicate-scenario",
    "TK201": "assertion-free-test",
    "TK202": "missing-then",
    "TK203": "step-order",
    "TK204": "assertion-before-then",
    "TK205": "empty-step-description",
    "TK301": "foreign-assertion",
    "TK302": "expected-actual-order",
    "TK303": "bool-literal-matcher",
    "TK304": "len-in-actual",
    "TK305": "comparison-in-actual",
    "TK306": "constant-assertion",
    "TK307": "float-equality",
    "TK308": "broad-raises",
    "TK401": "sleep-in-test",
    "TK402": "skip-without-reason",
    "TK403": "focused-test",
    "TK501": "api-parity",
    "TK502": "scenario-parity",
}
# Convention rules and the engine's own two; parity rules (TK5xx) live elsewhere.
REQUIRED_CODES = sorted(code for code in PUBLIC_CODES if code < "TK500")

TOP_LEVEL_KEYS = {"code", "name", "summary", "languages", "fix", "docs", "examples"}
DOC_SECTIONS = ("what_it_does", "why_is_this_bad", "example", "use_instead")
# `files`: the other files of the project, for project rules (TK5xx) whose examples span
# several files.
EXAMPLE_KEYS = {
    *("language", "valid", "filename", "source", "lines", "fixed", "unsafe_fixes"),
    "files",
}
KEBAB_CASE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _metadata_ids() -> list[str]:
    return [path.stem for path in METADATA_FILES]


@pytest.fixture(params=METADATA_FILES, ids=_metadata_ids())
def meta(request: pytest.FixtureRequest) -> tuple[Path, dict[str, Any]]:
    path: Path = request.param
    return path, _load(path)


def test_every_public_convention_code_has_metadata() -> None:
    assert sorted(set(REQUIRED_CODES) - set(_metadata_ids())) == []


def test_every_rule_class_has_metadata_and_every_metadata_file_a_class() -> None:
    classes = set(rule_classes()) | set(project_rule_classes())
    files = set(_metadata_ids())
    assert sorted(classes - files) == [], "rule classes without rules/<CODE>.toml"
    assert sorted(files - classes) == [], "rules/<CODE>.toml without a rule class"


def test_metadata_has_the_required_keys_and_no_others(meta: tuple[Path, dict[str, Any]]) -> None:
    path, data = meta
    assert set(data) - TOP_LEVEL_KEYS == set(), "unknown keys"
    assert TOP_LEVEL_KEYS - set(data) == set(), "missing keys"
    assert data["code"] == path.stem
    assert KEBAB_CASE.match(data["name"]), data["name"]
    assert PUBLIC_CODES.get(data["code"]) == data["name"], "name differs from the public table"
    summary = data["summary"]
    assert summary.strip() == summary and "\n" not in summary and summary
    assert not summary.endswith("."), "a summary has no trailing period"
    assert data["fix"] in ("safe", "unsafe", "none")


def test_metadata_documents_every_section(meta: tuple[Path, dict[str, Any]]) -> None:
    _, data = meta
    docs = data["docs"]
    required = [*DOC_SECTIONS, *(["fix_safety"] if data["fix"] != "none" else [])]
    assert set(docs) <= {*DOC_SECTIONS, "fix_safety"}, "unknown docs sections"
    for section in required:
        assert str(docs.get(section, "")).strip(), f"docs.{section} is missing or empty"


def test_languages_match_the_rule_class(meta: tuple[Path, dict[str, Any]]) -> None:
    _, data = meta
    languages = data["languages"]
    assert languages and len(set(languages)) == len(languages)
    assert {Language(language) for language in languages} == set(
        {**rule_classes(), **project_rule_classes()}[data["code"]].languages
    )


def test_every_language_has_a_valid_and_an_invalid_example(
    meta: tuple[Path, dict[str, Any]],
) -> None:
    _, data = meta
    examples = data["examples"]
    for example in examples:
        assert set(example) - EXAMPLE_KEYS == set(), f"unknown example keys in {example}"
        assert example["language"] in data["languages"], "example in a language not listed"
        assert example["source"].endswith("\n")
        if example["valid"]:
            assert "lines" not in example and "fixed" not in example
        else:
            assert example["lines"] and all(line >= 1 for line in example["lines"])
        if "fixed" in example:
            assert data["fix"] != "none", "a `fixed` text for a rule without fixes"
    kinds = {(example["language"], example["valid"]) for example in examples}
    for language in data["languages"]:
        assert (language, True) in kinds, f"no valid {language} example"
        assert (language, False) in kinds, f"no invalid {language} example"


def test_fixable_rules_show_a_fix_in_an_example() -> None:
    fixable = [data for data in map(_load, METADATA_FILES) if data["fix"] != "none"]
    assert fixable, "some rules offer fixes"
    for data in fixable:
        assert any(
            "fixed" in example and example["fixed"] != example["source"]
            for example in data["examples"]
        ), f"{data['code']} offers a fix but no example shows it"
