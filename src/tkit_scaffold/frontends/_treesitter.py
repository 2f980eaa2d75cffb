"""Helpers shared by the tree-sitter frontends (Rust and Go).

tree-sitter reports byte offsets into UTF-8; the model counts characters. ``Source``
keeps both views and converts between them.
"""

from __future__ import annotations

from tree_sitter import Node

from tkit_scaffold.model import LineIndex, Span


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
            table = [0] * (len(self.data) + 1)
            position = 0
            for index, char in enumerate(self.text):
                width = len(char.encode("utf-8"))
                for step in range(width):
                    table[position + step] = index
                position += width
            table[position] = len(self.text)
            self._char_at_byte = table
        return self._char_at_byte[byte_offset]

    def span(self, node: Node) -> Span:
        return self.lines.span(self.char_offset(node.start_byte), self.char_offset(node.end_byte))

    def text_of(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", errors="replace")
