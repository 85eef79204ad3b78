"""Put the release artifacts into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

Each artifact of :data:`bbao.artifacts.NAMED_GRAPHS` goes into its own named graph
(``https://w3id.org/bbao/graph/ontology`` for ``bbao.nt``, ``.../relation-graph`` for the relation graph,
:func:`bbao.artifacts.graph_iri`) with an HTTP PUT, which replaces the graph: loading twice leaves the store
as loading once, never with duplicate triples or blank nodes. Only the URL the user gives is contacted (see
:func:`bbao.store.http_request`).
"""

from __future__ import annotations

import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bbao.artifacts import NAMED_GRAPHS, existing_path, graph_iri
from bbao.errors import BBAOError
from bbao.store import TIMEOUT, Credentials, find_credentials, http_request, split_credentials

__all__ = ["DEADLINE", "Loaded", "graph_url", "load"]

#: Seconds the whole load may take by default, however slowly the server answers.
DEADLINE = 600.0


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


def load(endpoint: str, timeout: float = TIMEOUT, *, deadline: float = DEADLINE, user: str | None = None,
         credentials: Credentials | None = None) -> list[Loaded]:
    """PUT every artifact into its named graph at the Graph Store ``endpoint`` (the Content-Type is the
    artifact's media type from :mod:`bbao.artifacts`); returns what was loaded, in registry order.

    ``timeout`` (seconds) bounds each wait for the server, ``deadline`` (seconds) the whole load. Credentials:
    ``credentials``, else a ``user:password@`` in the URL, else :func:`bbao.store.find_credentials` (``user`` or
    ``$BBAO_USER`` with ``$BBAO_PASSWORD``, else ``~/.netrc``); the server's basic or digest challenge is
    answered, and messages show the URL without them.

    Raises :class:`BBAOError` when an artifact is missing (naming the command that writes it), or the endpoint
    fails or the deadline passes part-way: the message names the graphs already replaced (with this release)
    and those not replaced (still holding what they held), so that the store's state is known; loading again
    completes it."""
    endpoint, given = split_credentials(endpoint)
    credentials = credentials or given or find_credentials(endpoint, user)
    ends = time.monotonic() + deadline
    items = [(existing_path(shipped.file), graph_iri(name), shipped.media_type)
             for name, shipped in NAMED_GRAPHS.items()]
    loaded: list[Loaded] = []
    for path, graph, media_type in items:
        request = urllib.request.Request(graph_url(endpoint, graph), data=path.read_bytes(), method="PUT",
                                         headers={"Content-Type": media_type})
        try:
            http_request(request, timeout, credentials=credentials, deadline=ends)
        except BBAOError as exc:
            if not loaded:
                raise
            replaced = ", ".join(f"<{item.graph}>" for item in loaded)
            left = ", ".join(f"<{g}>" for _, g, _ in items[len(loaded):])
            raise BBAOError(f"{exc.problems[0].message}. The store is half-loaded: replaced with this release: "
                            f"{replaced}; not replaced (still the previous content): {left}. Run `bbao load` again "
                            "to complete it") from exc
        loaded.append(Loaded(graph, path))
    return loaded
