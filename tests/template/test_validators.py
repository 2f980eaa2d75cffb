"""The questionnaire refuses hostile or broken answers and says what to type instead."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import copier
import pytest

from tkit_scaffold.errors import ScaffoldError
from tkit_scaffold.scaffold import render_project

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def questionnaire(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real copier.yml over an empty template: the answers are checked, nothing built."""
    source = tmp_path_factory.mktemp("questionnaire")
    shutil.copy(REPO_ROOT / "copier.yml", source / "copier.yml")
    (source / "template").mkdir()
    return source


def _answer(questionnaire: Path, destination: Path, data: dict[str, object]) -> None:
    copier.run_copy(
        str(questionnaire),
        str(destination),
        data=data,
        defaults=True,
        unsafe=False,
        quiet=True,
    )


REFUSED = [
    pytest.param({"project_name": ""}, "project_name", "Type a project name", id="empty-name"),
    pytest.param(
        {"tkit_requirement": " "}, "tkit_requirement", "Type a pip requirement", id="blank-tkit"
    ),
    pytest.param(
        {"tkit_requirement": "tkit-scaffold; rm -rf"},
        "tkit_requirement",
        "without spaces or quotes",
        id="shell-tkit",
    ),
    pytest.param({"project_name": "   "}, "project_name", "Type a project name", id="blank-name"),
    pytest.param({"project_name": "Café"}, "project_name", "in ASCII", id="non-ascii-name"),
    pytest.param(
        {"project_name": "9 Lives"},
        "project_name",
        "Start the project name with a letter",
        id="digit-name",
    ),
    pytest.param({"project_name": "../x"}, "project_name", "without slashes", id="dotdot-name"),
    pytest.param({"project_slug": "../x"}, "project_slug", "e.g. demo-shop", id="dotdot-slug"),
    pytest.param({"project_slug": "a/b"}, "project_slug", "e.g. demo-shop", id="slash-slug"),
    pytest.param({"project_slug": "a\\b"}, "project_slug", "e.g. demo-shop", id="backslash-slug"),
    pytest.param(
        {"project_slug": "1shop"}, "project_slug", "starting with a letter", id="digit-slug"
    ),
    pytest.param({"project_slug": "shöp"}, "project_slug", "lowercase ASCII", id="non-ascii-slug"),
    pytest.param(
        {"python_distribution": "a..b"}, "python_distribution", "PEP 508", id="dotdot-dist"
    ),
    pytest.param(
        {"python_package": "class"}, "python_package", "is a Python keyword", id="keyword-package"
    ),
    pytest.param(
        {"python_package": "test"}, "python_package", "would shadow a module", id="stdlib-package"
    ),
    pytest.param(
        {"python_package": "testingkit"},
        "python_package",
        "would shadow a module",
        id="kit-package",
    ),
    pytest.param({"python_package": "a/b"}, "python_package", "e.g. demo_shop", id="slash-package"),
    pytest.param(
        {"python_package": "2fast"},
        "python_package",
        "with a letter",
        id="digit-package",
    ),
    pytest.param({"rust_crate": "fn"}, "rust_crate", "is a Rust keyword", id="keyword-crate"),
    pytest.param(
        {"rust_crate": "std"}, "rust_crate", "is a Rust keyword or a built-in crate", id="std-crate"
    ),
    pytest.param(
        {"rust_crate": "regex"}, "rust_crate", "a crate the kit depends on", id="dependency-crate"
    ),
    pytest.param({"rust_crate": "..\\x"}, "rust_crate", "e.g. demo_shop", id="dotdot-crate"),
    pytest.param(
        {"go_module": "Example.com//x"}, "go_module", "e.g. example.com/demo-shop", id="bad-module"
    ),
    pytest.param(
        {"go_module": "example.com/../x"},
        "go_module",
        "e.g. example.com/demo-shop",
        id="dotdot-module",
    ),
    pytest.param(
        {"go_module": "example.com/x/"},
        "go_module",
        "no leading or trailing slash",
        id="trailing-slash",
    ),
    pytest.param({"go_module": "exämple.com/x"}, "go_module", "ASCII", id="non-ascii-module"),
    pytest.param({"languages": []}, "languages", "Choose at least one language", id="no-language"),
    pytest.param(
        {"author_email": "nobody"}, "author_email", "like name@example.com", id="bad-email"
    ),
    pytest.param({"author_name": 'Ada "Q"'}, "author_name", "without quotes", id="quoted-author"),
    # A validator judges the whole answer: a trailing newline is not a good answer's tail.
    *(
        pytest.param({key: value + "\n", **extra}, key, advice, id=f"newline-{key}")
        for key, value, extra, advice in (
            ("project_name", "Shop", {}, "leading or trailing spaces"),
            ("project_slug", "shop", {}, "kebab-case"),
            ("python_distribution", "shop", {}, "PEP 508"),
            ("python_package", "shop", {}, "Python package name"),
            ("rust_crate", "shop", {"languages": ["rust"]}, "Rust crate name"),
            ("go_module", "example.com/shop", {}, "as `go mod init` accepts it"),
            ("author_name", "Ada", {}, "control"),
            ("author_email", "ada@example.com", {}, "like name@example.com"),
            ("tkit_requirement", "tkit-scaffold", {}, "without spaces or quotes"),
        )
    ),
    pytest.param({"project_name": "A" * 300}, "project_name", "at most 100", id="long-name"),
    pytest.param({"project_slug": "a" * 65}, "project_slug", "at most 64", id="long-slug"),
    pytest.param(
        {"go_module": "example.com/" + "a" * 200}, "go_module", "at most 200", id="long-module"
    ),
    pytest.param(
        {"author_name": "Ada \U0001f600"}, "author_name", "beyond U+FFFF", id="emoji-author"
    ),
    pytest.param({"go_module": "example.com/aux"}, "go_module", "device name", id="go-device"),
    pytest.param({"go_module": "example.com/Nul.txt"}, "go_module", "device", id="go-device-ext"),
    pytest.param({"go_module": "example.com/.x"}, "go_module", "starting or ending", id="go-dot"),
    pytest.param({"go_module": "example.com/x~1"}, "go_module", "go mod init", id="go-tilde"),
    pytest.param({"go_module": "example.com/x/v1"}, "go_module", "drop the /v1", id="go-v1"),
    pytest.param({"go_module": "example.com/x/v0"}, "go_module", "drop the /v0", id="go-v0"),
    pytest.param({"go_module": "example/x"}, "go_module", "with a dot", id="go-no-dot"),
]


@pytest.mark.parametrize(("data", "question", "advice"), REFUSED)
def test_given_bad_answer_when_rendering_then_it_is_refused_with_advice(
    questionnaire: Path, tmp_path: Path, data: dict[str, object], question: str, advice: str
) -> None:
    with pytest.raises(ValueError, match=f"question '{question}'") as refused:
        _answer(questionnaire, tmp_path / "out", data)
    assert advice in str(refused.value)
    assert not (tmp_path / "out" / "tkit.toml").exists()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({}, id="defaults"),
        pytest.param({"project_name": "Shop 24", "languages": ["go"]}, id="digits-later"),
        pytest.param({"go_module": "github.com/acme/demo-shop/v2"}, id="versioned-module"),
        pytest.param({"go_module": "github.com/Acme/Demo_Shop~x/v3"}, id="go-mixed-case"),
        pytest.param({"go_module": "example.com"}, id="go-domain-only"),
        pytest.param({"project_name": "A" * 100, "project_slug": "a"}, id="name-at-limit"),
        pytest.param(
            {"tkit_requirement": "./tools/tkit_scaffold-0.1.0-py3-none-any.whl"}, id="wheel"
        ),
        pytest.param({"python_distribution": "Demo.Shop_2"}, id="pep508-dist"),
        pytest.param({"author_name": "José Núñez"}, id="unicode-author"),
        pytest.param({"tkit_requirement": "tkit-scaffold>=0.1,<0.2"}, id="version-range"),
        pytest.param(
            {"tkit_requirement": "git+https://github.com/acme/testingkit@v0.1.0"}, id="vcs-url"
        ),
    ],
)
def test_given_good_answer_when_rendering_then_it_is_accepted(
    questionnaire: Path, tmp_path: Path, data: dict[str, object]
) -> None:
    _answer(questionnaire, tmp_path / "out", data)


def test_given_question_skipped_for_language_when_its_default_is_bad_then_render_succeeds(
    questionnaire: Path, tmp_path: Path
) -> None:
    # "fn" is a fine slug but a Rust keyword: only a Rust render must refuse it.
    _answer(questionnaire, tmp_path / "go", {"project_slug": "fn", "languages": ["go"]})
    with pytest.raises(ValueError, match="is a Rust keyword"):
        _answer(questionnaire, tmp_path / "rust", {"project_slug": "fn", "languages": ["rust"]})


@pytest.mark.parametrize(
    ("languages", "advice"),
    [
        pytest.param([], "choose at least one language", id="none"),
        pytest.param(["java"], "unknown language(s) 'java'", id="unknown"),
        pytest.param("rust", "must be a list", id="string"),
    ],
)
def test_given_bad_languages_when_render_project_then_scaffold_error_says_why(
    tmp_path: Path, languages: list[str], advice: str
) -> None:
    with pytest.raises(ScaffoldError) as refused:
        render_project(tmp_path / "out", languages)
    assert advice in str(refused.value)
    assert not (tmp_path / "out").exists()


def test_given_bad_answer_when_render_project_then_copier_error_becomes_scaffold_error(
    tmp_path: Path,
) -> None:
    with pytest.raises(ScaffoldError, match="is a Python keyword") as refused:
        render_project(tmp_path / "out", ["python"], {"python_package": "class"})
    assert isinstance(refused.value.__cause__, ValueError)


# Paths `go mod init` accepts or refuses: the template agrees with it on each.
GO_PATHS = [
    "example.com/shop",
    "example.com/aux",
    "example.com/AUX.json",
    "example.com/com1/x",
    "example.com/x~1",
    "example.com/x~a",
    "example.com/x.",
    "example.com/x/v1",
    "example.com/x/v2",
    "example.com/x/v02",
    "github.com/Acme/Shop",
    "example.com/x y",
    "example.com/x/",
    "example.com//x",
]
# Paths `go mod init` takes for a module nobody fetches, but `go get` could never fetch
# (module.CheckPath): the template asks for a path others can depend on.
GO_UNFETCHABLE = ["example/x", "Example.com/x", "example.com/.hidden", "example.com/a..b"]


@pytest.mark.toolchain
@pytest.mark.parametrize("module", GO_PATHS)
def test_given_go_module_path_when_validated_then_verdict_matches_go_mod_init(
    questionnaire: Path, tmp_path: Path, module: str, toolchain: Callable[[str], str]
) -> None:
    go = toolchain("go")
    project = tmp_path / "module"
    project.mkdir()
    by_go = subprocess.run(
        [go, "mod", "init", module], cwd=project, capture_output=True, text=True, check=False
    )
    try:
        _answer(questionnaire, tmp_path / "out", {"go_module": module, "languages": ["go"]})
        ours = True
    except ValueError:
        ours = False
    assert ours == (by_go.returncode == 0), by_go.stderr


@pytest.mark.parametrize("module", GO_UNFETCHABLE)
def test_given_unfetchable_go_module_path_when_validated_then_refused(
    questionnaire: Path, tmp_path: Path, module: str
) -> None:
    with pytest.raises(ValueError, match="question 'go_module'"):
        _answer(questionnaire, tmp_path / "out", {"go_module": module, "languages": ["go"]})


HOSTILE = [
    {"project_name": "Shop\n[x]"},
    {"project_name": 'Shop"'},
    {"author_name": "Ada\u2028Lovelace"},
    {"author_name": "Ada ]]] '''"},
    {"author_name": "Zo\u00eb \u00e9 \u4e2d"},
    {"author_email": 'a"@example.com'},
    {"python_distribution": "a]b"},
    {"rust_crate": 'a"b'},
    {"project_slug": "x-\n"},
    {"tkit_requirement": 'x"\n'},
    {"license": "MIT\n"},
]


@pytest.mark.slow
@pytest.mark.parametrize("answers", HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_given_hostile_answer_when_rendered_then_refused_or_every_manifest_parses(
    tmp_path: Path, answers: dict[str, object]
) -> None:
    destination = tmp_path / "out"
    try:
        render_project(destination, ["rust", "python", "go"], answers)
    except ScaffoldError as refused:
        assert "question" in str(refused)
        assert not destination.exists()
        return
    manifests = [
        path
        for path in destination.rglob("*.toml")
        if path.name in {"pyproject.toml", "Cargo.toml", "tkit.toml"}
    ]
    assert len(manifests) == 3
    for path in manifests:
        tomllib.loads(path.read_text(encoding="utf-8"))
