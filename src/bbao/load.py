"""Put the release artifacts into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

Each artifact of :data:`bbao.artifacts.NAMED_GRAPHS` goes into its own named graph
(``https://w3id.org/bbao/graph/ontology`` for ``bbao.nt``, ``.../relation-graph`` for the relation graph,
:func:`bbao.artifacts.graph_iri`) with an HTTP PUT, which replaces the graph: loading twice leaves the store
as loading once, never with duplicate triples or blank nodes. Only the URL the user gives is contacted (see
:func:`bbao.store.http_request`).
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bbao.artifacts import NAMED_GRAPHS, existing_path, graph_iri
from bbao.store import TIMEOUT, http_request

__all__ = ["Loaded", "graph_url", "load"]


@dataclass(frozen=True)
class Loaded:
    """One artifact put into the store: the IRI of its named graph and the file sent."""

    graph: str
    path: Path


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of one named graph: the endpoint with ``graph=<IRI>`` in its query string.

    >>> graph_url("http://localhost:7878/store", "https://w3id.org/bbao/graph/ontology")
    'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fbbao%2Fgraph%2Fontology'
    """
    parts = urllib.parse.urlsplit(endpoint)
    query = urllib.parse.urlencode([*urllib.parse.parse_qsl(parts.query), ("graph", graph)])
    return urllib.parse.urlunsplit(parts._replace(query=query))


def load(endpoint: str, timeout: float = TIMEOUT) -> list[Loaded]:
    """PUT every artifact into its named graph at the Graph Store ``endpoint`` (the Content-Type is the
    artifact's media type from :mod:`bbao.artifacts`); returns what was loaded, in registry order.

    Raises :class:`BBAOError` when an artifact is missing (naming the command that writes it) or the
    endpoint fails (:func:`bbao.store.http_request`); graphs PUT before a failure stay replaced."""
    loaded = []
    for name, shipped in NAMED_GRAPHS.items():
        path, graph = existing_path(shipped.file), graph_iri(name)
        request = urllib.request.Request(graph_url(endpoint, graph), data=path.read_bytes(), method="PUT",
                                         headers={"Content-Type": shipped.media_type})
        http_request(request, timeout)
        loaded.append(Loaded(graph, path))
    return loaded
