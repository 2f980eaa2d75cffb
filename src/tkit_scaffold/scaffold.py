"""Render the bundled TestingKit template into a new project.

The template ships with the package (see :mod:`tkit_scaffold.resources`), so rendering
needs no network. It is rendered without trust: the template has no tasks, migrations
or Jinja extensions, and this function never lets Copier run any.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import copier
import jinja2
from copier.errors import CopierError, DirtyLocalWarning

from tkit_scaffold.errors import ScaffoldError
from tkit_scaffold.resources import template_root

__all__ = ["LANGUAGES", "ScaffoldError", "render_project"]

LANGUAGES: tuple[str, ...] = ("rust", "python", "go")


def render_project(
    destination: Path,
    languages: Sequence[str],
    data: Mapping[str, object] | None = None,
    *,
    defaults: bool = True,
    overwrite: bool = False,
) -> Path:
    """Render the template for ``languages`` into ``destination`` and return it.

    ``data`` answers the template's questions (``project_name``, ``python_package`` …);
    questions it leaves out take their defaults when ``defaults`` is true and are asked
    interactively otherwise. An answer the template refuses, or a destination Copier
    cannot write, raises :class:`ScaffoldError` with Copier's explanation.
    """
    chosen = _checked_languages(languages)
    answers: dict[str, object] = dict(data or {})
    if "languages" in answers:
        raise ScaffoldError("pass the languages as the `languages` argument, not in `data`")
    answers["languages"] = chosen
    source = template_root()
    try:
        with warnings.catch_warnings():
            # Rendering a development checkout with uncommitted edits is the point.
            warnings.simplefilter("ignore", DirtyLocalWarning)
            copier.run_copy(
                str(source),
                str(destination),
                data=answers,
                defaults=defaults,
                overwrite=overwrite,
                unsafe=False,
                quiet=True,
                vcs_ref=_working_tree_ref(source),
            )
    except (CopierError, ValueError, jinja2.TemplateError) as error:
        raise ScaffoldError(f"cannot render the template into {destination}: {error}") from error
    return destination


def _checked_languages(languages: Sequence[str]) -> list[str]:
    if isinstance(languages, str):
        raise ScaffoldError(f"languages must be a list such as [{languages!r}], not a string")
    unknown = [language for language in languages if language not in LANGUAGES]
    if unknown:
        raise ScaffoldError(
            f"unknown language(s) {', '.join(map(repr, unknown))}: choose from "
            + ", ".join(LANGUAGES)
        )
    if not languages:
        raise ScaffoldError("choose at least one language: " + ", ".join(LANGUAGES))
    return [language for language in LANGUAGES if language in languages]


def _working_tree_ref(source: Path) -> str | None:
    """Render a git checkout as it is on disk, not its newest tag.

    Without a ref, Copier renders a git template at its latest tag. ``HEAD`` makes it
    render the checkout's last commit plus any uncommitted changes; an installed copy of
    the template is a plain folder, for which no ref is needed.
    """
    return "HEAD" if (source / ".git").exists() else None
