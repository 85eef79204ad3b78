"""`bbao load` and `bbao query --endpoint` against a real Oxigraph server (the `oxigraph` package from PyPI,
in the dev extra), started on 127.0.0.1 at a free port and always stopped."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pyoxigraph
import pytest

from bbao.artifacts import NAMED_GRAPHS, graph_iri
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.load import graph_url, load
from bbao.prefixes import expand
from bbao.query import bundled, expected_runs, read_expected, run
from bbao.store import EndpointBackend, load_store
from servers import local_server

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


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited: {server.stderr.read().decode(errors='replace')}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not answer at {url} within {seconds} s")


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """Base URL of a fresh Oxigraph server, with ``/query`` and ``/store``."""
    command = oxigraph_command()
    base = f"http://127.0.0.1:{free_port()}"
    location = tmp_path_factory.mktemp("oxigraph")
    server = subprocess.Popen([command, "serve", "--location", str(location), "--bind", base[len("http://"):]],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(base + "/", server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stderr.close()


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

    def do_PUT(self) -> None:
        import base64

        self.rfile.read(int(self.headers["Content-Length"]))
        wanted = "Basic " + base64.b64encode(b"ann:s3cret").decode()
        if self.headers.get("Authorization") != wanted:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="bbao"')
            self.end_headers()
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
def guarded(monkeypatch, tmp_path):
    for name in ("BBAO_USER", "BBAO_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
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


def test_a_load_failing_part_way_names_the_graphs_replaced_and_those_not(guarded, monkeypatch, capsys):
    monkeypatch.setenv("BBAO_USER", "ann")
    monkeypatch.setenv("BBAO_PASSWORD", "s3cret")
    _Guarded.fail_after = 2
    assert main(["load", "--endpoint", guarded + "/store"]) == 2
    err = capsys.readouterr().err
    names = [graph_iri(n) for n in NAMED_GRAPHS]
    assert f"replaced with this release: <{names[0]}>, <{names[1]}>;" in err
    assert f"not replaced (still the previous content): <{names[2]}>" in err and "Run `bbao load` again" in err


class _Trickle(BaseHTTPRequestHandler):
    """Accepts the PUT, then answers one byte every 0.3 s: no single wait is long, the whole answer is."""

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
