"""A fixed file goes through the formatter it followed before, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from tkit_scaffold.fixes import formatting
from tkit_scaffold.model import Language

FORMATTED = 'import os\n\n\ndef test_x():\n    assert os.sep == "/"\n'
FIXED = (
    "import os\nfrom testingkit import assert_that,eq\n\n\n"
    'def test_x():\n    assert_that(os.sep,eq("/"))\n'
)


def test_a_formatted_file_is_formatted_again(tmp_path: Path) -> None:
    formatter = formatting.formatter_for(tmp_path / "test_x.py", Language.PYTHON)
    assert formatter.format(FORMATTED, FIXED) == (
        "import os\n\nfrom testingkit import assert_that, eq\n\n\n"
        'def test_x():\n    assert_that(os.sep, eq("/"))\n'
    )


def test_a_file_that_was_not_formatted_is_left_as_the_fixes_wrote_it(tmp_path: Path) -> None:
    original = FORMATTED.replace('"/"', "'/'").replace("import os\n", "import sys, os\n")
    fixed = FIXED.replace('"/"', "'/'").replace("import os\n", "import sys, os\n")
    formatter = formatting.formatter_for(tmp_path / "test_x.py", Language.PYTHON)
    assert formatter.format(original, fixed) == fixed


def test_only_the_leading_imports_are_sorted(tmp_path: Path) -> None:
    # A later import out of order (inside a test) does not stop the leading block from
    # being sorted, and is left alone.
    original = FORMATTED + "\n\ndef test_y():\n    import sys, os\n"
    fixed = FIXED + "\n\ndef test_y():\n    import sys, os\n"
    formatter = formatting.formatter_for(tmp_path / "test_x.py", Language.PYTHON)
    result = formatter.format(original, fixed)
    assert result.startswith("import os\n\nfrom testingkit import assert_that, eq\n")
    assert result.endswith("    import sys, os\n")


def test_a_missing_formatter_leaves_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formatting.shutil, "which", lambda name: None)
    formatter = formatting.formatter_for(tmp_path / "cart_test.go", Language.GO)
    assert formatter.format("package a\n", "package  a\n") == "package  a\n"
