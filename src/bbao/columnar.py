"""The columnar query engine: maplib answers SPARQL over Polars tables, for large user data.

Oxigraph (the default engine) joins one solution at a time, ~3-4 us per triple-pattern lookup: with 1M
triples of user claims beside BBAO, the bundled queries that answer with thousands of rows take 0.2-1.7 s.
maplib stores each predicate as a table and joins whole columns at once; on the same data the same
queries take 4-100 ms (README, "Performance"). It is optional (``pip install 'bbao[columnar]'``: maplib
brings Polars and pyarrow) and pinned to the release whose answers are checked: every bundled query gives
the same rows on it as on Oxigraph, on the shipped ontology and on generated user data (tests).

maplib 0.20.26 has bugs that the bundled queries are written around, and that queries of your own may
meet; cross-check an answer that matters on ``--engine oxigraph``:

- ``COUNT`` is typed ``xsd:unsignedInt``, so ``HAVING (COUNT(?x) = 2)`` never holds (``> 1`` does);
- a ``FILTER EXISTS`` in a group whose other FILTER also has an EXISTS is ignored;
- ``FILTER (?p IN (...))`` on a variable predicate may fail ("Variable ?p not found"): use ``VALUES ?p``.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph

from bbao.closure import ANCESTOR, closure_triples
from bbao.errors import BBAOError
from bbao.progress import step
from bbao.store import NAMED_GRAPHS, QuerySyntaxError, Solutions, Term, artifact, values_clause
from bbao.userdata import user_triples

if TYPE_CHECKING:
    import maplib

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: maplib's column of a language-tagged string keeps the tag in this struct field.
_LANGUAGE_FIELD = "l"
_EDGES = """SELECT ?sub ?super WHERE {
  ?sub <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?super . FILTER (isIRI(?sub) && isIRI(?super)) }"""
_CLASSES = """SELECT ?class WHERE {
  ?class a <http://www.w3.org/2002/07/owl#Class> . FILTER (isIRI(?class)) }"""


def _maplib() -> Any:
    try:
        import maplib
    except ImportError as exc:  # the optional extra is not installed
        raise BBAOError("the maplib engine needs the optional dependency: pip install 'bbao[columnar]'") from exc
    return maplib


def load_model(extra: Sequence[Path] = (), fmt: str | None = None, *, progress: bool = False) -> maplib.Model:
    """A maplib Model holding the three artifacts the bundled queries read (as the store's named graphs
    do) and the user's ``extra`` files, with the subclass closure extended to the user's classes.

    User files go through Oxigraph's strict parsers first (errors name file and line; each file's blank
    nodes get fresh names), then to maplib as N-Triples."""
    model = _maplib().Model()
    for filename in NAMED_GRAPHS.values():
        model.read(str(artifact(filename)))
    for path in extra:
        text = pyoxigraph.serialize(user_triples(path, fmt, progress=progress), format=pyoxigraph.RdfFormat.N_TRIPLES)
        with step(f"indexing {path.name} for the maplib engine", progress):
            model.reads(text.decode("utf-8"), format="ntriples")
    if extra:
        extend_closure(model)
    return model


def extend_closure(model: maplib.Model) -> None:
    """Add the closure (:mod:`bbao.closure`) of every subclass edge in ``model``, the user's included;
    maplib keeps a triple once however often it is added."""
    edges = [(str(row["sub"]), str(row["super"])) for row in model.query(_EDGES).iter_rows(named=True)]
    classes = [str(row["class"]) for row in model.query(_CLASSES).iter_rows(named=True)]
    lines = [f"{_iri(sub)} <{ANCESTOR}> {_iri(sup)} ." for sub, _, sup in closure_triples(
        [(_strip(s), _strip(o)) for s, o in edges], [_strip(c) for c in classes])]
    if lines:
        model.reads("\n".join(lines) + "\n", format="ntriples")


def _strip(iri: str) -> str:
    """maplib's plain DataFrame writes IRIs in angle brackets."""
    return iri[1:-1] if iri.startswith("<") and iri.endswith(">") else iri


def _iri(term: object) -> str:
    return str(pyoxigraph.NamedNode(str(term)))


class MaplibBackend:
    """The columnar engine (maplib) over BBAO's artifacts and the user's files; SELECT queries only."""

    name = "maplib"

    def __init__(self, model: maplib.Model | None = None) -> None:
        self.model = model if model is not None else load_model()

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions:
        maplib = _maplib()
        columns = _projection(query)
        try:
            answer = self.model.query(query + values_clause(bindings), solution_mappings=True)
        except maplib.MaplibException as exc:
            message = str(exc)
            if "parsing error" in message or "Syntax error" in message:
                raise _syntax_error(message) from exc
            raise BBAOError(f"cannot evaluate the query on maplib: {message}") from exc
        if not isinstance(answer, maplib.SolutionMappings):
            raise BBAOError("only SELECT queries are supported")
        table = answer.mappings
        converted = [_terms(table.get_column(c).to_list(), answer.rdf_types.get(c)) if c in table.columns
                     else [None] * table.height for c in columns]
        return columns, [list(row) for row in zip(*converted)] if columns else [[] for _ in range(table.height)]


def _projection(query: str) -> list[str]:
    """The projected variables in the query's order (maplib's table does not keep it), read by
    Oxigraph's parser from the query run on an empty store; a syntax error is reported as Oxigraph
    reports it on the default engine.

    >>> _projection("SELECT DISTINCT ?b ?a (COUNT(?c) AS ?n) WHERE { ?a ?b ?c } GROUP BY ?a ?b")
    ['b', 'a', 'n']
    """
    try:
        result = _EMPTY.query(query)
    except SyntaxError as exc:
        raise _syntax_error(str(exc)) from exc
    if not isinstance(result, pyoxigraph.QuerySolutions):
        raise BBAOError("only SELECT queries are supported")
    return [v.value for v in result.variables]


_EMPTY = pyoxigraph.Store()


def _syntax_error(message: str) -> QuerySyntaxError:
    """maplib quotes Oxigraph's parser: '... error at 4:1: expected ...'."""
    match = re.search(r"error at (\d+):(\d+)(?:-\d+:\d+)?: (.*)", message, re.S)
    if match:
        return QuerySyntaxError(match.group(3).strip(), int(match.group(1)), int(match.group(2)))
    return QuerySyntaxError(message)


def _terms(values: list[Any], rdf_type: object) -> list[Term | None]:
    """One column of maplib's solution mappings as pyoxigraph terms; ``rdf_type`` says what the column
    holds: IRIs, blank nodes, literals of one datatype, or several kinds (a struct per value)."""
    kind = repr(rdf_type)
    if kind.startswith("RDFType.Multi"):
        return [_struct_term(v) for v in values]
    if kind.startswith("RDFType.IRI"):
        return [None if v is None else _named(v) for v in values]
    if kind.startswith("RDFType.BlankNode"):
        return [None if v is None else pyoxigraph.BlankNode(v) for v in values]
    if kind.startswith("RDFType.Literal"):
        datatype = _datatype(kind)
        if datatype == RDF_LANG_STRING:
            return [None if v is None else _lang_string(v) for v in values]
        return [None if v is None else _literal(v, datatype) for v in values]
    return [None for _ in values]  # RDFType.None: never bound


_NAMED: dict[str, pyoxigraph.NamedNode] = {}


def _named(iri: str) -> pyoxigraph.NamedNode:
    """IRIs repeat down a column (a class per claim): build each term once."""
    term = _NAMED.get(iri)
    if term is None:
        term = _NAMED[iri] = pyoxigraph.NamedNode(iri)
        if len(_NAMED) > 1 << 16:
            _NAMED.clear()
    return term


def _datatype(kind: str) -> str:
    match = re.search(r'"([^"]+)"', kind)
    return match.group(1) if match else XSD + "string"


def _lang_string(value: Mapping[str, str | None]) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(str(value[f"<{RDF_LANG_STRING}>"]), language=value[_LANGUAGE_FIELD])


def _literal(value: object, datatype: str) -> pyoxigraph.Literal:
    """maplib gives numbers, booleans and dates as Python values; RDF wants their lexical form."""
    if datatype == XSD + "string":
        return pyoxigraph.Literal(str(value))
    return pyoxigraph.Literal(_lexical(value), datatype=pyoxigraph.NamedNode(datatype))


def _lexical(value: object) -> str:
    """
    >>> [_lexical(v) for v in (True, 3, decimal.Decimal("2.500000000000"), decimal.Decimal("4.000"))]
    ['true', '3', '2.5', '4.0']
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        text = format(value.normalize(), "f")
        return text if "." in text else text + ".0"
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return str(value)


def _struct_term(value: Mapping[str, Any] | None) -> Term | None:
    """A value of a column of several kinds: a struct with one field per kind, one of them set."""
    if value is None:
        return None
    for field, item in value.items():
        if item is None or field == _LANGUAGE_FIELD:
            continue
        if field == "I":
            return _named(item)
        if field == "B":
            return pyoxigraph.BlankNode(item)
        datatype = field[1:-1]
        if datatype == RDF_LANG_STRING:
            return pyoxigraph.Literal(str(item), language=value[_LANGUAGE_FIELD])
        return _literal(item, datatype)
    return None
