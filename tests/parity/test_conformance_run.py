"""The conformance run with the real toolchains: a fresh render is at 100% parity and
`tkit parity` exits 0; a failure message changed in one kit is caught and named."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tkit_scaffold.cli import run_tkit, tkit_main
from tkit_scaffold.model import Language
from tkit_scaffold.parity import check_parity
from tkit_scaffold.parity.conformance import Status

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _shared_cargo_target(cargo_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in cargo_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("TKIT_UPDATE_GOLDEN", raising=False)


def test_fresh_render_is_at_full_parity_and_parity_exits_zero(
    project: Path, toolchains: Callable[..., None], tmp_path: Path
) -> None:
    toolchains("cargo", "go")
    out, err = io.StringIO(), io.StringIO()
    page = tmp_path / "parity.html"
    code = run_tkit(["parity", str(project), "--html", str(page)], out, err)
    assert code == 0, out.getvalue() + err.getvalue()
    text = out.getvalue()
    for language in ("python", "rust", "go"):
        assert f"{language}: " in text and "(100.0%)" in text
    assert "parity: 100% (no gaps)" in text
    assert '<table class="matrix" id="cases">' in page.read_text(encoding="utf-8")


def test_changed_failure_message_in_one_kit_is_caught_by_conformance(
    project: Path, toolchains: Callable[..., None], edit: Callable[[Path, str, str], None]
) -> None:
    toolchains("go")
    matchers = project / "go" / "testingkit" / "matchers_strings.go"
    edit(matchers, '"a blank string"', '"a blank text"')
    config = project / "tkit.toml"  # compare the Go kit alone: no cargo build needed
    config.write_text(
        config.read_text(encoding="utf-8")
        + "\n[parity.kits]\nrust = 'absent/lib.rs'\npython = 'absent/__init__.py'\n",
        encoding="utf-8",
    )
    report = check_parity(project)
    assert report.languages == (Language.GO,)
    assert report.conformance is not None and not report.ok
    assert report.diagnostics == ()
    first = report.conformance.first_difference
    assert first is not None
    assert first.startswith("go: case `is-blank-fail` (strings.json): the go kit fails with")
    assert "a blank text" in first and "declared: fails with" in first
    failing = [
        result.case.case_id
        for result in report.conformance.cases
        if result.status(Language.GO) is not Status.OK
    ]
    assert failing == ["is-blank-fail"]


def test_missing_toolchain_is_a_clear_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", "")
    code = tkit_main(["parity", str(project)])
    err = capsys.readouterr().err
    assert code == 2
    assert "`cargo` is not on PATH" in err and "--no-conformance" in err
    assert "Traceback" not in err
