"""The VoID/DCAT description: every number matches the artifacts it describes, counted independently."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SH, VOID, XSD

from bbao import paths
from bbao.artifacts import ARTIFACT
from bbao.prefixes import expand
from bbao.store import load_store
from bbao.void import DATASETS, Statistics, artifact_header, describe, links

ONTOLOGY = URIRef("https://w3id.org/bbao/bbao.owl")
RELATION_GRAPH = URIRef("https://w3id.org/bbao/bbao-relation-graph.ttl")
CLOSURE = URIRef("https://w3id.org/bbao/bbao-closure.ttl")
BASE = URIRef("https://w3id.org/bbao/bbao-base.owl")
DOC = "https://w3id.org/bbao/bbao-void.ttl#"


@pytest.fixture(scope="module")
def void() -> Graph:
    return Graph().parse(paths.ontology_dir() / "bbao-void.ttl")


@pytest.fixture(scope="module")
def metadata() -> dict:
    return tomllib.loads((paths.source_dir() / "metadata.toml").read_text(encoding="utf-8"))["ontology"]


def number(void: Graph, node: URIRef, prop: URIRef) -> int:
    value = void.value(node, prop)
    assert value is not None, (node, prop)
    return int(value)


def test_triple_counts_match_the_files(void):
    nt_lines = (paths.ontology_dir() / "bbao.nt").read_text(encoding="utf-8").splitlines()
    assert number(void, ONTOLOGY, VOID.triples) == len([line for line in nt_lines if line.strip()])
    relation = Graph().parse(paths.ontology_dir() / "bbao-relation-graph.ttl")
    assert number(void, RELATION_GRAPH, VOID.triples) == len(relation)
    base = Graph().parse(paths.ontology_dir() / "bbao-base.ttl")
    assert number(void, BASE, VOID.triples) == len(base)
    closure = Graph().parse(paths.ontology_dir() / "bbao-closure.ttl")
    assert number(void, CLOSURE, VOID.triples) == len(closure)
    assert (ONTOLOGY, VOID.subset, CLOSURE) in void


def test_classes_properties_and_claims_are_counted(void, graph):
    classes = {s for s in graph.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    assert number(void, ONTOLOGY, VOID.classes) == len(classes)
    assert number(void, ONTOLOGY, VOID.properties) == len(set(graph.predicates()))
    with (paths.source_dir() / "claims.tsv").open(encoding="utf-8") as handle:
        claims = sum(1 for row in csv.DictReader(handle, delimiter="\t") if row["id"])
    partition = next(void.subjects(VOID["class"], URIRef(expand("BBAO:0000001"))))
    assert (ONTOLOGY, VOID.classPartition, partition) in void
    assert number(void, partition, VOID.entities) == claims


def test_one_linkset_per_target_ontology_counted_by_sparql(void):
    store = pyoxigraph.Store()
    store.load(path=str(paths.ontology_dir() / "bbao.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    targets = {}
    for linkset in void.subjects(VOID.subjectsTarget, ONTOLOGY):
        if void.value(linkset, VOID.linkPredicate) is None:
            targets[str(void.value(void.value(linkset, VOID.objectsTarget), DCTERMS.title))] = linkset
    assert {"GO", "CHEBI", "UBERON", "CL", "MONDO", "HGNC", "PR", "ECO"} <= set(targets)
    go = targets["GO"]
    assert void.value(go, VOID.objectsTarget) == URIRef("http://purl.obolibrary.org/obo/go.owl")
    query = """SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o .
      FILTER(STRSTARTS(STR(?s), "https://w3id.org/bbao/")
             && STRSTARTS(STR(?o), "http://purl.obolibrary.org/obo/GO_")) }"""
    assert number(void, go, VOID.triples) == int(next(iter(store.query(query)))["n"].value)
    parts = list(void.objects(go, VOID.subset))
    assert sum(number(void, p, VOID.triples) for p in parts) == number(void, go, VOID.triples)
    predicates = {void.value(p, VOID.linkPredicate) for p in parts}
    assert URIRef(expand("BBAO:0000102")) in predicates  # claim object
    assert URIRef("http://www.w3.org/2004/02/skos/core#relatedMatch") in predicates
    hgnc = void.value(targets["HGNC"], VOID.objectsTarget)
    assert str(void.value(hgnc, VOID.uriSpace)) == "http://identifiers.org/hgnc/"


def test_distributions_are_the_artifacts_with_media_type_and_size(void):
    files = {}
    for dist in void.subjects(RDF.type, DCAT.Distribution):
        files[str(void.value(dist, DCTERMS.title))] = dist
    expected = {
        "bbao.owl": "application/rdf+xml", "bbao.ttl": "text/turtle", "bbao.nt": "application/n-triples",
        "bbao.jsonld": "application/ld+json", "bbao.json": "application/json",  # OBO Graphs JSON of the full product
        "bbao-base.owl": "application/rdf+xml", "bbao-base.ttl": "text/turtle",
        "bbao-relation-graph.ttl": "text/turtle", "bbao-tentative-relation-graph.ttl": "text/turtle",
        "bbao-closure.ttl": "text/turtle",
        "bbao.sssom.tsv": "text/tab-separated-values",
    }
    assert set(files) == set(expected)
    for name, media in expected.items():
        dist = files[name]
        path = ARTIFACT[name].path()
        assert number(void, dist, DCAT.byteSize) == path.stat().st_size, name
        assert str(void.value(dist, DCAT.mediaType)).endswith("/" + media)
        assert str(void.value(dist, DCAT.downloadURL)) == f"https://w3id.org/bbao/{name}"
    assert (ONTOLOGY, DCAT.distribution, files["bbao.owl"]) in void
    assert (BASE, DCAT.distribution, files["bbao-base.owl"]) in void


def test_version_license_and_no_other_date(void, metadata):
    version = metadata["version"]
    assert (ONTOLOGY, URIRef(f"{DCAT}version"), Literal(version)) in void
    assert (ONTOLOGY, DCTERMS.license, URIRef(metadata["license"])) in void
    assert (ONTOLOGY, RDF.type, VOID.Dataset) in void and (ONTOLOGY, RDF.type, DCAT.Dataset) in void
    dates = {str(o) for o in void.objects() if isinstance(o, Literal) and o.datatype == XSD.date}
    assert dates == {version}
    assert (ONTOLOGY, VOID.subset, RELATION_GRAPH) in void


def test_example_query_runs_and_finds_the_ossification_regulators(void, graph):
    example = URIRef(DOC + "example-ossification-regulators")
    assert (example, RDF.type, SH.SPARQLSelectExecutable) in void
    query = str(void.value(example, SH.select))
    rows = list(load_store().query(query, use_default_graph_as_union=True))
    regulators = {r["regulator"].value for r in rows}
    ossification = set(graph.transitive_subjects(RDFS.subClassOf, URIRef(expand("GO:0001503"))))
    with (paths.source_dir() / "claims.tsv").open(encoding="utf-8") as handle:
        expected = {expand(row["subject"]) for row in csv.DictReader(handle, delimiter="\t")
                    if URIRef(expand(row["object"])) in ossification}
    assert regulators == expected and expand("PR:000011387") in regulators  # neuropeptide Y


META = {
    "iri": "https://example.org/onto/bbao.owl", "version": "2026-02-03", "title": "Test Ontology",
    "version_iri_template": "https://example.org/onto/releases/{version}/bbao.owl", "description": "A  test.",
    "license": "https://creativecommons.org/licenses/by/4.0/", "source_doi": "10.1/x", "creators": ["A. Curator"],
}
EX = "https://w3id.org/bbao/"


def small_graph() -> Graph:
    g = Graph()
    claim = URIRef(EX + "BBAC_0000001")
    g.add((claim, RDF.type, URIRef(expand("BBAO:0000001"))))
    g.add((claim, URIRef(expand("BBAO:0000102")), URIRef(expand("GO:0001649"))))
    g.add((claim, URIRef(expand("BBAO:0000100")), URIRef(expand("CHEBI:33569"))))
    g.add((URIRef(expand("GO:0001649")), RDF.type, OWL.Class))
    g.add((URIRef(expand("GO:0001649")), RDFS.label, Literal("osteoblast differentiation")))
    return g


def test_dataset_iris_come_from_the_metadata_iri():
    void = describe(META, {"full": small_graph()}, {"closure": {Path("x/bbao-closure.ttl"): b"12345"}})
    for product, file in (("full", "bbao.owl"), ("base", "bbao-base.owl"), ("mappings", "bbao.sssom.tsv"),
                          ("closure", "bbao-closure.ttl"), ("relation-graph", "bbao-relation-graph.ttl"),
                          ("tentative-relation-graph", "bbao-tentative-relation-graph.ttl")):
        assert (URIRef(f"https://example.org/onto/{file}"), RDF.type, VOID.Dataset) in void, product
    dist = URIRef("https://example.org/onto/bbao-void.ttl#bbao-closure.ttl")
    assert (dist, DCAT.byteSize, Literal(5, datatype=XSD.nonNegativeInteger)) in void
    assert (dist, DCAT.accessURL, URIRef("https://example.org/onto/releases/2026-02-03/bbao-closure.ttl")) in void
    assert str(void.value(dist, DCAT.mediaType)).endswith("/text/turtle")
    assert len(DATASETS) == 6


def test_statistics_count_what_the_artifact_holds():
    g = small_graph()
    items = BNode()
    g.add((items, RDF.type, RDF.List))  # dropped by the writers: not counted
    g.add((items, RDF.first, URIRef(expand("GO:0001649"))))
    g.add((items, RDF.rest, RDF.nil))
    stats = Statistics(g)
    assert stats.triples == len(g) - 1 == 7  # rdf:type rdf:List is not counted
    assert (stats.entities, stats.classes, stats.subjects) == (2, 1, 3)
    assert stats.properties == len(set(g.predicates()))
    assert stats.types[URIRef(expand("BBAO:0000001"))] == 1 and RDF.List in stats.type_objects
    assert Statistics(list(g) + list(g)).triples == 7  # a triple counts once


def test_links_count_bbao_resources_pointing_at_public_terms():
    found = links(small_graph())
    assert found["GO"][URIRef(expand("BBAO:0000102"))] == 1 and found["CHEBI"][URIRef(expand("BBAO:0000100"))] == 1
    assert "BBAO" not in found  # its own class is no link


def test_artifact_header_of_a_product():
    triples = artifact_header(META, "relation-graph", "relation graph", "One triple per claim.")
    node = URIRef("https://example.org/onto/bbao-relation-graph.ttl")
    assert (node, RDF.type, OWL.Ontology) in triples
    assert (node, DCTERMS.title, Literal("Brain-Bone Axis Ontology: relation graph", lang="en")) in triples
    assert (node, OWL.versionIRI, URIRef("https://example.org/onto/releases/2026-02-03/bbao-relation-graph.ttl")) \
        in triples
    assert (node, OWL.versionInfo, Literal("2026-02-03")) in triples
