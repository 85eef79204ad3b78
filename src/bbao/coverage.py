"""The coverage table: every factual statement of the review, tied to the claims that encode it or excused.

``ontology/src/coverage.tsv`` (plain TSV, read as ``claims.tsv`` is) has one row per statement of the review,
in the review's order: its id (``S001``), the section it is in (a ``metadata.toml`` section key), its words
(verbatim: a substring of ``review.txt`` after :func:`bbao.source.normalize_text`), the claims that encode it,
a status (``covered``, or ``out_of_scope`` with the reason) and a note. The build holds both directions:
every statement is covered by existing claims or excused, and every claim is tied to at least one statement
(:func:`check_coverage`). A curator who adds a claim names the statement it encodes here.

>>> COVERAGE_COLUMNS
('statement', 'section', 'text', 'claims', 'status', 'reason')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Final

from bbao.errors import Problem
from bbao.source import Source, TableReader, normalize_text, split_cell

__all__ = ["COVERAGE", "COVERAGE_COLUMNS", "STATUSES", "Statement", "check_coverage", "read_coverage", "summary"]

#: The table's file name, beside claims.tsv.
COVERAGE: Final = "coverage.tsv"
#: Its columns, in order.
COVERAGE_COLUMNS: Final = ("statement", "section", "text", "claims", "status", "reason")
#: ``status``: the statement's claims encode it, or it is out of BBAO's scope (the ``reason`` says why).
STATUSES: Final = ("covered", "out_of_scope")
_STATEMENT_ID = re.compile(r"S\d{3,}")


@dataclass(frozen=True)
class Statement:
    """One row of the coverage table: a statement of the review and what BBAO does with it."""

    id: str
    section: str
    text: str
    claims: tuple[str, ...]
    status: str
    reason: str
    line: int


def read_coverage(source: Source, problems: list[Problem]) -> list[Statement] | None:
    """The rows of ``coverage.tsv`` in ``source.directory`` that pass their checks (an ``S``-number id not seen
    before, a known section, text, a :data:`STATUSES` value, claims when covered, a reason when out of scope);
    each defect is appended to ``problems`` (file, line, column) and its row left out. None when the source has
    no coverage table."""
    path = source.directory / COVERAGE
    if not path.is_file():
        return None
    reader = TableReader(path, COVERAGE_COLUMNS, problems)
    statements: list[Statement] = []
    seen: dict[str, int] = {}
    for line, row in reader.rows():
        sid = row["statement"]
        ok = True
        if not _STATEMENT_ID.fullmatch(sid):
            reader.problem(line, "statement", f"statement id {sid!r} must be S followed by three or more digits")
            ok = False
        elif sid in seen:
            reader.problem(line, "statement", f"duplicate statement id {sid} (first on line {seen[sid]})")
            ok = False
        else:
            seen[sid] = line
        if row["section"] not in source.sections:
            reader.problem(line, "section", f"{sid}: unknown section {row['section']!r}")
            ok = False
        if not row["text"]:
            reader.problem(line, "text", f"{sid} has no text (the review's words)")
            ok = False
        status = row["status"]
        claims = split_cell(row["claims"])
        if status not in STATUSES:
            reader.problem(line, "status", f"{sid}: status {status!r} must be one of {', '.join(STATUSES)}")
            ok = False
        elif status == "covered" and not claims:
            reader.problem(line, "claims", f"{sid} is covered but names no claim")
            ok = False
        elif status == "out_of_scope" and not row["reason"]:
            reader.problem(line, "reason", f"{sid} is out of scope but gives no reason")
            ok = False
        if ok:
            statements.append(Statement(sid, row["section"], row["text"], claims, status, row["reason"], line))
    return statements


def check_coverage(source: Source) -> list[Problem]:
    """Every problem of the coverage table against ``source``: each row's own (:func:`read_coverage`), a text
    not found in the review, a claim id that is not a claim, and a claim that no statement names (listed against
    claims.tsv at the claim's line). Nothing when the source has no coverage table.

    The review text is ``source.review_text`` (``review.txt``); without it the texts are not checked."""
    problems: list[Problem] = []
    statements = read_coverage(source, problems)
    if statements is None:
        return problems
    path = str(source.directory / COVERAGE)
    known = {c.id: c for c in source.claims}
    haystack = normalize_text(source.review_text) if source.review_text is not None else None
    text_column = COVERAGE_COLUMNS.index("text") + 1
    claims_column = COVERAGE_COLUMNS.index("claims") + 1
    named: set[str] = set()
    for s in statements:
        if haystack is not None and normalize_text(s.text) not in haystack:
            problems.append(Problem(path, f"{s.id}: text not found in the review: {s.text!r}", line=s.line,
                                    column=text_column, field="text"))
        for cid in s.claims:
            if cid not in known:
                problems.append(Problem(path, f"{s.id}: {cid} is not a claim of claims.tsv", line=s.line,
                                        column=claims_column, field="claims"))
            named.add(cid)
    claims_path = str(source.directory / "claims.tsv")
    for c in source.claims:
        if c.id not in named:
            problems.append(Problem(claims_path, f"{c.id} is tied to no statement of {COVERAGE}: name it in the "
                                                 "claims of the statement it encodes", line=c.line, field="id"))
    return problems


def summary(statements: list[Statement]) -> dict[str, int]:
    """Statements per status, plus ``statements``: the count ``bbao stats`` and the README give.

    >>> summary([Statement("S001", "abstract", "x", ("BBAC:0000001",), "covered", "", 2)])
    {'statements': 1, 'covered': 1, 'out_of_scope': 0}
    """
    counts = Counter(s.status for s in statements)
    return {"statements": len(statements), **{status: counts[status] for status in STATUSES}}
