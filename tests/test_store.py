"""The Python API: the ontology as an rdflib Graph and in the embedded pyoxigraph Store."""

from __future__ import annotations

import pyoxigraph
from rdflib import URIRef
from rdflib.namespace import RDFS

import bbao
from bbao.store import GRAPH_BASE


def test_load_graph_holds_labels_of_imported_terms():
    g = bbao.load_graph()
    assert str(g.value(URIRef("http://purl.obolibrary.org/obo/GO_0001649"), RDFS.label)) == "osteoblast differentiation"


def test_load_store_has_one_named_graph_per_artifact():
    store = bbao.load_store()
    graphs = {g.value for g in store.named_graphs()}
    assert graphs == {GRAPH_BASE + "ontology", GRAPH_BASE + "relation-graph"}
    ask = store.query(
        "ASK { GRAPH <%srelation-graph> { <http://purl.obolibrary.org/obo/CHEBI_33569> "
        "<http://purl.obolibrary.org/obo/RO_0002597> <http://purl.obolibrary.org/obo/GO_0001649> } }" % GRAPH_BASE)
    assert bool(ask)


def test_store_loads_user_files_beside_the_ontology(tmp_path):
    user = tmp_path / "mine.ttl"
    user.write_text("<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> \"a\" .\n", encoding="utf-8")
    store = bbao.load_store([user])
    assert pyoxigraph.NamedNode(GRAPH_BASE + "user/mine.ttl") in set(store.named_graphs())
