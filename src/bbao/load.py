"""Put the release artifacts into a triple store through the SPARQL 1.1 Graph Store HTTP Protocol.

Each artifact of :data:`bbao.artifacts.NAMED_GRAPHS` goes into its own named graph
(``https://w3id.org/bbao/graph/ontology`` for ``bbao.nt``, ``.../relation-graph`` for the relation graph,
:func:`bbao.artifacts.graph_iri`) with an HTTP PUT, which replaces the graph: loading twice leaves the store
as loading once, never with duplicate triples or blank nodes. Before replacing anything, the current content of
each graph is saved (GET, as N-Triples) into a temporary folder, so that a load failing part-way can put the
previous graphs back. Only the URL the user gives is contacted (see :func:`bbao.store.http_request`).
"""

from __future__ import annotations

import http.client
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bbao.artifacts import NAMED_GRAPHS, existing_path, graph_iri
from bbao.errors import BBAOError
from bbao.store import TIMEOUT, Credentials, find_credentials, http_request, split_credentials

__all__ = ["DEADLINE", "Loaded", "graph_url", "load"]

#: Seconds the whole load may take by default, however slowly the server answers.
DEADLINE = 600.0

_BLOCK = 1 << 20

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded:
    """One artifact put into the store: the IRI of its named graph and the file sent."""

    graph: str
    path: Path


@dataclass(frozen=True)
class _Saved:
    """A graph's content before the load: a file of the given media type, or None when the graph was absent."""

    graph: str
    path: Path | None
    media_type: str = "application/n-triples"


class _LocalFailure(Exception):
    """An OSError of this machine's (writing the saved graph), carried past the handler that turns the network's
    OSErrors into "cannot reach"."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _local(action: Callable[..., T], *args: object) -> T:
    """``action(*args)``, an OSError raised as :class:`_LocalFailure`."""
    try:
        return action(*args)
    except OSError as exc:
        raise _LocalFailure(exc) from exc


class _FileBody:
    """A request body read from a file block by block, afresh each time it is sent (urllib sends a request
    again to answer an authentication challenge), so a large graph is never held in memory."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as stream:
            while block := stream.read(_BLOCK):
                yield block


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of one named graph: the endpoint with ``graph=<IRI>`` in its query string.

    >>> graph_url("http://localhost:7878/store", "https://w3id.org/bbao/graph/ontology")
    'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fbbao%2Fgraph%2Fontology'
    """
    parts = urllib.parse.urlsplit(endpoint)
    query = urllib.parse.urlencode([*urllib.parse.parse_qsl(parts.query), ("graph", graph)])
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _status(exc: BaseException) -> int | None:
    """The HTTP status the server answered with, when ``exc`` (a :class:`BBAOError` of
    :func:`bbao.store.http_request`) comes from an answer rather than from a lost connection or a deadline."""
    cause = exc.__cause__
    return cause.code if isinstance(cause, urllib.error.HTTPError) else None


def _put(url: str, path: Path, media_type: str, timeout: float, credentials: Credentials | None,
         deadline: float) -> None:
    request = urllib.request.Request(url, data=_FileBody(path), method="PUT", headers={
        "Content-Type": media_type, "Content-Length": str(path.stat().st_size)})
    http_request(request, timeout, credentials=credentials, deadline=deadline)


def _save(endpoint: str, graph: str, target: Path, timeout: float, credentials: Credentials | None,
          deadline: float) -> _Saved:
    """GET ``graph``'s current content into ``target`` (streamed, not held in memory); a 404 means absent."""
    media: list[str] = []

    def receive(response: http.client.HTTPResponse) -> bytes:
        # A failure reading is the server's or the network's; one writing is this machine's (disk full), which
        # must not read as "cannot reach".
        out = _local(target.open, "wb")
        try:
            while block := response.read(_BLOCK):
                _local(out.write, block)
            _local(out.close)
        finally:
            out.close()
        if response.headers.get("Content-Type"):
            media.append(response.headers.get_content_type())
        return b""

    request = urllib.request.Request(graph_url(endpoint, graph), method="GET",
                                     headers={"Accept": "application/n-triples"})
    try:
        http_request(request, timeout, credentials=credentials, deadline=deadline, receive=receive)
    except _LocalFailure as failure:  # named by the file, for the one-line message of exit code 3
        error = failure.error
        raise OSError(error.errno, error.strerror or str(error), error.filename or str(target)) from None
    except BBAOError as exc:
        if _status(exc) == 404:
            return _Saved(graph, None)
        raise BBAOError(f"{exc.problems[0].message}. Nothing was replaced: the current content of <{graph}> "
                        "could not be saved (to put it back if the load failed part-way)") from exc
    return _Saved(graph, target, media[0] if media else "application/n-triples")


def _restore(endpoint: str, saved: _Saved, timeout: float, credentials: Credentials | None,
             deadline: float) -> str | None:
    """Put ``saved`` back (DELETE the graph when it was absent); None when done, else why it failed."""
    url = graph_url(endpoint, saved.graph)
    try:
        if saved.path is None:
            try:
                http_request(urllib.request.Request(url, method="DELETE"), timeout, credentials=credentials,
                             deadline=deadline)
            except BBAOError as exc:
                if _status(exc) != 404:  # already absent: nothing to undo
                    raise
        else:
            _put(url, saved.path, saved.media_type, timeout, credentials, deadline)
    except BBAOError as exc:
        return exc.problems[0].message
    return None


def _graphs(iris: list[str]) -> str:
    return ", ".join(f"<{iri}>" for iri in iris)


def load(endpoint: str, timeout: float = TIMEOUT, *, deadline: float = DEADLINE, user: str | None = None,
         credentials: Credentials | None = None) -> list[Loaded]:
    """PUT every artifact into its named graph at the Graph Store ``endpoint`` (the Content-Type is the
    artifact's media type from :mod:`bbao.artifacts`); returns what was loaded, in registry order.

    First the current content of every graph is saved (GET as N-Triples; 404 means absent) into a temporary
    folder of the system's, removed at the end. When a PUT fails part-way (an error answer, a lost connection,
    the deadline, Ctrl-C), the graphs already replaced, and the one whose PUT was cut off, are put back (an
    absent graph is deleted again), so the store holds what it held before.

    ``timeout`` (seconds) bounds each wait for the server, ``deadline`` (seconds) the whole load; putting the
    graphs back after a failure has a deadline of the same length of its own. Credentials: ``credentials``, else
    a ``user:password@`` in the URL, else :func:`bbao.store.find_credentials` (``user`` or ``$BBAO_USER`` with
    ``$BBAO_PASSWORD``, else ``~/.netrc``); the server's basic or digest challenge is answered, and messages show
    the URL without them.

    Raises :class:`BBAOError` when an artifact is missing (naming the command that writes it), when a graph
    cannot be saved (nothing is replaced then), or when the load fails part-way: the message says the previous
    graphs were restored or, if restoring failed too, which graphs hold what (the saved content is then kept
    in the temporary folder the message names). Ctrl-C part-way restores the same way and raises
    :class:`KeyboardInterrupt` with that report as its argument."""
    endpoint, given = split_credentials(endpoint)
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BBAOError(f"the Graph Store endpoint must be an http:// or https:// URL with a host, not {endpoint!r}")
    if not deadline > 0 or not timeout > 0:
        raise BBAOError(f"the deadline and the timeout must be positive numbers of seconds, not {deadline} and "
                        f"{timeout}")
    credentials = credentials or given or find_credentials(endpoint, user)
    ends = time.monotonic() + deadline
    items = [(existing_path(shipped.file), graph_iri(name), shipped.media_type)
             for name, shipped in NAMED_GRAPHS.items()]
    folder = Path(tempfile.mkdtemp(prefix="bbao-load-"))
    keep = False
    try:
        saved = [_save(endpoint, graph, folder / f"graph-{index}.nt", timeout, credentials, ends)
                 for index, (_, graph, _) in enumerate(items)]
        loaded: list[Loaded] = []
        for path, graph, media_type in items:
            try:
                _put(graph_url(endpoint, graph), path, media_type, timeout, credentials, ends)
            except (BBAOError, KeyboardInterrupt) as exc:
                # A refused PUT (an error answer) changed nothing; one cut off (lost connection, deadline, Ctrl-C)
                # may have been applied, so its graph is put back as well.
                touched = len(loaded) + (0 if _status(exc) is not None else 1)
                if touched == 0:
                    raise
                report, keep = _undo(endpoint, saved[:touched], timeout, credentials, deadline,
                                     touched > len(loaded))
                untouched = [g for _, g, _ in items[touched:]]
                if untouched:
                    report += f"; not touched (still their previous content): {_graphs(untouched)}"
                if isinstance(exc, KeyboardInterrupt):
                    raise KeyboardInterrupt(f"the load was cut off: {report}") from exc
                raise BBAOError(f"{exc.problems[0].message}. {report}") from exc
            loaded.append(Loaded(graph, path))
        return loaded
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _undo(endpoint: str, saved: list[_Saved], timeout: float, credentials: Credentials | None,
          seconds: float, last_cut_off: bool) -> tuple[str, bool]:
    """Put the ``saved`` graphs back within ``seconds``; the report of what the store holds now, and whether the
    saved content must be kept (restoring failed). ``last_cut_off``: the last graph's PUT was cut off rather
    than refused, so it may hold this release."""
    ends = time.monotonic() + seconds
    failed: list[tuple[_Saved, str]] = []
    for item in saved:
        why = _restore(endpoint, item, timeout, credentials, ends)
        if why is not None:
            failed.append((item, why))
    absent = [item.graph for item in saved if item.path is None and all(item is not f for f, _ in failed)]
    if not failed:
        report = f"The previous content was restored: {_graphs([item.graph for item in saved])}"
        if absent:
            report += f" (of which {_graphs(absent)} did not exist and was deleted again)"
        if last_cut_off:
            report += (f"; the cut-off PUT to <{saved[-1].graph}> was undone, unless the server still applies it "
                       "later")
        return report, False
    restored = [item.graph for item in saved if all(item is not f for f, _ in failed)]
    parts = [f"Restoring the previous content failed too: {failed[0][1]}"]
    if restored:
        parts.append(f"restored (previous content): {_graphs(restored)}")
    for item, _ in failed:
        cut_off = last_cut_off and item is saved[-1]
        holds = "this release or its previous content (its PUT was cut off)" if cut_off else "this release"
        kept = f"its previous content is saved in {item.path}" if item.path else "it did not exist before the load"
        parts.append(f"<{item.graph}> holds {holds}; {kept}")
    return "; ".join(parts), any(item.path for item, _ in failed)
