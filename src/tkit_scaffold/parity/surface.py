"""The public surface of each kit: the names a user of the kit can reach.

- Python (libcst): the strings of ``__all__`` in the package's ``__init__.py``; without an
  ``__all__``, the public names the module binds at its top level.
- Rust (tree-sitter): ``pub`` items of the crate root (functions, types, traits, modules,
  constants), the names its ``pub use`` re-exports, and every ``#[macro_export]`` macro
  of the crate's module files (spelled with ``!``: ``given!``).
- Go (tree-sitter): exported (capitalised) package-level identifiers of the package's
  non-test files: functions, types, variables and constants; methods are not counted.

Each name carries the span where it is declared, so a finding can point at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
import tree_sitter_go
import tree_sitter_rust
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider
from tree_sitter import Language as TreeSitterLanguage
from tree_sitter import Node, Parser

from tkit_scaffold.config import ParityKits
from tkit_scaffold.errors import TkitError
from tkit_scaffold.frontends._treesitter import Source
from tkit_scaffold.model import Language, LineIndex, Span

_RUST = TreeSitterLanguage(tree_sitter_rust.language())
_GO = TreeSitterLanguage(tree_sitter_go.language())
_RUST_ITEMS = {
    "function_item",
    "struct_item",
    "enum_item",
    "union_item",
    "trait_item",
    "type_item",
    "const_item",
    "static_item",
    "mod_item",
}


class SurfaceError(TkitError):
    """A kit whose public surface cannot be read (a missing or unparsable file)."""


@dataclass(frozen=True, slots=True)
class PublicName:
    name: str  # as the language spells it; Rust macros end in "!"
    path: Path  # the file that declares it
    span: Span


@dataclass(frozen=True, slots=True)
class KitSurface:
    language: Language
    main_file: Path  # where a missing name is reported when its own module is not found
    names: tuple[PublicName, ...]

    @property
    def folder(self) -> Path:
        """The folder the kit's modules live in: Python's package, the folder of Rust's
        ``lib.rs``, Go's package."""
        return self.main_file.parent

    def spelled(self) -> dict[str, PublicName]:
        found: dict[str, PublicName] = {}
        for name in self.names:
            found.setdefault(name.name, name)
        return found


def read_surface(language: Language, location: Path) -> KitSurface:
    """The surface of the kit at ``location`` (Python ``__init__.py``, Rust ``lib.rs``,
    Go package folder)."""
    if language is Language.PYTHON:
        return python_surface(location, _read(location))
    if language is Language.RUST:
        return rust_surface(location)
    return go_surface(location)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SurfaceError(f"cannot read the kit file {path}: {error}") from None


def _span_of(lines: LineIndex, position: CodeRange) -> Span:
    start = lines.offset(position.start.line, position.start.column + 1)
    end = lines.offset(position.end.line, position.end.column + 1)
    return lines.span(start, end)


# ---------------------------------------------------------------------------- Python


def python_surface(path: Path, source: str) -> KitSurface:
    try:
        wrapper = MetadataWrapper(cst.parse_module(source))
    except cst.ParserSyntaxError as error:
        raise SurfaceError(f"{path} does not parse: {error.message}") from None
    positions = wrapper.resolve(PositionProvider)
    lines = LineIndex(source)
    exported = _dunder_all(wrapper.module)
    if exported is None:
        found = [
            (name, node)
            for name, node in _top_level_bindings(wrapper.module)
            if not name.startswith("_")
        ]
    else:
        found = exported
    names = tuple(PublicName(name, path, _span_of(lines, positions[node])) for name, node in found)
    return KitSurface(Language.PYTHON, path, names)


def _dunder_all(module: cst.Module) -> list[tuple[str, cst.CSTNode]] | None:
    found: list[tuple[str, cst.CSTNode]] | None = None
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            value: cst.BaseExpression | None = None
            if isinstance(small, cst.Assign) and any(
                isinstance(target.target, cst.Name) and target.target.value == "__all__"
                for target in small.targets
            ):
                value, found = small.value, []
            elif (
                isinstance(small, cst.AnnAssign | cst.AugAssign)
                and isinstance(small.target, cst.Name)
                and small.target.value == "__all__"
            ):
                value = small.value
                if isinstance(small, cst.AnnAssign) or found is None:
                    found = []
            if isinstance(value, cst.List | cst.Tuple) and found is not None:
                for element in value.elements:
                    if isinstance(element.value, cst.SimpleString):
                        text = element.value.evaluated_value
                        if isinstance(text, str):
                            found.append((text, element.value))
    return found


def _top_level_bindings(module: cst.Module) -> Iterator[tuple[str, cst.CSTNode]]:
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef | cst.ClassDef):
            yield statement.name.value, statement.name
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                if isinstance(small.module, cst.Name) and small.module.value == "__future__":
                    continue
                for alias in small.names:
                    bound = alias.asname.name if alias.asname else alias.name
                    if isinstance(bound, cst.Name):
                        yield bound.value, bound
            elif isinstance(small, cst.Assign):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        yield target.target.value, target.target


# ---------------------------------------------------------------------------- Rust


def rust_surface(lib_rs: Path) -> KitSurface:
    source = Source(_read(lib_rs))
    root = Parser(_RUST).parse(source.data).root_node
    names: list[PublicName] = []
    modules: list[str] = []
    for item in root.named_children:
        if item.type == "mod_item" and item.child_by_field_name("body") is None:
            name_node = item.child_by_field_name("name")
            if name_node is not None:
                modules.append(source.text_of(name_node))
        if not _is_pub(item, source):
            continue
        if item.type in _RUST_ITEMS:
            name_node = item.child_by_field_name("name")
            if name_node is not None:
                names.append(PublicName(source.text_of(name_node), lib_rs, source.span(name_node)))
        elif item.type == "use_declaration":
            argument = item.child_by_field_name("argument")
            if argument is not None:
                for leaf in _use_leaves(argument):
                    names.append(PublicName(source.text_of(leaf), lib_rs, source.span(leaf)))
    names.extend(_exported_macros(lib_rs, source, root))
    for module in modules:
        for candidate in (lib_rs.parent / f"{module}.rs", lib_rs.parent / module / "mod.rs"):
            if candidate.is_file():
                module_source = Source(_read(candidate))
                module_root = Parser(_RUST).parse(module_source.data).root_node
                names.extend(_exported_macros(candidate, module_source, module_root))
                break
    return KitSurface(Language.RUST, lib_rs, tuple(names))


def _is_pub(item: Node, source: Source) -> bool:
    return any(
        child.type == "visibility_modifier" and source.text_of(child) == "pub"
        for child in item.children
    )


def _use_leaves(node: Node) -> Iterator[Node]:
    """The names a ``use`` tree brings into scope (aliases win; globs bring none we
    could name)."""
    if node.type == "identifier":
        yield node
    elif node.type == "scoped_identifier":
        name = node.child_by_field_name("name")
        if name is not None and name.type == "identifier":
            yield name
    elif node.type == "use_as_clause":
        alias = node.child_by_field_name("alias")
        if alias is not None:
            yield alias
    elif node.type == "scoped_use_list":
        listed = node.child_by_field_name("list")
        if listed is not None:
            yield from _use_leaves(listed)
    elif node.type == "use_list":
        for child in node.named_children:
            yield from _use_leaves(child)


def _exported_macros(path: Path, source: Source, root: Node) -> Iterator[PublicName]:
    exported = False
    for item in root.named_children:
        if item.type == "attribute_item":
            exported = exported or source.text_of(item).replace(" ", "") == "#[macro_export]"
            continue
        if item.type == "line_comment" or item.type == "block_comment":
            continue
        if item.type == "macro_definition" and exported:
            name_node = item.child_by_field_name("name")
            if name_node is not None:
                yield PublicName(source.text_of(name_node) + "!", path, source.span(name_node))
        exported = False


# ---------------------------------------------------------------------------- Go


def go_surface(package_dir: Path) -> KitSurface:
    if not package_dir.is_dir():
        raise SurfaceError(f"the Go kit folder {package_dir} does not exist")
    files = sorted(path for path in package_dir.glob("*.go") if not path.name.endswith("_test.go"))
    if not files:
        raise SurfaceError(f"the Go kit folder {package_dir} holds no .go file")
    names: list[PublicName] = []
    for path in files:
        names.extend(go_file_names(path, _read(path)))
    main = package_dir / "matchers.go"
    return KitSurface(Language.GO, main if main.is_file() else files[0], tuple(names))


def go_file_names(path: Path, text: str) -> Iterator[PublicName]:
    """The exported package-level identifiers of one Go file."""
    source = Source(text)
    root = Parser(_GO).parse(source.data).root_node
    for declaration in root.named_children:
        for name_node in _go_declared(declaration):
            name = source.text_of(name_node)
            if name[:1].isupper():
                yield PublicName(name, path, source.span(name_node))


def _go_declared(declaration: Node) -> Iterator[Node]:
    if declaration.type == "function_declaration":
        name = declaration.child_by_field_name("name")
        if name is not None:
            yield name
    elif declaration.type in ("type_declaration", "var_declaration", "const_declaration"):
        for spec in _specs(declaration):
            if spec.type in ("type_spec", "type_alias"):
                name = spec.child_by_field_name("name")
                if name is not None:
                    yield name
            else:
                yield from spec.children_by_field_name("name")


def _specs(declaration: Node) -> Iterator[Node]:
    for child in declaration.named_children:
        if child.type in ("type_spec", "type_alias", "var_spec", "const_spec"):
            yield child
        elif child.type in ("var_spec_list", "const_spec_list"):
            yield from _specs(child)


# ---------------------------------------------------------------------------- layout


def kit_location(root: Path, kits: ParityKits, language: Language) -> Path:
    """Where the kit of ``language`` lives in the project at ``root``."""
    relative: str = getattr(kits, language.value)
    return root / relative


def present_languages(root: Path, kits: ParityKits) -> tuple[Language, ...]:
    """The languages whose kit exists in the project, in the order of ``Language``."""
    return tuple(language for language in Language if kit_location(root, kits, language).exists())
