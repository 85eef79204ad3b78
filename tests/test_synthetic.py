"""The synthetic claim generator: size, determinism, and injected defects that are what they say."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from bbao.claims import read_claims
from bbao.model import CLAIM_CLASS, FIELD_PROPERTY, SIGNS, SITES, iri
from bbao.synthetic import BASE, DEFECTS, generate, templates
from bbao.validate import shipped_graph

ECO = "http://purl.obolibrary.org/obo/ECO_"


@pytest.fixture(scope="module")
def shipped() -> Graph:
    return shipped_graph()


@pytest.fixture(scope="module")
def data(shipped):
    return generate(shipped, 8_000, seed=3, defect_rate=0.1)


def one_claim() -> Graph:
    """An ontology of one claim built by hand (BBAC:0000005 of the review, with 9 statements)."""
    g = Graph()
    node = iri("BBAC:0000005")
    g.add((node, RDF.type, CLAIM_CLASS))
    g.add((node, RDF.type, OWL.NamedIndividual))
    for field, value in (("subject", iri("CHEBI:33569")), ("relation", iri("RO:0002597")),
                         ("object", iri("GO:0001649")), ("sign", Literal("negative")),
                         ("receptor", iri("PR:000001193")), ("site", Literal("peripheral")),
                         ("evidence", iri("ECO:0000304"))):
        g.add((node, FIELD_PROPERTY[field], value))
    return g


def test_exact_triple_count_from_a_one_claim_ontology():
    (template,) = templates(one_claim())
    assert len(template) == 9 and (RDF.type, CLAIM_CLASS) in template
    data = generate(one_claim(), 100, defect_rate=0)
    assert data.claims == 10 and data.injected == {}
    # 10 copies of 9 statements, and the one relation-graph triple they share
    assert len(data.graph) == 10 * 9 + 1
    assert (iri("CHEBI:33569"), iri("RO:0002597"), iri("GO:0001649")) in data.graph
    assert {c.node for c in read_claims(data.graph)} == {URIRef(f"{BASE}{i:07d}") for i in range(10)}


def test_size_is_about_the_requested_triples(shipped, data):
    assert data.claims == len(read_claims(data.graph)) == len(set(data.graph.subjects(RDF.type, CLAIM_CLASS)))
    assert 0.9 * 8_000 < len(data.graph) <= 8_000


def test_the_same_seed_gives_the_same_claims(shipped, data):
    again = generate(shipped, 8_000, seed=3, defect_rate=0.1)
    assert again.injected == data.injected and set(again.graph) == set(data.graph)
    other = generate(shipped, 8_000, seed=4, defect_rate=0.1)
    assert other.claims == data.claims and set(other.graph) != set(data.graph)


def test_every_claim_copies_a_shipped_claim(shipped, data):
    shipped_triples = {(c.subject, c.relation, c.object) for c in read_claims(shipped)}
    for claim in read_claims(data.graph):
        if str(claim.node) not in data.injected:
            assert (claim.subject, claim.relation, claim.object) in shipped_triples
            assert (claim.subject, claim.relation, claim.object) in data.graph


def test_injected_defects_are_the_kinds_they_say(data):
    assert set(data.injected.values()) == set(DEFECTS)
    for claim in read_claims(data.graph):
        defect = data.injected.get(str(claim.node))
        assert (claim.sign == "inhibits") == (defect == "wrong-sign")
        assert (claim.sign in SIGNS) == (defect != "wrong-sign")
        assert (not claim.evidence) == (defect == "no-evidence")
        assert (iri("GO:0008150") in claim.evidence) == (defect == "evidence-not-eco")
        assert all(str(e).startswith(ECO) for e in claim.evidence) == (defect != "evidence-not-eco")
        assert ("spinal" in claim.site) == (defect == "site-outside-value-set")
        assert set(claim.site) <= set(SITES) or defect == "site-outside-value-set"
        unlinked = str(claim.object).startswith(f"{BASE}unlinked-object-")
        assert unlinked == (defect == "no-relation-graph-triple")
        assert ((claim.subject, claim.relation, claim.object) in data.graph) == (not unlinked)


def test_an_ontology_without_claims_is_refused():
    with pytest.raises(ValueError, match="no claim"):
        generate(Graph(), 1_000)
