"""An OBO-style quality report: every check of ROBOT's ``report`` default profile, scoped by base IRI.

Each check is a SPARQL file in ``shapes/report/``, named and levelled as in ROBOT's ``report_profile.txt``
(ontodev/robot, ``robot-core/src/main/resources/``): its first comment line gives its level (ERROR, WARN or
INFO), its second states the rule, an optional ``# scope: all`` line says the check is not scoped; it selects
``?entity ?property ?value`` rows. The checks run on Oxigraph (fast, standard SPARQL 1.1) over the merged
release (BBAO with its import modules) or a given file (its syntax from its extension,
:func:`bbao.artifacts.syntax_of`, or ``--format``), read like every user's file by :mod:`bbao.userdata`
(strict: no relative IRI, no CURIE for an IRI, no remote JSON-LD context).

Scope, as ``robot report --base-iri`` (ODK's ``report`` goal) draws it: a violation counts when its entity's IRI
starts with one of the base IRIs (default :data:`BASE_IRIS`, BBAO's namespace, which holds its terms, claims,
mechanisms and ontology IRI). The others, on imported terms, are not counted but kept in
:attr:`Report.left_out` with the reason, so that a curator can pass them on to the ontology that owns them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from bbao import paths
from bbao.artifacts import MAIN, existing_path
from bbao.errors import BBAOError, Problem
from bbao.prefixes import display as compress
from bbao.tables import format_table
from bbao.userdata import load_into

__all__ = [
    "BASE_IRIS", "COLUMNS", "LEVELS", "Check", "LeftOut", "Report", "Violation", "checks", "format_left_out",
    "format_report", "format_scoped_tsv", "report", "run_report",
]

#: The report levels, most severe first (ROBOT's).
LEVELS = ("ERROR", "WARN", "INFO")
#: The columns of a printed report (the fields of :class:`Violation`).
COLUMNS = ("level", "rule", "entity", "property", "value")
#: The base IRIs of BBAO (``robot report --base-iri``): its terms, claims, mechanisms and ontology IRI.
BASE_IRIS = ("https://w3id.org/bbao/",)
#: Entities ROBOT's report always skips: the OWL and RDFS vocabularies.
_BUILT_IN = ("/rdf-schema#", "/owl#")


@dataclass(frozen=True)
class Check:
    """One check: its name (the file name without ``.rq``: ROBOT's name), level, rule (the second header line, up
    to its colon), SPARQL query text, and whether it is scoped by base IRI (a header line ``# scope: all`` says
    it is not)."""

    name: str
    level: str
    rule: str
    query: str
    scoped: bool = True


@dataclass(frozen=True)
class Violation:
    """One row a check selected, with IRIs shown as CURIEs (:func:`bbao.prefixes.display`)."""

    level: str
    rule: str
    entity: str
    property: str
    value: str


@dataclass(frozen=True)
class LeftOut:
    """A violation outside the base IRIs, with why it is left out (``imported from MONDO``, ``blank node``...)."""

    violation: Violation
    reason: str


@dataclass(frozen=True)
class Report:
    """A report: the violations in scope (sorted as :func:`run_report` sorts them), those left out as not under
    ``base_iris`` (same order), and the checks that were not scoped."""

    violations: list[Violation]
    left_out: list[LeftOut]
    base_iris: tuple[str, ...]
    unscoped: tuple[str, ...]


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
        scoped = not any(line.startswith("# scope: all") for line in lines)
        out.append(Check(path.stem, level, rule, "\n".join(lines), scoped))
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


#: An absolute IRI's start: a scheme and a colon (``https:``, ``urn:``, ``http:``...).
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+\Z")


def _left_out_because(term: object, base_iris: tuple[str, ...]) -> str | None:
    """Why a violation on ``term`` is out of scope, or None when its IRI starts with one of ``base_iris``."""
    if not isinstance(term, pyoxigraph.NamedNode):
        return "blank node (no IRI to scope by)"
    iri = term.value
    if any(part in iri for part in _BUILT_IN):
        return "OWL or RDFS built-in vocabulary (ROBOT always skips it)"
    if iri.startswith(base_iris):
        return None
    curie = compress(iri)
    source = curie.split(":", 1)[0] if curie != iri and ":" in curie else iri[:max(iri.rfind("#"), iri.rfind("/")) + 1]
    return f"imported from {source}, not under the base IRI"


def report(
    ontology: Path | None = None, fmt: str | None = None, *, base_iris: tuple[str, ...] | None = BASE_IRIS,
    progress: bool = False,
) -> Report:
    """Every check over ``ontology`` (default: the shipped merged release, the file :data:`bbao.artifacts.MAIN`
    reads for ``full``), read in the syntax ``fmt`` (a key of :data:`bbao.artifacts.SYNTAXES`; default: from the
    file's extension) by the one reader of users' files (:func:`bbao.userdata.load_into`: strict, nothing
    fetched), split as ``robot report --base-iri`` splits it: a violation is in scope when its entity's IRI
    starts with one of ``base_iris`` (or its check is not scoped), else left out with the reason; ``None``
    scopes nothing out (``robot report`` without ``--base-iri``: what ``bbao report FILE`` does by default). With
    ``progress``, on a terminal, what was read is counted and summed up.

    Raises :class:`BBAOError` naming the file when it is missing, has no RDF extension and no ``fmt``, or is
    refused by the reader (a syntax error, a relative IRI, a CURIE used as an IRI, a remote JSON-LD context: with
    the line where known); for an unknown ``fmt``; for no base IRI; naming the check whose query does not
    parse."""
    if base_iris is not None and (not base_iris or not all(_ABSOLUTE.match(b) for b in base_iris)):
        bad = next((b for b in base_iris if not _ABSOLUTE.match(b)), "")
        raise BBAOError(f"a base IRI must be an absolute IRI such as https://w3id.org/bbao/, not {bad!r} "
                        "(--base-iri)")
    path = ontology or existing_path(MAIN["full"].file)
    store = pyoxigraph.Store()
    load_into(store, path, fmt, progress=progress)
    rows: set[Violation] = set()
    left: dict[Violation, str] = {}
    found = checks()
    for check in found:
        try:
            solutions = store.query(check.query)
        except SyntaxError as exc:
            where = paths.shapes_dir() / "report" / f"{check.name}.rq"
            raise BBAOError(f"check {check.name}: {exc}", file=where) from exc
        for s in solutions:  # type: ignore[union-attr]
            row = Violation(check.level, check.name, _show(s["entity"]), _show(s["property"]), _show(s["value"]))
            why = _left_out_because(s["entity"], base_iris) if check.scoped and base_iris is not None else None
            if why is None:
                rows.add(row)
            else:
                left[row] = why
    order = {level: i for i, level in enumerate(LEVELS)}

    def key(v: Violation) -> tuple[int, str, str, str, str]:
        return order[v.level], v.rule, v.entity, v.property, v.value

    left_out = [LeftOut(v, left[v]) for v in sorted(set(left) - rows, key=key)]
    unscoped = tuple(c.name for c in found if not c.scoped)
    return Report(sorted(rows, key=key), left_out, tuple(base_iris or ()), unscoped)


def run_report(
    ontology: Path | None = None, fmt: str | None = None, *, base_iris: tuple[str, ...] | None = BASE_IRIS,
    progress: bool = False,
) -> list[Violation]:
    """The violations in scope of :func:`report` (same arguments, same errors), without duplicates, sorted by
    level, rule, entity, property and value."""
    return report(ontology, fmt, base_iris=base_iris, progress=progress).violations


def format_report(rows: list[Violation], fmt: str = "table") -> str:
    """The report as ``bbao report`` prints it: :func:`bbao.tables.format_table` of :data:`COLUMNS` in
    ``fmt``; the ``table`` ends with the count per level, or is "no problems found" when there are no rows.
    Raises :class:`ValueError` for an unknown ``fmt``."""
    if fmt == "table" and not rows:
        return "no problems found"
    data = [(v.level, v.rule, v.entity, v.property, v.value) for v in rows]
    counts = ", ".join(f"{sum(1 for v in rows if v.level == level)} {level}" for level in LEVELS)
    return format_table(COLUMNS, data, fmt, footer=counts)


def _most(item: tuple[str, int]) -> tuple[int, str]:
    """Sort key of a (name, count) pair: most first, then by name."""
    return -item[1], item[0]


def format_left_out(result: Report, *, every: bool = False) -> str:
    """What the scope left out, as ``bbao report`` prints it after the report: the base IRIs, the checks not
    scoped, then per check its level, how many violations it left out and why (the sources of the imported
    terms), and each ERROR left out (every one with ``every``), so that none is hidden. Empty when nothing was
    left out."""
    if not result.left_out:
        return ""
    lines = [f"Out of scope: {len(result.left_out)} violation(s) on entities not under the base IRI "
             f"{', '.join(result.base_iris)} (as robot report --base-iri), not counted above:"]
    by_check: dict[tuple[str, str], list[LeftOut]] = {}
    for item in result.left_out:
        by_check.setdefault((item.violation.level, item.violation.rule), []).append(item)
    for (level, rule), items in by_check.items():
        sources: dict[str, int] = {}
        others: dict[str, int] = {}
        for item in items:
            source = item.reason.removeprefix("imported from ").removesuffix(", not under the base IRI")
            counts = sources if source != item.reason else others
            counts[source] = counts.get(source, 0) + 1
        why = [f"on imported terms: {', '.join(f'{s} {n}' for s, n in sorted(sources.items(), key=_most))}"] \
            if sources else []
        why += [f"{n} {reason}" for reason, n in sorted(others.items(), key=_most)]
        lines.append(f"  {level:5}  {rule}: {len(items)} left out ({'; '.join(why)})")
    if result.unscoped:
        lines.append(f"  not scoped (counted wherever they are): {', '.join(result.unscoped)}")
    shown = [i for i in result.left_out if every or i.violation.level == "ERROR"]
    if shown:
        lines.append("Left out, " + ("every one:" if every else "each ERROR (all with --out-of-scope):"))
        data = [(i.violation.level, i.violation.rule, i.violation.entity, i.violation.property, i.violation.value,
                 i.reason) for i in shown]
        lines.append(format_table((*COLUMNS, "why left out"), data, "table"))
    return "\n".join(lines)


def format_scoped_tsv(result: Report) -> str:
    """Every violation, in scope and left out, as TSV: :data:`COLUMNS` and ``left_out_because`` (empty for a
    violation in scope, else the reason); the rows in scope first."""
    data = [(v.level, v.rule, v.entity, v.property, v.value, "") for v in result.violations]
    data += [(i.violation.level, i.violation.rule, i.violation.entity, i.violation.property, i.violation.value,
              i.reason) for i in result.left_out]
    return format_table((*COLUMNS, "left_out_because"), data, "tsv")
