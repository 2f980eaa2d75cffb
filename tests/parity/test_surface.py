"""The surface readers on small sources: which names count as a kit's public API."""

from __future__ import annotations

from pathlib import Path

import pytest

from tkit_scaffold.model import Language, Span
from tkit_scaffold.parity.api import compare_surface, load_api
from tkit_scaffold.parity.surface import (
    KitSurface,
    PublicName,
    SurfaceError,
    go_surface,
    python_surface,
    rust_surface,
)


def _names(surface: KitSurface) -> list[str]:
    return sorted(name.name for name in surface.names)


def test_python_surface_is_dunder_all_with_positions() -> None:
    source = 'from a import b, c\n\n__all__ = [\n    "b",\n    "c",\n]\n'
    surface = python_surface(Path("__init__.py"), source)
    assert _names(surface) == ["b", "c"]
    first = surface.spelled()["c"]
    assert (first.span.line, first.span.column) == (5, 5)
    assert source[first.span.start : first.span.end] == '"c"'


def test_python_surface_follows_augmented_all() -> None:
    source = '__all__ = ("a",)\n__all__ += ["b"]\n'
    assert _names(python_surface(Path("x.py"), source)) == ["a", "b"]


def test_python_surface_without_all_is_public_top_level_bindings() -> None:
    source = (
        "from __future__ import annotations\n"
        "from m import eq, _private\nimport os\n"
        "def given(): ...\nclass Mock: ...\n_hidden = 1\nVALUE = 2\n"
    )
    assert _names(python_surface(Path("x.py"), source)) == ["Mock", "VALUE", "eq", "given"]


def test_python_surface_of_broken_source_is_an_error() -> None:
    with pytest.raises(SurfaceError, match="does not parse"):
        python_surface(Path("x.py"), "__all__ = [\n")


def test_rust_surface_reads_pub_items_reexports_and_exported_macros(tmp_path: Path) -> None:
    lib = tmp_path / "lib.rs"
    lib.write_text(
        "pub mod matchers;\nmod private_mod;\n"
        "pub use matchers::{eq, nested::{ne as not_equal}, Matcher};\n"
        "pub use render::Render;\n"
        "pub fn helper() {}\npub(crate) fn internal() {}\nfn hidden() {}\n"
        "pub struct Mock;\n"
        "#[macro_export]\nmacro_rules! given { () => {}; }\n"
        "macro_rules! local { () => {}; }\n",
        encoding="utf-8",
    )
    (tmp_path / "matchers.rs").write_text(
        "/// Doc.\n#[macro_export]\nmacro_rules! assert_that { () => {}; }\n"
        "macro_rules! not_exported { () => {}; }\n",
        encoding="utf-8",
    )
    surface = rust_surface(lib)
    assert _names(surface) == [
        "Matcher",
        "Mock",
        "Render",
        "assert_that!",
        "eq",
        "given!",
        "helper",
        "matchers",
        "not_equal",
    ]
    assert surface.spelled()["assert_that!"].path == tmp_path / "matchers.rs"


def test_go_surface_reads_exported_package_level_identifiers(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_text(
        "package testingkit\n\n"
        "type TB interface{}\ntype (\n\tMock struct{}\n\tinner int\n)\n"
        "var Version, build = 1, 2\nconst (\n\tLimit = 3\n\tlow = 1\n)\n"
        "func Eq(x any) Matcher { return nil }\nfunc helper() {}\n"
        "func (m *Mock) ExpectCall() {}\n",
        encoding="utf-8",
    )
    (tmp_path / "a_test.go").write_text("package testingkit\nfunc TestX() {}\n", encoding="utf-8")
    surface = go_surface(tmp_path)
    assert _names(surface) == ["Eq", "Limit", "Mock", "TB", "Version"]


def test_go_surface_of_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SurfaceError, match="does not exist"):
        go_surface(tmp_path / "nowhere")


def test_compare_surface_finds_missing_undeclared_and_near_misses() -> None:
    spec = load_api()
    path = Path("matchers.go")
    names = [
        PublicName(name, path, Span(0, 0, 1, 1, 1, 1))
        for name in [*spec.expected(Language.GO), "Mock", "DebugDump", "IsNaN"]
        if name != "IsNan"
    ]
    diff = compare_surface(KitSurface(Language.GO, path, tuple(names)), spec)
    assert [name.entry.name for name in diff.missing] == ["is_nan"]
    assert sorted(name.name for name in diff.undeclared) == ["DebugDump", "IsNaN"]
    near = diff.near_miss(diff.missing[0])
    assert near is not None and near.name == "IsNaN"


def test_missing_name_is_placed_in_its_module_with_the_export_the_language_needs(
    tmp_path: Path,
) -> None:
    spec = load_api()
    lib = tmp_path / "lib.rs"
    for module in ("lib.rs", "bdd.rs", "matchers/order.rs"):
        (tmp_path / module).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / module).write_text("", encoding="utf-8")
    diff = compare_surface(KitSurface(Language.RUST, lib, ()), spec)
    by_name = {expected.entry.name: expected for expected in diff.missing}
    step = diff.placement(by_name["given"])
    assert step is not None and step.module == tmp_path / "bdd.rs"
    assert step.export_from is None  # #[macro_export] puts the macro at the crate root
    function = diff.placement(by_name["eq"])
    assert function is not None and function.module == tmp_path / "matchers" / "order.rs"
    assert function.export_from == lib
    assert diff.placement(by_name["has_len"]) is None  # matchers/length.rs is not there
