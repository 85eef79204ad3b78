"""Load the shipped ontology and answer SPARQL over it: one interface, several backends (as in oaklib).

``load_graph`` gives an rdflib Graph and ``load_store`` an embedded pyoxigraph Store; both read the committed
release artifacts (inside the installed package or the checkout), nothing is fetched. In the store, each
artifact is a named graph, and queries see their union by default.

A :class:`Backend` evaluates SELECT queries and returns pyoxigraph terms, whatever the engine:
:class:`OxigraphBackend` (embedded, the default), :class:`RdflibBackend` (the reference engine the tests
compare against), :class:`EndpointBackend` (any SPARQL 1.1 server, over HTTP with the standard library) and
``bbao.columnar.MaplibBackend`` (embedded and columnar, optional, for large user data).
:func:`open_backend` picks one, and loads the user's files beside BBAO into an embedded one.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef

from bbao import paths
from bbao.build import RELATION_GRAPH
from bbao.closure import ANCESTOR, CLOSURE_FILE, closure_triples
from bbao.errors import BBAOError, Problem

GRAPH_BASE = "https://w3id.org/bbao/graph/"
RDFS_SUBCLASS_OF = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OWL_CLASS = pyoxigraph.NamedNode("http://www.w3.org/2002/07/owl#Class")
#: Named graph -> artifact file name, for the store (and for ``bbao load``).
NAMED_GRAPHS = {"ontology": "bbao.nt", "relation-graph": RELATION_GRAPH, "closure": CLOSURE_FILE}
#: Seconds to wait for a remote endpoint before giving up.
TIMEOUT = 60.0

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal
#: Result of a SELECT: the projected variable names, and one row of terms (None: unbound) per solution.
Solutions = tuple[list[str], list[list[Term | None]]]


def artifact(name: str) -> Path:
    """Path of a shipped artifact, e.g. ``artifact("bbao.ttl")``."""
    path = paths.ontology_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `bbao build` first")
    return path


def graph_iri(name: str) -> str:
    """The IRI of the named graph that holds artifact ``name`` (a key of :data:`NAMED_GRAPHS`)."""
    return GRAPH_BASE + name


def load_graph(*, relation_graph: bool = False, closure: bool = False) -> Graph:
    """The ontology (BBAO with its import modules) as an rdflib Graph; optionally with the relation graph
    and the subclass closure (:mod:`bbao.closure`), which the bundled queries need."""
    graph = Graph()
    graph.parse(artifact("bbao.nt"), format="nt")
    if relation_graph:
        graph.parse(artifact(RELATION_GRAPH), format="turtle")
    if closure:
        graph.parse(artifact(CLOSURE_FILE), format="turtle")
    return graph


def load_store(extra: list[Path] | None = None, fmt: str | None = None, *, progress: bool = False) -> pyoxigraph.Store:
    """An in-memory pyoxigraph Store with one named graph per artifact (and per extra file).

    Extra files may add classes and subclass axioms; their closure is added to the closure graph, so the
    bundled queries see the user's hierarchy as they see BBAO's. A file that does not parse raises
    :class:`BBAOError` naming it and the line. With ``progress``, each step on the user's files says on a
    terminal how long it took."""
    from bbao.progress import step
    from bbao.userdata import checked_format

    store = pyoxigraph.Store()
    for name, filename in NAMED_GRAPHS.items():
        path = artifact(filename)
        rdf_format = pyoxigraph.RdfFormat.N_TRIPLES if path.suffix == ".nt" else pyoxigraph.RdfFormat.TURTLE
        store.bulk_load(path=str(path), format=rdf_format, to_graph=pyoxigraph.NamedNode(graph_iri(name)))
    for path in extra or []:
        rdf_format = checked_format(path, fmt)
        try:
            with step(f"loading {path.name} into the store", progress):
                store.bulk_load(path=str(path), format=rdf_format,
                                to_graph=pyoxigraph.NamedNode(GRAPH_BASE + "user/" + path.name))
        except SyntaxError as exc:
            raise BBAOError([Problem(str(path), f"invalid {rdf_format.name}: {exc.msg or exc}",
                                     line=getattr(exc, "lineno", None))]) from exc
    if extra:
        with step("extending the subclass closure", progress):
            extend_closure(store)
    return store


def extend_closure(store: pyoxigraph.Store) -> int:
    """Add the subclass closure of every graph of ``store`` to its closure graph; returns how many
    triples were new (call it after loading data with classes of its own)."""
    edges = [(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, RDFS_SUBCLASS_OF, None)
             if isinstance(q.subject, pyoxigraph.NamedNode) and isinstance(q.object, pyoxigraph.NamedNode)]
    classes = [q.subject.value for q in store.quads_for_pattern(None, RDF_TYPE, OWL_CLASS)
               if isinstance(q.subject, pyoxigraph.NamedNode)]
    graph = pyoxigraph.NamedNode(graph_iri("closure"))
    ancestor = pyoxigraph.NamedNode(str(ANCESTOR))
    before = len(store)
    store.extend(pyoxigraph.Quad(pyoxigraph.NamedNode(str(s)), ancestor, pyoxigraph.NamedNode(str(o)), graph)
                 for s, _, o in closure_triples(edges, classes))
    return len(store) - before


class QuerySyntaxError(ValueError):
    """A query the engine cannot parse, with the line and column (1-based) where parsing stopped."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class Backend(Protocol):
    """Evaluates a SPARQL SELECT query over BBAO.

    ``bindings`` maps variable names to absolute IRIs that the caller has already validated; a backend
    binds them without ever splicing user text into the query.

    A backend may also offer ``rendered(query, bindings, iri)``, the answer already as text (what
    :func:`bbao.query.run` prints), when it can make that faster than a term per cell (the columnar one).
    """

    name: str

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions: ...


class OxigraphBackend:
    """The embedded pyoxigraph store (the default): the union of BBAO's named graphs."""

    name = "oxigraph"

    def __init__(self, store: pyoxigraph.Store | None = None) -> None:
        self.store = store if store is not None else load_store()

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions:
        substitutions = {pyoxigraph.Variable(k): pyoxigraph.NamedNode(v) for k, v in bindings.items()}
        try:
            result = self.store.query(query, use_default_graph_as_union=True, substitutions=substitutions or None)
        except SyntaxError as exc:
            raise _oxigraph_syntax_error(str(exc)) from exc
        except RuntimeError as exc:  # e.g. a substituted variable the query does not project
            raise BBAOError(f"cannot evaluate the query: {exc}") from exc
        if not isinstance(result, pyoxigraph.QuerySolutions):
            raise BBAOError("only SELECT queries are supported")
        columns = [v.value for v in result.variables]
        return columns, [list(solution) for solution in result]  # in projection order, None when unbound


def _oxigraph_syntax_error(message: str) -> QuerySyntaxError:
    """pyoxigraph writes the position into the message: 'error at 4:1: expected ...'."""
    match = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?: (.*)", message, re.S)
    if match:
        return QuerySyntaxError(match.group(3), int(match.group(1)), int(match.group(2)))
    return QuerySyntaxError(message)


class RdflibBackend:
    """rdflib over the ontology merged with the relation graph: a second, independent SPARQL engine."""

    name = "rdflib"

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = graph if graph is not None else load_graph(relation_graph=True, closure=True)

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions:
        from pyparsing import ParseException

        try:
            result = self.graph.query(query, initBindings={k: URIRef(v) for k, v in bindings.items()})
        except ParseException as exc:
            raise QuerySyntaxError(exc.msg, exc.lineno, exc.col) from exc
        if result.type != "SELECT":
            raise BBAOError("only SELECT queries are supported")
        columns = [str(v) for v in result.vars or []]
        return columns, [[_from_rdflib(value) for value in row] for row in result]


def _from_rdflib(term: object) -> Term | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"unexpected result term {term!r}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Talk only to the URL the user gave: a redirect is reported, never followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise BBAOError(f"{req.full_url} answered HTTP {code} with a redirect to {newurl}: pass that URL instead")


def http_request(request: urllib.request.Request, timeout: float = TIMEOUT) -> bytes:
    """Send one HTTP request to the user's endpoint; every failure becomes a :class:`BBAOError`."""
    url = request.full_url
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise BBAOError(f"the endpoint must be an http:// or https:// URL, not {url!r}")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip()
        raise BBAOError(f"{url} answered HTTP {exc.code} {exc.reason}" + (f": {body[:1000]}" if body else "")) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise BBAOError(f"cannot reach {url}: {reason}") from exc


class EndpointBackend:
    """A remote SPARQL 1.1 endpoint (SPARQL 1.1 Protocol, results as SPARQL JSON).

    The query reads the union of ``graphs`` (sent as ``default-graph-uri``, by default the named graphs that
    ``bbao load`` writes); with ``graphs=()`` it reads the endpoint's own default graph.
    """

    name = "endpoint"

    def __init__(self, url: str, graphs: tuple[str, ...] | None = None, timeout: float = TIMEOUT) -> None:
        self.url = url
        self.graphs = tuple(graph_iri(n) for n in NAMED_GRAPHS) if graphs is None else graphs
        self.timeout = timeout

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions:
        form = [("query", query + values_clause(bindings))] + [("default-graph-uri", g) for g in self.graphs]
        request = urllib.request.Request(
            self.url, data=urllib.parse.urlencode(form).encode("utf-8"), method="POST",
            headers={"Accept": "application/sparql-results+json",
                     "Content-Type": "application/x-www-form-urlencoded"})
        try:
            answer = json.loads(http_request(request, self.timeout))
            columns = list(answer["head"]["vars"])
            rows = [[_from_json(b.get(c)) for c in columns] for b in answer["results"]["bindings"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise BBAOError(f"{self.url} did not answer with SPARQL JSON results of a SELECT query ({exc})") from exc
        return columns, rows


def values_clause(bindings: Mapping[str, str]) -> str:
    """A trailing SPARQL 1.1 ``VALUES`` clause that binds each variable to one IRI, for a remote endpoint.

    The endpoint has no side channel for bindings, so they travel in the query text, but never as raw user
    text: each value is parsed as an absolute IRI by pyoxigraph (which rejects spaces, ``<``, ``>``, ``"``,
    ``{``, ``}`` and every other character that could end the IRI) and written back in N-Triples form
    ``<...>``. The variable names are checked as SPARQL variable names. A trailing VALUES clause is joined
    with the query's solutions, which binds a variable the query projects the same way as substitution.
    """
    if not bindings:
        return ""
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise BBAOError(f"not a SPARQL variable name: {name!r}")
    iris = " ".join(str(pyoxigraph.NamedNode(bindings[n])) for n in names)
    return f"\nVALUES ({' '.join('?' + n for n in names)}) {{ ({iris}) }}\n"


def _from_json(value: dict[str, str] | None) -> Term | None:
    """A term of the SPARQL 1.1 Query Results JSON format (and Virtuoso's older ``typed-literal``)."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return pyoxigraph.NamedNode(value["value"])
    if kind == "bnode":
        return pyoxigraph.BlankNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return pyoxigraph.Literal(value["value"], language=value["xml:lang"])
        datatype = value.get("datatype")
        return pyoxigraph.Literal(value["value"], datatype=pyoxigraph.NamedNode(datatype) if datatype else None)
    raise ValueError(f"unknown term type {kind!r}")


ENGINES = ("oxigraph", "maplib", "rdflib")


def open_backend(endpoint: str | None = None, *, engine: str = "oxigraph",
                 graphs: tuple[str, ...] | None = None, data: list[Path] | None = None,
                 fmt: str | None = None, progress: bool = False) -> Backend:
    """The backend for a remote ``endpoint`` URL, else the embedded ``engine`` (one of :data:`ENGINES`)
    over the shipped ontology and the user's ``data`` files (read strictly; ``fmt`` overrides the
    extension). Oxigraph is the default; maplib (columnar) answers large questions over large data
    faster; rdflib is the slow reference the tests compare against."""
    if endpoint:
        if data:
            raise BBAOError("--data loads files into an embedded engine; load them into the endpoint instead")
        return EndpointBackend(endpoint, graphs)
    if engine == "oxigraph":
        return OxigraphBackend(load_store(data, fmt, progress=progress))
    if engine == "maplib":
        from bbao.columnar import MaplibBackend, load_model

        return MaplibBackend(load_model(data or [], fmt, progress=progress))
    if engine == "rdflib":
        graph = load_graph(relation_graph=True, closure=True)
        if data:
            from bbao.closure import class_edges
            from bbao.userdata import read_rdf

            for index, path in enumerate(data):
                read_rdf(path, fmt, graph, tag=f"u{index}_", progress=progress)
            for triple in closure_triples(*class_edges(graph)):
                graph.add(triple)
        return RdflibBackend(graph)
    raise BBAOError(f"unknown engine {engine!r} (choose {', '.join(ENGINES)})")
