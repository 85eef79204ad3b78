"""Load the shipped ontology and answer SPARQL over it: one interface, several backends (as in oaklib).

``load_graph`` gives an rdflib Graph and ``load_store`` an embedded pyoxigraph Store; both read the committed
release artifacts (inside the installed package or the checkout; which files, in which syntax and under
which named graph comes from :mod:`bbao.artifacts`), nothing is fetched. In the store, each artifact is a
named graph, and queries see their union by default.

A :class:`~bbao.backend.Backend` evaluates SELECT queries and returns pyoxigraph terms, whatever the
engine: :class:`OxigraphBackend` (embedded, the default), :class:`RdflibBackend` (the reference engine the
tests compare against), :class:`EndpointBackend` (any SPARQL 1.1 server, over HTTP with the standard
library) and ``bbao.columnar.MaplibBackend`` (embedded and columnar, optional, for large user data).
:func:`open_backend` picks one, and loads the user's files beside BBAO into an embedded one.

The names other modules used to import from here (``Backend``, ``Solutions``, ``Term``, ``values_clause``,
``GRAPH_BASE``, ``graph_iri``, ``QuerySyntaxError``) are re-exported from :mod:`bbao.backend`,
:mod:`bbao.artifacts` and :mod:`bbao.errors`, where they are defined.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pyoxigraph
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.query import ResultRow

from bbao import artifacts
from bbao.artifacts import GRAPH_BASE, existing_path, graph_iri, parse_product, syntax_of
from bbao.backend import Backend, Solutions, Term, bound_text, check_query, make_term, substituted_text, values_clause
from bbao.closure import class_edges, closure_triples
from bbao.errors import BBAOError, QuerySyntaxError, query_syntax_error
from bbao.model import ANCESTOR, ANCESTOR_OR_WHOLE, SUB_PROPERTY
from bbao.progress import interruptible, step
from bbao.rdfterms import to_oxigraph
from bbao.userdata import load_into, read_rdf

__all__ = [
    "ENGINES",
    "GRAPH_BASE",
    "TIMEOUT",
    "Backend",
    "Credentials",
    "EndpointBackend",
    "OxigraphBackend",
    "QuerySyntaxError",
    "RdflibBackend",
    "Solutions",
    "Term",
    "extend_closure",
    "find_credentials",
    "graph_iri",
    "http_request",
    "load_graph",
    "load_store",
    "open_backend",
    "split_credentials",
    "user_graph_names",
    "values_clause",
]

RDFS_SUBCLASS_OF = to_oxigraph(RDFS.subClassOf)
RDF_TYPE = to_oxigraph(RDF.type)
OWL_CLASS = to_oxigraph(OWL.Class)
RDFS_SUBPROPERTY_OF = to_oxigraph(RDFS.subPropertyOf)
OWL_OBJECT_PROPERTY = to_oxigraph(OWL.ObjectProperty)
OWL_ON_PROPERTY = to_oxigraph(OWL.onProperty)
OWL_SOME_VALUES_FROM = to_oxigraph(OWL.someValuesFrom)
#: BFO 'part of': the restrictions the subclass-or-part-of closure follows (:mod:`bbao.closure`).
PART_OF = pyoxigraph.NamedNode("http://purl.obolibrary.org/obo/BFO_0000050")
#: Seconds to wait for a remote endpoint before giving up.
TIMEOUT = 60.0
#: The embedded engines :func:`open_backend` offers (Oxigraph is the default).
ENGINES = ("oxigraph", "maplib", "rdflib")


def load_graph(*, relation_graph: bool = False, closure: bool = False) -> Graph:
    """The ontology (BBAO with its import modules, product ``full``) as an rdflib Graph; optionally with
    the relation graph and the subclass closure (:mod:`bbao.closure`), which the bundled queries need.

    The files are those :data:`bbao.artifacts.MAIN` names for the products; a missing one raises
    :class:`BBAOError` naming the command that writes it."""
    graph = Graph()
    for product, wanted in (("full", True), ("relation-graph", relation_graph),
                            ("tentative-relation-graph", relation_graph), ("closure", closure)):
        if wanted:
            parse_product(product, graph)
    return graph


def user_graph_names(files: list[Path]) -> list[str]:
    """The named graph of each user's file: ``user/NAME``, and ``user/NAME-2``, ``-3``... for a later file of the
    same name (``a/x.ttl`` and ``b/x.ttl`` stay two graphs).

    A character an IRI cannot hold (a space, a quote, angle brackets, braces, a control character, a byte of the
    name that is no UTF-8, which Python keeps as a lone surrogate) is percent-encoded.

    >>> user_graph_names([Path("a/x.ttl"), Path("b/x.ttl"), Path("y.nt"), Path("c/x.ttl")])
    ['user/x.ttl', 'user/x.ttl-2', 'user/y.nt', 'user/x.ttl-3']
    >>> user_graph_names([Path("my file.nt"), Path("n" + chr(0xDCFF) + "x.nt"), Path("données.nt")])
    ['user/my%20file.nt', 'user/n%FFx.nt', 'user/données.nt']
    """
    seen: dict[str, int] = {}
    names = []
    for path in files:
        name = "".join(_iri_character(c) for c in path.name)
        seen[name] = seen.get(name, 0) + 1
        names.append(f"user/{name}" + (f"-{seen[name]}" if seen[name] > 1 else ""))
    return names


def _iri_character(character: str) -> str:
    """``character`` of a file name as an IRI holds it: itself, or percent-encoded (see :func:`user_graph_names`)."""
    if 0xDC80 <= ord(character) <= 0xDCFF:  # a byte that is no UTF-8 (os.fsdecode's surrogateescape)
        return f"%{ord(character) - 0xDC00:02X}"
    if ord(character) < 0x21 or character in '<>"{}|^`\\' or 0xD800 <= ord(character) <= 0xDFFF:
        return "".join(f"%{byte:02X}" for byte in character.encode("utf-8", "surrogatepass"))
    return character


def load_store(extra: list[Path] | None = None, fmt: str | None = None, *, progress: bool = False) -> pyoxigraph.Store:
    """An in-memory pyoxigraph Store with one named graph per artifact of :data:`bbao.artifacts.NAMED_GRAPHS`
    (IRI from :func:`bbao.artifacts.graph_iri`) and one per extra file (``user/FILE``, :func:`user_graph_names`).

    Extra files (syntax from ``fmt``, else from their extension) are read by the one reader of users' files,
    :func:`bbao.userdata.load_into` (strict: no relative IRI, no CURIE for an IRI, no remote JSON-LD context,
    no triple term, nothing fetched); they may add classes and subclass axioms, whose closure is added to the
    closure graph, so the bundled queries see the user's hierarchy as they see BBAO's. A file the reader
    refuses raises :class:`BBAOError` naming it and, where known, the line; so does a missing release file.
    With ``progress``, on a terminal, each user's file gets a count of its triples and a summary of what was
    read (triples, claims), and each later step says how long it took."""
    store = pyoxigraph.Store()
    for name, shipped in artifacts.NAMED_GRAPHS.items():
        path = existing_path(shipped.file)
        interruptible(lambda path=path, name=name: store.bulk_load(  # type: ignore[misc]
            path=str(path), format=syntax_of(path).oxigraph, to_graph=pyoxigraph.NamedNode(graph_iri(name))))
    for path, name in zip(extra or [], user_graph_names(extra or []), strict=True):
        load_into(store, path, fmt, pyoxigraph.NamedNode(graph_iri(name)), progress=progress)
    if extra:
        with step("extending the subclass closure", progress):
            extend_closure(store)
    return store


def extend_closure(store: pyoxigraph.Store) -> int:
    """Add the closures (:func:`bbao.closure.closure_triples`: subclass, subclass with 'part of'
    restrictions, sub-property) of every graph of ``store`` to its closure graph; returns how many triples were
    new (call it after loading data with classes or sub-properties of its own)."""
    edges: list[tuple[str, str]] = []
    part_of: list[tuple[str, str]] = []
    for q in store.quads_for_pattern(None, RDFS_SUBCLASS_OF, None):
        if not isinstance(q.subject, pyoxigraph.NamedNode):
            continue
        if isinstance(q.object, pyoxigraph.NamedNode):
            edges.append((q.subject.value, q.object.value))
        elif isinstance(q.object, pyoxigraph.BlankNode) and next(
                store.quads_for_pattern(q.object, OWL_ON_PROPERTY, PART_OF, q.graph_name), None) is not None:
            part_of += [(q.subject.value, w.object.value)
                        for w in store.quads_for_pattern(q.object, OWL_SOME_VALUES_FROM, None, q.graph_name)
                        if isinstance(w.object, pyoxigraph.NamedNode)]
    classes = [q.subject.value for q in store.quads_for_pattern(None, RDF_TYPE, OWL_CLASS)
               if isinstance(q.subject, pyoxigraph.NamedNode)]
    sub_property_of = [(q.subject.value, q.object.value)
                       for q in store.quads_for_pattern(None, RDFS_SUBPROPERTY_OF, None)
                       if isinstance(q.subject, pyoxigraph.NamedNode) and isinstance(q.object, pyoxigraph.NamedNode)]
    properties = [q.subject.value for q in store.quads_for_pattern(None, RDF_TYPE, OWL_OBJECT_PROPERTY)
                  if isinstance(q.subject, pyoxigraph.NamedNode)]
    graph = pyoxigraph.NamedNode(graph_iri("closure"))
    predicates = {str(p): pyoxigraph.NamedNode(str(p)) for p in (ANCESTOR, ANCESTOR_OR_WHOLE, SUB_PROPERTY)}
    before = len(store)
    store.extend(pyoxigraph.Quad(pyoxigraph.NamedNode(str(s)), predicates[str(p)], pyoxigraph.NamedNode(str(o)), graph)
                 for s, p, o in closure_triples(edges, classes, part_of, sub_property_of, properties))
    return len(store) - before


class OxigraphBackend:
    """The embedded pyoxigraph store (the default): the union of BBAO's named graphs (by default
    :func:`load_store`'s; any Store can be passed)."""

    name = "oxigraph"

    def __init__(self, store: pyoxigraph.Store | None = None) -> None:
        self.store = store if store is not None else load_store()

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions:
        """The answer of Oxigraph, each binding written into the text by :func:`bbao.backend.substituted_text`
        (Oxigraph's own ``substitutions`` leave ``BOUND(?x)`` false and ``BIND (?x AS ?w)`` empty where ``?x`` is in
        no triple pattern, unlike every other engine here); raises
        :class:`~bbao.errors.QuerySyntaxError` (position parsed by :func:`bbao.errors.query_syntax_error`)
        or :class:`BBAOError` (refused by :func:`bbao.backend.check_query`, not evaluable, not a SELECT query)."""
        check_query(query, self.name)  # SERVICE and the like are refused here too, for callers of the API
        # the bindings as every engine gets them (bbao.backend.substituted_text); Oxigraph's own substitutions only
        # where the query computes the variable itself (bbao query refuses such a parameter before this)
        text = substituted_text(query, bindings)
        substitutions: dict[pyoxigraph.Variable, Term | pyoxigraph.Triple] = {} if text is not None else {
            pyoxigraph.Variable(k): pyoxigraph.NamedNode(v) for k, v in bindings.items()}

        def evaluate() -> Solutions:  # in a worker thread: Ctrl-C is seen while Oxigraph evaluates
            try:
                result = self.store.query(text or query, use_default_graph_as_union=True,
                                          substitutions=substitutions or None)
            except SyntaxError as exc:
                raise query_syntax_error(str(exc)) from exc
            except RuntimeError as exc:  # e.g. a substituted variable the query does not project
                raise BBAOError(f"cannot evaluate the query: {exc}") from exc
            if not isinstance(result, pyoxigraph.QuerySolutions):
                raise BBAOError("only SELECT queries are supported")
            columns = [v.value for v in result.variables]
            rows: list[list[Term | None]] = [list(solution) for solution in result]  # None: unbound
            return columns, rows

        return interruptible(evaluate)


class RdflibBackend:
    """rdflib over the ontology merged with the relation graph and the closure (by default
    :func:`load_graph`'s; any Graph can be passed): a second, independent SPARQL engine."""

    name = "rdflib"

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = graph if graph is not None else load_graph(relation_graph=True, closure=True)

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions:
        """The answer of rdflib's SPARQL engine, each binding substituted into the text as for every engine here
        (:func:`bbao.backend.substituted_text`; joined as a trailing ``VALUES`` clause where the query itself
        computes the variable), the terms converted by :func:`bbao.rdfterms.to_oxigraph`; raises
        :class:`~bbao.errors.QuerySyntaxError` (position from pyparsing) or :class:`BBAOError` (refused by
        :func:`bbao.backend.check_query`, not a SELECT query)."""
        from pyparsing import ParseException

        check_query(query, self.name)
        try:
            # the meaning of a binding on every engine (see substituted_text); where the query computes it, the
            # join with a trailing VALUES clause (a block inside a group, before an OPTIONAL, hits rdflib #2332)
            result = self.graph.query(substituted_text(query, bindings) or query + values_clause(bindings))
        except ParseException as exc:
            raise QuerySyntaxError(exc.msg, exc.lineno, exc.col) from exc
        if result.type != "SELECT":
            raise BBAOError("only SELECT queries are supported")
        columns = [str(v) for v in result.vars or []]
        rows: list[list[Term | None]] = [
            [None if value is None else to_oxigraph(value) for value in cast(ResultRow, row)] for row in result]
        return columns, rows


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Talk only to the URL the user gave: a redirect is reported, never followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        raise BBAOError(f"{req.full_url} answered HTTP {code} with a redirect to {newurl}: pass that URL instead")


@dataclass(frozen=True)
class Credentials:
    """A user name and password for an endpoint (HTTP basic or digest authentication, as the server asks).
    Never printed: its ``repr`` hides the password."""

    user: str
    password: str = field(repr=False)


def split_credentials(url: str) -> tuple[str, Credentials | None]:
    """``url`` without the ``user:password@`` it may carry, and those credentials (None without any).

    >>> split_credentials("http://ann:s3cret@localhost:7878/store")
    ('http://localhost:7878/store', Credentials(user='ann'))
    >>> split_credentials("http://localhost:7878/query")
    ('http://localhost:7878/query', None)
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    clean = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return clean, Credentials(urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))


def find_credentials(url: str, user: str | None = None) -> Credentials | None:
    """The credentials for ``url``: ``$BBAO_USER`` (or ``user``) with ``$BBAO_PASSWORD``, else the ``machine``
    entry of ``$NETRC`` or ``~/.netrc`` for the URL's host (with ``user``, only an entry for that login); None
    when there are none. An unreadable netrc file is passed over."""
    import netrc

    name, password = user or os.environ.get("BBAO_USER"), os.environ.get("BBAO_PASSWORD")
    if name and password is not None:
        return Credentials(name, password)
    host = urllib.parse.urlsplit(url).hostname or ""
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    try:
        entry = netrc.netrc(str(path)).authenticators(host) if path.is_file() else None
    except (OSError, netrc.NetrcParseError):
        entry = None
    if entry is None or (name and entry[0] != name):
        return None
    return Credentials(entry[0] or name or "", entry[2] or "")


def http_request(request: urllib.request.Request, timeout: float = TIMEOUT, *,
                 credentials: Credentials | None = None, deadline: float | None = None,
                 receive: Callable[[http.client.HTTPResponse], bytes] | None = None) -> bytes:
    """Send one HTTP request to the user's endpoint and return the body of the answer (or what ``receive``
    returns, given the successful response: a caller that streams a large answer into a file reads it there).

    Only http(s) URLs are contacted and redirects are not followed; ``credentials`` answer a server's basic or
    digest challenge. ``timeout`` bounds each wait for the server, ``deadline`` (a :func:`time.monotonic`
    instant) the whole exchange, however slowly the server answers. Every failure (other scheme, redirect, HTTP
    error status, unreachable host, timeout, deadline) becomes a :class:`BBAOError` naming the URL, never its
    credentials."""
    url = request.full_url
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise BBAOError(f"the endpoint must be an http:// or https:// URL, not {url!r}")
    connections: list[http.client.HTTPConnection] = []
    handlers: list[urllib.request.BaseHandler] = [_NoRedirect(), *_tracking_handlers(connections)]
    if credentials is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, credentials.user, credentials.password)
        digest = urllib.request.HTTPDigestAuthHandler(passwords)
        handlers += [urllib.request.HTTPBasicAuthHandler(passwords), digest]
    opener = urllib.request.build_opener(*handlers)

    def exchange(wait: float) -> bytes:
        if credentials is not None and request.data is not None:
            _authorize_in_advance(request, credentials, digest, wait)
        return _exchange(opener, request, url, wait, receive)

    if deadline is None:
        return exchange(timeout)
    wait = min(timeout, max(deadline - time.monotonic(), 0.01))
    def abandon() -> None:  # cut the request off, so nothing of it reaches the server after this
        for connection in connections:
            if connection.sock is not None:
                with contextlib.suppress(OSError):
                    connection.sock.shutdown(socket.SHUT_RDWR)

    try:
        # a request that changes the server (a PUT) is given time to be answered before bbao goes on, so that
        # nothing of it is applied after that (see :func:`bbao.progress.interruptible`)
        changes = request.get_method() not in ("GET", "HEAD")
        return interruptible(lambda: exchange(wait), deadline=deadline, settle=SETTLE if changes else 0.0,
                             abandon=abandon)
    except TimeoutError as exc:
        raise BBAOError(f"{url} did not finish answering within the deadline; the request was abandoned") from exc


#: Seconds an interrupted request that changes the server (a Graph Store PUT or DELETE) is given to be answered
#: before its connection is shut: the server may still be applying it, and what bbao does next (put the previous
#: graph back) must come after.
SETTLE = 10.0


class _EarlyAnswer:
    """An HTTP connection that reads the server's answer even when the server answered before taking the whole
    body and closed (a broken pipe while sending): a server that refuses a PUT (HTTP 501, 413, 401) often does,
    and its answer, not "cannot reach", is what the user must see."""

    _cut_off: OSError | None = None

    def request(self, method: str, url: str, body: Any = None, headers: Any = None, *,
                encode_chunked: bool = False) -> None:
        try:
            super().request(method, url, body, headers or {}, encode_chunked=encode_chunked)  # type: ignore[misc]
        except (BrokenPipeError, ConnectionResetError) as exc:
            self._cut_off = exc

    def getresponse(self) -> http.client.HTTPResponse:
        try:
            return super().getresponse()  # type: ignore[misc, no-any-return]
        except (OSError, http.client.HTTPException):
            if self._cut_off is not None:
                raise self._cut_off from None
            raise


class _Connection(_EarlyAnswer, http.client.HTTPConnection):
    pass


class _SecureConnection(_EarlyAnswer, http.client.HTTPSConnection):
    pass


def _tracking_handlers(connections: list[http.client.HTTPConnection]) -> list[urllib.request.BaseHandler]:
    """urllib's HTTP and HTTPS handlers on :class:`_EarlyAnswer` connections, each appended to ``connections``
    (so that an abandoned request can be cut off: :func:`http_request`)."""

    def tracked(kind: type[http.client.HTTPConnection]) -> Callable[..., http.client.HTTPConnection]:
        def connect(host: str, **kwargs: Any) -> http.client.HTTPConnection:
            connections.append(kind(host, **kwargs))
            return connections[-1]
        return connect

    class Http(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(tracked(_Connection), req)

    class Https(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(tracked(_SecureConnection), req)

    return [Http(), Https()]


def _authorize_in_advance(request: urllib.request.Request, credentials: Credentials,
                          digest: urllib.request.HTTPDigestAuthHandler, timeout: float) -> None:
    """Give ``request``, which carries a body, the ``Authorization`` header its server will ask for, found by
    a ``HEAD`` of the same URL first: a server that answers a large PUT with its challenge before reading the
    body (Virtuoso's Graph Store endpoint does) closes the connection while urllib still sends it (a broken
    pipe), so the challenge must be met before the body is sent. A HEAD that is not answered ``401`` with a
    basic or digest challenge leaves the request as it is (urllib's handlers answer a later challenge)."""
    probe = urllib.request.Request(request.full_url, method="HEAD")
    try:
        urllib.request.build_opener(_NoRedirect()).open(probe, timeout=timeout).close()
        return
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        exc.close()
    except (urllib.error.URLError, OSError, BBAOError):
        return  # the request itself reports what is wrong
    scheme, _, parameters = challenge.partition(" ")
    if scheme.lower() == "digest":
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(parameters))
        answer = digest.get_authorization(request, fields)
        if answer:
            request.add_unredirected_header("Authorization", f"Digest {answer}")
    elif scheme.lower() == "basic":
        token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")


def _exchange(opener: urllib.request.OpenerDirector, request: urllib.request.Request, url: str,
              timeout: float, receive: Callable[[http.client.HTTPResponse], bytes] | None = None) -> bytes:
    try:
        with opener.open(request, timeout=timeout) as response:
            answer: bytes = response.read() if receive is None else receive(response)
            return answer
    except urllib.error.HTTPError as exc:
        body = _brief(exc.read().decode("utf-8", "replace"))
        hint = " (give credentials: --user, $BBAO_USER and $BBAO_PASSWORD, or ~/.netrc)" if exc.code == 401 else ""
        raise BBAOError(f"{url} answered HTTP {exc.code} {exc.reason}{hint}" + (f": {body}" if body else "")) \
            from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise BBAOError(f"cannot reach {url}: {reason}") from exc


def _brief(body: str, width: int = 300) -> str:
    """An error body as one line: an HTML page by its title (else its text), whitespace folded, at most ``width``
    characters.

    >>> _brief("<html><head><title>Error response</title></head><body><p>Unsupported method</p></body></html>")
    'Error response'
    >>> _brief("Parser error:   line 3")
    'Parser error: line 3'
    """
    title = re.search(r"<title[^>]*>(.*?)</title>", body, re.I | re.S)
    text = title.group(1) if title else re.sub(r"<[^>]+>", " ", body) if body.lstrip().startswith("<") else body
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class EndpointBackend:
    """A remote SPARQL 1.1 endpoint (SPARQL 1.1 Protocol, results as SPARQL JSON).

    The query reads the union of ``graphs`` (sent as ``default-graph-uri``, and as ``named-graph-uri`` so that
    ``GRAPH ?g`` sees each of them as it does embedded; by default the named graphs that
    ``bbao load`` writes: :data:`bbao.artifacts.NAMED_GRAPHS`); with ``graphs=()`` it reads the endpoint's
    own default graph.
    """

    name = "endpoint"

    def __init__(self, url: str, graphs: tuple[str, ...] | None = None, timeout: float = TIMEOUT) -> None:
        url, given = split_credentials(url)
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BBAOError(f"the endpoint must be an http:// or https:// URL with a host, not {url!r}")
        self.url = url
        self.credentials = given or find_credentials(url)
        self.graphs = tuple(graph_iri(n) for n in artifacts.NAMED_GRAPHS) if graphs is None else graphs
        self.timeout = timeout

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions:
        """The endpoint's answer, the bindings written into the query by :func:`~bbao.backend.bound_text`;
        every failure (a query :func:`bbao.backend.check_query` refuses, HTTP, network, an answer that is not
        SPARQL JSON results of a SELECT) is a :class:`BBAOError`."""
        check_query(query, self.name)
        form = [("query", bound_text(query, bindings))] + [("default-graph-uri", g) for g in self.graphs] + [
            ("named-graph-uri", g) for g in self.graphs]  # GRAPH ?g sees each of them, as embedded
        request = urllib.request.Request(
            self.url, data=urllib.parse.urlencode(form).encode("utf-8"), method="POST",
            headers={"Accept": "application/sparql-results+json",
                     "Content-Type": "application/x-www-form-urlencoded"})
        try:
            answer = json.loads(http_request(request, self.timeout, credentials=self.credentials))
            columns = list(answer["head"]["vars"])
            rows = [[_from_json(b.get(c)) for c in columns] for b in answer["results"]["bindings"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise BBAOError(f"{self.url} did not answer with SPARQL JSON results of a SELECT query ({exc})") from exc
        return columns, rows


def _from_json(value: dict[str, str] | None) -> Term | None:
    """A term of the SPARQL 1.1 Query Results JSON format (and Virtuoso's older ``typed-literal``)."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return make_term("iri", value["value"])
    if kind == "bnode":
        return make_term("bnode", value["value"])
    if kind in ("literal", "typed-literal"):
        return make_term("literal", value["value"], datatype=value.get("datatype"), language=value.get("xml:lang"))
    raise ValueError(f"unknown term type {kind!r}")


def open_backend(endpoint: str | None = None, *, engine: str = "oxigraph",
                 graphs: tuple[str, ...] | None = None, data: list[Path] | None = None,
                 fmt: str | None = None, progress: bool = False) -> Backend:
    """The backend for a remote ``endpoint`` URL (reading ``graphs``), else the embedded ``engine`` (one of
    :data:`ENGINES`) over the shipped ontology and the user's ``data`` files (read strictly; ``fmt``
    overrides the extension). Oxigraph is the default; maplib (columnar) answers large questions over
    large data faster; rdflib is the slow reference the tests compare against.

    Raises :class:`BBAOError` for an unknown engine, ``data`` with an endpoint, a bad data file, or maplib
    not installed."""
    if endpoint:
        if data:
            raise BBAOError("--data loads files into an embedded engine; load them into the endpoint instead")
        return EndpointBackend(endpoint, graphs)
    if engine == "oxigraph":
        return OxigraphBackend(load_store(data, fmt, progress=progress))
    if engine == "maplib":
        from bbao.columnar import MaplibBackend, load_model  # optional dependency, imported only when asked for

        return MaplibBackend(load_model(data or [], fmt, progress=progress))
    if engine == "rdflib":
        graph = load_graph(relation_graph=True, closure=True)
        if data:
            for index, path in enumerate(data):
                read_rdf(path, fmt, graph, tag=f"u{index}_", progress=progress)
            for triple in closure_triples(*class_edges(graph)):
                graph.add(triple)
        return RdflibBackend(graph)
    raise BBAOError(f"unknown engine {engine!r} (choose {', '.join(ENGINES)})")
