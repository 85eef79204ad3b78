"""An OBO-style quality report: the checks of ROBOT's ``report`` default profile that apply to BBAO.

Each check is a SPARQL file in ``shapes/report/`` whose first comment line gives its level
(ERROR, WARN or INFO) and whose second states the rule; it selects ``?entity ?property ?value`` rows.
The checks run on Oxigraph (fast, standard SPARQL 1.1) over the shipped ontology or a given file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from bbao import paths
from bbao.errors import BBAOError, Problem
from bbao.prefixes import display as compress

LEVELS = ("ERROR", "WARN", "INFO")


@dataclass(frozen=True)
class Check:
    name: str
    level: str
    rule: str
    query: str


@dataclass(frozen=True)
class Violation:
    level: str
    rule: str
    entity: str
    property: str
    value: str


def checks(directory: Path | None = None) -> list[Check]:
    """The report checks, read from ``shapes/report/*.rq``; a malformed header is an error."""
    out = []
    problems = []
    for path in sorted((directory or paths.shapes_dir() / "report").glob("*.rq")):
        lines = path.read_text(encoding="utf-8").splitlines()
        level = lines[0].removeprefix("# level:").strip() if lines and lines[0].startswith("# level:") else ""
        if level not in LEVELS:
            problems.append(Problem(str(path), f"first line must be '# level: ERROR|WARN|INFO', got {lines[0] if lines else ''!r}", line=1))
            continue
        rule = lines[1].lstrip("# ").split(":", 1)[0] if len(lines) > 1 else path.stem
        out.append(Check(path.stem, level, rule, "\n".join(lines)))
    if problems:
        raise BBAOError(problems)
    return out


def _show(term: object) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        return compress(term.value)
    if term is None:
        return ""
    return str(getattr(term, "value", term))


def run_report(ontology: Path | None = None) -> list[Violation]:
    """Run every check over ``ontology`` (default: the shipped ``bbao.nt``)."""
    path = ontology or paths.ontology_dir() / "bbao.nt"
    store = pyoxigraph.Store()
    fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".")) or pyoxigraph.RdfFormat.TURTLE
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:
        raise BBAOError([Problem(str(path), f"invalid RDF: {exc.msg}", line=exc.lineno)]) from exc
    rows = []
    for check in checks():
        try:
            solutions = store.query(check.query)
        except SyntaxError as exc:
            raise BBAOError(f"check {check.name}: {exc}", file=paths.shapes_dir() / "report" / f"{check.name}.rq") from exc
        for s in solutions:  # type: ignore[union-attr]
            rows.append(Violation(check.level, check.name, _show(s["entity"]), _show(s["property"]), _show(s["value"])))
    order = {level: i for i, level in enumerate(LEVELS)}
    return sorted(set(rows), key=lambda v: (order[v.level], v.rule, v.entity, v.property, v.value))


def format_report(rows: list[Violation], fmt: str = "table") -> str:
    columns = ("level", "rule", "entity", "property", "value")
    data = [(v.level, v.rule, v.entity, v.property, v.value) for v in rows]
    if fmt == "tsv":
        return "\n".join("\t".join(r) for r in [columns, *data])
    if not data:
        return "no problems found"
    widths = [max([len(c)] + [len(r[i]) for r in data]) for i, c in enumerate(columns[:4])]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns[:4], widths)) + "  value"]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r[:4], widths)) + "  " + r[4] for r in data]
    counts = {level: sum(1 for v in rows if v.level == level) for level in LEVELS}
    lines.append(", ".join(f"{n} {level}" for level, n in counts.items()))
    return "\n".join(lines)
