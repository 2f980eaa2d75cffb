"""Reading streams: good lines kept, each bad line a warning with its file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tkit_scaffold.errors import UsageError
from tkit_scaffold.reporting import parse_line, read_run, read_stream
from tkit_scaffold.reporting.streams import LineError


def test_given_fixture_lines_when_checked_then_they_follow_the_contract_schema(
    line: Any, stream_schema: dict[str, Any]
) -> None:
    for item in (
        line(),
        line("rust", status="failed", expected="equal to 5", actual="4"),
        line("go", scenario=None, status="skipped", commit=None, steps=()),
    ):
        jsonschema.validate(item, stream_schema)


def test_given_a_contract_line_when_parsed_then_every_field_is_kept(line: Any) -> None:
    result = parse_line(
        json.dumps(line("go", "cart_empty", "failed", expected="equal to 5", actual="4"))
    )
    assert result.key == ("go", "cart/cart_test.go", "TestCartEmpty")
    assert result.scenario == "cart_empty"
    assert result.status == "failed"
    assert result.duration_ms == 12.5
    assert result.steps[0].keyword == "given"
    assert result.failure is not None
    assert (result.failure.expected, result.failure.actual) == ("equal to 5", "4")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"schema": "1"}, "'schema' must be an integer"),
        ({"schema": 2}, "schema 2 is not understood"),
        ({"language": "java"}, "'language' must be one of"),
        ({"status": "ok"}, "'status' must be one of"),
        ({"duration_ms": -1}, "'duration_ms' must be a number >= 0"),
        ({"duration_ms": True}, "'duration_ms' must be a number >= 0"),
        ({"file": ""}, "'file' must be a non-empty string"),
        ({"test": 3}, "'test' must be a non-empty string"),
        ({"scenario": 3}, "'scenario' must be a string or null"),
        ({"started_at": "yesterday"}, "not an RFC 3339 time"),
        ({"commit": ["x"]}, "'commit' must be a string or null"),
        ({"steps": [{"keyword": "because", "text": "x"}]}, "steps[0].keyword"),
        ({"steps": "given x"}, "'steps' must be a list"),
        ({"failure": {"message": 1}}, "failure.message must be a string"),
        ({"failure": {"message": "m", "expected": 5}}, "failure.expected must be a string"),
    ],
)
def test_given_a_field_of_the_wrong_type_when_parsed_then_the_line_is_refused(
    line: Any, change: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(LineError, match=complaint.replace("[", r"\[").replace("]", r"\]")):
        parse_line(json.dumps({**line(), **change}))


def test_given_a_missing_field_when_parsed_then_the_line_is_refused(line: Any) -> None:
    item = line()
    del item["commit"], item["steps"]
    with pytest.raises(LineError, match="missing field\\(s\\): commit, steps"):
        parse_line(json.dumps(item))


def test_given_malformed_and_truncated_lines_when_read_then_each_is_a_warning_and_the_rest_kept(
    line: Any, tmp_path: Path
) -> None:
    good = [json.dumps(line(scenario=f"s{index}")) for index in range(4)]
    truncated = json.dumps(line(scenario="cut"))[:40]
    stream = tmp_path / "python-1-deadbeef.jsonl"
    stream.write_text(
        "\n".join(
            [good[0], "{not json", good[1], "", json.dumps({"schema": 1}), good[2], "[1, 2]",
             good[3], truncated]
        ),
        encoding="utf-8",
    )  # fmt: skip
    results, warnings = read_stream(stream)
    assert [r.scenario for r in results] == ["s0", "s1", "s2", "s3"]
    assert [(w.path, w.line) for w in warnings] == [
        (str(stream), 2),
        (str(stream), 5),
        (str(stream), 7),
        (str(stream), 9),
    ]
    assert "not valid JSON" in warnings[0].message
    assert "missing field(s)" in warnings[1].message
    assert "one JSON object" in warnings[2].message
    assert warnings[3].message.startswith("truncated last line")
    assert str(warnings[0]).startswith(f"{stream}:2: ")


def test_given_bytes_that_are_not_utf8_when_read_then_only_that_line_is_skipped(
    line: Any, tmp_path: Path
) -> None:
    stream = tmp_path / "go-1-deadbeef.jsonl"
    stream.write_bytes(
        json.dumps(line("go")).encode() + b"\n\xff\xfe\n" + json.dumps(line("go")).encode() + b"\n"
    )
    results, warnings = read_stream(stream)
    assert len(results) == 2
    assert [(w.line, w.message) for w in warnings] == [(2, "not valid UTF-8; line skipped")]


def test_given_a_run_folder_when_read_then_every_jsonl_is_merged_and_others_ignored(
    line: Any, write_run: Any
) -> None:
    folder = write_run(
        "run1",
        {
            "python-1-aaaaaaaa.jsonl": [line("python")],
            "rust-2-bbbbbbbb.jsonl": [line("rust"), "{oops"],
            "go-3-cccccccc.jsonl": [line("go", started_at="2026-12-02T04:59:00Z")],
        },
    )
    (folder / "notes.txt").write_text("not a stream\n", encoding="utf-8")
    read = read_run(folder)
    assert sorted(r.language for r in read.run.results) == ["go", "python", "rust"]
    assert [(Path(w.path).name, w.line) for w in read.warnings] == [("rust-2-bbbbbbbb.jsonl", 2)]
    assert read.run.commit == "c0ffee0000000000000000000000000000000001"
    assert read.run.started_at == "2026-12-02T04:59:00Z"
    assert read.run.label == "run1"


def test_given_the_same_streams_twice_when_read_then_the_run_key_is_the_same(
    line: Any, write_run: Any
) -> None:
    first = read_run(write_run("a", [line()])).run
    again = read_run(write_run("b", [line()])).run
    other = read_run(write_run("c", [line(status="skipped")])).run
    assert first.key == again.key
    assert first.key != other.key


def test_given_no_folder_when_read_then_it_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such folder"):
        read_run(tmp_path / "missing")


def test_given_an_empty_folder_when_read_then_a_warning_says_so(tmp_path: Path) -> None:
    read = read_run(tmp_path)
    assert read.run.results == ()
    assert "no *.jsonl result streams" in read.warnings[0].message


@settings(max_examples=60, deadline=None)
@given(garbage=st.lists(st.binary(max_size=40), max_size=6), cut=st.integers(1, 60))
def test_given_any_garbage_between_good_lines_then_every_good_line_is_kept(
    garbage: list[bytes], cut: int
) -> None:
    from tkit_scaffold.reporting.streams import parse_stream

    good = {
        "schema": 1, "language": "rust", "file": "tests/cart.rs", "test": "t", "scenario": None,
        "status": "passed", "duration_ms": 1, "started_at": "2026-12-02T05:00:00Z",
        "commit": None, "steps": [], "failure": None,
    }  # fmt: skip
    chunks = []
    for junk in garbage:
        chunks += [json.dumps(good).encode(), junk.replace(b"\n", b" ")]
    whole = json.dumps(good).encode()
    chunks.append(whole[:cut])  # a last line, cut short unless cut covers it all
    results, warnings = parse_stream(b"\n".join(chunks), "s.jsonl")
    assert len(results) == len(garbage) + (cut >= len(whole))  # junk is too short to be a line
    junk_lines = {2 * index + 2 for index, junk in enumerate(garbage) if junk.strip()}
    assert {w.line for w in warnings} - {len(chunks)} == junk_lines
