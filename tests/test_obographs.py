"""bbao.obographs: the OBO Graphs JSON product (bbao.json) against the graph it is translated from.

The readers of other projects (pronto, oaklib) are tested on the shipped file in test_obo_tools.py; here the
document itself: every entity a node, every BBAO term's label, parents and synonyms as in the source graph, the
logical definitions, a deterministic rendering."""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao import paths
from bbao.artifacts import ARTIFACT
from bbao.errors import BBAOError
from bbao.obographs import SYNONYM_SCOPES, obograph, render_obograph

BBAO = "https://w3id.org/bbao/BBAO_"
EX = "http://example.org/"


@pytest.fixture(scope="module")
def source() -> Graph:
    return Graph().parse(paths.ontology_dir() / "bbao.nt", format="nt")


@pytest.fixture(scope="module")
def shipped() -> dict:
    return json.loads((paths.ontology_dir() / "bbao.json").read_text(encoding="utf-8"))


def test_the_product_is_registered_in_the_full_release_and_is_what_the_build_renders(source, shipped):
    artifact = ARTIFACT["bbao.json"]
    assert (artifact.product, artifact.media_type, artifact.syntax, artifact.written_by) == (
        "full", "application/json", None, "build")
    assert (paths.ontology_dir() / "bbao.json").read_bytes() == render_obograph(source)


def test_a_graph_is_read_as_it_is_and_other_triples_are_copied(source):
    """A Graph (the build hands over the one its Turtle was written from) is read without a copy and left as it
    was; any other iterable of triples gives the same document."""
    size = len(source)
    assert obograph(source) == obograph(iter(source))
    assert len(source) == size


def test_every_bbao_term_has_its_labels_parents_and_synonyms(source, shipped):
    graph = shipped["graphs"][0]
    nodes = {node["id"]: node for node in graph["nodes"]}
    parents: dict[str, set[str]] = {}
    for edge in graph["edges"]:
        if edge["pred"] == "is_a":
            parents.setdefault(edge["sub"], set()).add(edge["obj"])
    terms = [t for t in source.subjects(RDF.type, OWL.Class) if str(t).startswith(BBAO)]
    assert len(terms) > 40
    for term in terms:
        node = nodes[str(term)]
        assert node["type"] == "CLASS"
        assert {node.get("lbl")} == {str(label) for label in source.objects(term, RDFS.label)}, term
        assert parents.get(str(term), set()) == {
            str(p) for p in source.objects(term, RDFS.subClassOf) if isinstance(p, URIRef)}, term
        assert {(s["pred"], s["val"]) for s in node.get("meta", {}).get("synonyms", [])} == {
            (scope, str(text)) for p, scope in SYNONYM_SCOPES.items() for text in source.objects(term, p)}, term


def test_nodes_cover_every_declared_entity_and_the_header(source, shipped):
    graph = shipped["graphs"][0]
    assert graph["id"] == "https://w3id.org/bbao/bbao.owl"
    assert graph["meta"]["version"].startswith("https://w3id.org/bbao/releases/")
    declared = {str(s) for t in (OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty, OWL.DatatypeProperty,
                                 OWL.NamedIndividual) for s in source.subjects(RDF.type, t) if isinstance(s, URIRef)}
    assert {node["id"] for node in graph["nodes"]} == declared
    hormone = next(n for n in graph["nodes"] if n["id"] == f"{BBAO}0000030")
    assert hormone["meta"]["definition"]["val"].startswith("A material entity that acts as a hormone")
    # a defined class: BBAO:0000048 ≡ CHEBI:24431 and (RO:0000087 some CHEBI:35522)
    assert {"definedClassId": f"{BBAO}0000048", "genusIds": ["http://purl.obolibrary.org/obo/CHEBI_24431"],
            "restrictions": [{"fillerId": "http://purl.obolibrary.org/obo/CHEBI_35522",
                              "propertyId": "http://purl.obolibrary.org/obo/RO_0000087"}]} in graph[
        "logicalDefinitionAxioms"]
    assert any(e["pred"] == "rdf:type" and e["obj"] == f"{BBAO}0000001" for e in graph["edges"])  # a claim


def test_existential_restrictions_become_edges_and_other_expressions_are_left_out():
    g = Graph()
    onto, a, b, c, p = (URIRef(EX + n) for n in ("o", "A", "B", "C", "p"))
    g.add((onto, RDF.type, OWL.Ontology))
    for cls in (a, b, c):
        g.add((cls, RDF.type, OWL.Class))
    g.add((p, RDF.type, OWL.ObjectProperty))
    some, union, items, rest = BNode(), BNode(), BNode(), BNode()
    g.add((a, RDFS.subClassOf, some))
    g.add((some, RDF.type, OWL.Restriction))
    g.add((some, OWL.onProperty, p))
    g.add((some, OWL.someValuesFrom, b))
    g.add((c, OWL.equivalentClass, union))  # a union: no OBO Graphs form
    g.add((union, OWL.unionOf, items))
    g.add((items, RDF.first, a))
    g.add((items, RDF.rest, rest))
    g.add((rest, RDF.first, b))
    g.add((rest, RDF.rest, RDF.nil))
    g.add((a, RDFS.label, Literal("a", lang="de")))
    g.add((a, RDFS.label, Literal("A")))
    graph = obograph(g)["graphs"][0]
    assert graph["edges"] == [{"sub": EX + "A", "pred": EX + "p", "obj": EX + "B"}]
    assert "logicalDefinitionAxioms" not in graph
    assert next(n for n in graph["nodes"] if n["id"] == EX + "A")["lbl"] == "A"  # untagged label first


def test_the_rendering_is_deterministic_and_needs_one_header():
    g = Graph()
    g.add((URIRef(EX + "A"), RDF.type, OWL.Class))
    with pytest.raises(BBAOError, match="one ontology header"):
        obograph(g)
    g.add((URIRef(EX + "o"), RDF.type, OWL.Ontology))
    reordered = Graph()
    for triple in sorted(g, reverse=True):
        reordered.add(triple)
    assert render_obograph(g) == render_obograph(reordered)
    assert render_obograph(g).endswith(b"}\n")
