"""An OBO-style quality report: the checks of ROBOT's ``report`` default profile that apply to BBAO.

Each check is a SPARQL file in ``shapes/report/`` whose first comment line gives its level
(ERROR, WARN or INFO) and whose second states the rule; it selects ``?entity ?property ?value`` rows.
The checks run on Oxigraph (fast, standard SPARQL 1.1) over the shipped ontology or a given file (its
syntax from its extension, :func:`bbao.artifacts.syntax_of`, or ``--format``), read like every user's file
by :mod:`bbao.userdata` (strict: no relative IRI, no CURIE for an IRI, no remote JSON-LD context).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from bbao import paths
from bbao.artifacts import MAIN, existing_path
from bbao.errors import BBAOError, Problem
from bbao.prefixes import display as compress
from bbao.tables import format_table
from bbao.userdata import load_into

__all__ = ["COLUMNS", "LEVELS", "Check", "Violation", "checks", "format_report", "run_report"]

#: The report levels, most severe first (ROBOT's).
LEVELS = ("ERROR", "WARN", "INFO")
#: The columns of a printed report (the fields of :class:`Violation`).
COLUMNS = ("level", "rule", "entity", "property", "value")


@dataclass(frozen=True)
class Check:
    """One check: its name (the file name without ``.rq``), level, rule (the second header line, up to
    its colon) and SPARQL query text."""

    name: str
    level: str
    rule: str
    query: str


@dataclass(frozen=True)
class Violation:
    """One row a check selected, with IRIs shown as CURIEs (:func:`bbao.prefixes.display`)."""

    level: str
    rule: str
    entity: str
    property: str
    value: str


def checks(directory: Path | None = None) -> list[Check]:
    """The report checks, read from ``directory`` (default ``shapes/report/`` under
    :func:`bbao.paths.shapes_dir`), sorted by name; raises :class:`BBAOError` naming every check whose
    first line is not ``# level: ERROR|WARN|INFO``."""
    out = []
    problems = []
    for path in sorted((directory or paths.shapes_dir() / "report").glob("*.rq")):
        lines = path.read_text(encoding="utf-8").splitlines()
        level = lines[0].removeprefix("# level:").strip() if lines and lines[0].startswith("# level:") else ""
        if level not in LEVELS:
            first = lines[0] if lines else ""
            problems.append(Problem(str(path), f"first line must be '# level: ERROR|WARN|INFO', got {first!r}", line=1))
            continue
        rule = lines[1].lstrip("# ").split(":", 1)[0] if len(lines) > 1 else path.stem
        out.append(Check(path.stem, level, rule, "\n".join(lines)))
    if problems:
        raise BBAOError(problems)
    return out


def _show(term: object) -> str:
    """A cell of the report: an IRI as a CURIE, a literal or blank node as its value, unbound as empty."""
    if isinstance(term, pyoxigraph.NamedNode):
        return compress(term.value)
    if term is None:
        return ""
    return str(getattr(term, "value", term))


def run_report(ontology: Path | None = None, fmt: str | None = None, *, progress: bool = False) -> list[Violation]:
    """Every violation of every check over ``ontology`` (default: the shipped ontology, the file
    :data:`bbao.artifacts.MAIN` reads for ``full``), read in the syntax ``fmt`` (a key of
    :data:`bbao.artifacts.SYNTAXES`; default: from the file's extension) by the one reader of users' files
    (:func:`bbao.userdata.load_into`: strict, nothing fetched), without duplicates, sorted by level, rule,
    entity, property and value. With ``progress``, on a terminal, what was read is counted and summed up.

    Raises :class:`BBAOError` naming the file when it is missing, has no RDF extension and no ``fmt``, or
    is refused by the reader (a syntax error, a relative IRI, a CURIE used as an IRI, a remote JSON-LD
    context: with the line where known); for an unknown ``fmt``; naming the check whose query does not
    parse."""
    path = ontology or existing_path(MAIN["full"].file)
    store = pyoxigraph.Store()
    load_into(store, path, fmt, progress=progress)
    rows = []
    for check in checks():
        try:
            solutions = store.query(check.query)
        except SyntaxError as exc:
            where = paths.shapes_dir() / "report" / f"{check.name}.rq"
            raise BBAOError(f"check {check.name}: {exc}", file=where) from exc
        for s in solutions:  # type: ignore[union-attr]
            rows.append(Violation(check.level, check.name, _show(s["entity"]), _show(s["property"]), _show(s["value"])))
    order = {level: i for i, level in enumerate(LEVELS)}
    return sorted(set(rows), key=lambda v: (order[v.level], v.rule, v.entity, v.property, v.value))


def format_report(rows: list[Violation], fmt: str = "table") -> str:
    """The report as ``bbao report`` prints it: :func:`bbao.tables.format_table` of :data:`COLUMNS` in
    ``fmt``; the ``table`` ends with the count per level, or is "no problems found" when there are no rows.
    Raises :class:`ValueError` for an unknown ``fmt``."""
    if fmt == "table" and not rows:
        return "no problems found"
    data = [(v.level, v.rule, v.entity, v.property, v.value) for v in rows]
    counts = ", ".join(f"{sum(1 for v in rows if v.level == level)} {level}" for level in LEVELS)
    return format_table(COLUMNS, data, fmt, footer=counts)
