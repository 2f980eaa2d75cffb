"""What the rendered CI and docs install: the answer, or the template's git URL pinned to
the rendered tag when a plain `copier copy` of a URL left the answer at its default."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2_ansible_filters import AnsibleCoreFiltersExtension

REPO_ROOT = Path(__file__).resolve().parents[2]
SNIPPET = "template/.includes/tkit-requirement.jinja"
HASH = "0123456789abcdef0123456789abcdef01234567"


def _requirement(answer: str, source: str, commit: str) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(REPO_ROOT),
        extensions=[AnsibleCoreFiltersExtension],
        undefined=jinja2.StrictUndefined,
    )
    answers = {"_src_path": source, "_commit": commit} if source else {}
    return environment.get_template(SNIPPET).render(
        tkit_requirement=answer,
        _copier_answers=answers,
        _copier_conf={"vcs_ref_hash": HASH},
    )


@pytest.mark.parametrize(
    ("answer", "source", "commit", "expected"),
    [
        pytest.param(
            "tkit-scaffold",
            "gh:acme/testingkit",
            "v0.2.0",
            "git+https://github.com/acme/testingkit@v0.2.0",
            id="github-shorthand-at-tag",
        ),
        pytest.param(
            "tkit-scaffold",
            "https://gitlab.example.com/qa/testingkit.git",
            "v1.0.0-3-gabc1234",
            f"git+https://gitlab.example.com/qa/testingkit.git@{HASH}",
            id="between-tags-pins-commit",
        ),
        pytest.param(
            "tkit-scaffold",
            "git+https://github.com/acme/testingkit",
            "v1.0",
            "git+https://github.com/acme/testingkit@v1.0",
            id="git-plus-url",
        ),
        pytest.param(
            "tkit-scaffold==0.1.0",
            "gh:acme/testingkit",
            "v0.2.0",
            "tkit-scaffold==0.1.0",
            id="explicit-answer-wins",
        ),
        pytest.param(
            "./tools/tkit_scaffold-0.1.0-py3-none-any.whl",
            "",
            "",
            "./tools/tkit_scaffold-0.1.0-py3-none-any.whl",
            id="tkit-new-wheel",
        ),
        pytest.param("tkit-scaffold", "../testingkit", "v0.1.0", "tkit-scaffold", id="local-path"),
    ],
)
def test_given_render_source_when_requirement_rendered_then_pip_can_install_it(
    answer: str, source: str, commit: str, expected: str
) -> None:
    assert _requirement(answer, source, commit) == expected
