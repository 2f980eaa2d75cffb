"""The shared tree-sitter helpers against their obvious definitions."""

from __future__ import annotations

import tree_sitter_go
import tree_sitter_rust
from hypothesis import given
from hypothesis import strategies as st
from tree_sitter import Language, Parser, Query, QueryCursor

from tkit_scaffold.frontends._treesitter import Source, comment_nodes

GO = Language(tree_sitter_go.language())
RUST = Language(tree_sitter_rust.language())

# Pieces that put comment openers in every place they can be: in comments, in strings of
# each quoting, in runes, after code on a line, and unterminated at the end.
GO_PIECES = [
    "package p\n",
    "// a comment // with an opener inside\n",
    "/* block /* still the same block */",
    'var s = "http://example.com /* not a comment */"\n',
    "var r = `raw // not a comment\n/* nor this */`\n",
    "var c = '/'\n",
    "x := 1 // trailing\n",
    "y := a / b /c\n",
    "/* unterminated",
    "é // naïve ✓\n",
    "\n",
]
RUST_PIECES = [
    "fn f() {}\n",
    "// line // comment\n",
    "/// doc comment\n",
    "/* block /* nested */ still */\n",
    'let s = "//not";\n',
    'let r = r#"/* raw */"#;\n',
    "let c = '/';\n",
    "let x = a / b; // after\n",
    "é // ünïcode\n",
]


def query_comments(
    language: Language, data: bytes, types: tuple[str, ...]
) -> list[tuple[int, int]]:
    query = Query(language, " ".join(f"({name}) @comment" for name in types))
    nodes = QueryCursor(query).captures(Parser(language).parse(data).root_node).get("comment", [])
    return sorted((node.start_byte, node.end_byte) for node in nodes)


@given(st.lists(st.sampled_from(GO_PIECES), max_size=12))
def test_go_comments_found_from_their_openers_are_the_query_s(pieces: list[str]) -> None:
    data = "".join(pieces).encode()
    root = Parser(GO).parse(data).root_node
    found = [(node.start_byte, node.end_byte) for node in comment_nodes(root, data, {"comment"})]
    assert found == query_comments(GO, data, ("comment",))


@given(st.lists(st.sampled_from(RUST_PIECES), max_size=12))
def test_rust_comments_found_from_their_openers_are_the_query_s(pieces: list[str]) -> None:
    data = "".join(pieces).encode()
    root = Parser(RUST).parse(data).root_node
    types = ("line_comment", "block_comment")
    found = [(node.start_byte, node.end_byte) for node in comment_nodes(root, data, set(types))]
    assert found == query_comments(RUST, data, types)


@given(st.text(alphabet=st.sampled_from("ab \n\té€𝄞"), max_size=60), st.data())
def test_char_offset_counts_the_characters_before_the_byte(text: str, data: st.DataObject) -> None:
    source = Source(text)
    byte_offset = data.draw(st.integers(0, len(source.data)))
    # A byte inside a character belongs to that character: only whole ones count before.
    expected = len(source.data[:byte_offset].decode("utf-8", errors="ignore"))
    assert source.char_offset(byte_offset) == expected
