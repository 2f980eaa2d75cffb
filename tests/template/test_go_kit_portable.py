"""The rendered Go kit package is self-contained: copied into an existing module (a real
one, downloaded from the module proxy, with an older go directive than the render's), that
module's `go test ./...` stays green on the Go version its directive names. The shared
cases run when their folder is found or named, and are skipped with a reason otherwise."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tkit_scaffold.scaffold import render_project

RunFn = Callable[..., Any]

pytestmark = [pytest.mark.toolchain, pytest.mark.slow]

# A small real module whose go.mod says `go 1.21`, three minor versions below the
# render's: the kit must not need anything newer (testing.T.Chdir came in Go 1.24).
HOST_MODULE = "github.com/google/go-cmp"
HOST_VERSION = "v0.7.0"
HOST_GO = "go1.21.13"  # the toolchain of the host's go directive, from the module proxy
SKIP_REASON = "no crosslang/cases folder above this package"


def _go(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a go command, its output captured; the caller judges the outcome."""
    return subprocess.run(
        ["go", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the module proxy must be reachable)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def host_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A writable copy of the real module's source, the kit package copied into it."""
    if shutil.which("go") is None:
        _unavailable("go is not on PATH")
    work = tmp_path_factory.mktemp("go-host")
    download = _go("mod", "download", "-json", f"{HOST_MODULE}@{HOST_VERSION}", cwd=work)
    if download.returncode != 0:
        _unavailable(f"cannot download {HOST_MODULE}@{HOST_VERSION}: {download.stderr.strip()}")
    host = work / "go-cmp"
    shutil.copytree(json.loads(download.stdout)["Dir"], host)
    for path in (host, *host.rglob("*")):  # the module cache is read-only
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    render = render_project(
        work / "render", ["go"], {"project_name": "Cmp", "go_module": HOST_MODULE}
    )
    shutil.copytree(render / "go" / "testingkit", host / "testingkit")
    # What an adopter does: require the kit's own dependencies at the render's versions.
    for requirement in _requirements(render / "go" / "go.mod"):
        assert _go("mod", "edit", f"-require={requirement}", cwd=host).returncode == 0
    return host


def _requirements(go_mod: Path) -> list[str]:
    """`module@version` of each requirement of a render's go.mod that the kit package
    itself imports (its tests included): all an adopting module needs; the render's
    example suites may need more."""
    module = go_mod.parent
    parsed = _go("mod", "edit", "-json", cwd=module)
    assert parsed.returncode == 0, parsed.stderr
    template = '{{join .Imports "\\n"}}\n{{join .TestImports "\\n"}}\n{{join .XTestImports "\\n"}}'
    listed = _go("list", "-f", template, "./testingkit", cwd=module)
    assert listed.returncode == 0, listed.stderr
    imports = set(listed.stdout.split())
    found = [
        f"{item['Path']}@{item['Version']}"
        for item in json.loads(parsed.stdout)["Require"]
        if any(path == item["Path"] or path.startswith(item["Path"] + "/") for path in imports)
    ]
    assert found, f"the kit imports nothing that {go_mod} requires"
    return found


@pytest.fixture(scope="module")
def host_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Run the host module on the Go version its go directive names."""
    probe = _go("version", cwd=tmp_path_factory.getbasetemp(), env={"GOTOOLCHAIN": HOST_GO})
    if probe.returncode != 0 or HOST_GO not in probe.stdout:
        _unavailable(f"cannot get the {HOST_GO} toolchain: {probe.stderr.strip()}")
    return {"GOTOOLCHAIN": HOST_GO, "GOFLAGS": "-mod=mod"}


def test_host_module_stays_green_with_the_kit_copied_in(
    host_module: Path, host_env: dict[str, str], run_checked: RunFn
) -> None:
    go_mod = (host_module / "go.mod").read_text(encoding="utf-8")
    assert "\ngo 1.21\n" in go_mod, go_mod
    run_checked(["go", "mod", "tidy"], cwd=host_module, env=host_env)
    run_checked(["go", "vet", "./testingkit"], cwd=host_module, env=host_env)
    run_checked(["go", "test", "./..."], cwd=host_module, env=host_env)
    assert "\ngo 1.21\n" in (host_module / "go.mod").read_text(encoding="utf-8")


def test_shared_cases_are_skipped_with_a_reason_where_there_are_none(
    host_module: Path, host_env: dict[str, str], run_checked: RunFn
) -> None:
    run_checked(["go", "mod", "tidy"], cwd=host_module, env=host_env)
    shared = ["go", "test", "-count=1", "-v", "-run", "TestGivenSharedCases", "./testingkit"]
    output = run_checked(shared, cwd=host_module, env=host_env).stdout
    started = output.count("=== RUN   TestGivenSharedCases")
    assert started >= 2 and output.count("--- SKIP: TestGivenSharedCases") == started, output
    assert SKIP_REASON in output and "TKIT_CASES_DIR" in output


def test_shared_cases_run_when_their_folder_is_named(
    host_module: Path, host_env: dict[str, str], run_checked: RunFn, tmp_path: Path
) -> None:
    run_checked(["go", "mod", "tidy"], cwd=host_module, env=host_env)
    cases = host_module.parent / "render" / "crosslang" / "cases"
    stream = tmp_path / "outcomes.jsonl"
    env = {**host_env, "TKIT_CASES_DIR": str(cases), "TKIT_CONFORMANCE_OUT": str(stream)}
    shared = ["go", "test", "-count=1", "-v", "-run", "TestGivenSharedCases", "./testingkit"]
    output = run_checked(shared, cwd=host_module, env=env).stdout
    assert "--- SKIP" not in output
    case_count = sum(
        len(json.loads(path.read_text(encoding="utf-8"))["cases"]) for path in cases.glob("*.json")
    )
    assert len(stream.read_text(encoding="utf-8").splitlines()) == case_count


def test_missing_cases_fail_under_a_conformance_run(
    host_module: Path, host_env: dict[str, str], tmp_path: Path
) -> None:
    """Under `tkit parity` a skip would hide that no case ran: it is a failure there."""
    env = {**host_env, "TKIT_CONFORMANCE_OUT": str(tmp_path / "out.jsonl"), "TKIT_CASES_DIR": ""}
    assert _go("mod", "tidy", cwd=host_module, env=env).returncode == 0
    completed = _go("test", "-count=1", "-run", "TestGivenSharedCases", "./testingkit",
                    cwd=host_module, env=env)  # fmt: skip
    assert completed.returncode != 0
    assert SKIP_REASON in completed.stdout
