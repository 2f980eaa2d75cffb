"""Files the project owns after the first render are never overwritten by the template."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import yaml

from tkit_scaffold.scaffold import LANGUAGES, render_project

RenderFn = Callable[[Sequence[str]], Path]

REPO_ROOT = Path(__file__).resolve().parents[2]

USER_FILES = {
    "README.md": "# Our shop\n\nWritten by us.\n",
    "PLAN.md": "# Our plan\n",
    "tkit.toml": 'select = ["TK1"]\n',
    "python/tests/test_cart.py": "# our own example test\n",
    "go/cart/cart_test.go": "package cart\n\n// our own example test\n",
    "rust/tests/cart.rs": "// our own example test\n",
}


def _skip_patterns() -> list[str]:
    config = yaml.safe_load((REPO_ROOT / "copier.yml").read_text(encoding="utf-8"))
    patterns = config["_skip_if_exists"]
    assert isinstance(patterns, list)
    return [str(pattern) for pattern in patterns]


def test_given_user_files_when_template_rendered_over_them_then_they_are_untouched(
    tmp_path: Path,
) -> None:
    destination = tmp_path / "project"
    for relative, text in USER_FILES.items():
        path = destination / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    render_project(destination, LANGUAGES, {"project_name": "Demo Shop"}, overwrite=True)
    for relative, text in USER_FILES.items():
        assert (destination / relative).read_text(encoding="utf-8") == text, relative
    # The rest of the project is rendered as usual.
    assert "Demo Shop" in (destination / "docs" / "getting-started.md").read_text(encoding="utf-8")


def test_given_skip_patterns_when_matched_against_full_render_then_each_names_a_real_file(
    rendered: RenderFn,
) -> None:
    root = rendered(LANGUAGES)
    files = [path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()]
    stale = [
        pattern
        for pattern in _skip_patterns()
        if not any(fnmatch.fnmatchcase(name, pattern) for name in files)
    ]
    assert stale == [], "skip_if_exists patterns that match no rendered file"


@pytest.mark.parametrize("user_file", sorted(USER_FILES))
def test_given_user_file_when_checked_then_a_skip_pattern_protects_it(user_file: str) -> None:
    assert any(fnmatch.fnmatchcase(user_file, pattern) for pattern in _skip_patterns())
