"""Terms cross between rdflib and pyoxigraph unchanged: IRIs, blank nodes, plain, language-tagged and typed
literals, in both directions."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD

from bbao.rdfterms import from_oxigraph, to_oxigraph

OSTEOBLAST = "http://purl.obolibrary.org/obo/CL_0000062"
BBAO_SIGN = "https://w3id.org/bbao/BBAO_0000103"


def test_an_iri_round_trips():
    term = to_oxigraph(URIRef(OSTEOBLAST))
    assert term == pyoxigraph.NamedNode(OSTEOBLAST)
    assert from_oxigraph(term) == URIRef(OSTEOBLAST)
    assert type(from_oxigraph(term)) is URIRef


def test_a_blank_node_round_trips_and_gets_the_prefix():
    term = to_oxigraph(BNode("b0"))
    assert term == pyoxigraph.BlankNode("b0")
    assert from_oxigraph(term) == BNode("b0")
    assert type(from_oxigraph(term)) is BNode
    assert from_oxigraph(term, "u1_") == BNode("u1_b0")
    # two files' _:b0 stay two nodes
    assert from_oxigraph(term, "u1_") != from_oxigraph(term, "u2_")


def test_rdflib_generated_blank_nodes_are_accepted_by_oxigraph():
    node = BNode()
    assert from_oxigraph(to_oxigraph(node)) == node


def test_a_plain_literal_round_trips():
    term = to_oxigraph(Literal("osteoblast"))
    assert term == pyoxigraph.Literal("osteoblast")
    assert term.datatype == pyoxigraph.NamedNode(str(XSD.string))
    back = from_oxigraph(term)
    assert back == Literal("osteoblast")
    assert back.datatype is None and back.language is None


def test_a_language_tagged_literal_round_trips():
    term = to_oxigraph(Literal("Brain-Bone Axis Ontology", lang="en"))
    assert term == pyoxigraph.Literal("Brain-Bone Axis Ontology", language="en")
    assert from_oxigraph(term) == Literal("Brain-Bone Axis Ontology", lang="en")
    assert from_oxigraph(pyoxigraph.Literal("os", language="la")).language == "la"


def test_an_xsd_string_literal_becomes_plain():
    term = to_oxigraph(Literal("none", datatype=XSD.string))
    assert term == pyoxigraph.Literal("none")
    back = from_oxigraph(term)
    assert back == Literal("none")
    assert back.datatype is None
    assert from_oxigraph(pyoxigraph.Literal("none", datatype=pyoxigraph.NamedNode(str(XSD.string)))) == Literal("none")


def test_an_integer_literal_round_trips():
    term = to_oxigraph(Literal(110))
    assert term == pyoxigraph.Literal("110", datatype=pyoxigraph.NamedNode(str(XSD.integer)))
    back = from_oxigraph(term)
    assert back == Literal(110)
    assert back.toPython() == 110


def test_a_date_and_a_custom_datatype_round_trip():
    date = Literal("2026-11-24", datatype=XSD.date)
    assert from_oxigraph(to_oxigraph(date)) == date
    custom = Literal("β_2 -AR", datatype=URIRef("https://example.org/dt/receptor-name"))
    term = to_oxigraph(custom)
    assert term.datatype == pyoxigraph.NamedNode("https://example.org/dt/receptor-name")
    assert term.value == "β_2 -AR"
    assert from_oxigraph(term) == custom


def test_terms_of_a_real_triple_survive_a_store_round_trip():
    triple = (URIRef("https://w3id.org/bbao/BBAC_0000005"), URIRef(BBAO_SIGN), Literal("negative"))
    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(*(to_oxigraph(t) for t in triple)))
    [quad] = list(store)
    assert (from_oxigraph(quad.subject), from_oxigraph(quad.predicate), from_oxigraph(quad.object)) == triple
    graph = Graph()
    graph.add(triple)
    assert triple in graph


@pytest.mark.parametrize("term", [Variable("x"), "http://example.org/a", 3])
def test_anything_but_an_rdf_term_is_refused_going_to_oxigraph(term):
    with pytest.raises(TypeError):
        to_oxigraph(term)


@pytest.mark.parametrize("term", [pyoxigraph.Variable("x"), "http://example.org/a", None, URIRef(OSTEOBLAST)])
def test_anything_but_an_oxigraph_term_is_refused_coming_back(term):
    with pytest.raises(TypeError):
        from_oxigraph(term)
