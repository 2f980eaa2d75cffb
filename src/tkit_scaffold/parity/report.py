"""The parity matrix (vocabulary entry / scenario / case by language) and its renderings:
terminal text, Markdown, and a self-contained HTML page (inline CSS, no scripts, no
external assets)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tkit_scaffold.diagnostics import Diagnostic
from tkit_scaffold.model import Language
from tkit_scaffold.parity.conformance import ConformanceReport


class Mark(StrEnum):
    YES = "✓"
    NO = "✗"
    GAP = "~"  # a known gap: allowed to fail, still not parity
    NONE = "-"  # not applicable to that language

    @property
    def css(self) -> str:
        return {"✓": "yes", "✗": "no", "~": "gap", "-": "none"}[self.value]


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    marks: tuple[tuple[Language, Mark], ...]

    def mark(self, language: Language) -> Mark:
        for found, mark in self.marks:
            if found is language:
                return mark
        return Mark.NONE

    @property
    def complete(self) -> bool:
        return all(mark in (Mark.YES, Mark.NONE) for _, mark in self.marks)


@dataclass(frozen=True, slots=True)
class Section:
    title: str  # "vocabulary", "scenarios", "cases"
    rows: tuple[Row, ...]

    def tally(self, language: Language) -> tuple[int, int]:
        """(rows where the language has ✓, rows that apply to the language)."""
        marks = [row.mark(language) for row in self.rows]
        applicable = [mark for mark in marks if mark is not Mark.NONE]
        return sum(mark is Mark.YES for mark in applicable), len(applicable)


@dataclass(frozen=True, slots=True)
class ParityReport:
    root: Path
    languages: tuple[Language, ...]
    sections: tuple[Section, ...]
    diagnostics: tuple[Diagnostic, ...]  # TK501 / TK502 findings
    conformance: ConformanceReport | None  # None when the run was skipped

    @property
    def ok(self) -> bool:
        return not self.diagnostics and (self.conformance is None or self.conformance.ok)

    def tally(self, language: Language) -> tuple[int, int]:
        counts = [section.tally(language) for section in self.sections]
        return sum(done for done, _ in counts), sum(total for _, total in counts)

    def percentage(self, language: Language) -> float:
        done, total = self.tally(language)
        return 100.0 if total == 0 else 100.0 * done / total

    @property
    def problems(self) -> tuple[str, ...]:
        found = [
            f"{d.path}:{d.span.line}:{d.span.column}: {d.code} [{d.name}] {d.message}"
            for d in self.diagnostics
        ]
        if self.conformance is not None:
            found += [f"conformance: {problem}" for problem in self.conformance.problems]
        return tuple(found)


def _percent(value: float) -> str:
    return f"{value:.1f}%"


# ---------------------------------------------------------------------------- text


def format_text(report: ParityReport, *, all_rows: bool = False) -> str:
    """The matrix for a terminal. Cases are many: unless ``all_rows``, only those that are
    not ✓ in every language are listed, with a count of the rest."""
    labels = [row.label for section in report.sections for row in section.rows]
    width = max([len(label) for label in labels] + [12])
    columns = [max(len(language.value), 7) for language in report.languages]

    def line(label: str, cells: list[str]) -> str:
        padded = [cell.center(size) for cell, size in zip(cells, columns, strict=True)]
        return "  ".join([label.ljust(width), *padded]).rstrip()

    header = line("", [language.value for language in report.languages])
    lines: list[str] = []
    for section in report.sections:
        shown = section.rows
        if section.title == "cases" and not all_rows:
            shown = tuple(row for row in section.rows if not row.complete)
        lines += ["", f"{section.title} ({len(section.rows)})", header]
        for row in shown:
            lines.append(line(row.label, [row.mark(lang).value for lang in report.languages]))
        hidden = len(section.rows) - len(shown)
        if hidden:
            others = "the other" if shown else "all"
            lines.append(f"({others} {hidden} ✓ in every language; --all lists them)")
        totals = [
            f"{done}/{total}"
            for language in report.languages
            for done, total in [section.tally(language)]
        ]
        lines.append(line("total", totals))
    lines += ["", "parity per language:"]
    for language in report.languages:
        done, total = report.tally(language)
        lines.append(
            f"  {language.value}: {done}/{total} ({_percent(report.percentage(language))})"
        )
    if report.conformance is None:
        lines.append("  (conformance cases not run)")
    problems = report.problems
    if problems:
        lines += ["", f"{len(problems)} gap(s):"]
        lines += [f"  {problem}" for problem in problems]
        if report.conformance is not None and report.conformance.first_difference:
            lines += ["", f"first difference: {report.conformance.first_difference}"]
    else:
        lines += ["", "parity: 100% (no gaps)"]
    return "\n".join(lines).lstrip("\n") + "\n"


# ---------------------------------------------------------------------------- Markdown


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(report: ParityReport) -> str:
    names = [language.value for language in report.languages]
    parts = ["# Parity report", ""]
    parts += ["| language | " + " | ".join(s.title for s in report.sections) + " | parity |"]
    parts += ["|---" * (len(report.sections) + 2) + "|"]
    for language in report.languages:
        cells = [f"{done}/{total}" for s in report.sections for done, total in [s.tally(language)]]
        parts.append(
            f"| {language.value} | "
            + " | ".join(cells)
            + f" | {_percent(report.percentage(language))} |"
        )
    for section in report.sections:
        parts += ["", f"## {section.title.capitalize()}", ""]
        parts += ["| " + " | ".join([section.title, *names]) + " |"]
        parts += ["|---" + "|:-:" * len(names) + "|"]
        for row in section.rows:
            marks = [row.mark(language).value for language in report.languages]
            parts.append("| " + " | ".join([f"`{_md_cell(row.label)}`", *marks]) + " |")
    parts += ["", "## Gaps", ""]
    problems = report.problems
    parts += [f"- {_md_cell(problem)}" for problem in problems] or ["None: parity is 100%."]
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------------------- HTML

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2328; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.6rem; }
th { background: #f6f8fa; } td.label { font-family: ui-monospace, monospace; }
td.yes { color: #1a7f37; text-align: center; } td.no { color: #cf222e; text-align: center;
  font-weight: bold; background: #ffebe9; }
td.gap { color: #9a6700; text-align: center; background: #fff8c5; }
td.none { color: #8c959f; text-align: center; }
.ok { color: #1a7f37; } .bad { color: #cf222e; } li { font-family: ui-monospace, monospace; }
"""


def format_html(report: ParityReport) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(language.value)}</th>" for language in report.languages)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Parity report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Parity report</h1>",
    ]
    verdict = "ok" if report.ok else "bad"
    summary = "parity 100%, no gaps" if report.ok else f"{len(report.problems)} gap(s)"
    parts.append(f'<p class="{verdict}" id="verdict">{esc(summary)}</p>')
    parts.append('<table id="summary"><tr><th>language</th>')
    parts.append("".join(f"<th>{esc(s.title)}</th>" for s in report.sections))
    parts.append("<th>parity</th></tr>")
    for language in report.languages:
        cells = "".join(
            f"<td>{done}/{total}</td>"
            for s in report.sections
            for done, total in [s.tally(language)]
        )
        parts.append(
            f"<tr><td>{esc(language.value)}</td>{cells}"
            f"<td>{_percent(report.percentage(language))}</td></tr>"
        )
    parts.append("</table>")
    for section in report.sections:
        parts.append(f"<h2>{esc(section.title.capitalize())}</h2>")
        parts.append(
            f'<table class="matrix" id="{esc(section.title)}"><tr><th>{esc(section.title)}</th>'
            f"{head}</tr>"
        )
        for row in section.rows:
            cells = "".join(
                f'<td class="{row.mark(language).css}">{row.mark(language).value}</td>'
                for language in report.languages
            )
            parts.append(f'<tr><td class="label">{esc(row.label)}</td>{cells}</tr>')
        parts.append("</table>")
    parts.append("<h2>Gaps</h2>")
    if report.problems:
        parts.append("<ul>" + "".join(f"<li>{esc(p)}</li>" for p in report.problems) + "</ul>")
    else:
        parts.append("<p>None: parity is 100%.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
