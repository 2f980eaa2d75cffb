"""Every kit writes the result stream: run the rendered suites for real with it on.

The three suites of one render run with ``TKIT_REPORT_DIR`` set; every line they write
must follow ``crosslang/report-stream.schema.json``, and the cart scenarios must appear
under the same ids in every language. A copy of each language folder, with one cart check
made to fail, shows that a kit matcher mismatch reaches the stream with its two sides.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tkit_scaffold.scaffold import LANGUAGES

RenderFn = Callable[[Sequence[str]], Path]
RunFn = Callable[..., Any]
Line = dict[str, Any]

pytestmark = [pytest.mark.toolchain, pytest.mark.slow]

COMMIT = "0123456789abcdef0123456789abcdef01234567"

# The whole suite, and the cart scenarios alone, per language.
SUITE: dict[str, tuple[str, ...]] = {
    "python": ("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"),
    "rust": ("cargo", "test"),
    "go": ("go", "test", "-count=1", "./..."),
}
CART_ONLY: dict[str, tuple[str, ...]] = {
    "python": ("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_cart.py"),
    "rust": ("cargo", "test", "--test", "cart"),
    "go": ("go", "test", "-count=1", "./cart/"),
}
CART_FILE = {
    "python": "tests/test_cart.py",
    "rust": "tests/cart.rs",
    "go": "cart/cart_test.go",
}
# The cart scenario every kit declares, and the check the failing copy breaks in it.
SCENARIO = "given_empty_cart_when_item_added_then_total_is_item_price"
BROKEN_CHECK = {
    "python": ("assert_that(cart.total(), eq(250))", "assert_that(cart.total(), eq(251))"),
    "rust": ("assert_that!(cart.total(), eq(250));", "assert_that!(cart.total(), eq(251));"),
    "go": ("tk.AssertThat(t, c.Total(), tk.Eq(250))", "tk.AssertThat(t, c.Total(), tk.Eq(251))"),
}
BUILD_OUTPUT = shutil.ignore_patterns("target", "__pycache__", ".pytest_cache", ".hypothesis")


def _environment(stream_dir: Path, cargo_target_dir: Path) -> dict[str, str]:
    """This suite's environment without its own settings, with the stream switched on."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "TKIT_UPDATE_GOLDEN", "GITHUB_SHA"}
        and not key.startswith(("PYTEST_", "TKIT_"))
    }
    env.update(
        TKIT_REPORT_DIR=str(stream_dir),
        TKIT_COMMIT=COMMIT,
        CARGO_TARGET_DIR=str(cargo_target_dir),
    )
    return env


def _read_stream(stream_dir: Path, language: str) -> list[Line]:
    files = sorted(stream_dir.glob(f"{language}-*.jsonl"))
    assert files, f"no {language}-<pid>-<hex>.jsonl file in {stream_dir}"
    lines: list[Line] = []
    for path in files:
        pid, suffix = path.stem.split("-")[1:]
        assert pid.isdigit() and len(suffix) == 8 and int(suffix, 16) >= 0, path.name
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n"), f"{path.name} does not end with a line end"
        lines.extend(json.loads(line) for line in text.splitlines())
    return lines


def _rename_package(manifest: Path) -> None:
    """Give a changed copy of the crate a package name of its own, keeping its crate name.

    The copy builds in the Cargo target folder the session's renders share. Cargo tells
    builds of one package apart by name and version, not by folder, and judges freshness by
    modification times: the copy's broken binary is newer than the pristine render's files,
    so a later build of the render under the same name would run the broken binary.
    """
    text = manifest.read_text(encoding="utf-8")
    found = re.search(r'^name = "([^"]+)"$', text, re.MULTILINE)
    assert found is not None, text
    crate = found.group(1)
    renamed = text.replace(found.group(0), f'name = "{crate}_broken"', 1)
    manifest.write_text(f'{renamed}\n[lib]\nname = "{crate}"\n', encoding="utf-8")


def _by_test(lines: Sequence[Line], scenario: str) -> Line:
    found = [line for line in lines if line["scenario"] == scenario]
    assert len(found) == 1, f"{len(found)} lines for scenario {scenario}"
    return found[0]


@pytest.fixture(scope="module")
def schema_validator(rendered: RenderFn) -> jsonschema.protocols.Validator:
    schema_path = rendered(LANGUAGES) / "crosslang" / "report-stream.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator: jsonschema.protocols.Validator = validator_class(schema)
    return validator


@pytest.fixture(scope="module")
def suite_streams(
    rendered: RenderFn,
    tmp_path_factory: pytest.TempPathFactory,
    cargo_target_dir: Path,
    toolchain: Callable[[str], str],
    run_checked: RunFn,
) -> Callable[[str], list[Line]]:
    """The lines a language's whole suite writes, run once per language."""
    cache: dict[str, list[Line]] = {}

    def lines_of(language: str) -> list[Line]:
        if language not in cache:
            toolchain(SUITE[language][0])
            stream_dir = tmp_path_factory.mktemp(f"stream-{language}") / "run-1"
            env = _environment(stream_dir, cargo_target_dir)
            run_checked(SUITE[language], cwd=rendered(LANGUAGES) / language, env=env)
            cache[language] = _read_stream(stream_dir, language)
        return cache[language]

    return lines_of


@pytest.mark.parametrize("language", LANGUAGES)
def test_given_stream_on_when_suite_passes_then_every_line_follows_the_schema(
    language: str,
    suite_streams: Callable[[str], list[Line]],
    schema_validator: jsonschema.protocols.Validator,
) -> None:
    lines = suite_streams(language)
    problems = [
        f"{line.get('test')}: {error.message}"
        for line in lines
        for error in schema_validator.iter_errors(line)
    ]
    assert problems == []
    assert {line["language"] for line in lines} == {language}
    assert {line["status"] for line in lines} <= {"passed", "skipped"}
    assert {line["commit"] for line in lines} == {COMMIT}
    cart = _by_test(lines, SCENARIO)
    assert cart["file"] == CART_FILE[language]
    assert cart["status"] == "passed"
    assert cart["failure"] is None
    assert [step["keyword"] for step in cart["steps"]] == ["given", "when", "then"]
    assert cart["steps"][0]["text"] == "an empty cart"


def test_given_three_suites_when_streams_are_compared_then_cart_scenarios_line_up(
    suite_streams: Callable[[str], list[Line]],
) -> None:
    cart_ids = {
        language: {
            line["scenario"]
            for line in suite_streams(language)
            if line["file"] == CART_FILE[language]
        }
        for language in LANGUAGES
    }
    assert len(cart_ids["python"]) == 8
    assert cart_ids["rust"] == cart_ids["python"]
    assert cart_ids["go"] == cart_ids["python"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_given_a_failing_cart_check_when_the_suite_runs_then_its_line_has_both_sides(
    language: str,
    rendered: RenderFn,
    tmp_path: Path,
    cargo_target_dir: Path,
    toolchain: Callable[[str], str],
    schema_validator: jsonschema.protocols.Validator,
) -> None:
    toolchain(CART_ONLY[language][0])
    folder = tmp_path / language
    shutil.copytree(rendered(LANGUAGES) / language, folder, ignore=BUILD_OUTPUT)
    cart_test = folder / CART_FILE[language]
    original, broken = BROKEN_CHECK[language]
    source = cart_test.read_text(encoding="utf-8")
    assert original in source
    cart_test.write_text(source.replace(original, broken, 1), encoding="utf-8")
    if language == "rust":
        _rename_package(folder / "Cargo.toml")
    stream_dir = tmp_path / "streams" / "run-1"

    completed = subprocess.run(
        CART_ONLY[language],
        cwd=folder,
        env=_environment(stream_dir, cargo_target_dir),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )

    assert completed.returncode != 0, completed.stdout + completed.stderr
    lines = _read_stream(stream_dir, language)
    for line in lines:
        schema_validator.validate(line)
    failed = _by_test(lines, SCENARIO)
    assert failed["status"] == "failed"
    assert failed["failure"]["expected"] == "equal to 251"
    assert failed["failure"]["actual"] == "250"
    assert failed["failure"]["message"].endswith("expected: equal to 251\n  actual: 250")
    assert failed["failure"]["message"].startswith("steps:\n  given ")
    assert [step["keyword"] for step in failed["steps"]] == ["given", "when", "then"]
    others = [line for line in lines if line is not failed]
    assert others and all(line["status"] == "passed" for line in others)
