"""Generated docs stay in step with rules/: the README table, docs/rules.md and the
template's vocabulary table."""

from __future__ import annotations

from pathlib import Path

from tkit_scaffold.docs import (
    TABLE_END,
    TABLE_START,
    VOCABULARY_END,
    VOCABULARY_START,
    plan_with_table,
    readme_with_table,
    rules_reference,
)

ROOT = Path(__file__).resolve().parent.parent


def test_readme_rule_table_is_generated_from_rules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert TABLE_START in readme and TABLE_END in readme
    assert readme == readme_with_table(readme), "run `python -m tkit_scaffold.docs`"


def test_rule_reference_is_generated_from_rules() -> None:
    reference = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert reference == rules_reference(), "run `python -m tkit_scaffold.docs`"


def test_readme_opens_with_the_two_quickstart_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "tkit new" in block[0] and "tkit-lint" in block[0]
    assert block[1].endswith("python3 -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert block[1] in ci


def test_template_plan_vocabulary_table_is_generated_from_api_toml() -> None:
    plan = (ROOT / "template" / "PLAN.md.jinja").read_text(encoding="utf-8")
    assert VOCABULARY_START in plan and VOCABULARY_END in plan
    assert plan == plan_with_table(plan), "run `python -m tkit_scaffold.docs`"
    assert "| matcher | `not` | `not(matcher)` | `not_(matcher)` | `tk.Not(matcher)` |" in plan
