"""The Python API: the ontology as an rdflib Graph and in the embedded pyoxigraph Store, and the query
backends (embedded pyoxigraph, rdflib, remote SPARQL endpoint) behind one interface."""

from __future__ import annotations

import json
import re
import urllib.parse
from http.server import BaseHTTPRequestHandler
from typing import ClassVar

import pyoxigraph
import pytest
from rdflib import URIRef
from rdflib.namespace import RDFS

import bbao
from bbao import artifacts, backend, errors, paths, store
from bbao.errors import BBAOError, QuerySyntaxError
from bbao.store import GRAPH_BASE, EndpointBackend, OxigraphBackend, RdflibBackend, graph_iri, load_store, open_backend
from servers import local_server


def test_load_graph_holds_labels_of_imported_terms():
    g = bbao.load_graph()
    assert str(g.value(URIRef("http://purl.obolibrary.org/obo/GO_0001649"), RDFS.label)) == "osteoblast differentiation"


def test_load_store_has_one_named_graph_per_artifact():
    store = bbao.load_store()
    graphs = {g.value for g in store.named_graphs()}
    assert graphs == {GRAPH_BASE + "ontology", GRAPH_BASE + "relation-graph", GRAPH_BASE + "tentative-relation-graph",
                      GRAPH_BASE + "closure"}
    ask = store.query(
        f"ASK {{ GRAPH <{GRAPH_BASE}relation-graph> {{ <http://purl.obolibrary.org/obo/CHEBI_33569> "
        "<http://purl.obolibrary.org/obo/RO_0002597> <http://purl.obolibrary.org/obo/GO_0001649> } }")
    assert bool(ask)


def test_store_loads_user_files_beside_the_ontology(tmp_path):
    user = tmp_path / "mine.ttl"
    user.write_text("<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> \"a\" .\n", encoding="utf-8")
    store = bbao.load_store([user])
    assert pyoxigraph.NamedNode(GRAPH_BASE + "user/mine.ttl") in set(store.named_graphs())


LABEL_QUERY = ("SELECT ?term ?label WHERE { ?term <http://www.w3.org/2000/01/rdf-schema#label> ?label }")
PARTICIPATES_IN = "http://purl.obolibrary.org/obo/RO_0000056"


def test_open_backend_picks_one_backend_per_kind():
    assert isinstance(open_backend(), OxigraphBackend)
    assert isinstance(open_backend(engine="rdflib"), RdflibBackend)
    remote = open_backend("http://127.0.0.1:1/query")
    assert isinstance(remote, EndpointBackend)
    assert remote.graphs == (graph_iri("ontology"), graph_iri("relation-graph"), graph_iri("tentative-relation-graph"),
                             graph_iri("closure"))
    assert open_backend("http://127.0.0.1:1/query", graphs=("urn:g",)).graphs == ("urn:g",)
    with pytest.raises(BBAOError, match="unknown engine"):
        open_backend(engine="virtuoso")


@pytest.mark.parametrize("backend", [OxigraphBackend, RdflibBackend])
def test_embedded_backends_bind_and_return_the_same_terms(backend):
    columns, rows = backend().select(LABEL_QUERY, {"term": PARTICIPATES_IN})
    assert columns == ["term", "label"]
    assert rows == [[pyoxigraph.NamedNode(PARTICIPATES_IN), pyoxigraph.Literal("participates in", language="en")]]


def test_the_names_other_modules_import_are_the_shared_ones():
    assert store.graph_iri is artifacts.graph_iri and store.GRAPH_BASE == artifacts.GRAPH_BASE
    assert store.QuerySyntaxError is errors.QuerySyntaxError
    assert store.Backend is backend.Backend and store.values_clause is backend.values_clause


def test_a_missing_release_file_is_named_with_the_command_that_writes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "data_root", lambda: tmp_path)
    with pytest.raises(BBAOError, match=r"bbao\.nt: missing: run `bbao build` first"):
        bbao.load_store()
    with pytest.raises(BBAOError, match=r"bbao\.nt: missing: run `bbao build` first"):
        bbao.load_graph()


@pytest.mark.parametrize("backend_class", [OxigraphBackend, RdflibBackend])
def test_embedded_backends_report_the_position_of_a_syntax_error(backend_class):
    with pytest.raises(QuerySyntaxError) as caught:
        backend_class().select("SELECT ?x WHERE {\n  ?x ?y\n}", {})
    assert caught.value.line in (2, 3) and caught.value.column is not None


class _FakeEndpoint(BaseHTTPRequestHandler):
    """Answers like a SPARQL endpoint would, one behaviour per path; records the last request body."""

    last_body = b""
    answers: ClassVar[dict[str, tuple[int, str]]] = {
        "/json": (200, json.dumps({"head": {"vars": ["i", "l", "t", "b", "u"]}, "results": {"bindings": [{
            "i": {"type": "uri", "value": "http://x/1"},
            "l": {"type": "literal", "value": "chat", "xml:lang": "fr"},
            "t": {"type": "typed-literal", "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
            "b": {"type": "bnode", "value": "b0"}}]}})),
        "/error": (500, "boom"),
        "/notjson": (200, "<html>hello</html>"),
    }

    def do_POST(self) -> None:
        _FakeEndpoint.last_body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "http://example.org/elsewhere")
            self.end_headers()
            return
        code, body = self.answers[self.path]
        self.send_response(code)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def fake_endpoint():
    with local_server(_FakeEndpoint) as url:
        yield url


def test_endpoint_backend_reads_sparql_json_and_sends_bindings_in_the_text(fake_endpoint):
    columns, rows = EndpointBackend(fake_endpoint + "/json").select("SELECT * WHERE { ?i ?p ?l }", {"i": "http://x/1"})
    assert columns == ["i", "l", "t", "b", "u"]
    assert rows == [[pyoxigraph.NamedNode("http://x/1"), pyoxigraph.Literal("chat", language="fr"),
                     pyoxigraph.Literal("2", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                     pyoxigraph.BlankNode("b0"), None]]
    form = urllib.parse.parse_qs(_FakeEndpoint.last_body.decode())
    assert form["query"] == ["SELECT * WHERE { <http://x/1> ?p ?l  BIND (<http://x/1> AS ?i) }"]
    assert form["default-graph-uri"] == [graph_iri("ontology"), graph_iri("relation-graph"),
                                         graph_iri("tentative-relation-graph"), graph_iri("closure")]
    assert form["named-graph-uri"] == form["default-graph-uri"]  # GRAPH ?g sees them, as it does embedded


@pytest.mark.parametrize(("path", "message"), [
    ("/error", "answered HTTP 500 Internal Server Error: boom"),
    ("/notjson", "did not answer with SPARQL JSON results"),
    ("/redirect", "answered HTTP 302 with a redirect to http://example.org/elsewhere: pass that URL instead"),
])
def test_endpoint_failures_are_clear_errors(fake_endpoint, path, message):
    with pytest.raises(BBAOError, match=message):
        EndpointBackend(fake_endpoint + path).select("SELECT * WHERE { ?s ?p ?o }", {})


def test_endpoint_that_is_down_or_not_http_is_refused():
    with pytest.raises(BBAOError, match="must be an http:// or https:// URL"):
        EndpointBackend("file:///etc/hostname").select("SELECT * WHERE { ?s ?p ?o }", {})
    with pytest.raises(BBAOError, match=re.escape("cannot reach http://127.0.0.1:1/query")):
        EndpointBackend("http://127.0.0.1:1/query", timeout=5).select("SELECT * WHERE { ?s ?p ?o }", {})


# ---------------------------------------------------------------- users' files through the one reader (issue 17)

def test_blank_nodes_of_two_user_files_stay_two_nodes(tmp_path):
    # the reader keeps a file's labels; loading gives them fresh names, or the union would join two files' _:n
    for name, label in (("first.ttl", "first"), ("second.ttl", "second")):
        (tmp_path / name).write_text(f'_:n <{RDFS.label}> "{label}" .\n', encoding="utf-8")
    store = bbao.load_store([tmp_path / "first.ttl", tmp_path / "second.ttl"])
    answer = store.query('SELECT (COUNT(DISTINCT ?n) AS ?nodes) { ?n <http://www.w3.org/2000/01/rdf-schema#label> ?l '
                         'FILTER(?l IN ("first", "second")) }', use_default_graph_as_union=True)
    assert next(iter(answer))["nodes"].value == "2"  # type: ignore[union-attr]


def test_user_files_in_the_store_are_read_strictly_and_summed_up(tmp_path, capsys):
    user = tmp_path / "lab.ttl"
    user.write_bytes(b"\xef\xbb\xbf<https://lab.example.org/claim/7> a <https://w3id.org/bbao/BBAO_0000001> ;\n"
                     b"  <https://w3id.org/bbao/BBAO_0000102> <http://purl.obolibrary.org/obo/GO_0001649> .\n")
    store = bbao.load_store([user], progress=True)  # a byte-order mark is skipped
    assert pyoxigraph.NamedNode("https://lab.example.org/claim/7") in {q.subject for q in store.quads_for_pattern(
        None, None, None, pyoxigraph.NamedNode(GRAPH_BASE + "user/lab.ttl"))}
    err = capsys.readouterr().err
    assert "read lab.ttl (Turtle): 2 triples, 1 claim" in err and "loading lab.ttl into the store ..." in err
    user.write_text("<https://lab.example.org/claim/7> <https://w3id.org/bbao/BBAO_0000102> <GO:0001649> .\n",
                    encoding="utf-8")
    with pytest.raises(BBAOError, match=r"lab\.ttl:1: CURIE used as an IRI: 'GO:0001649' .*expand it "
                                        r"\(http://purl\.obolibrary\.org/obo/GO_0001649\)"):
        bbao.load_store([user])


def test_two_data_files_of_the_same_name_stay_two_graphs(tmp_path):
    """`--data a/x.ttl --data b/x.ttl`: each file keeps a named graph of its own (the second gets `-2`)."""
    from bbao.query import Query, run

    files = []
    for folder, letter in (("a", "A"), ("b", "B")):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "x.ttl"
        label = "<http://www.w3.org/2000/01/rdf-schema#label>"
        path.write_text(f'<https://lab.example.org/{letter}> {label} "{letter}" .\n', encoding="utf-8")
        files.append(path)
    text = ("SELECT ?g ?s WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
            'FILTER(STRSTARTS(STR(?s), "https://lab.example.org/")) } ORDER BY ?s')
    query = Query("graphs", tmp_path / "graphs.rq", "which graph", text, ())
    _, rows = run(query, OxigraphBackend(load_store(files)))
    assert rows == [["https://w3id.org/bbao/graph/user/x.ttl", "https://lab.example.org/A"],
                    ["https://w3id.org/bbao/graph/user/x.ttl-2", "https://lab.example.org/B"]]
