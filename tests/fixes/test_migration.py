"""Real projects migrated to the kit with `tkit-lint --fix` (safe fixes only) still build,
pass the same tests, pass their formatter where they did before, settle after one run,
and catch seeded bugs as before.

Two projects per language, downloaded from the registries (see benchmarks/migration.py
for the list and the procedure; `python3 benchmarks/migration.py --unsafe` reports the
unsafe run). Locally a missing toolchain or registry skips; under CI=true it fails.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import migration  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.toolchain]
TOOLCHAINS = {"python": (), "rust": ("cargo", "rustfmt"), "go": ("go", "gofmt")}


@pytest.fixture(scope="session")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Session-scoped (a render takes a second): the projects may then run on different
    # workers instead of queueing behind one module-scoped fixture.
    return migration.render_kit(tmp_path_factory.mktemp("migration") / "kit")


@pytest.mark.parametrize("project", migration.PROJECTS, ids=lambda project: project.name)
def test_safe_fix_keeps_a_real_project_building_passing_and_formatted(  # type: ignore[no-untyped-def]
    project: migration.RealProject, kit: Path, tmp_path: Path, toolchain, cargo_target_dir: Path
) -> None:
    for program in TOOLCHAINS[project.language]:
        toolchain(program)
    try:
        report = migration.migrate(project, tmp_path, kit, cargo_target_dir)
    except migration.Unavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{project.name}: {error} (CI=true: the project must be available)")
        pytest.skip(f"{project.name}: {error}")
    print(report.summary())
    assert report.baseline is not None and report.after is not None

    assert report.fixes >= project.min_safe_fixes, report.summary()
    assert report.after.built, report.after.log[-4000:]
    lost = sorted(report.baseline.passed - report.after.passed)
    assert report.same_tests, f"passing before, not after: {lost[:20]}\n{report.after.log[-3000:]}"
    assert report.new_format_problems == frozenset(), report.summary()
    assert report.new_findings == {}, report.summary()
    assert not report.second_run_changed
    for mutation, before, after in report.mutations:
        assert before, f"{mutation} is caught by no test even before the migration"
        assert before == after, (
            f"{mutation}: failing before {sorted(before)}, after {sorted(after)}"
        )
