"""Helpers shared by the tree-sitter frontends (Rust and Go).

tree-sitter reports byte offsets into UTF-8; the model counts characters. ``Source``
keeps both views and converts between them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterator

from tree_sitter import Node

from tkit_scaffold.model import LineIndex, Span, line_starts

# One byte a match, so that an opener right after a closer (`*///`) is not swallowed.
_COMMENT_OPENERS = re.compile(rb"/(?=[/*])")


class Source:
    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8")
        self.lines = LineIndex(text)
        self._ascii = len(self.data) == len(text)
        self._byte_line_starts: list[int] | None = None

    def char_offset(self, byte_offset: int) -> int:
        if self._ascii:
            return byte_offset
        if self._byte_line_starts is None:
            self._byte_line_starts = line_starts(self.data)
        # The characters before the offset on its own line, counted by decoding just that
        # stretch: a byte inside a character counts as that character, as in the model,
        # because the incomplete sequence is dropped.
        row = bisect.bisect_right(self._byte_line_starts, byte_offset) - 1
        line_start = self._byte_line_starts[row]
        prefix = self.data[line_start:byte_offset].decode("utf-8", errors="ignore")
        return self.lines.offset(row + 1, 1) + len(prefix)

    def span(self, node: Node) -> Span:
        if self._ascii:
            return self.lines.span(node.start_byte, node.end_byte)
        return self.lines.span(self.char_offset(node.start_byte), self.char_offset(node.end_byte))

    def text_of(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", errors="replace")


def descendants(node: Node) -> Iterator[Node]:
    """``node`` and every node below it, in document order.

    A cursor rather than recursion: nesting depth is chosen by the input, and a deeply
    nested file must not exhaust the Python stack.
    """
    cursor = node.walk()
    while True:
        current = cursor.node
        if current is not None:
            yield current
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


def first_syntax_error(root: Node) -> Node | None:
    """The first ERROR or MISSING node in document order, or None for a clean tree."""
    if not root.has_error:
        return None
    cursor = root.walk()
    while True:
        current = cursor.node
        if current is not None and (current.is_error or current.is_missing):
            return current
        # Only subtrees that contain an error are worth entering.
        if current is not None and current.has_error and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return None


def comment_nodes(root: Node, data: bytes, types: Collection[str]) -> Iterator[Node]:
    """Every comment of the tree (nodes of one of ``types``), in document order.

    A query for comments walks the whole tree in C, as long as a pass of every rule put
    together; comments of C-family languages start with ``//`` or ``/*``, so asking the
    tree only what each of those byte pairs begins visits a few nodes per candidate. A
    pair inside a string or another comment belongs to a node that is not a comment
    starting there and is passed over.
    """
    resume = 0
    for opener in _COMMENT_OPENERS.finditer(data):
        start = opener.start()
        if start < resume:
            continue
        node = root.descendant_for_byte_range(start, start + 2)
        # Some grammars give the opener a node of its own inside the comment (Rust's `//`).
        while node is not None and node.type not in types and node.start_byte == start:
            node = node.parent
        if node is not None and node.type in types and node.start_byte == start:
            resume = node.end_byte
            yield node
