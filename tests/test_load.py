"""`bbao load` and `bbao query --endpoint` against a real Oxigraph server (the `oxigraph` package from PyPI,
in the dev extra), started on 127.0.0.1 at a free port and always stopped."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from bbao.artifacts import NAMED_GRAPHS, graph_iri
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.load import graph_url, load
from bbao.prefixes import expand
from bbao.query import bundled, expected_runs, read_expected, run
from bbao.store import EndpointBackend, load_store
from servers import DigestGuard, local_server, proxy, stop, wait_until_up

RUNS = [(query, path) for query in bundled().values() for path in expected_runs(query)]
COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_command() -> str:
    """The `oxigraph` server command installed beside this Python (the venv's bin), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        pytest.skip("the `oxigraph` server is not installed (pip install oxigraph, part of the dev extra)")
    return found


@contextlib.contextmanager
def running_oxigraph(location: Path) -> Iterator[str]:
    """Base URL of an Oxigraph server (``/query`` and ``/store``) storing into ``location``; always stopped."""
    command = oxigraph_command()
    base = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen([command, "serve", "--location", str(location), "--bind", base[len("http://"):]],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(base + "/", server, "oxigraph serve", lambda: server.stderr.read().decode(errors="replace"))
        yield base
    finally:
        stop(server)
        server.stderr.close()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """Base URL of a fresh Oxigraph server, with ``/query`` and ``/store``."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="module")
def loaded(oxigraph):
    load(oxigraph + "/store")
    return oxigraph


def graph_sizes(base: str) -> dict[str, int]:
    _, rows = EndpointBackend(base + "/query", graphs=()).select(COUNT, {})
    return {g.value: int(n.value) for g, n in rows}


def local_sizes() -> dict[str, int]:
    store = load_store()
    return {graph_iri(name): len(list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph_iri(name)))))
            for name in NAMED_GRAPHS}


def test_graph_url_keeps_the_endpoint_query_string():
    assert graph_url("http://h/ds/data?x=1", "urn:g") == "http://h/ds/data?x=1&graph=urn%3Ag"


class _GraphStore(BaseHTTPRequestHandler):
    """Accepts every PUT and records its graph, Content-Type and size."""

    puts: ClassVar[list[tuple[str, str, int]]] = []

    def do_PUT(self) -> None:
        size = int(self.headers["Content-Length"])
        self.rfile.read(size)
        graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]
        _GraphStore.puts.append((graph, self.headers["Content-Type"], size))
        self.send_response(204)
        self.end_headers()

    def do_GET(self) -> None:  # every graph absent
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_each_artifact_is_put_with_its_registry_media_type():
    _GraphStore.puts.clear()
    with local_server(_GraphStore) as url:
        loaded = load(url + "/store")
    assert [(item.graph, item.path) for item in loaded] == [
        (graph_iri(name), artifact.path()) for name, artifact in NAMED_GRAPHS.items()]
    assert _GraphStore.puts == [(graph_iri(name), artifact.media_type, artifact.path().stat().st_size)
                                for name, artifact in NAMED_GRAPHS.items()]
    assert [media for _, media, _ in _GraphStore.puts] == ["application/n-triples", "text/turtle", "text/turtle",
                                                          "text/turtle"]


def test_load_puts_one_named_graph_per_artifact_and_a_reload_replaces(oxigraph, capsys):
    expected = local_sizes()
    assert main(["load", "--endpoint", oxigraph + "/store"]) == 0
    out = capsys.readouterr().out
    assert "loaded bbao.nt into <https://w3id.org/bbao/graph/ontology>" in out
    assert f"{len(NAMED_GRAPHS)} named graphs replaced" in out
    assert "loaded bbao-closure.ttl into <https://w3id.org/bbao/graph/closure>" in out
    assert graph_sizes(oxigraph) == expected
    load(oxigraph + "/store")
    assert graph_sizes(oxigraph) == expected


@pytest.mark.parametrize(("query", "path"), RUNS, ids=[path.stem for _, path in RUNS])
def test_every_query_on_the_server_gives_the_expected_rows(loaded, query, path):
    assert run(query, EndpointBackend(loaded + "/query"), expected_runs(query)[path]) == read_expected(path)


def test_cli_query_on_the_server_with_a_parameter(loaded, capsys):
    argv = ["query", "bone-process-regulators", "--endpoint", loaded + "/query", "--param", "process=GO:0030316",
            "--format", "tsv"]
    assert main(argv) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert sorted(r.split("\t")[3] for r in rows) == [
        "D(2) dopamine receptor", "noradrenaline", "tumor necrosis factor ligand superfamily member 11"]


def test_cli_graph_option_chooses_what_the_query_reads(loaded, tmp_path, capsys):
    count = tmp_path / "count.rq"
    count.write_text("# How many triples?\n# Parameters: none.\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    relation_graph = graph_iri("relation-graph")
    argv = ["query", str(count), "--endpoint", loaded + "/query", "--graph", f"<{relation_graph}>", "--format", "tsv"]
    assert main(argv) == 0
    assert capsys.readouterr().out.split() == ["n", str(local_sizes()[relation_graph])]


#: Which graph says what: GRAPH ?g reads the named graphs, which an endpoint shows only when named-graph-uri says so.
GRAPHS_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY STR(?g)"


def test_graph_queries_see_the_same_named_graphs_on_the_server_as_embedded(loaded):
    from bbao.store import OxigraphBackend, load_store

    answer = EndpointBackend(loaded + "/query").select(GRAPHS_QUERY, {})
    assert answer == OxigraphBackend(load_store()).select(GRAPHS_QUERY, {})
    assert [str(row[0]) for row in answer[1]] == sorted(f"<{graph_iri(name)}>" for name in NAMED_GRAPHS)


def test_server_errors_are_clear_and_exit_2(loaded, tmp_path, capsys):
    bad = tmp_path / "bad.rq"
    bad.write_text("# broken?\nSELECT ?x\nWHRE { ?x ?p ?o }\n", encoding="utf-8")
    assert main(["query", str(bad), "--endpoint", loaded + "/query"]) == 2  # found before anything is sent
    err = capsys.readouterr().err
    assert f"{bad}:3:6: SPARQL syntax error" in err and "Traceback" not in err
    assert main(["query", "top-down-regulation", "--endpoint", loaded + "/store"]) == 2
    assert "answered HTTP 415" in capsys.readouterr().err


def test_an_endpoint_that_is_down_exits_2(capsys):
    port = free_port()
    assert main(["load", "--endpoint", f"http://127.0.0.1:{port}/store"]) == 2
    assert f"cannot reach http://127.0.0.1:{port}/store" in capsys.readouterr().err
    assert main(["query", "top-down-regulation", "--endpoint", f"http://127.0.0.1:{port}/query"]) == 2
    err = capsys.readouterr().err
    assert f"cannot reach http://127.0.0.1:{port}/query" in err and "Traceback" not in err
    with pytest.raises(BBAOError, match="cannot reach"):
        load(f"http://127.0.0.1:{port}/store", timeout=5)


@pytest.mark.parametrize(("start", "end"), [
    ("BBAO:0000018", "GO:0001503"), ("CHEBI:33569", "GO:0030316"), ("BBAO:0000010", "BBAO:0000013"),
    ("MONDO:0858950", "BBAO:0000012"), ("MONDO:0858950", "GO:0001503"), ("UBERON:0001017", "GO:0050877"),
])
def test_bbao_path_and_its_query_agree_on_the_server_and_the_embedded_store(loaded, start, end):
    from bbao.causal_paths import find_chains
    from bbao.store import OxigraphBackend

    server, embedded = EndpointBackend(loaded + "/query"), OxigraphBackend(load_store())
    remote = find_chains(server, start, end)
    assert remote == find_chains(embedded, start, end) and remote
    query = bundled()["mechanism-paths"]
    columns, rows = run(query, server, {"from": expand(start), "to": expand(end)})
    assert sorted((r[columns.index("mechanism")], r[columns.index("steps")], r[columns.index("sign")]) for r in rows) \
        == sorted((c.mechanism, " > ".join(c.claims), c.sign) for c in remote)


def test_cli_path_on_the_server(loaded, capsys):
    assert main(["path", "leptin resistance", "GO:0001503", "--endpoint", loaded + "/query", "--format", "tsv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith(
        "BBAM:0000013\tnegative\testablished\tBBAC:0000159 > BBAC:0000133 > BBAC:0000015")


class _Guarded(BaseHTTPRequestHandler):
    """A Graph Store that asks for basic authentication (ann / s3cret), then accepts every PUT; with
    ``fail_after`` set, answers HTTP 500 once that many graphs are in."""

    puts: ClassVar[list[str]] = []
    fail_after: ClassVar[int | None] = None

    def _allowed(self) -> bool:
        import base64

        wanted = "Basic " + base64.b64encode(b"ann:s3cret").decode()
        if self.headers.get("Authorization") == wanted:
            return True
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="bbao"')
        self.end_headers()
        return False

    def do_GET(self) -> None:  # every graph absent
        if self._allowed():
            self.send_response(404)
            self.end_headers()

    def do_DELETE(self) -> None:
        if self._allowed():
            self.send_response(204)
            self.end_headers()

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        if not self._allowed():
            return
        if _Guarded.fail_after is not None and len(_Guarded.puts) >= _Guarded.fail_after:
            self.send_response(500)
            self.end_headers()
            return
        _Guarded.puts.append(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0])
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def no_credentials(monkeypatch, tmp_path) -> None:
    """No credentials from the environment or a ~/.netrc: only what a test gives."""
    for name in ("BBAO_USER", "BBAO_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


@pytest.fixture()
def guarded(no_credentials):
    _Guarded.puts.clear()
    _Guarded.fail_after = None
    with local_server(_Guarded) as url:
        yield url


def test_load_without_credentials_says_how_to_give_them(guarded, capsys):
    assert main(["load", "--endpoint", guarded + "/store"]) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "$BBAO_USER and $BBAO_PASSWORD" in err and _Guarded.puts == []


def test_load_with_credentials_from_the_environment(guarded, monkeypatch, capsys):
    monkeypatch.setenv("BBAO_PASSWORD", "s3cret")
    assert main(["load", "--endpoint", guarded + "/store", "--user", "ann"]) == 0
    assert len(_Guarded.puts) == len(NAMED_GRAPHS) and "s3cret" not in capsys.readouterr().out


def test_load_with_credentials_from_netrc(guarded, monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login ann password s3cret\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert [item.graph for item in load(guarded + "/store")] == [graph_iri(n) for n in NAMED_GRAPHS]


def test_credentials_in_the_url_are_used_and_never_printed(guarded, capsys):
    url = guarded.replace("http://", "http://ann:s3cret@") + "/store"
    assert main(["load", "--endpoint", url]) == 0
    out = capsys.readouterr().out
    assert "s3cret" not in out and f"replaced at {guarded}/store" in out
    wrong = guarded.replace("http://", "http://ann:wrong@") + "/store"
    assert main(["load", "--endpoint", wrong]) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "wrong" not in err and "ann" not in err


def test_a_load_failing_part_way_with_credentials_restores_and_names_the_graphs(guarded, monkeypatch, capsys):
    monkeypatch.setenv("BBAO_USER", "ann")
    monkeypatch.setenv("BBAO_PASSWORD", "s3cret")
    _Guarded.fail_after = 2
    assert main(["load", "--endpoint", guarded + "/store"]) == 2
    err = capsys.readouterr().err
    names = [graph_iri(n) for n in NAMED_GRAPHS]
    assert "answered HTTP 500" in err and "s3cret" not in err
    assert f"The previous content was restored: <{names[0]}>, <{names[1]}> (of which <{names[0]}>, <{names[1]}> " \
        "did not exist and was deleted again)" in err
    assert f"not touched (still their previous content): <{names[2]}>, <{names[3]}>" in err


class _Trickle(BaseHTTPRequestHandler):
    """Accepts the PUT, then answers one byte every 0.3 s: no single wait is long, the whole answer is."""

    def do_GET(self) -> None:  # every graph absent
        self.send_response(404)
        self.end_headers()

    do_DELETE = do_GET

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.3)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


def test_a_server_that_answers_a_byte_at_a_time_meets_the_deadline(capsys):
    with local_server(_Trickle) as url:
        started = time.monotonic()
        assert main(["load", "--endpoint", url + "/store", "--deadline", "1.5"]) == 2
        assert time.monotonic() - started < 10
    assert "did not finish answering within the deadline" in capsys.readouterr().err


# A load that fails part-way puts the previous graphs back.

OBO, RDFS_, OWL_ = "http://purl.obolibrary.org/obo/", "http://www.w3.org/2000/01/rdf-schema#", \
    "http://www.w3.org/2002/07/owl#"
OLD = {  # what the store holds before the load (with a blank node); the tentative relation graph is absent
    graph_iri("ontology"): (f'<{OBO}GO_0001649> <{RDFS_}label> "osteoblast differentiation" .\n'
                            f"<{OBO}CHEBI_33569> <{RDFS_}subClassOf> _:r .\n"
                            f"_:r <{OWL_}onProperty> <{OBO}RO_0002597> .\n"
                            f"_:r <{OWL_}someValuesFrom> <{OBO}GO_0001649> .\n").encode(),
    graph_iri("relation-graph"): f"<{OBO}CHEBI_33569> <{OBO}RO_0002597> <{OBO}GO_0001649> .\n".encode(),
    graph_iri("closure"): f"<{OBO}CL_0000062> <https://w3id.org/bbao/BBAO_0000052> <{OBO}CL_0000062> .\n".encode(),
}


class _Memory(BaseHTTPRequestHandler):
    """A Graph Store in memory (GET, PUT, DELETE; 404 for an absent graph). ``fault`` decides the ``fault_at``-th
    PUT: "refuse" answers 500 and changes nothing, "cut" applies it and closes the connection without an
    answer, "down" refuses it and every request after it (503), "interrupt" sends this process SIGINT (Ctrl-C)
    and applies it a moment later."""

    graphs: ClassVar[dict[str, bytes]] = {}
    fault: ClassVar[str] = "refuse"
    fault_at: ClassVar[int] = 2
    puts: ClassVar[int] = 0
    down: ClassVar[bool] = False

    def _graph(self) -> str:
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]

    def _answer(self, status: int, body: bytes = b"") -> None:
        self.send_response(status)
        if body:
            self.send_header("Content-Type", "application/n-triples")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if _Memory.down:
            return self._answer(503)
        graph = _Memory.graphs.get(self._graph())
        self._answer(404) if graph is None else self._answer(200, graph)

    def do_DELETE(self) -> None:
        if _Memory.down:
            return self._answer(503)
        self._answer(404 if _Memory.graphs.pop(self._graph(), None) is None else 204)

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Memory.puts += 1
        fault = _Memory.fault if _Memory.puts == _Memory.fault_at else None
        if _Memory.down or fault in ("refuse", "down"):
            _Memory.down = _Memory.down or fault == "down"
            return self._answer(503 if _Memory.down else 500)
        if fault == "interrupt":
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.5)
        _Memory.graphs[self._graph()] = body
        if fault == "cut":
            self.close_connection = True
            return None
        return self._answer(204)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def memory(no_credentials, monkeypatch, tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    _Memory.graphs, _Memory.puts, _Memory.down = dict(OLD), 0, False
    with local_server(_Memory) as url:
        yield url, temp


def test_a_refused_put_part_way_restores_the_graphs_replaced(memory, capsys):
    url, temp = memory
    _Memory.fault = "refuse"
    assert main(["load", "--endpoint", url + "/store"]) == 2
    err = capsys.readouterr().err
    names = [graph_iri(n) for n in NAMED_GRAPHS]
    assert "answered HTTP 500" in err and "Traceback" not in err
    assert f"The previous content was restored: <{names[0]}>; not touched (still their previous content): " \
           f"<{names[1]}>, <{names[2]}>, <{names[3]}>" in err
    assert _Memory.graphs == OLD and _Memory.puts == 3  # two of the release, one putting the ontology back
    assert list(temp.iterdir()) == []  # the saved graphs are removed


def test_a_put_cut_off_part_way_is_undone_too_and_an_absent_graph_deleted_again(memory, capsys):
    url, temp = memory
    _Memory.fault = "cut"
    del _Memory.graphs[graph_iri("relation-graph")]  # absent before the load; the cut-off PUT creates it
    old = dict(_Memory.graphs)
    assert main(["load", "--endpoint", url + "/store"]) == 2
    err = capsys.readouterr().err
    names = [graph_iri(n) for n in NAMED_GRAPHS]
    assert f"cannot reach {url}/store" in err
    assert f"restored: <{names[0]}>, <{names[1]}> (of which <{names[1]}> did not exist and was deleted again); " \
           f"the cut-off PUT to <{names[1]}> was undone" in err
    assert _Memory.graphs == old and list(temp.iterdir()) == []


def test_when_restoring_fails_too_the_message_says_which_graph_holds_what(memory, capsys):
    url, temp = memory
    _Memory.fault, _Memory.fault_at = "down", 3
    try:
        assert main(["load", "--endpoint", url + "/store"]) == 2
    finally:
        _Memory.fault_at = 2
    err = " ".join(capsys.readouterr().err.split())
    names = [graph_iri(n) for n in NAMED_GRAPHS]
    [kept] = list(temp.iterdir())  # the saved graphs are kept: they are the only copy of the previous content
    assert "answered HTTP 503" in err and "Restoring the previous content failed too" in err
    assert f"<{names[0]}> holds this release; its previous content is saved in {kept / 'graph-0.nt'}" in err
    assert f"<{names[1]}> holds this release; its previous content is saved in {kept / 'graph-1.nt'}" in err
    assert f"not touched (still their previous content): <{names[2]}>, <{names[3]}>" in err
    assert (kept / "graph-1.nt").read_bytes() == OLD[names[1]]


def test_ctrl_c_part_way_restores_and_exits_3(memory, capsys):
    url, temp = memory
    _Memory.fault = "interrupt"
    assert main(["load", "--endpoint", url + "/store"]) == 3
    err = capsys.readouterr().err
    names = [graph_iri(n) for n in NAMED_GRAPHS]
    assert err.startswith("bbao load: interrupted; the load was cut off: The previous content was restored: "
                          f"<{names[0]}>, <{names[1]}>")
    assert len(err.splitlines()) == 1 and _Memory.graphs == OLD and list(temp.iterdir()) == []


def test_a_graph_that_cannot_be_saved_stops_the_load_before_anything_is_replaced(memory, capsys):
    url, _ = memory
    _Memory.down = True
    assert main(["load", "--endpoint", url + "/store"]) == 2
    err = capsys.readouterr().err
    assert "answered HTTP 503" in err and "Nothing was replaced" in err and _Memory.puts == 0


@pytest.fixture(scope="module")
def second_oxigraph(tmp_path_factory):
    """A fresh Oxigraph server of its own (the module's one holds the release for the query tests)."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph-restore")) as base:
        yield base


def put_old_graphs(base: str) -> None:
    for graph in [graph_iri(n) for n in NAMED_GRAPHS]:
        url = graph_url(base + "/store", graph)
        if graph in OLD:
            request = urllib.request.Request(url, data=OLD[graph], method="PUT",
                                             headers={"Content-Type": "application/n-triples"})
        else:
            request = urllib.request.Request(url, method="DELETE")
        try:
            urllib.request.urlopen(request, timeout=30).close()
        except urllib.error.HTTPError as exc:
            assert exc.code == 404  # deleting an absent graph


def graph_contents(base: str) -> dict[str, Graph]:
    """Every named graph of the server, as an rdflib Graph (compared up to blank node names, which a PUT of the
    saved content renames)."""
    with urllib.request.urlopen(urllib.request.Request(base + "/store", headers={"Accept": "application/n-quads"}),
                                timeout=30) as answer:
        quads = list(pyoxigraph.parse(answer.read(), format=pyoxigraph.RdfFormat.N_QUADS))
    lines: dict[str, list[str]] = {}
    for quad in quads:
        if isinstance(quad.graph_name, pyoxigraph.NamedNode):
            lines.setdefault(quad.graph_name.value, []).append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    return {name: Graph().parse(data="".join(text), format="nt") for name, text in lines.items()}


def same_graphs(one: dict[str, Graph], other: dict[str, Graph]) -> bool:
    return one.keys() == other.keys() and all(isomorphic(one[name], other[name]) for name in one)


@pytest.mark.parametrize("fault", ["refuse", "cut"])
def test_the_real_server_holds_exactly_the_old_graphs_after_a_failed_load(second_oxigraph, fault, capsys):
    put_old_graphs(second_oxigraph)
    before = graph_contents(second_oxigraph)
    assert {g: len(t) for g, t in before.items()} == {g: OLD[g].count(b"\n") for g in OLD}
    with local_server(proxy(second_oxigraph, refuse_put=2 if fault == "refuse" else None,
                            drop_put=2 if fault == "cut" else None)) as url:
        assert main(["load", "--endpoint", url + "/store"]) == 2
    err = capsys.readouterr().err
    assert "The previous content was restored" in err
    after = graph_contents(second_oxigraph)
    assert {g: len(t) for g, t in after.items()} == {g: len(t) for g, t in before.items()}
    assert same_graphs(after, before)


# HTTP digest authentication (RFC 7616: MD5, qop=auth) in front of the real server.


@pytest.fixture()
def digest(oxigraph, monkeypatch, tmp_path):
    """A proxy before the module's Oxigraph server that lets through only requests with a correct digest
    response for ann / s3cret; yields its base URL and the guard."""
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.setenv("BBAO_USER", "ann")
    guard = DigestGuard("ann", "s3cret")
    with local_server(proxy(oxigraph, guard=guard)) as url:
        yield url, guard


def test_digest_authentication_loads_with_the_right_password(digest, oxigraph, monkeypatch, capsys):
    url, guard = digest
    monkeypatch.setenv("BBAO_PASSWORD", "s3cret")
    assert main(["load", "--endpoint", url + "/store"]) == 0
    assert "s3cret" not in capsys.readouterr().out
    assert guard.accepted == 2 * len(NAMED_GRAPHS)  # a GET (saving the graph) and a PUT per graph
    assert graph_sizes(oxigraph) == local_sizes()


def test_digest_authentication_with_a_wrong_password_exits_2_without_printing_it(digest, monkeypatch, capsys):
    url, guard = digest
    monkeypatch.setenv("BBAO_PASSWORD", "not-the-password")
    assert main(["load", "--endpoint", url + "/store"]) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "Nothing was replaced" in err and guard.accepted == 0
    assert "not-the-password" not in err and "Traceback" not in err


def test_digest_authentication_for_queries(digest, oxigraph, loaded, monkeypatch, capsys):
    url, guard = digest
    argv = ["query", "top-down-regulation", "--format", "tsv", "--endpoint"]
    assert main([*argv, oxigraph + "/query"]) == 0
    direct = capsys.readouterr().out
    monkeypatch.setenv("BBAO_PASSWORD", "s3cret")
    assert main([*argv, url + "/query"]) == 0
    assert capsys.readouterr().out == direct and len(direct.splitlines()) > 10 and guard.accepted == 1
    monkeypatch.setenv("BBAO_PASSWORD", "not-the-password")
    assert main([*argv, url + "/query"]) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "not-the-password" not in err and "Traceback" not in err


def test_a_full_disk_while_saving_the_graphs_exits_3_before_anything_is_replaced(memory):
    import resource

    url, temp = memory
    env = {**os.environ, "TMPDIR": str(temp)}

    def small_files() -> None:  # files over 64 bytes fail to write (EFBIG), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, resource.RLIM_INFINITY))

    done = subprocess.run([sys.executable, "-m", "bbao.cli", "load", "--endpoint", url + "/store"], env=env,
                          capture_output=True, text=True, preexec_fn=small_files, timeout=60)
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith(f"bbao load: cannot continue: {temp}/bbao-load-") \
        and "graph-0.nt: File too large" in done.stderr
    assert "Traceback" not in done.stderr and _Memory.puts == 0 and _Memory.graphs == OLD
    assert list(temp.iterdir()) == []


class _RefusesPutsEarly(BaseHTTPRequestHandler):
    """A Graph Store that has no graph (GET: 404) and refuses a PUT at once, before reading its body, then closes
    the connection (as Python's http.server does: HTTP 501); records the methods it was sent."""

    methods: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _RefusesPutsEarly.methods.append("GET")
        self.send_error(404)

    def do_PUT(self) -> None:
        _RefusesPutsEarly.methods.append("PUT")
        self.close_connection = True
        self.send_error(501, "Unsupported method ('PUT')")

    def do_DELETE(self) -> None:
        _RefusesPutsEarly.methods.append("DELETE")
        self.send_error(501)

    def log_message(self, *args: object) -> None:
        pass


def test_a_put_refused_before_its_body_is_read_is_reported_as_the_servers_answer(capsys):
    """Not "cannot reach ...: Broken pipe": the answer the server sent before closing is read and shown, nothing
    was replaced, so nothing is put back (no DELETE)."""
    _RefusesPutsEarly.methods.clear()
    with local_server(_RefusesPutsEarly) as url:
        assert main(["load", "--endpoint", url + "/store"]) == 2
    err = capsys.readouterr().err
    assert "answered HTTP 501" in err and "Broken pipe" not in err and "Traceback" not in err
    assert _RefusesPutsEarly.methods == ["GET"] * len(NAMED_GRAPHS) + ["PUT"]


@pytest.mark.parametrize(("argv", "message"), [
    (["--endpoint", "notaurl"], "must be an http:// or https:// URL with a host, not 'notaurl'"),
    (["--endpoint", "ftp://example.org/store"], "must be an http:// or https:// URL"),
    (["--endpoint", "http://127.0.0.1:9/store", "--deadline", "0"], "must be positive numbers of seconds"),
    (["--endpoint", "http://127.0.0.1:9/store", "--deadline", "-1"], "must be positive numbers of seconds"),
])
def test_an_unusable_endpoint_or_deadline_exits_2_before_anything_is_sent(argv, message, capsys):
    assert main(["load", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
