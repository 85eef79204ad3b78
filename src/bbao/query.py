"""The SPARQL question library (``queries/*.rq``): read, bind parameters, run on any backend, format.

Each ``.rq`` file starts with ``#`` comment lines. The first states the question in plain English; then
either ``# Parameters: none.`` or one line per parameter::

    # Parameter ?process (optional, example GO:0001649): the bone process; without it, every process.
    # Parameter ?class (required, example MONDO:0005559): the class whose subclasses to look for.

A parameter is a variable the query projects; it is bound to a CURIE or an absolute IRI, validated here and
handed to the backend as an IRI (never pasted into the query text). An optional parameter left unbound
answers for every value. Results come back as strings with IRIs shown as CURIEs, in the query's order.

Expected results live beside the queries: ``expected/NAME.tsv`` (no parameter given) and
``expected/NAME.example.tsv`` (every parameter bound to its example); ``bbao query --update-expected``
rewrites them from the embedded store.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyoxigraph

from bbao import paths
from bbao.backend import (
    Backend,
    RenderingBackend,
    answer_order,
    as_oxigraph_writes,
    check_query,
    evaluated_text,
    parameter_problems,
)
from bbao.errors import BBAOError, Problem, QuerySyntaxError
from bbao.model import KNOWLEDGE_LEVELS
from bbao.prefixes import CurieError, compress, expand
from bbao.store import OxigraphBackend
from bbao.tables import format_table, read_tsv

#: Widest column of ``bbao query``'s aligned table; longer cells are cut with "…".
TABLE_WIDTH = 60
_PARAMETER = re.compile(r"#\s*Parameter\s+\?(\w+)\s+\((optional|required), example (\S+)\):\s*(.*)")
_BARE_IRI_STARTS = ("http://", "https://", "urn:")


@dataclass(frozen=True)
class Parameter:
    """A parameter a query declares in its header: a variable it projects, whether it must be bound, an
    example value (a CURIE or ``<IRI>``) and what it means."""

    name: str
    required: bool
    example: str
    description: str


@dataclass(frozen=True)
class Query:
    """A SPARQL query of the library (or a user's ``.rq`` file): its name (the file name without ``.rq``),
    file, plain-English question, text and declared parameters (read by :func:`parse_query`)."""

    name: str
    path: Path
    question: str
    text: str
    parameters: tuple[Parameter, ...] = ()

    def parameter(self, name: str) -> Parameter:
        """The declared parameter ``name``; raises :class:`BBAOError` naming the declared ones."""
        for p in self.parameters:
            if p.name == name:
                return p
        declared = ", ".join(p.name for p in self.parameters) or "none"
        raise BBAOError(f"query {self.name!r} has no parameter {name!r} (parameters: {declared})", file=self.path)


def _header(text: str) -> list[str]:
    """The leading ``#`` comment lines of a query."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def parse_query(path: Path, text: str) -> Query:
    """The query in ``text`` (read from ``path``), with the question and parameters stated in its leading
    comment lines (see the module); a header line that is not a parameter declaration is ignored."""
    header = _header(text)
    question = header[0].lstrip("#").strip() if header else ""
    parameters = tuple(
        Parameter(m.group(1), m.group(2) == "required", m.group(3), m.group(4).strip())
        for m in (_PARAMETER.fullmatch(line.strip()) for line in header) if m)
    return Query(path.stem, path, question, text, parameters)


def bundled() -> dict[str, Query]:
    """The bundled queries (``queries/*.rq`` under :func:`bbao.paths.queries_dir`) by name (file name
    without ``.rq``), sorted."""
    return {path.stem: parse_query(path, path.read_text(encoding="utf-8"))
            for path in sorted(paths.queries_dir().glob("*.rq"))}


def resolve(name_or_file: str) -> Query:
    """A bundled query by name, or a ``.rq`` file by path; raises :class:`BBAOError` for a file that is missing
    or not UTF-8, or a name that is neither (listing the bundled ones)."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        try:  # a byte order mark is no SPARQL: read it as the other readers of users' files do
            return parse_query(path, path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise BBAOError(f"not UTF-8 text ({exc.reason})", file=path) from exc
    queries = bundled()
    if name_or_file in queries:
        return queries[name_or_file]
    if path.suffix == ".rq" or len(path.parts) > 1:  # a file, not a name
        raise BBAOError("no such query file" if not path.exists() else "not a query file (a .rq file)", file=path)
    raise BBAOError(f"unknown query {name_or_file!r}; bundled queries: {', '.join(queries)}")


def to_iri(value: str) -> str:
    """The IRI of a parameter value: a CURIE with a BBAO prefix, or an absolute IRI.

    An IRI is written in angle brackets, or bare when it starts with ``http://``, ``https://`` or ``urn:``;
    anything else must be a CURIE (expanded with BBAO's prefix map, :func:`bbao.prefixes.expand`), so that a
    mistyped prefix is reported instead of read as a URI scheme. Raises :class:`BBAOError` for an invalid IRI
    or CURIE.

    >>> to_iri("GO:0001649")
    'http://purl.obolibrary.org/obo/GO_0001649'
    >>> to_iri("<https://w3id.org/bbao/graph/ontology>")
    'https://w3id.org/bbao/graph/ontology'
    """
    bracketed = value.startswith("<") and value.endswith(">")
    if bracketed or value.startswith(_BARE_IRI_STARTS):
        text = value[1:-1] if bracketed else value
        try:
            return pyoxigraph.NamedNode(text).value
        except ValueError as exc:
            raise BBAOError(f"{value!r} is not a valid absolute IRI: {exc}") from exc
    try:
        return expand(value)
    except CurieError as exc:
        raise BBAOError(f"{exc}; write any other IRI in full, as <IRI>") from exc


def bind(query: Query, assignments: Sequence[str]) -> dict[str, str]:
    """``name=CURIE`` assignments -> {variable: IRI} (values through :func:`to_iri`), checked against the
    query's declared parameters; raises :class:`BBAOError` for a malformed, repeated or undeclared
    assignment, a bad value, or a required parameter left out."""
    bindings: dict[str, str] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not value:
            raise BBAOError(f"--param takes NAME=CURIE, not {assignment!r}")
        name = name.strip().lstrip("?$")
        if name in bindings:
            raise BBAOError(f"parameter {name!r} given twice")
        bindings[query.parameter(name).name] = to_iri(value.strip())
    missing = [p for p in query.parameters if p.required and p.name not in bindings]
    if missing:
        needs = " ".join(f"--param {p.name}=CURIE (e.g. {p.example})" for p in missing)
        raise BBAOError(f"query {query.name!r} needs {needs}", file=query.path)
    return bindings


#: One statement with ``?term`` as its subject, predicate or object, if the store holds any (what "a term of the
#: store" means here), and, where the engine holds named graphs, one graph of that name.
_KNOWN_QUERY: Final = ("SELECT ?term WHERE { { ?term ?p ?o } UNION { ?s ?term ?o } UNION { ?s ?p ?term } } LIMIT 1",
                       "SELECT ?term WHERE { GRAPH ?term { ?s ?p ?o } } LIMIT 1")


def is_known(iri: str, backend: Backend) -> bool:
    """Whether ``backend`` holds a statement with ``iri`` as its subject, predicate or object, or (Oxigraph, an
    endpoint) a named graph of that name: a mistyped CURIE is no term of BBAO or of the user's data, and answers
    nothing. Raises what ``backend.select`` raises."""
    return bool(backend.select(_KNOWN_QUERY[0], {"term": iri})[1]) or (
        backend.name not in ("rdflib", "maplib") and bool(backend.select(_KNOWN_QUERY[1], {"term": iri})[1]))


def unknown_parameters(query: Query, bindings: Mapping[str, str], backend: Backend) -> list[str]:
    """``NAME=CURIE`` of every binding of ``bindings`` whose IRI ``backend`` says nothing about (:func:`is_known`),
    in the query's parameter order."""
    return [f"{p.name}={compress(bindings[p.name])}" for p in query.parameters
            if p.name in bindings and not is_known(bindings[p.name], backend)]


def example_bindings(query: Query) -> dict[str, str]:
    """Every parameter bound to the example its header gives (see :func:`bind`)."""
    return bind(query, [f"{p.name}={p.example}" for p in query.parameters])


#: IRIs repeat across the rows of an answer (a term per claim), so their CURIEs are computed once.
_curie = functools.lru_cache(maxsize=1 << 16)(compress)


def show(term: object) -> str:
    """How a result term is printed: IRIs as CURIEs (:func:`bbao.prefixes.compress`), blank nodes as
    ``_:id``, literals as their lexical form, unbound (``None``) as empty."""
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return _curie(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return "_:" + term.value
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    return str(term)


def check(query: Query, engine: str) -> None:
    """Refuse, before anything is loaded or evaluated, what ``engine`` (an embedded engine's name, or
    ``"endpoint"``) must not or cannot evaluate in ``query`` (:func:`bbao.backend.check_query`).

    Raises :class:`BBAOError` naming the query file and line; a syntax error with its line and column."""
    try:
        check_query(query.text, engine, query.path)
    except QuerySyntaxError as exc:
        problem = Problem(str(query.path), f"SPARQL syntax error: {exc.message}", exc.line, exc.column)
        raise BBAOError([problem]) from exc


def run(query: Query, backend: Backend | pyoxigraph.Store,
        bindings: Mapping[str, str] | None = None) -> tuple[list[str], list[list[str]]]:
    """The answer to ``query`` on ``backend`` (a pyoxigraph Store is wrapped as the embedded backend) with
    ``bindings`` (variable -> IRI, from :func:`bind`): the projected columns and one row of cell texts
    (:func:`show`) per solution, in the query's order.

    Before the engine evaluates anything, :func:`bbao.backend.check_query` reads the query with rdflib's
    SPARQL parser and refuses what this engine must not or cannot do (a SERVICE clause on every engine,
    GRAPH on rdflib and maplib, division on maplib...). Every embedded engine gives Oxigraph's rows:
    rdflib's literals are printed as Oxigraph writes them (:func:`bbao.backend.as_oxigraph_writes`: its
    decimal 2.50 is 2.5) and, where SPARQL leaves the order of terms of different kinds to the engine,
    rdflib's answer is put in Oxigraph's order (:func:`bbao.backend.oxigraph_order`; maplib does both
    itself). An endpoint's answer is printed as the endpoint gives it.

    Raises :class:`BBAOError`: a syntax error names the query file, line and column; a refusal names the
    query file and, where it can, the line; the backend's own errors (not evaluable, not SELECT,
    unreachable endpoint) pass through."""
    if isinstance(backend, pyoxigraph.Store):
        backend = OxigraphBackend(backend)
    try:
        shape = check_query(query.text, backend.name, query.path)
        problems = parameter_problems(query.text, bindings or {})
        if problems:
            raise BBAOError([Problem(str(query.path), problem) for problem in problems])
        if isinstance(backend, RenderingBackend):  # a columnar engine renders whole columns at once (as show)
            return backend.rendered(query.text, bindings or {}, _curie)
        if backend.name != "rdflib":
            columns, rows = backend.select(query.text, bindings or {})
            return columns, [[show(term) for term in row] for row in rows]
        columns, rows = backend.select(evaluated_text(query.text, shape), bindings or {})
        rows = [[as_oxigraph_writes(term) for term in row] for row in rows]
        order = answer_order(query.text, shape, columns, lambda name: [row[columns.index(name)] for row in rows],
                             len(rows))
    except QuerySyntaxError as exc:
        problem = Problem(str(query.path), f"SPARQL syntax error: {exc.message}", exc.line, exc.column)
        raise BBAOError([problem]) from exc
    except BBAOError:
        raise
    except Exception as exc:  # rdflib's evaluator fails on some valid queries (ORDER BY STR(?unbound))
        if backend.name != "rdflib":
            raise
        raise BBAOError([Problem(str(query.path), f"the rdflib engine failed on this query ({type(exc).__name__}: "
                                                  f"{exc}); use --engine oxigraph")]) from exc
    if order is not None:
        rows = [rows[i] for i in order]
    return columns, [[show(term) for term in row] for row in rows]


#: The question :func:`filter_levels` asks the backend: every claim's knowledge level (BBAO:0000118).
LEVELS_QUERY: Final = """PREFIX bbao: <https://w3id.org/bbao/>
SELECT ?claim ?level WHERE { ?claim a bbao:BBAO_0000001 ; bbao:BBAO_0000118 ?level . }
ORDER BY STR(?claim)
"""


def filter_levels(query: Query, backend: Backend, columns: Sequence[str], rows: Sequence[Sequence[str]],
                  levels: Sequence[str]) -> list[list[str]]:
    """The ``rows`` of ``query``'s answer whose ``?claim`` has one of the knowledge ``levels``
    (:data:`bbao.model.KNOWLEDGE_LEVELS`), as ``bbao query --level`` shows them; the levels are read from
    ``backend`` (the claims' BBAO:0000118), so user data and endpoints are filtered alike.

    Raises :class:`BBAOError` for an unknown level, or a query that projects no ``?claim`` column (nothing
    to filter by)."""
    unknown = [level for level in levels if level not in KNOWLEDGE_LEVELS]
    if unknown:
        raise BBAOError(f"unknown knowledge level {', '.join(map(repr, unknown))} "
                        f"(choose among {', '.join(KNOWLEDGE_LEVELS)})")
    if "claim" not in columns:
        raise BBAOError(f"query {query.name!r} projects no ?claim column: --level keeps the rows whose claim has "
                        "one of the given knowledge levels", file=query.path)
    ask = Query("knowledge-levels", query.path, "the knowledge level of every claim", LEVELS_QUERY)
    _, answer = run(ask, backend)
    level_of = {claim: level for claim, level in answer}
    at = list(columns).index("claim")
    return [list(row) for row in rows if level_of.get(row[at]) in levels]


def format_rows(columns: Sequence[str], rows: Sequence[Sequence[str]], fmt: str = "table") -> str:
    """What :func:`run` answered, as ``bbao query`` prints it: :func:`bbao.tables.format_table` in ``fmt``
    (``table``: cells cut at :data:`TABLE_WIDTH` characters, then a row count). Raises :class:`ValueError`
    for an unknown ``fmt``."""
    footer = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    return format_table(columns, rows, fmt, max_width=TABLE_WIDTH, footer=footer)


def describe(query: Query) -> str:
    """One ``--list`` entry of ``query``: name, question and one line per parameter."""
    text = f"{query.name:<28} {query.question}"
    for p in query.parameters:
        text += f"\n{'':<28}   --param {p.name}=CURIE ({'required' if p.required else 'optional'}, e.g. {p.example})"
    return text


def expected_runs(query: Query) -> dict[Path, dict[str, str]]:
    """The runs whose results are stored beside ``query`` (``expected/NAME.tsv`` when no parameter is
    required, ``expected/NAME.example.tsv`` when it has parameters): expected file -> bindings."""
    folder = query.path.parent / "expected"
    runs: dict[Path, dict[str, str]] = {}
    if not any(p.required for p in query.parameters):
        runs[folder / f"{query.name}.tsv"] = {}
    if query.parameters:
        runs[folder / f"{query.name}.example.tsv"] = example_bindings(query)
    return runs


def read_expected(path: Path) -> tuple[list[str], list[list[str]]]:
    """The columns and rows of an expected-results TSV (as :func:`update_expected` writes it:
    :func:`bbao.tables.read_tsv`). Raises :class:`ValueError` for a ragged or empty file."""
    return read_tsv(path.read_text(encoding="utf-8"))


def update_expected(backend: Backend) -> list[Path]:
    """Rewrite the expected-results files of the bundled queries (:func:`expected_runs`) from ``backend``,
    as TSV (:func:`format_rows`), as one set (:func:`bbao.release.replace_files`: staged, then renamed; a file
    already right is left alone); returns the files that changed. Raises :class:`BBAOError` outside a BBAO project
    (the installed package's files are never written: :func:`bbao.paths.writable_root`), and what the backend and
    the writer raise."""
    from bbao import paths
    from bbao.release import replace_files

    paths.writable_root("print an answer of your own with --format tsv")
    files = {path: (format_rows(*run(query, backend, bindings), "tsv") + "\n").encode("utf-8")
             for query in bundled().values() for path, bindings in expected_runs(query).items()}
    return replace_files(files)
