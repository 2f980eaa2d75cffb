from __future__ import annotations

from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.model import Comment, Language, LineIndex
from tkit_scaffold.suppressions import apply_suppressions, parse_suppressions


def diagnostic(code: str, line: int) -> Diagnostic:
    source = "\n" * 40
    index = LineIndex(source)
    start = index.offset(line, 1)
    return Diagnostic(code, "name", "message", "f.py", Language.PYTHON, index.span(start, start))


KNOWN = {"TK101", "TK301", "TK302", "TK401"}


def run(comments: list[Comment], diagnostics: list[Diagnostic], enabled: set[str] = KNOWN):
    suppressions = parse_suppressions(comments)
    return apply_suppressions(diagnostics, suppressions, known_codes=KNOWN, enabled_codes=enabled)


def test_same_line_suppression_hides_only_the_named_code() -> None:
    kept, unused = run(
        [Comment(5, 20, "# tkit: ignore[TK301]", own_line=False)],
        [diagnostic("TK301", 5), diagnostic("TK302", 5), diagnostic("TK301", 6)],
    )
    assert [(d.code, d.span.line) for d in kept] == [("TK302", 5), ("TK301", 6)]
    assert unused == []


def test_own_line_comment_covers_the_next_line_not_its_own() -> None:
    kept, _ = run(
        [Comment(4, 5, "// tkit: ignore[TK301, TK302]", own_line=True)],
        [diagnostic("TK301", 5), diagnostic("TK302", 5), diagnostic("TK301", 4)],
    )
    assert [(d.code, d.span.line) for d in kept] == [("TK301", 4)]


def test_file_level_suppression_in_the_first_ten_lines() -> None:
    kept, _ = run(
        [Comment(2, 1, "# tkit: ignore-file[TK101]", own_line=True)],
        [diagnostic("TK101", 30), diagnostic("TK301", 30)],
    )
    assert [d.code for d in kept] == ["TK301"]


def test_file_level_suppression_after_line_ten_is_not_honoured() -> None:
    kept, _ = run(
        [Comment(11, 1, "# tkit: ignore-file[TK101]", own_line=True)],
        [diagnostic("TK101", 30)],
    )
    assert [d.code for d in kept] == ["TK101"]


def test_unused_and_unknown_codes_are_reported() -> None:
    _, unused = run(
        [Comment(7, 9, "# tkit: ignore[TK301, TK999]", own_line=False)],
        [diagnostic("TK302", 7)],
    )
    assert [(u.line, u.code, u.unknown) for u in unused] == [
        (7, "TK301", False),
        (7, "TK999", True),
    ]


def test_suppression_of_a_disabled_rule_is_not_called_unused() -> None:
    _, unused = run([Comment(7, 9, "# tkit: ignore[TK401]", own_line=False)], [], enabled={"TK301"})
    assert unused == []


def test_bare_ignore_covers_every_code_and_is_unused_when_nothing_matches() -> None:
    kept, unused = run(
        [
            Comment(3, 9, "# tkit: ignore", own_line=False),
            Comment(9, 9, "# tkit: ignore", own_line=False),
        ],
        [diagnostic("TK301", 3), diagnostic("TK302", 3)],
    )
    assert kept == []
    assert [(u.line, u.code) for u in unused] == [(9, None)]
