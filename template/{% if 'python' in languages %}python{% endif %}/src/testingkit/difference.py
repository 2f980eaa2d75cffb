"""What differs between an expected and an actual value, worded alike in every kit.

A failed equality shows the difference under the two sides of its message:

- two strings with a line break: a unified line diff (3 lines of context);
- two single-line strings: both, one above the other, and a ``^`` under the first
  character that differs, cut to a window around it when they are long;
- two lists, sets, maps or records: the differing entries by path
  (``.items[2].price: expected 3, actual 4``), ``missing``/``extra`` for entries only
  one side has, at most :data:`MAX_ENTRIES` lines.

The format is defined in ``rules/api.toml`` (``[messages]``); the shared cases of
``crosslang/cases/`` pin it byte for byte in the Rust, Python and Go kits.
"""

from __future__ import annotations

from testingkit.render import Shape, render_string

CONTEXT_LINES = 3
MAX_ENTRIES = 20
WINDOW_BEFORE = 24
WINDOW_AFTER = 40
# Above this many cells the line diff stops looking for the longest common subsequence
# and shows the differing middle as removed, then added.
MAX_DIFF_CELLS = 1_000_000
_LABEL_WIDTH = len("  expected: ")


def explain_difference(expected: Shape, actual: Shape) -> str | None:
    """The difference of two values under an equality mismatch; None when there is
    nothing to add to the two sides (numbers, values of different kinds)."""
    if expected.text == actual.text or expected.kind != actual.kind:
        return None
    if expected.kind == "leaf" or (expected.kind == "record" and expected.name != actual.name):
        return None
    lines: list[str] = []
    _walk("", expected, actual, lines)
    if not lines:
        return None
    shown = lines[:MAX_ENTRIES]
    if len(lines) > MAX_ENTRIES:
        shown.append(f"... and {len(lines) - MAX_ENTRIES} more")
    return "differences:\n" + "\n".join(f"  {line}" for line in shown)


def _at(path: str) -> str:
    return f"{path}: " if path else ""


def _walk(path: str, expected: Shape, actual: Shape, out: list[str]) -> None:
    if expected.text == actual.text:
        return
    same_record = expected.kind == "record" and expected.name == actual.name
    if (
        expected.kind != actual.kind
        or expected.kind == "leaf"
        or (expected.kind == "record" and not same_record)
    ):
        out.append(f"{_at(path)}expected {expected.text}, actual {actual.text}")
        return
    if expected.kind == "set":
        expected_items = {item.text for _, item in expected.parts}
        actual_items = {item.text for _, item in actual.parts}
        out.extend(
            f"{_at(path)}missing element {item.text}"
            for _, item in expected.parts
            if item.text not in actual_items
        )
        out.extend(
            f"{_at(path)}extra element {item.text}"
            for _, item in actual.parts
            if item.text not in expected_items
        )
        return
    step = (
        (lambda key: f"{path}.{key}")
        if expected.kind == "record"
        else (lambda key: f"{path}[{key}]")
    )
    if expected.kind == "list":
        keys = [str(index) for index in range(max(len(expected.parts), len(actual.parts)))]
    else:
        keys = [key for key, _ in expected.parts]
        keys += [key for key, _ in actual.parts if key not in dict(expected.parts)]
        if expected.kind == "map":
            keys.sort()
    expected_parts, actual_parts = dict(expected.parts), dict(actual.parts)
    for key in keys:
        old, new = expected_parts.get(key), actual_parts.get(key)
        if new is None and old is not None:
            out.append(f"{step(key)}: missing, expected {old.text}")
        elif old is None and new is not None:
            out.append(f"{step(key)}: extra, actual {new.text}")
        elif old is not None and new is not None:
            _walk(step(key), old, new, out)


def text_difference(expected: str, actual: str) -> str | None:
    """The difference of two strings: a line diff when either has a line break, else a
    marker under the first differing character; None when they are equal."""
    if expected == actual:
        return None
    if "\n" in expected or "\n" in actual:
        return line_diff(expected, actual)
    return _character_marker(expected, actual)


def _character_marker(expected: str, actual: str) -> str:
    index = 0
    while index < min(len(expected), len(actual)) and expected[index] == actual[index]:
        index += 1
    start = max(0, index - WINDOW_BEFORE)

    def window(text: str) -> tuple[str, str]:
        end = min(len(text), index + WINDOW_AFTER)
        before = "..." if start > 0 else ""
        after = "..." if end < len(text) else ""
        return before, before + render_string(text[start:end]) + after

    _, shown_expected = window(expected)
    before, shown_actual = window(actual)
    # The marker sits under the first differing character as the actual line shows it,
    # escapes included; a difference past the end points just after the last one.
    column = _LABEL_WIDTH + len(before) + len(render_string(actual[start:index])) - 1
    return (
        f"first difference at index {index}:\n"
        f"  expected: {shown_expected}\n"
        f"    actual: {shown_actual}\n"
        f"{' ' * column}^"
    )


def line_diff(expected: str, actual: str) -> str:
    """A unified diff of two texts split on ``\\n``, with :data:`CONTEXT_LINES` of context."""
    old, new = expected.split("\n"), actual.split("\n")
    operations = _edit_script(old, new)
    lines = ["diff (-expected +actual):"]
    for hunk in _hunks(operations):
        lines.extend(hunk)
    return "\n".join(lines)


def _edit_script(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """Kept (``" "``), removed (``"-"``) and added (``"+"``) lines turning old into new:
    a longest common subsequence, removals before additions where both are possible."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    middle_old = old[prefix : len(old) - suffix]
    middle_new = new[prefix : len(new) - suffix]
    script = [(" ", line) for line in old[:prefix]]
    script += _middle_script(middle_old, middle_new)
    script += [(" ", line) for line in old[len(old) - suffix :]]
    return script


def _middle_script(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    rows, columns = len(old), len(new)
    if rows * columns > MAX_DIFF_CELLS:
        return [("-", line) for line in old] + [("+", line) for line in new]
    # common[i][j]: the length of a longest common subsequence of old[i:] and new[j:].
    common = [[0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(columns - 1, -1, -1):
            if old[i] == new[j]:
                common[i][j] = common[i + 1][j + 1] + 1
            else:
                common[i][j] = max(common[i + 1][j], common[i][j + 1])
    script: list[tuple[str, str]] = []
    i = j = 0
    while i < rows and j < columns:
        if old[i] == new[j]:
            script.append((" ", old[i]))
            i, j = i + 1, j + 1
        elif common[i + 1][j] >= common[i][j + 1]:
            script.append(("-", old[i]))
            i += 1
        else:
            script.append(("+", new[j]))
            j += 1
    script += [("-", line) for line in old[i:]]
    script += [("+", line) for line in new[j:]]
    return script


def _hunks(script: list[tuple[str, str]]) -> list[list[str]]:
    """Group the edit script into unified hunks: each change with up to
    :data:`CONTEXT_LINES` kept lines around it, changes closer than twice that merged."""
    changed = [index for index, (operation, _) in enumerate(script) if operation != " "]
    groups: list[tuple[int, int]] = []
    for index in changed:
        low, high = max(0, index - CONTEXT_LINES), min(len(script), index + CONTEXT_LINES + 1)
        if groups and low <= groups[-1][1]:
            groups[-1] = (groups[-1][0], high)
        else:
            groups.append((low, high))
    hunks: list[list[str]] = []
    for low, high in groups:
        old_start = sum(1 for operation, _ in script[:low] if operation != "+")
        new_start = sum(1 for operation, _ in script[:low] if operation != "-")
        body = script[low:high]
        old_count = sum(1 for operation, _ in body if operation != "+")
        new_count = sum(1 for operation, _ in body if operation != "-")
        header = (
            f"@@ -{_range_start(old_start, old_count)},{old_count} "
            f"+{_range_start(new_start, new_count)},{new_count} @@"
        )
        hunks.append([header, *(operation + line for operation, line in body)])
    return hunks


def _range_start(start: int, count: int) -> int:
    # As in every unified diff: 1-based, and an empty range names the line before it.
    return start + 1 if count else start
