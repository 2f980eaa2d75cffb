"""Helpers shared by the tree-sitter frontends (Rust and Go).

tree-sitter reports byte offsets into UTF-8; the model counts characters. ``Source``
keeps both views and converts between them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from tree_sitter import Node

from tkit_scaffold.model import LineIndex, Span

_SEQUENCE_STARTS = bytes(0 if 0x80 <= value <= 0xBF else 1 for value in range(256))


class Source:
    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8")
        self.lines = LineIndex(text)
        self._ascii = len(self.data) == len(text)
        self._char_at_byte: list[int] | None = None

    def char_offset(self, byte_offset: int) -> int:
        if self._ascii:
            return byte_offset
        if self._char_at_byte is None:
            # Every byte that starts a UTF-8 sequence (not 0x80-0xBF) begins one more
            # character: a running count of them maps a byte offset to a char offset.
            # Entry b + 1 is the index of the character byte b belongs to.
            starts = self.data.translate(_SEQUENCE_STARTS)
            table = list(itertools.accumulate(starts, initial=-1))
            table.append(len(self.text))
            self._char_at_byte = table
        return self._char_at_byte[byte_offset + 1]

    def span(self, node: Node) -> Span:
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
