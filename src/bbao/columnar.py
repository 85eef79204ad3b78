"""The columnar query engine: maplib answers SPARQL over Polars tables, for large user data.

Oxigraph (the default engine) joins one solution at a time, ~3-4 us per triple-pattern lookup: with 1M
triples of user claims beside BBAO, the bundled queries that answer with thousands of rows take 0.2-2.4 s.
maplib stores each predicate as a table and joins whole columns at once; on the same data the same
queries take 7-140 ms, answers rendered (README, "Performance"). It is optional
(``pip install 'bbao[columnar]'``: maplib brings Polars and pyarrow) and pinned to the release whose answers
are checked: every bundled query gives the same rows on it as on Oxigraph, on the shipped ontology and on
generated user data (tests), and so does a set of queries of every common kind (tests/test_sparql_conformance.py).

What maplib 0.20.26 gets wrong is refused before it evaluates anything (:func:`bbao.backend.check_query`
reads the query's algebra with rdflib's SPARQL parser, never its text, so a comment or a string is no
clause), with a message that names the query file, where it can the line, and suggests ``--engine
oxigraph``:

- ``SERVICE`` (on every engine: bbao fetches nothing; maplib would panic);
- ``GRAPH`` (BBAO and your ``--data`` are one graph on maplib; maplib would panic), ``FROM``/``FROM NAMED``
  (maplib would panic; Oxigraph would ignore them);
- ``/``: maplib divides in floating point, so ``1/2`` gives ``0.0`` (SPARQL: an integer divided by an
  integer is an xsd:decimal, ``0.5``), and ``AVG``, which divides too;
- ``GROUP_CONCAT`` (it joins maplib's internal term numbers, not the terms), ``MIN`` and ``MAX`` (no value
  when the values are of different kinds or numeric types);
- a COUNT compared with ``=``, ``!=``, ``IN`` or ``NOT IN`` (maplib types COUNT as ``xsd:unsignedInt``, so
  ``HAVING (COUNT(?x) = 2)`` never holds; ``>=`` and ``<=`` work);
- a FILTER in a group whose OPTIONAL has a triple pattern with a variable predicate (``?s ?p ?o``): maplib
  ignores that FILTER (put the pattern and its FILTER in a group of their own);
- an ORDER BY whose order bbao cannot check (below): by a variable the query does not project, by an
  expression over one or over an aggregate that may give terms of several kinds, or in a subquery cut by
  LIMIT or OFFSET.

maplib orders terms of different kinds its own way (language-tagged strings before plain ones, decimals
before integers whatever their values). When an ORDER BY condition may give terms of several kinds (a
variable whose column holds several; an expression other than ``STR(...)`` and the like), the answer is
put in Oxigraph's order (:func:`bbao.backend.answer_order`: Oxigraph evaluates the query's own ORDER BY
over maplib's rows); a LIMIT or OFFSET is then applied after that, not by maplib
(:func:`bbao.backend.evaluated_text`). Literals are printed as Oxigraph writes them
(:func:`bbao.backend.oxigraph_lexical`: an integral decimal as ``1``, not ``1.0``). A panic inside maplib
becomes a :class:`BBAOError`; maplib's model is unusable after one, so every later query on the same
backend is refused too.

Bugs that remain, which the bundled queries are written around and queries of your own may meet;
cross-check an answer that matters on ``--engine oxigraph``:

- a ``FILTER EXISTS`` in a group whose other FILTER also has an EXISTS is ignored;
- ``FILTER (?p IN (...))`` on a variable predicate may fail ("Variable ?p not found"): use ``VALUES ?p``;
- ``isNumeric``, and ``SUM`` over values of several numeric types, fail (a clear error, after evaluation);
- decimals keep 12 digits after the point (Oxigraph: 18).
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph

from bbao import artifacts
from bbao.artifacts import SYNTAXES, existing_path
from bbao.backend import (
    Solutions,
    Term,
    answer_order,
    bound_text,
    check_query,
    evaluated_text,
    make_term,
    oxigraph_lexical,
    read_query,
)
from bbao.closure import closure_triples
from bbao.errors import BBAOError, query_syntax_error
from bbao.progress import step
from bbao.userdata import user_triples

if TYPE_CHECKING:
    import maplib

__all__ = ["MaplibBackend", "extend_closure", "load_model"]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: maplib's column of a language-tagged string keeps the tag in this struct field.
_LANGUAGE_FIELD = "l"
_EDGES = """SELECT ?sub ?super WHERE {
  ?sub <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?super . FILTER (isIRI(?sub) && isIRI(?super)) }"""
_PART_OF_EDGES = """SELECT ?part ?whole WHERE {
  ?part <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?restriction .
  ?restriction <http://www.w3.org/2002/07/owl#onProperty> <http://purl.obolibrary.org/obo/BFO_0000050> ;
    <http://www.w3.org/2002/07/owl#someValuesFrom> ?whole .
  FILTER (isIRI(?part) && isIRI(?whole) && isBlank(?restriction)) }"""
_CLASSES = """SELECT ?class WHERE {
  ?class a <http://www.w3.org/2002/07/owl#Class> . FILTER (isIRI(?class)) }"""
_PROPERTY_EDGES = """SELECT ?sub ?super WHERE {
  ?sub <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> ?super . FILTER (isIRI(?sub) && isIRI(?super)) }"""
_PROPERTIES = """SELECT ?property WHERE {
  ?property a <http://www.w3.org/2002/07/owl#ObjectProperty> . FILTER (isIRI(?property)) }"""


def _maplib() -> Any:
    """The maplib module; :class:`BBAOError` saying what to install when the optional extra is missing."""
    try:
        import maplib
    except ImportError as exc:  # the optional extra is not installed
        raise BBAOError("the maplib engine needs the optional dependency: pip install 'bbao[columnar]'") from exc
    return maplib


def load_model(extra: Sequence[Path] = (), fmt: str | None = None, *, progress: bool = False) -> maplib.Model:
    """A maplib Model holding the artifacts the bundled queries read (those of the store's named graphs,
    :data:`bbao.artifacts.NAMED_GRAPHS`) and the user's ``extra`` files (syntax from ``fmt``, else from
    the extension), with the subclass closure extended to the user's classes.

    User files go through Oxigraph's strict parsers first (:func:`bbao.userdata.user_triples`: errors
    name file and line; each file's blank nodes get fresh names), then to maplib as N-Triples. Raises
    :class:`BBAOError` for a bad or missing file, or when maplib is not installed."""
    model: maplib.Model = _maplib().Model()
    for shipped in artifacts.NAMED_GRAPHS.values():
        model.read(str(existing_path(shipped.file)))
    for path in extra:
        text = pyoxigraph.serialize(user_triples(path, fmt, progress=progress), format=SYNTAXES["nt"].oxigraph)
        with step(f"indexing {path.name} for the maplib engine", progress):
            model.reads((text or b"").decode("utf-8"), format="ntriples")
    if extra:
        extend_closure(model)
    return model


def extend_closure(model: maplib.Model) -> None:
    """Add the closures (:mod:`bbao.closure`) of every subclass edge, 'part of' restriction and sub-property
    edge in ``model``, the user's included; maplib keeps a triple once however often it is added."""
    edges = [(str(row["sub"]), str(row["super"])) for row in _rows(model, _EDGES)]
    part_of = [(str(row["part"]), str(row["whole"])) for row in _rows(model, _PART_OF_EDGES)]
    classes = [str(row["class"]) for row in _rows(model, _CLASSES)]
    property_edges = [(str(row["sub"]), str(row["super"])) for row in _rows(model, _PROPERTY_EDGES)]
    properties = [str(row["property"]) for row in _rows(model, _PROPERTIES)]
    lines = [f"{_iri(sub)} <{predicate}> {_iri(sup)} ." for sub, predicate, sup in closure_triples(
        [(_strip(s), _strip(o)) for s, o in edges], [_strip(c) for c in classes],
        [(_strip(s), _strip(o)) for s, o in part_of], [(_strip(s), _strip(o)) for s, o in property_edges],
        [_strip(p) for p in properties])]
    if lines:
        model.reads("\n".join(lines) + "\n", format="ntriples")


def _rows(model: maplib.Model, query: str) -> list[dict[str, Any]]:
    """The rows of a SELECT query on ``model``, as maplib's plain DataFrame gives them."""
    frame: Any = model.query(query)
    return list(frame.iter_rows(named=True))


def _strip(iri: str) -> str:
    """maplib's plain DataFrame writes IRIs in angle brackets."""
    return iri[1:-1] if iri.startswith("<") and iri.endswith(">") else iri


def _iri(term: object) -> str:
    """An IRI in N-Triples form (checked by pyoxigraph)."""
    return str(pyoxigraph.NamedNode(str(term)))


class MaplibBackend:
    """The columnar engine (maplib) over BBAO's artifacts and the user's files; SELECT queries only."""

    name = "maplib"

    def __init__(self, model: maplib.Model | None = None) -> None:
        self.model = model if model is not None else load_model()
        #: maplib's message when it panicked on an earlier query (its model is unusable after that).
        self.panic: str | None = None

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions:
        """maplib's answer as pyoxigraph terms (made by :func:`_term`), the bindings written into
        the query by :func:`~bbao.backend.bound_text` (joined as a ``VALUES`` block where a substituted IRI would
        leave a triple pattern without variables, which maplib ignores; refused where neither form avoids one), in
        Oxigraph's order where maplib's differs (see the module);
        raises :class:`~bbao.errors.QuerySyntaxError`, or :class:`BBAOError` for what maplib cannot evaluate
        (refused before it runs: :func:`bbao.backend.check_query`) or failed on."""
        columns, table, types, order = self._answer(query, bindings)
        cells = [_column(table.get_column(c), types.get(c), _term) if c in table.columns
                 else [None] * table.height for c in columns]
        if not columns:
            return columns, [[] for _ in range(table.height)]
        rows = [list(row) for row in zip(*cells, strict=True)]
        return columns, rows if order is None else [rows[i] for i in order]

    def rendered(self, query: str, bindings: Mapping[str, str],
                 iri: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
        """The answer as ``bbao query`` prints it (IRIs through ``iri``, blank nodes as ``_:id``, literals
        as Oxigraph writes them, unbound as empty), made from maplib's columns without a term per cell, and
        each distinct value once: at 1M triples, building terms cost more than the query itself. (Doing this
        in Polars is slower: turning its strings into Python objects costs more than the mapping.) Raises
        as :meth:`select` does."""
        def text(kind: str, value: Any, language: str | None) -> str:
            if kind == "I":
                return iri(str(value))
            if kind == "B":
                return f"_:{value}"
            return oxigraph_lexical(value if isinstance(value, str) else _lexical(value), kind)

        columns, table, types, order = self._answer(query, bindings)
        cells = [_column(table.get_column(c), types.get(c), text, "") if c in table.columns
                 else [""] * table.height for c in columns]
        if not columns:
            return columns, [[] for _ in range(table.height)]
        rows = list(map(list, zip(*cells, strict=True)))
        return columns, rows if order is None else [rows[i] for i in order]

    def _answer(self, query: str, bindings: Mapping[str, str]) -> tuple[list[str], Any, dict[str, object],
                                                                        list[int] | None]:
        """The projection (see :func:`_projection`), maplib's table of solution mappings, its RDF types, and
        the order Oxigraph gives its rows where maplib's may differ (None: keep maplib's).

        The query is checked first (:func:`bbao.backend.check_query`), so that maplib never sees what it
        panics on or gets wrong; a panic all the same is a :class:`BBAOError`, as is every query after it."""
        maplib = _maplib()
        shape = check_query(query, self.name)
        if self.panic is not None:
            raise BBAOError(f"the maplib engine failed on an earlier query ({self.panic}) and cannot answer "
                            "another in this process; use --engine oxigraph")
        columns = _projection(query)
        evaluated = evaluated_text(query, shape)
        text = bound_text(evaluated, bindings)
        if bindings and read_query(text).ground_triples:  # maplib would ignore them: joined as VALUES instead
            text = bound_text(evaluated, bindings, join_first=True)
            ground = read_query(text).ground_triples
            if ground:
                names = ", ".join(f"?{name}" for name in bindings)
                raise BBAOError(f"with {names} bound, a triple pattern has no variable left ({ground[0]}): maplib "
                                "0.20 ignores such a pattern and answers as if it held; use --engine oxigraph")
        try:
            answer = self.model.query(text, solution_mappings=True)
        except maplib.MaplibException as exc:
            raise BBAOError(f"cannot evaluate the query on maplib: {exc}") from exc
        except BaseException as exc:  # pyo3's PanicException derives from BaseException
            if type(exc).__name__ != "PanicException":
                raise
            self.panic = f"maplib panicked: {exc}"
            raise BBAOError(f"cannot evaluate the query on maplib ({self.panic}); use --engine oxigraph") from exc
        if not isinstance(answer, maplib.SolutionMappings):
            raise BBAOError("only SELECT queries are supported")
        table, types = answer.mappings, answer.rdf_types

        def terms(name: str) -> list[Term | None]:
            if name not in table.columns:
                return [None] * table.height
            return _column(table.get_column(name), types.get(name), _term)

        return columns, table, types, answer_order(query, shape, columns, terms, table.height)


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
        raise query_syntax_error(str(exc)) from exc
    if not isinstance(result, pyoxigraph.QuerySolutions):
        raise BBAOError("only SELECT queries are supported")
    return [v.value for v in result.variables]


_EMPTY = pyoxigraph.Store()


#: How one value becomes a cell: ``make(kind, value, language)``, where kind is "I" (an IRI), "B" (a blank
#: node) or a literal's datatype IRI, and language is set for language-tagged strings only.
Make = Callable[[str, Any, "str | None"], Any]


def _column(series: Any, rdf_type: object, make: Make, missing: Any = None) -> list[Any]:
    """One column of maplib's solution mappings, each value made into a cell by ``make``.

    ``rdf_type`` says what the column holds: IRIs, blank nodes or literals of one datatype, each as a
    plain value; or several kinds, as a struct with one field per kind (language-tagged strings keep
    their tag in the field ``l``). Values repeat down a column (a class per claim), so each distinct
    value is made once. Unbound cells are ``missing``."""
    kind = repr(rdf_type)
    datatype = _datatype(kind) if kind.startswith("RDFType.Literal") else None
    if kind.startswith("RDFType.Multi") or datatype == RDF_LANG_STRING:
        fields = series.struct.fields
        languages = series.struct.field(_LANGUAGE_FIELD).to_list() if _LANGUAGE_FIELD in fields else None
        parts = [_made(series.struct.field(f).to_list(), _field_kind(f), languages, make)
                 for f in fields if f != _LANGUAGE_FIELD]
        return [next((cell for cell in cells if cell is not None), missing) for cells in zip(*parts, strict=True)]
    if kind.startswith("RDFType.IRI"):
        return _made(series.to_list(), "I", None, make, missing)
    if kind.startswith("RDFType.BlankNode"):
        return _made(series.to_list(), "B", None, make, missing)
    if datatype is not None:
        return _made(series.to_list(), datatype, None, make, missing)
    return [missing] * len(series)  # RDFType.None: never bound


def _field_kind(field: str) -> str:
    return field if field in ("I", "B") else field[1:-1]


def _made(values: list[Any], kind: str, languages: list[str | None] | None, make: Make,
          missing: Any = None) -> list[Any]:
    if languages is not None and kind == RDF_LANG_STRING:
        return [None if v is None else make(kind, v, language) for v, language in zip(values, languages, strict=True)]
    cache: dict[Any, Any] = {}
    cells = []
    for value in values:
        if value is None:
            cells.append(missing)
            continue
        cell = cache.get(value)
        if cell is None:
            cell = cache[value] = make(kind, value, None)
        cells.append(cell)
    return cells


def _datatype(kind: str) -> str:
    match = re.search(r'"([^"]+)"', kind)
    return match.group(1) if match else XSD + "string"


def _term(kind: str, value: Any, language: str | None) -> Term:
    """The pyoxigraph term (what every backend's ``select`` returns) of one of maplib's values, built by
    :func:`bbao.backend.make_term` (a :data:`Make` for :func:`_column`)."""
    if kind == "I":
        return make_term("iri", str(value))
    if kind == "B":
        return make_term("bnode", str(value))
    if kind == RDF_LANG_STRING:
        return make_term("literal", str(value), language=language)
    return make_term("literal", oxigraph_lexical(_lexical(value), kind), datatype=kind)


def _lexical(value: object) -> str:
    """maplib gives numbers, booleans and dates as Python values; RDF wants their lexical form (which
    :func:`bbao.backend.oxigraph_lexical` then writes as Oxigraph does).

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
