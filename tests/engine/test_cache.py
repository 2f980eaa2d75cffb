"""The result cache: what invalidates an entry, what never gets stored, and damage."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import tkit_scaffold.cache as cache_module
from tkit_scaffold import check, file_lint, fix_loop
from tkit_scaffold.cache import ResultCache, cache_location, fingerprint_files
from tkit_scaffold.config import Config, LoadedConfig
from tkit_scaffold.engine import LintOptions, LintReport, lint_paths
from tkit_scaffold.registry import rule_classes

BAD_PY = "def test_total():\n    total = 3\n    assert total == 3\n"
Lint = Callable[..., LintReport]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TKIT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the engine actually linted (parsed and checked) since the test began."""
    seen: list[str] = []
    original = check.lint_file_text

    def counting(path: str, source: str, rules: check.RuleSet) -> object:
        seen.append(path)
        return original(path, source, rules)

    monkeypatch.setattr(file_lint, "lint_file_text", counting)
    monkeypatch.setattr(fix_loop, "lint_file_text", counting)
    return seen


@pytest.fixture
def lint(tmp_path: Path, cache_dir: Path) -> Lint:
    def run(config: Config | None = None, **options: bool) -> LintReport:
        loaded = LoadedConfig(config or Config(), None, tmp_path)
        flags = {"cache": True, **options}
        return lint_paths([tmp_path / "tests"], loaded, LintOptions(jobs=1, **flags))

    return run


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.json"))


def write_tests(tmp_path: Path, count: int = 2, text: str = BAD_PY) -> list[Path]:
    paths = []
    for index in range(count):
        path = tmp_path / "tests" / f"test_m{index}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_a_second_run_reads_every_result_from_the_cache(
    tmp_path: Path, cache_dir: Path, lint: Lint, parsed: list[str]
) -> None:
    write_tests(tmp_path)
    cold = lint()
    assert len(parsed) == 2
    warm = lint()
    assert len(parsed) == 2  # nothing parsed again
    assert warm.diagnostics == cold.diagnostics
    assert warm.files_checked == cold.files_checked == 2
    assert len(entries(cache_dir)) == 2
    assert (cache_dir / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_changing_a_file_misses_for_that_file_only(
    tmp_path: Path, lint: Lint, parsed: list[str]
) -> None:
    first, _ = write_tests(tmp_path)
    lint()
    parsed.clear()
    first.write_text(BAD_PY.replace("3", "4"), encoding="utf-8")
    report = lint()
    assert len(parsed) == 1
    assert parsed[0].endswith("test_m0.py")
    assert len(report.diagnostics) == 4


def test_same_mtime_but_new_content_is_still_a_miss(
    tmp_path: Path, lint: Lint, parsed: list[str]
) -> None:
    (path,) = write_tests(tmp_path, 1)
    before = path.stat()
    lint()
    parsed.clear()
    path.write_text(BAD_PY.replace("total", "count"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    report = lint()
    assert len(parsed) == 1
    assert "count" in report.diagnostics[0].message


def test_a_configuration_change_misses(tmp_path: Path, lint: Lint, parsed: list[str]) -> None:
    write_tests(tmp_path, 1)
    lint()
    report = lint(Config(ignore=("TK101",)))
    assert len(parsed) == 2
    assert [d.code for d in report.diagnostics] == ["TK301"]


def test_a_change_to_the_linters_code_misses(
    tmp_path: Path, lint: Lint, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tests(tmp_path, 1)
    lint()
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "an edited rule")
    lint()
    assert len(parsed) == 2


def test_the_code_fingerprint_covers_rule_sources_and_their_toml(tmp_path: Path) -> None:
    rule = tmp_path / "tk999_demo.py"
    metadata = tmp_path / "TK999.toml"
    rule.write_text("X = 1\n", encoding="utf-8")
    metadata.write_text('name = "demo"\n', encoding="utf-8")
    before = fingerprint_files([rule, metadata])
    metadata.write_text('name = "demo2"\n', encoding="utf-8")
    after_toml = fingerprint_files([rule, metadata])
    rule.write_text("X = 2\n", encoding="utf-8")
    after_rule = fingerprint_files([rule, metadata])
    assert len({before, after_toml, after_rule}) == 3


def _valid_entry(key: str, payload: bytes) -> bytes:
    return f"{key} {hashlib.sha256(payload).hexdigest()}\n".encode() + payload


@pytest.mark.parametrize(
    "damage",
    [
        lambda key, entry: b"",
        lambda key, entry: entry[: len(entry) // 2],
        lambda key, entry: entry[:-10] + bytes([entry[-10] ^ 1]) + entry[-9:],
        lambda key, entry: b"\xff\xfe not an entry",
        lambda key, entry: _valid_entry(key, b'[["TK101", 1]]'),
        lambda key, entry: _valid_entry(key, b"{}"),
        lambda key, entry: _valid_entry("0" * 64, b"[]"),
    ],
    ids=["empty", "truncated", "bit-flip", "binary", "wrong-shape", "wrong-type", "other-key"],
)
def test_a_damaged_entry_is_a_miss_and_gets_rewritten(
    tmp_path: Path,
    cache_dir: Path,
    lint: Lint,
    parsed: list[str],
    damage: Callable[[str, bytes], bytes],
) -> None:
    write_tests(tmp_path, 1)
    cold = lint()
    (entry,) = entries(cache_dir)
    key = entry.parent.name + entry.stem
    good = entry.read_bytes()
    entry.write_bytes(damage(key, good))
    again = lint()
    assert len(parsed) == 2
    assert again.diagnostics == cold.diagnostics
    assert entry.read_bytes() == good


def test_results_with_internal_errors_are_never_stored(
    tmp_path: Path, cache_dir: Path, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_: object) -> object:
        raise RuntimeError("a rule bug")

    monkeypatch.setattr(rule_classes()["TK101"], "check", crash)
    write_tests(tmp_path, 1)
    report = lint()
    assert report.errors
    assert entries(cache_dir) == []


def test_no_cache_option_reads_and_writes_nothing(
    tmp_path: Path, cache_dir: Path, lint: Lint, parsed: list[str]
) -> None:
    write_tests(tmp_path, 1)
    lint(cache=False)
    lint(cache=False)
    assert len(parsed) == 2
    assert not cache_dir.exists()


def test_a_fix_run_ignores_cached_results_that_have_something_to_fix(
    tmp_path: Path, lint: Lint
) -> None:
    (path,) = write_tests(tmp_path, 1)
    assert any(d.fix is not None for d in lint().diagnostics)
    report = lint(fix=True, unsafe_fixes=True)
    assert report.fixes_applied >= 1
    assert path.read_text(encoding="utf-8") != BAD_PY


def test_a_fix_run_reuses_results_with_nothing_to_fix(
    tmp_path: Path, lint: Lint, parsed: list[str]
) -> None:
    write_tests(tmp_path, 1, "def test_when_run_then_passes():\n    pass\n")
    lint()
    report = lint(fix=True)
    assert len(parsed) == 1
    assert [d.code for d in report.diagnostics] == ["TK201"]


def test_the_cache_lives_in_the_project_root_unless_the_environment_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TKIT_CACHE_DIR", raising=False)
    assert cache_location(tmp_path) == tmp_path / ".tkit_cache"
    monkeypatch.setenv("TKIT_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache_location(tmp_path) == tmp_path / "elsewhere"


def test_pruning_deletes_the_oldest_entries_beyond_the_limit(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c", Config(), tmp_path)
    keys = [cache.key(f"test_{index}.py", "x") for index in range(6)]
    for age, key in enumerate(keys):
        cache.put(key, ())
        entry = tmp_path / "c" / key[:2] / f"{key[2:]}.json"
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    assert cache.prune(keep=4) == 2
    assert [cache.get(key) for key in keys] == [None, None, (), (), (), ()]


def test_an_unwritable_cache_folder_does_not_fail_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TKIT_CACHE_DIR", str(blocker / "cache"))
    write_tests(tmp_path, 1)
    loaded = LoadedConfig(Config(), None, tmp_path)
    report = lint_paths([tmp_path / "tests"], loaded, LintOptions(jobs=1, cache=True))
    assert len(report.diagnostics) == 2


def test_an_entry_gives_back_equal_findings_fixes_and_all(tmp_path: Path) -> None:
    from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit, Fix
    from tkit_scaffold.model import Language, Span

    fix = Fix(
        Applicability.UNSAFE,
        (Edit(3, 9, "eq(1)"), Edit(12, 12, "")),
        "Replace with `eq(1)`",
        ("assert_that", "eq"),
    )
    stored = (
        Diagnostic("TK301", "foreign-assertion", "uses `assert`", "t/a.py", Language.PYTHON,
                   Span(3, 9, 2, 5, 2, 11), fix),
        Diagnostic("TK000", "parse-error", "not valid UTF-8", "t/b.go", None,
                   Span(0, 0, 1, 1, 1, 1)),
    )  # fmt: skip
    cache = ResultCache(tmp_path / "c", Config(), tmp_path)
    key = cache.key("t/a.py", b"\xef\xbb\xbfsource")
    assert key == cache.key("t/a.py", "source")  # bytes with a BOM key like their text
    cache.put(key, stored)
    again = cache.get(key)
    assert again == stored
    assert again is not None and hash(again[0]) == hash(stored[0])
    assert cache.get(key, ".project") is None  # another kind of entry, another file


def _project(root: Path) -> None:
    (root / "tkit.toml").write_text("", encoding="utf-8")
    kit = root / "go" / "testingkit"
    kit.mkdir(parents=True)
    (kit / "kit.go").write_text("package testingkit\n\nfunc Eq() {}\n", encoding="utf-8")


def test_project_checks_are_cached_on_the_files_they_read(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tkit_scaffold.parity.project as project

    _project(tmp_path)
    checked: list[Path] = []
    original = project.run_project_rules

    def counting(root: Path, config: Config) -> project.ProjectResult:
        checked.append(root)
        return original(root, config)

    monkeypatch.setattr(project, "run_project_rules", counting)
    options = LintOptions(jobs=1, cache=True)
    cold = lint_paths([tmp_path], None, options)
    assert any(d.code == "TK501" for d in cold.diagnostics)
    warm = lint_paths([tmp_path], None, options)
    assert warm.diagnostics == cold.diagnostics
    assert len(checked) == 1
    # A new file in the kit's folder changes what TK501 reads: checked again.
    (tmp_path / "go" / "testingkit" / "more.go").write_text(
        "package testingkit\n\nfunc Ne() {}\n", encoding="utf-8"
    )
    lint_paths([tmp_path], None, options)
    assert len(checked) == 2
    lint_paths([tmp_path], None, LintOptions(jobs=1, cache=False))
    assert len(checked) == 3


def test_a_validated_configuration_is_not_built_again_until_its_text_changes(
    tmp_path: Path, cache_dir: Path
) -> None:
    from tkit_scaffold.errors import ConfigError
    from tkit_scaffold.settings import locate_config

    config_file = tmp_path / "tkit.toml"
    config_file.write_text('exclude = ["vendor/**"]\n', encoding="utf-8")
    cache_dir.mkdir()  # as a run that linted something leaves it
    first = locate_config([tmp_path])
    second = locate_config([tmp_path])
    assert second._config is None  # the settings came from the cache
    assert second.settings == first.settings
    assert second.settings.exclude == ("vendor/**",)
    assert second.config.exclude == ("vendor/**",)  # built when asked for
    with_override = locate_config([tmp_path], overrides={"ignore": ("TK101",)})
    assert with_override.settings.fingerprint() != first.settings.fingerprint()
    assert locate_config([tmp_path], remember=False)._config is not None
    config_file.write_text("exclude = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        locate_config([tmp_path])
