"""Rendering the template: which files appear, and that every template path is sound."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath

import copier
import jinja2
import pathspec
import pytest
import yaml
from packaging.version import Version

from tkit_scaffold.config import load_config_file
from tkit_scaffold.scaffold import LANGUAGES, render_project
from tkit_scaffold.vocabulary import load_vocabulary

RenderFn = Callable[[Sequence[str]], Path]

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = REPO_ROOT / "template"
COPIER_YML = REPO_ROOT / "copier.yml"

ANSWERS_FILE = ".copier-answers.yml"
WINDOWS_FORBIDDEN = set('"<>:|?*\\')
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)
}


def _copier_config() -> dict[str, object]:
    loaded = yaml.safe_load(COPIER_YML.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _answers(root: Path) -> dict[str, object]:
    loaded = yaml.safe_load((root / ANSWERS_FILE).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _tree_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(root).parts:
            yield path.relative_to(root)


def _expected_files(answers: Mapping[str, object]) -> dict[PurePosixPath, Path]:
    """Where each template file should land for these answers: rendered path -> source."""
    config = _copier_config()
    excluded = pathspec.GitIgnoreSpec.from_lines(config["_exclude"])  # type: ignore[arg-type]
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
    context = {**answers, "_copier_conf": {"answers_file": ANSWERS_FILE}}
    expected: dict[PurePosixPath, Path] = {}
    for source in sorted(TEMPLATE_DIR.rglob("*")):
        relative = source.relative_to(TEMPLATE_DIR)
        if not source.is_file() or excluded.match_file(relative.as_posix()):
            continue
        # Copier stops at the first part that renders empty, so later parts may use
        # answers that only exist when that part is chosen.
        # The `.jinja` suffix goes before the name is rendered.
        names = list(relative.parts)
        names[-1] = names[-1].removesuffix(".jinja")
        parts: list[str] = []
        for name in names:
            parts.append(environment.from_string(name).render(context))
            if not parts[-1]:
                break
        if all(parts):
            expected[PurePosixPath(*parts)] = source
    return expected


def test_given_subset_when_rendered_then_only_its_language_folders_appear(
    rendered: RenderFn, subset: tuple[str, ...]
) -> None:
    root = rendered(subset)
    top_level = {path.name for path in root.iterdir()}
    assert top_level & set(LANGUAGES) == set(subset)
    for shared in (
        "crosslang",
        "docs",
        "tkit.toml",
        "PLAN.md",
        "README.md",
        "LICENSE",
        ANSWERS_FILE,
    ):
        assert shared in top_level, f"{shared} missing from the {'+'.join(subset)} render"
    assert (root / ".github" / "workflows" / "ci.yml").is_file()
    assert _answers(root)["languages"] == list(subset)


def test_given_subset_when_rendered_then_files_match_the_template_exactly(
    tmp_path: Path, subset: tuple[str, ...], project_data: Mapping[str, object]
) -> None:
    # A render of its own: the session's shared renders carry what other tests' builds
    # and lint runs leave behind, and the order tests run in is not fixed.
    root = render_project(tmp_path / "project", subset, project_data)
    expected = _expected_files(_answers(root))
    actual = {PurePosixPath(path.as_posix()) for path in _tree_files(root)}
    assert sorted(map(str, actual - set(expected))) == [], "rendered files with no template source"
    assert sorted(map(str, set(expected) - actual)) == [], "template files missing from the render"
    leftovers = []
    for target, source in expected.items():
        if source.suffix != ".jinja":
            continue
        text = (root / target).read_text(encoding="utf-8")
        text = re.sub(r"\$\{\{[^{}]*\}\}", "", text)  # GitHub Actions expressions are meant
        if "{{" in text or "{%" in text:
            leftovers.append(str(target))
    assert leftovers == [], "unrendered Jinja left in these files"


def test_given_ci_none_when_rendered_then_no_workflow_is_written(
    tmp_path: Path, project_data: Mapping[str, object]
) -> None:
    root = render_project(tmp_path / "project", ["go"], {**project_data, "ci": "none"})
    assert not (root / ".github").exists()
    assert (root / "go").is_dir()


def test_given_rendered_config_files_when_parsed_then_they_name_only_chosen_languages(
    rendered: RenderFn, subset: tuple[str, ...]
) -> None:
    root = rendered(subset)
    tkit = tomllib.loads((root / "tkit.toml").read_text(encoding="utf-8"))
    assert tkit["select"] == ["TK"]
    assert tkit["naming"]["style"] == "given-when-then"
    assert len(tkit["include"]) == len(subset)
    assert tkit["kit"]["rust-crates"] == (["demo_shop"] if "rust" in subset else [])
    workflow = yaml.safe_load((root / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    assert set(workflow["jobs"]) == set(subset) | {"tkit-lint", "report"}
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook_ids = {hook["id"] for repo in hooks["repos"] for hook in repo["hooks"]}
    languages_hooked = {
        language
        for language, hook in (("rust", "cargo-fmt"), ("python", "ruff"), ("go", "gofmt"))
        if hook in hook_ids
    }
    assert languages_hooked == set(subset)
    assert "tkit-lint" in hook_ids


def test_given_full_render_when_plan_read_then_it_names_every_vocabulary_entry(
    rendered: RenderFn,
) -> None:
    plan = (rendered(LANGUAGES) / "PLAN.md").read_text(encoding="utf-8")
    missing = [entry.name for entry in load_vocabulary().entries if f"`{entry.name}`" not in plan]
    assert missing == []


@pytest.mark.parametrize("license_id", ["MIT", "Apache-2.0"])
def test_given_license_choice_when_rendered_then_license_names_it_and_the_author(
    tmp_path: Path, license_id: str, project_data: Mapping[str, object]
) -> None:
    data = {**project_data, "license": license_id, "author_name": "Ada Lovelace"}
    root = render_project(tmp_path / "project", ["python"], data)
    text = (root / "LICENSE").read_text(encoding="utf-8")
    assert "Copyright (c) Ada Lovelace" in text
    heading = "MIT License" if license_id == "MIT" else "Apache License"
    assert text.lstrip().startswith(heading)


def test_given_template_with_undefined_variable_when_rendered_then_it_fails(
    tmp_path: Path,
) -> None:
    envops = _copier_config()["_envops"]
    assert envops == {"undefined": "jinja2.StrictUndefined", "keep_trailing_newline": True}
    source = tmp_path / "template"
    source.mkdir()
    (source / "copier.yml").write_text(yaml.safe_dump({"_envops": envops}), encoding="utf-8")
    (source / "note.txt.jinja").write_text("{{ not_a_question }}\n", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError, match="not_a_question"):
        copier.run_copy(str(source), str(tmp_path / "out"), defaults=True, unsafe=False, quiet=True)


def test_given_copier_yml_when_read_then_it_needs_no_trust_and_a_known_copier() -> None:
    config = _copier_config()
    assert {"_tasks", "_jinja_extensions", "_migrations"}.isdisjoint(config)
    assert Version(str(config["_min_copier_version"])) <= Version(copier.__version__)


def test_given_template_paths_when_checked_then_every_one_is_valid_on_windows() -> None:
    problems = []
    seen: dict[str, str] = {}
    for path in sorted(TEMPLATE_DIR.rglob("*")):
        relative = path.relative_to(TEMPLATE_DIR).as_posix()
        folded = relative.casefold()
        if folded in seen:
            problems.append(f"{relative}: differs from {seen[folded]} only in case")
        seen[folded] = relative
        name = path.name
        if WINDOWS_FORBIDDEN & set(name) or any(ord(char) < 32 for char in name):
            problems.append(f"{relative}: a character Windows forbids in names")
        if name.endswith((" ", ".")):
            problems.append(f"{relative}: ends with a space or a dot")
        if name.split(".")[0].casefold() in WINDOWS_RESERVED:
            problems.append(f"{relative}: a reserved device name on Windows")
    assert problems == []


def test_given_full_render_when_example_goldens_compared_then_all_equal_the_shared_one(
    rendered: RenderFn,
) -> None:
    root = rendered(LANGUAGES)
    shared = (root / "crosslang" / "golden" / "cart_receipt.golden").read_bytes()
    per_language = {
        language: sorted((root / language).rglob("testdata/golden/cart_receipt.golden"))
        for language in LANGUAGES
    }
    differing = [
        str(path.relative_to(root))
        for paths in per_language.values()
        for path in paths
        if path.read_bytes() != shared
    ]
    assert differing == [], "example receipts that differ from crosslang/golden/cart_receipt.golden"
    assert {language: len(paths) for language, paths in per_language.items()} == dict.fromkeys(
        LANGUAGES, 1
    )


def test_given_rendered_tkit_toml_when_loaded_by_the_linter_then_it_is_valid(
    rendered: RenderFn, subset: tuple[str, ...]
) -> None:
    config = load_config_file(rendered(subset) / "tkit.toml")
    assert config.naming.style == "given-when-then"
