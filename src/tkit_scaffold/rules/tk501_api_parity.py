"""TK501 api-parity: each kit exports exactly the vocabulary of ``rules/api.toml``, plus
the extras that file declares with a reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tkit_scaffold.model import Span
from tkit_scaffold.rules._base import ProjectRule, ProjectViolation, RuleContext

if TYPE_CHECKING:
    from tkit_scaffold.config import Config
    from tkit_scaffold.parity.api import SurfaceDiff

# The parity modules read the kits with libcst and tree-sitter: they are imported when a
# project is checked, not whenever the registry loads the rules.

FIRST_LINE = Span(0, 0, 1, 1, 1, 1)


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class ApiParity(ProjectRule):
    code = "TK501"

    def check_project(
        self, root: Path, config: Config, context: RuleContext
    ) -> Iterator[ProjectViolation]:
        from tkit_scaffold.parity.api import compare_surface, load_api
        from tkit_scaffold.parity.surface import (
            SurfaceError,
            kit_location,
            present_languages,
            read_surface,
        )

        spec = load_api()
        for language in present_languages(root, config.parity.kits):
            location = kit_location(root, config.parity.kits, language)
            try:
                surface = read_surface(language, location)
            except SurfaceError as error:
                main = location if location.is_file() else location / "."
                yield ProjectViolation(
                    relative(main, root),
                    FIRST_LINE,
                    f"the {language.value} kit's public names cannot be read: {error}",
                    language,
                )
                continue
            yield from _findings(compare_surface(surface, spec), root)


def _findings(diff: SurfaceDiff, root: Path) -> Iterator[ProjectViolation]:
    language = diff.surface.language
    for expected in diff.missing:
        spelled = expected.spelling(language)
        message = (
            f"the {language.value} kit lacks the {expected.kind} `{expected.entry.name}` "
            "of rules/api.toml: "
        )
        placement = diff.placement(expected)
        if placement is None:
            reported = diff.surface.main_file
            message += f"export it as `{spelled}`"
        else:
            reported = placement.module
            message += f"define it as `{spelled}` in {relative(placement.module, root)}"
            if placement.export_from is not None:
                message += f" and re-export it from {relative(placement.export_from, root)}"
        near = diff.near_miss(expected)
        if near is not None:
            message += f" (it exports `{near.name}`, which is not the vocabulary's spelling)"
        yield ProjectViolation(relative(reported, root), FIRST_LINE, message, language)
    for name in diff.undeclared:
        yield ProjectViolation(
            relative(name.path, root),
            name.span,
            f"`{name.name}` is public in the {language.value} kit but is neither a name of "
            f"the vocabulary in rules/api.toml nor one of its [extras.{language.value}]: "
            "add it to the vocabulary (in every kit), declare it with a reason, or make it "
            "private",
            language,
        )
