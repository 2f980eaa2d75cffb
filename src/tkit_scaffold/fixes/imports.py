"""Bring the kit's names into scope after a pass of fixes, once per file.

Fixes only rewrite assertions and list the kit names they use (``Fix.requires_imports``).
After the engine has applied a pass, :meth:`ImportPlanner.ensure` adds or extends the
kit import of the file in its language:

- Python: ``from testingkit import assert_that, eq``, extending an existing from-import
  of the kit (names kept sorted when they were) instead of adding a second one;
- Rust: ``use <kit crate>::*;``, or the names added to an existing ``use <kit>::{…};``;
  only where a ``Cargo.toml`` above the file has the kit crate as a dependency (or is it);
- Go: ``tk "<module>/testingkit"`` with the module path from the ``go.mod`` above the
  file, and testify's ``assert``/``require`` imports dropped once nothing uses them (an
  unused import does not compile).

:meth:`ImportPlanner.can_satisfy` tells the engine beforehand whether a fix's names can be
brought into scope at all; a fix whose names cannot is not applied.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterable
from functools import cached_property, lru_cache
from pathlib import Path

import tree_sitter_go
from tree_sitter import Language as TreeSitterLanguage
from tree_sitter import Node, Parser

from tkit_scaffold.diagnostics import Fix
from tkit_scaffold.fixes.formatting import Formatter, formatter_for, rust_edition
from tkit_scaffold.frontends._treesitter import descendants
from tkit_scaffold.model import FrontendOptions, Language, LineIndex
from tkit_scaffold.vocabulary import spell

__all__ = ["GO_KIT_ALIAS", "TESTIFY_IMPORTS", "ImportPlanner", "go_kit_alias"]

GO_KIT_ALIAS = "tk"
TESTIFY_IMPORTS = ("github.com/stretchr/testify/assert", "github.com/stretchr/testify/require")
_LINE_LIMIT = 99
_GO = TreeSitterLanguage(tree_sitter_go.language())
_GO_IMPORT = re.compile(r'^\s*(?:(?P<alias>[\w.]+)\s+)?"(?P<path>[^"]+)"\s*$')


class ImportPlanner:
    """Import handling for one file, with what it needs of the file's surroundings."""

    def __init__(
        self,
        path: str,
        language: Language,
        options: FrontendOptions,
        *,
        original: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.language = language
        self.options = options
        # The file as it was before any fix: with it, each pass's result goes through the
        # formatter the file already followed (:mod:`tkit_scaffold.fixes.formatting`).
        self.original = original

    # ------------------------------------------------------------------ public

    def can_satisfy(self, fix: Fix, source: str) -> bool:
        if not fix.requires_imports:
            return True
        if self.language is Language.PYTHON:
            return bool(self.options.python_kit_modules)
        if self.language is Language.RUST:
            crate = self._rust_crate
            return crate is not None and (
                _rust_glob(source, crate) is not None or self._cargo_has_kit
            )
        if go_kit_alias(source, self.options.go_kit_packages) is not None:
            return True
        return self._go_kit_path is not None and not _go_binds(source, GO_KIT_ALIAS)

    def ensure(self, source: str, names: Iterable[str]) -> str:
        """``source`` with ``names`` (canonical kit names) in scope, formatted as the
        original file was (see ``original``)."""
        with_imports = self._with_imports(source, tuple(dict.fromkeys(names)))
        if self.original is None:
            return with_imports
        return self._formatter.format(self.original, with_imports)

    @cached_property
    def _formatter(self) -> Formatter:
        return formatter_for(self.path.resolve(), self.language)

    def _with_imports(self, source: str, wanted: tuple[str, ...]) -> str:
        if not wanted:
            return source
        if "\r\n" in source and source.count("\n") == source.count("\r\n"):
            # A file with Windows line endings keeps them in the lines added.
            crlf = source.replace("\r\n", "\n")
            return self._with_imports(crlf, wanted).replace("\n", "\r\n")
        if self.language is Language.PYTHON:
            return _ensure_python(source, wanted, self.options.python_kit_modules[0])
        if self.language is Language.RUST:
            assert self._rust_crate is not None
            with_use = _ensure_rust(source, wanted, self._rust_crate)
            if with_use != source and rust_edition(self.path) == "2015":
                # Rust 2015 resolves `use` paths from the crate root: the kit crate must
                # be declared there (in a test file, which is a crate root, here).
                with_use = _ensure_extern_crate(with_use, self._rust_crate)
            return with_use
        return self._ensure_go(source)

    # ------------------------------------------------------------------ Rust

    @cached_property
    def _rust_crate(self) -> str | None:
        crates = self.options.rust_kit_crates
        return crates[0].replace("-", "_") if crates else None

    @cached_property
    def _cargo_has_kit(self) -> bool:
        manifest = _find_up(self.path, "Cargo.toml")
        if manifest is None or self._rust_crate is None:
            return False
        try:
            data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return False
        crate = self._rust_crate
        package = data.get("package", {})
        if isinstance(package, dict) and str(package.get("name", "")).replace("-", "_") == crate:
            return True
        for table in ("dependencies", "dev-dependencies"):
            dependencies = data.get(table, {})
            if isinstance(dependencies, dict) and any(
                str(key).replace("-", "_") == crate for key in dependencies
            ):
                return True
        return False

    # ------------------------------------------------------------------ Go

    @cached_property
    def _go_kit_path(self) -> str | None:
        """The kit's import path: a required module named like the kit, or the kit's
        folder at the root of the file's own module."""
        go_mod = _find_up(self.path, "go.mod")
        packages = self.options.go_kit_packages
        if go_mod is None or not packages:
            return None
        try:
            text = go_mod.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        module = re.search(r"^module\s+(\S+)", text, re.MULTILINE)
        if module is None:
            return None
        for required in re.findall(r"^\s*(?:require\s+)?([\w.\-/~]+)\s+v\S+", text, re.MULTILINE):
            if required.rsplit("/", 1)[-1] in packages:
                return str(required)
        for package in packages:
            if any((go_mod.parent / package).glob("*.go")):
                return f"{module.group(1).strip()}/{package}"
        return None

    def _ensure_go(self, source: str) -> str:
        if go_kit_alias(source, self.options.go_kit_packages) is None:
            path = self._go_kit_path
            assert path is not None
            source = _add_go_import(source, f'{GO_KIT_ALIAS} "{path}"')
        return _drop_unused_testify(source)


# ---------------------------------------------------------------------- helpers


def _find_up(path: Path, name: str) -> Path | None:
    try:
        folder = path.resolve().parent
    except OSError:
        return None
    for candidate in (folder, *folder.parents):
        if (candidate / name).is_file():
            return candidate / name
    return None


# ---------------------------------------------------------------------- Python


def _sort_key(name: str) -> tuple[int, str]:
    """isort's order by type, as ruff applies it: CONSTANTS, Classes, functions."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def _ensure_python(source: str, names: tuple[str, ...], module: str) -> str:
    # The C parser of `ast` is fast, and only the file's leading statements matter here.
    spelled = [spell(name, Language.PYTHON) for name in names]
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    index = LineIndex(source)

    def offset(line: int, byte_column: int) -> int:
        text = lines[line - 1] if line - 1 < len(lines) else ""
        return index.offset(line, len(text.encode("utf-8")[:byte_column].decode("utf-8")) + 1)

    existing: ast.ImportFrom | None = None
    anchor: ast.stmt | None = None
    for position, statement in enumerate(tree.body):
        if position == 0 and _is_docstring(statement):
            anchor = statement
            continue
        if not isinstance(statement, ast.Import | ast.ImportFrom):
            break
        anchor = statement
        if (
            isinstance(statement, ast.ImportFrom)
            and not statement.level
            and statement.module == module
        ):
            if any(alias.name == "*" for alias in statement.names):
                return source
            have = {alias.asname or alias.name for alias in statement.names}
            spelled = [name for name in spelled if name not in have]
            if not spelled:
                return source
            existing = existing or statement
    if existing is not None:
        assert existing.end_lineno is not None and existing.end_col_offset is not None
        start = offset(existing.lineno, existing.col_offset)
        end = offset(existing.end_lineno, existing.end_col_offset)
        text = source[start:end]
        if "#" not in text and ";" not in text and all(a.asname is None for a in existing.names):
            have_names = [alias.name for alias in existing.names]
            merged = have_names + spelled
            if have_names == sorted(have_names, key=_sort_key):
                merged = sorted(merged, key=_sort_key)
            indent = " " * existing.col_offset
            return source[:start] + _from_import(module, merged, indent) + source[end:]
        anchor = existing  # comments inside: add a second line rather than rewrite it
    new_line = _from_import(module, sorted(spelled, key=_sort_key), "") + "\n"
    if anchor is None:
        at = _python_header_end(source)
        blank = "\n" if source[at:].strip() else ""
        return source[:at] + new_line + blank + source[at:]
    end_line = anchor.end_lineno or anchor.lineno
    at = index.offset(end_line + 1, 1) if end_line < len(lines) else len(source)
    if at == len(source) and not source.endswith("\n"):
        new_line = "\n" + new_line
    if isinstance(anchor, ast.Expr):
        new_line = "\n" + new_line
    return source[:at] + new_line + source[at:]


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _from_import(module: str, names: list[str], indent: str) -> str:
    line = f"from {module} import {', '.join(names)}"
    if len(indent) + len(line) <= _LINE_LIMIT:
        return line
    inner = "".join(f"{indent}    {name},\n" for name in names)
    return f"from {module} import (\n{inner}{indent})"


def _python_header_end(source: str) -> int:
    """Past the leading comment lines (shebang, coding, licence) of a file."""
    offset = 0
    for line in source.splitlines(keepends=True):
        if line.startswith("#"):
            offset += len(line)
        else:
            break
    return offset


# ---------------------------------------------------------------------- Rust


def _rust_glob(source: str, crate: str) -> re.Match[str] | None:
    return re.search(rf"^use[ \t]+(?:::)?{re.escape(crate)}::\*[ \t]*;", source, re.MULTILINE)


def _ensure_rust(source: str, names: tuple[str, ...], crate: str) -> str:
    if _rust_glob(source, crate) is not None:
        return source
    spelled = [spell(name, Language.RUST) for name in names]
    braces = re.search(
        rf"^use[ \t]+(?:::)?{re.escape(crate)}::\{{(?P<names>[^{{}}]*)\}}[ \t]*;",
        source,
        re.MULTILINE,
    )
    if braces is not None and "//" not in braces.group("names"):
        have = [item.strip() for item in braces.group("names").split(",") if item.strip()]
        if all(re.fullmatch(r"\w+", item) for item in have):
            missing = [name for name in spelled if name not in have]
            if not missing:
                return source
            merged = have + missing
            if have == sorted(have):
                merged.sort()
            start, end = braces.span("names")
            return source[:start] + ", ".join(merged) + source[end:]
    from tkit_scaffold.fixes.rust_scope import rust_scopes

    if rust_scopes(source).root.has_unknown_glob(frozenset({crate})):
        # Next to another crate's glob, a second glob would make a name both hold
        # ambiguous (E0659); names imported one by one take precedence over any glob.
        path = f"{crate}::{{{', '.join(sorted(spelled))}}}"
    else:
        path = f"{crate}::*"
    line = f"use {path};\n"
    uses = list(
        re.finditer(r"^(?:pub(?:\([^)]*\))?[ \t]+)?use[ \t]([^;]*);[ \t]*\n?", source, re.MULTILINE)
    )
    if uses:
        # Into the last run of adjacent `use` lines, in rustfmt's (alphabetical) order.
        group = [uses[-1]]
        for previous in reversed(uses[:-1]):
            if previous.end() != group[0].start():
                break
            group.insert(0, previous)
        later = next((use for use in group if use.group(1).strip() > path), None)
        if later is not None:
            return source[: later.start()] + line + source[later.start() :]
        end = uses[-1].end()
        if not source[:end].endswith("\n"):
            line = "\n" + line
        return source[:end] + line + source[end:]
    offset = _rust_header_end(source)
    return source[:offset] + line + ("\n" if source[offset:].strip() else "") + source[offset:]


def _ensure_extern_crate(source: str, crate: str) -> str:
    """``source`` with `extern crate <crate>;`: in alphabetical order among the file's
    other `extern crate` lines, or on its own before the first item."""
    if re.search(rf"^[ \t]*extern[ \t]+crate[ \t]+{re.escape(crate)}\b", source, re.MULTILINE):
        return source
    line = f"extern crate {crate};\n"
    externs = list(
        re.finditer(r"^extern[ \t]+crate[ \t]+(\w+)[^;]*;[ \t]*\n", source, re.MULTILINE)
    )
    if externs:
        later = next((m for m in externs if m.group(1) > crate), None)
        at = later.start() if later is not None else externs[-1].end()
        return source[:at] + line + source[at:]
    offset = _rust_header_end(source)
    return source[:offset] + line + "\n" + source[offset:]


def _rust_header_end(source: str) -> int:
    """Past the inner doc comments, inner attributes and blank lines a file starts with."""
    offset = 0
    for line in source.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith(("//!", "#![")) or not stripped:
            offset += len(line)
        else:
            break
    return offset


# ---------------------------------------------------------------------- Go


def _go_parse(source: str) -> Node:
    return Parser(_GO).parse(source.encode("utf-8")).root_node


@lru_cache(maxsize=8)
def _go_specs(source: str) -> tuple[tuple[str | None, str, int, int], ...]:
    """Every import spec as (alias, path, start line, end line), lines 0-based. Remembered
    for the last few texts: the fixes of one file ask once per assertion."""
    specs = []
    for node in _go_parse(source).children:
        if node.type != "import_declaration":
            continue
        for spec in descendants(node):
            if spec.type != "import_spec":
                continue
            path = spec.child_by_field_name("path")
            name = spec.child_by_field_name("name")
            if path is None or path.text is None:
                continue
            alias = name.text.decode() if name is not None and name.text is not None else None
            specs.append(
                (alias, path.text.decode().strip('"`'), spec.start_point[0], spec.end_point[0])
            )
    return tuple(specs)


def go_kit_alias(source: str, packages: tuple[str, ...]) -> str | None:
    """The name a Go file imports the kit under (``.`` for a dot import), or None."""
    for alias, path, _, _ in _go_specs(source):
        if path.rsplit("/", 1)[-1] in packages:
            return alias or path.rsplit("/", 1)[-1]
    return None


def _go_binds(source: str, name: str) -> bool:
    """Whether some import of the file already goes by ``name``."""
    return any(
        (alias or path.rsplit("/", 1)[-1]) == name for alias, path, _, _ in _go_specs(source)
    )


def _add_go_import(source: str, spec: str) -> str:
    root = _go_parse(source)
    lines = source.splitlines(keepends=True)
    declarations = [node for node in root.children if node.type == "import_declaration"]
    grouped = [
        node for node in declarations if any(c.type == "import_spec_list" for c in node.children)
    ]
    if grouped:
        block = grouped[-1]
        close_line = block.end_point[0]  # the line of ")"
        last_spec = close_line - 1
        previous = lines[last_spec].strip() if last_spec >= 0 else ""
        # A standard-library group (no dot in the path) gets a group of its own after it.
        match = _GO_IMPORT.match(previous)
        separate = match is not None and "." not in match.group("path").split("/")[0]
        insert = ("\n" if separate else "") + f"\t{spec}\n"
        lines.insert(close_line, insert)
        return "".join(lines)
    if declarations:
        after = declarations[-1].end_point[0] + 1
        lines.insert(after, f"import {spec}\n")
        return "".join(lines)
    package = next((node for node in root.children if node.type == "package_clause"), None)
    after = package.end_point[0] + 1 if package is not None else 0
    lines.insert(after, f"\nimport {spec}\n")
    return "".join(lines)


def _go_qualifiers_used(source: str) -> set[str]:
    used: set[str] = set()
    for node in descendants(_go_parse(source)):
        if node.type == "selector_expression":
            operand = node.child_by_field_name("operand")
            if operand is not None and operand.type == "identifier" and operand.text is not None:
                used.add(operand.text.decode())
        elif node.type == "qualified_type":
            package = node.child_by_field_name("package")
            if package is not None and package.text is not None:
                used.add(package.text.decode())
    return used


def _drop_unused_testify(source: str) -> str:
    specs = [spec for spec in _go_specs(source) if spec[1] in TESTIFY_IMPORTS]
    if not specs:
        return source
    used = _go_qualifiers_used(source)
    lines = source.splitlines(keepends=True)
    drop: set[int] = set()
    for alias, path, start, end in specs:
        name = alias or path.rsplit("/", 1)[-1]
        if name in ("_", ".") or name in used:
            continue
        drop.update(range(start, end + 1))
    if not drop:
        return source
    kept = [line for index, line in enumerate(lines) if index not in drop]
    return _tidy_import_blank_lines("".join(kept))


def _tidy_import_blank_lines(source: str) -> str:
    """No blank line right inside ``import (…)``, no two in a row, no empty block."""

    def tidy(match: re.Match[str]) -> str:
        inner = re.sub(r"\n(?:[ \t]*\n)+", "\n\n", match.group(1)).strip("\n")
        return f"import (\n{inner}\n)" if inner.strip() else ""

    return re.sub(r"^import \((.*?)^\)", tidy, source, flags=re.MULTILINE | re.DOTALL)
