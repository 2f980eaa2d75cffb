from __future__ import annotations

from pathlib import Path

import pytest

from tkit_scaffold.config import Config, find_config, load_config_file, resolve_config
from tkit_scaffold.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_select_everything_in_the_given_when_then_style() -> None:
    config = Config()
    assert config.select == ("TK",)
    assert config.naming.style == "given-when-then"
    assert config.frontend_options().python_kit_modules == ("testingkit",)


def test_tkit_toml_keys_are_read_with_their_kebab_case_names(tmp_path: Path) -> None:
    path = write(
        tmp_path / "tkit.toml",
        """
select = ["TK1", "TK301"]
ignore = ["TK102"]
exclude = ["vendor/**"]
[naming]
style = "should"
[kit]
python-modules = ["shopkit"]
go-packages = ["kit"]
rust-crates = ["shop"]
[per-file-ignores]
"legacy/**" = ["TK301"]
""",
    )
    config = load_config_file(path)
    assert config.select == ("TK1", "TK301")
    assert config.ignore == ("TK102",)
    assert config.naming.style == "should"
    assert config.kit.python_modules == ("shopkit",)
    assert config.frontend_options().go_kit_packages == ("kit",)
    assert config.per_file_ignores == {"legacy/**": ("TK301",)}


def test_pyproject_section_is_found_by_walking_up(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.tkit-lint]\nignore = ["TK101"]\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    loaded = find_config(nested)
    assert loaded.path == tmp_path / "pyproject.toml"
    assert loaded.root == tmp_path.resolve()
    assert loaded.config.ignore == ("TK101",)


def test_pyproject_without_the_section_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "tkit.toml", 'ignore = ["TK201"]\n')
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    loaded = find_config(tmp_path / "sub")
    assert loaded.path == tmp_path / "tkit.toml"


def test_tkit_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "tkit.toml", 'ignore = ["TK201"]\n')
    write(tmp_path / "pyproject.toml", '[tool.tkit-lint]\nignore = ["TK101"]\n')
    assert find_config(tmp_path).config.ignore == ("TK201",)


def problems_of(tmp_path: Path, text: str, name: str = "tkit.toml") -> str:
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        load_config_file(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_unknown_key_names_the_line_and_the_key(tmp_path: Path) -> None:
    message = problems_of(tmp_path, 'select = ["TK"]\nselekt = ["TK1"]\n')
    assert "line 2: selekt: unknown key" in message


def test_unknown_nested_key_in_pyproject_is_prefixed_with_the_section(tmp_path: Path) -> None:
    message = problems_of(
        tmp_path, '[tool.tkit-lint.naming]\nstyel = "should"\n', name="pyproject.toml"
    )
    assert "tool.tkit-lint.naming.styel: unknown key" in message


def test_bad_naming_style_lists_the_allowed_values(tmp_path: Path) -> None:
    message = problems_of(tmp_path, '[naming]\nstyle = "camel"\n')
    assert "naming.style" in message
    assert "'given-when-then', 'should' or 'none'" in message


def test_wrong_type_is_refused(tmp_path: Path) -> None:
    message = problems_of(tmp_path, 'select = "TK301"\n')
    assert "line 1: select" in message


def test_bad_rule_code_says_what_a_code_looks_like(tmp_path: Path) -> None:
    message = problems_of(tmp_path, 'select = ["E501"]\n')
    assert "'E501' is not a rule code or prefix" in message
    assert '"TK301"' in message


def test_bad_glob_is_refused(tmp_path: Path) -> None:
    message = problems_of(tmp_path, 'exclude = ["!"]\n')
    assert "exclude" in message
    assert "not a valid glob" in message


def test_invalid_toml_gives_line_and_column(tmp_path: Path) -> None:
    message = problems_of(tmp_path, 'select = ["TK"\nignore = []\n')
    assert "not valid TOML" in message
    assert "line 2" in message


def test_explicit_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        resolve_config([tmp_path], tmp_path / "missing.toml")


def test_unknown_rule_code_in_select_names_the_known_range(tmp_path: Path) -> None:
    message = problems_of(tmp_path, 'select = ["TK1", "TK999"]\n')
    assert "line 1: select" in message
    assert "'TK999' matches no rule" in message
    assert "--list-rules" in message


def test_unknown_rule_code_in_per_file_ignores_is_refused(tmp_path: Path) -> None:
    message = problems_of(tmp_path, '[per-file-ignores]\n"a/**" = ["TK9"]\n')
    assert "'TK9' matches no rule" in message


def test_check_helpers_are_read_and_reach_the_rules_and_the_frontends(tmp_path: Path) -> None:
    from tkit_scaffold.engine import RuleSet

    path = write(tmp_path / "tkit.toml", 'check-helpers = ["tm.assert_*", "check_*", "ok!"]\n')
    config = load_config_file(path)
    assert config.check_helpers == ("tm.assert_*", "check_*", "ok!")
    assert config.frontend_options().check_helpers == config.check_helpers
    assert RuleSet(config).context.check_helpers == config.check_helpers
    assert Config().check_helpers == ()


def test_check_helpers_are_part_of_the_cache_fingerprint() -> None:
    assert Config(check_helpers=("check_*",)).fingerprint() != Config().fingerprint()


@pytest.mark.parametrize("value", ['"check_*"', '["check it"]', '[""]', '["a..b"]', "[1]"])
def test_a_bad_check_helper_is_refused_with_its_line(tmp_path: Path, value: str) -> None:
    message = problems_of(tmp_path, f'select = ["TK"]\ncheck-helpers = {value}\n')
    assert "line 2: check-helpers" in message


def test_toml_nested_too_deeply_is_a_problem_on_its_line(tmp_path: Path) -> None:
    deep = "[" * 500 + "]" * 500
    message = problems_of(tmp_path, f'select = ["TK"]\nvalue = {deep}\n')
    assert "line 2: not valid here: arrays or tables nest too deeply" in message


def test_thousands_of_unknown_keys_are_described_in_linear_time(tmp_path: Path) -> None:
    import time

    started = time.perf_counter()
    message = problems_of(tmp_path, "".join(f"key{index} = 1\n" for index in range(20_000)))
    assert time.perf_counter() - started < 10  # quadratic took minutes
    assert "line 20000: key19999: unknown key" in message


def test_a_pyproject_with_the_section_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.tkit-lint]\nselect = ["TK"] # \xff\n')
    with pytest.raises(ConfigError, match="cannot be read"):
        find_config(tmp_path)


def test_a_pyproject_without_the_section_that_is_not_utf8_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.black]\nline-length = 99 # \xff\n")
    assert find_config(tmp_path).path is None


def test_an_invalid_per_file_ignores_glob_is_refused_not_ignored(tmp_path: Path) -> None:
    message = problems_of(tmp_path, '[per-file-ignores]\n"legacy/[abc" = ["TK101"]\n')
    assert "never closed" in message


def test_a_tkit_toml_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "tkit.toml").write_bytes(b'select = ["TK"] # \xff\n')
    with pytest.raises(ConfigError, match="cannot be read"):
        find_config(tmp_path)
