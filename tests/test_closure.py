"""The materialized subclass closure: it says what ``rdfs:subClassOf*`` says, ships as its own artifact and
named graph, and grows with the user's classes when user data is loaded beside BBAO."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao.artifacts import ARTIFACT, graph_iri
from bbao.closure import DESCRIPTION, ancestors, class_edges, closure_graph, closure_triples, header
from bbao.model import ANCESTOR, ANCESTOR_OR_WHOLE, SUB_PROPERTY
from bbao.query import bind, resolve, run
from bbao.store import load_graph, load_store

OBO = "http://purl.obolibrary.org/obo/"
TBI = URIRef(f"{OBO}MONDO_0858950")
DISEASE = URIRef(f"{OBO}MONDO_0000001")
BRAIN_INJURY = URIRef(f"{OBO}MONDO_0043510")


def shipped_closure() -> Graph:
    return Graph().parse(ARTIFACT["bbao-closure.ttl"].path())


def test_the_closure_equals_the_subclass_path_for_every_named_class(graph):
    closure = shipped_closure()
    pairs = {(s, o) for s, o in closure.subject_objects(ANCESTOR)}
    path = {(row[0], row[1]) for row in graph.query(
        "SELECT ?s ?o WHERE { ?s a owl:Class . FILTER isIRI(?s) ?s rdfs:subClassOf* ?o . FILTER isIRI(?o) }",
        initNs={"owl": OWL, "rdfs": RDFS})}
    assert path <= pairs
    declared = {s for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    extra = {(s, o) for s, o in pairs - path}
    # the only pairs beyond the path query are those of classes that appear in subclass axioms without a
    # declaration; every declared class has exactly what the path gives it
    assert not {(s, o) for s, o in extra if s in declared}


def test_the_closure_is_reflexive_and_transitive_and_names_only_iris():
    closure = shipped_closure()
    assert (TBI, ANCESTOR, TBI) in closure
    assert (TBI, ANCESTOR, BRAIN_INJURY) in closure  # asserted parent
    assert (TBI, ANCESTOR, DISEASE) in closure  # through MONDO:0043510
    assert not any(isinstance(node, BNode) for triple in closure for node in triple)
    for s, o in closure.subject_objects(ANCESTOR):
        for o2 in closure.objects(o, ANCESTOR):
            assert (s, ANCESTOR, o2) in closure


def test_cycles_and_classes_without_edges():
    closure = ancestors([("a", "b"), ("b", "a")], ["lonely"])
    assert closure == {"a": {"a", "b"}, "b": {"a", "b"}, "lonely": {"lonely"}}


def test_the_property_is_a_declared_annotation_property_of_the_ontology(graph):
    assert (ANCESTOR, RDF.type, OWL.AnnotationProperty) in graph
    assert graph.value(ANCESTOR, RDFS.label) == Literal("reflexive transitive subclass of")


def test_the_closure_stays_out_of_the_owl_artifacts(graph):
    assert not list(graph.triples((None, ANCESTOR, None)))


def test_the_closure_graph_has_a_header_when_metadata_is_given():
    g = Graph()
    g.add((URIRef("urn:a"), RDFS.subClassOf, URIRef("urn:b")))
    meta = {"iri": "https://w3id.org/bbao/bbao.owl", "license": "https://creativecommons.org/licenses/by/4.0/",
            "source_doi": "10.26717/BJSTR.2026.64.010076", "version": "2026-01-01",
            "version_iri_template": "https://w3id.org/bbao/releases/{version}/bbao.owl", "creators": ["A. Curator"]}
    out = closure_graph(g, meta)
    header = URIRef("https://w3id.org/bbao/bbao-closure.ttl")
    assert (header, RDF.type, OWL.Ontology) in out
    assert (header, OWL.versionIRI, URIRef("https://w3id.org/bbao/releases/2026-01-01/bbao-closure.ttl")) in out
    a, b = URIRef("urn:a"), URIRef("urn:b")
    assert set(out.subject_objects(ANCESTOR)) == {(a, a), (a, b), (b, b)}
    assert (header, URIRef("http://purl.org/dc/terms/description"), Literal(DESCRIPTION, lang="en")) in out
    assert len(closure_graph(g)) == 6  # no metadata, no header: 3 triples under each of the two predicates


def test_the_header_iris_follow_the_metadata_iri():
    meta = {"iri": "https://example.org/onto/bbao.owl", "license": "https://creativecommons.org/licenses/by/4.0/",
            "source_doi": "10.1/x", "version": "2026-02-03",
            "version_iri_template": "https://example.org/onto/v/{version}/bbao.owl", "creators": ["A", "B"]}
    triples = header(meta)
    node = URIRef("https://example.org/onto/bbao-closure.ttl")
    assert (node, RDF.type, OWL.Ontology) in triples
    assert (node, OWL.versionIRI, URIRef("https://example.org/onto/v/2026-02-03/bbao-closure.ttl")) in triples
    assert {o for s, p, o in triples if p == URIRef("http://purl.org/dc/terms/creator")} == {Literal("A"), Literal("B")}


def test_the_closure_does_not_import_the_compiler():
    code = "import sys, bbao.closure; print(sorted(m for m in sys.modules if m in ('bbao.build', 'bioregistry')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_backend_sees_the_closure():
    store = load_store()
    closure = pyoxigraph.NamedNode(graph_iri("closure"))
    assert len(list(store.quads_for_pattern(None, None, None, closure))) == len(shipped_closure())
    assert (TBI, ANCESTOR, DISEASE) in load_graph(closure=True)


USER_DATA = """
@prefix bbao: <https://w3id.org/bbao/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://example.org/MildTBI> a owl:Class ; rdfs:subClassOf obo:MONDO_0858950 ;
    rdfs:label "mild traumatic brain injury" .
<https://example.org/claim/1> a bbao:BBAO_0000001 ;
    bbao:BBAO_0000100 <https://example.org/MildTBI> ;
    bbao:BBAO_0000101 bbao:BBAO_0000051 ;
    bbao:BBAO_0000102 obo:GO_0001503 ;
    bbao:BBAO_0000103 "negative" .
"""


def test_user_classes_join_the_closure_so_bundled_queries_see_them(tmp_path: Path):
    user = tmp_path / "user.ttl"
    user.write_text(USER_DATA, encoding="utf-8")
    mild = URIRef("https://example.org/MildTBI")
    store = load_store([user])
    node = pyoxigraph.NamedNode(str(mild))
    assert {q.object.value for q in store.quads_for_pattern(node, pyoxigraph.NamedNode(str(ANCESTOR)), None)} >= {
        str(mild), str(TBI), str(BRAIN_INJURY), str(DISEASE)}
    query = resolve("disease-mechanisms")
    columns, rows = run(query, store, bind(query, [f"disease=<{mild}>"]))
    disease, obj, sign = (columns.index(c) for c in ("diseaseLabel", "objectLabel", "sign"))
    assert [(r[disease], r[obj], r[sign]) for r in rows] == [
        ("mild traumatic brain injury", "ossification", "negative")]
    # without the user's hierarchy in the closure, the same data gives nothing
    bare = load_store()
    bare.bulk_load(path=str(user), format=pyoxigraph.RdfFormat.TURTLE)
    assert run(query, bare, bind(query, [f"disease=<{mild}>"]))[1] == []


# The closure over subclass and 'part of' together (BBAO:0000053), as Ubergraph's relation graph follows them.

OSTEOBLAST_DIFFERENTIATION = URIRef(f"{OBO}GO_0001649")
OSSIFICATION = URIRef(f"{OBO}GO_0001503")
PART_OF = URIRef(f"{OBO}BFO_0000050")


def part_of(graph: Graph, part: URIRef, whole: URIRef) -> None:
    restriction = BNode()
    graph.add((part, RDFS.subClassOf, restriction))
    graph.add((restriction, RDF.type, OWL.Restriction))
    graph.add((restriction, OWL.onProperty, PART_OF))
    graph.add((restriction, OWL.someValuesFrom, whole))


def test_go_part_of_is_in_the_part_of_closure_but_not_in_the_subclass_closure():
    closure = shipped_closure()
    assert (OSTEOBLAST_DIFFERENTIATION, ANCESTOR_OR_WHOLE, OSSIFICATION) in closure
    assert (OSTEOBLAST_DIFFERENTIATION, ANCESTOR, OSSIFICATION) not in closure
    assert (OSTEOBLAST_DIFFERENTIATION, ANCESTOR_OR_WHOLE, OSTEOBLAST_DIFFERENTIATION) in closure  # reflexive


def test_the_part_of_closure_holds_the_subclass_closure_and_is_transitive():
    closure = shipped_closure()
    subclass = set(closure.subject_objects(ANCESTOR))
    either = set(closure.subject_objects(ANCESTOR_OR_WHOLE))
    assert subclass < either
    assert not any(isinstance(node, BNode) for pair in either for node in pair)
    above: dict[URIRef, set[URIRef]] = {}
    for s, o in either:
        above.setdefault(s, set()).add(o)
    for s, sups in above.items():
        for o in sups:
            assert above.get(o, {o}) <= sups, (s, o)


def test_the_shipped_part_of_closure_follows_a_mixed_chain():
    """microglial cell activation is_a glial cell activation, part of neuroinflammatory response, is_a
    inflammatory response; lateral ventricle development reaches nervous system development through three
    'part of' edges (via ventricular system, brain and central nervous system development)."""
    closure = shipped_closure()
    for sub, sup in (("GO_0001774", "GO_0150076"), ("GO_0001774", "GO_0006954"), ("GO_0021670", "GO_0007420"),
                     ("GO_0021670", "GO_0007399"), ("GO_0007420", "GO_0007399")):
        assert (URIRef(OBO + sub), ANCESTOR_OR_WHOLE, URIRef(OBO + sup)) in closure, (sub, sup)
        assert (URIRef(OBO + sub), ANCESTOR, URIRef(OBO + sup)) not in closure, (sub, sup)


def test_is_a_and_part_of_are_followed_in_any_order():
    g = Graph()
    a, b, c, d, e, f = (URIRef(f"urn:{x}") for x in "abcdef")
    g.add((a, RDFS.subClassOf, b))  # a is_a b part_of c is_a d part_of e; f is unrelated
    part_of(g, b, c)
    g.add((c, RDFS.subClassOf, d))
    part_of(g, d, e)
    g.add((f, RDF.type, OWL.Class))
    edges = class_edges(g)
    assert sorted(edges.part_of) == [("urn:b", "urn:c"), ("urn:d", "urn:e")]
    assert sorted(edges.subclass_of) == [("urn:a", "urn:b"), ("urn:c", "urn:d")]
    out = closure_graph(g)
    assert set(out.objects(a, ANCESTOR_OR_WHOLE)) == {a, b, c, d, e}
    assert set(out.objects(a, ANCESTOR)) == {a, b}
    assert set(out.objects(c, ANCESTOR)) == {c, d}
    assert set(out.objects(f, ANCESTOR_OR_WHOLE)) == set(out.objects(f, ANCESTOR)) == {f}
    assert set(out.objects(e, ANCESTOR_OR_WHOLE)) == {e}  # the whole is not part of its parts


def test_only_part_of_restrictions_are_followed():
    g = Graph()
    a, b = URIRef("urn:a"), URIRef("urn:b")
    restriction = BNode()
    g.add((a, RDFS.subClassOf, restriction))
    g.add((restriction, OWL.onProperty, URIRef(f"{OBO}RO_0002211")))  # regulates: not parthood
    g.add((restriction, OWL.someValuesFrom, b))
    assert (a, ANCESTOR_OR_WHOLE, b) not in set(closure_triples(*class_edges(g)))


USER_PART = """
@prefix bbao: <https://w3id.org/bbao/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://example.org/Step> a owl:Class ; rdfs:label "a step of osteoblast differentiation" ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty obo:BFO_0000050 ; owl:someValuesFrom obo:GO_0001649 ] .
<https://example.org/claim/2> a bbao:BBAO_0000001 ;
    bbao:BBAO_0000116 "top-down" ;
    bbao:BBAO_0000100 obo:CHEBI_33569 ;
    bbao:BBAO_0000101 obo:RO_0002597 ;
    bbao:BBAO_0000102 <https://example.org/Step> ;
    bbao:BBAO_0000103 "negative" .
"""


def test_user_parts_join_the_part_of_closure_so_bone_process_regulators_sees_them(tmp_path: Path):
    user = tmp_path / "user.ttl"
    user.write_text(USER_PART, encoding="utf-8")
    step = "https://example.org/Step"
    store = load_store([user])
    node = pyoxigraph.NamedNode(step)
    wholes = {q.object.value for q in store.quads_for_pattern(node, pyoxigraph.NamedNode(str(ANCESTOR_OR_WHOLE)),
                                                              None)}
    assert {step, str(OSTEOBLAST_DIFFERENTIATION), str(OSSIFICATION)} <= wholes
    assert {q.object.value for q in store.quads_for_pattern(node, pyoxigraph.NamedNode(str(ANCESTOR)), None)} == {
        step}
    query = resolve("bone-process-regulators")
    columns, rows = run(query, store, bind(query, ["process=GO:0001503"]))
    assert ["noradrenaline", "a step of osteoblast differentiation", "https://example.org/claim/2"] in [
        [r[columns.index("regulatorLabel")], r[columns.index("targetLabel")], r[columns.index("claim")]]
        for r in rows]


# The sub-property closure (BBAO:0000055), which the path queries join instead of rdfs:subPropertyOf*.

NEGATIVELY_REGULATES = URIRef(f"{OBO}RO_0002212")
CAUSALLY_RELATED_TO = URIRef(f"{OBO}RO_0002410")


def test_the_sub_property_closure_equals_the_sub_property_path_for_every_object_property(graph):
    closure = shipped_closure()
    assert (NEGATIVELY_REGULATES, SUB_PROPERTY, CAUSALLY_RELATED_TO) in closure
    assert (NEGATIVELY_REGULATES, SUB_PROPERTY, NEGATIVELY_REGULATES) in closure
    for relation in set(graph.subjects(RDF.type, OWL.ObjectProperty)):
        if not isinstance(relation, URIRef) or (relation, RDFS.subPropertyOf, None) not in graph:
            continue
        path = {row[0] for row in graph.query(
            "SELECT ?up WHERE { ?r rdfs:subPropertyOf* ?up . FILTER isIRI(?up) }", initBindings={"r": relation})}
        assert set(closure.objects(relation, SUB_PROPERTY)) == path, relation


USER_RELATION = """
@prefix bbao: <https://w3id.org/bbao/> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://example.org/silences> a owl:ObjectProperty ; rdfs:subPropertyOf obo:RO_0002212 ; rdfs:label "silences" .
<https://example.org/claim/9> a bbao:BBAO_0000001 ;
    bbao:BBAO_0000100 obo:UBERON_0034729 ; bbao:BBAO_0000101 <https://example.org/silences> ;
    bbao:BBAO_0000102 obo:GO_0045453 ; bbao:BBAO_0000103 "negative" ; bbao:BBAO_0000116 "top-down" .
obo:UBERON_0034729 <https://example.org/silences> obo:GO_0045453 .
"""


def test_user_relations_join_the_sub_property_closure_so_path_queries_walk_them(tmp_path: Path):
    user = tmp_path / "user.ttl"
    user.write_text(USER_RELATION, encoding="utf-8")
    store = load_store([user])
    silences = pyoxigraph.NamedNode("https://example.org/silences")
    assert {q.object.value for q in store.quads_for_pattern(silences, pyoxigraph.NamedNode(str(SUB_PROPERTY)), None)} \
        >= {silences.value, str(NEGATIVELY_REGULATES), str(CAUSALLY_RELATED_TO)}
    query = resolve("brain-to-bone-paths")
    columns, rows = run(query, store, bind(query, [f"start={OBO}UBERON_0034729"]))
    steps = [(r[columns.index("relation1Label")], r[columns.index("endLabel")]) for r in rows
             if r[columns.index("steps")] == "1"]
    assert ("silences", "bone resorption") in steps
