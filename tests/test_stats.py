"""bbao stats: the counts of the shipped ontology, and of a small graph built by hand."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao import paths
from bbao.cli import main
from bbao.model import CLAIM_CLASS, FIELD_PROPERTY, iri
from bbao.stats import Stats, compute, format_stats


@pytest.fixture(scope="module")
def shipped(graph) -> Stats:
    return compute(graph)


def source_claims() -> list[dict[str, str]]:
    with (paths.source_dir() / "claims.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_the_shipped_ontology_has_110_claims(shipped):
    assert shipped.claims == 110 == len(source_claims())


def test_claims_per_relation_and_sign_match_the_curated_source(shipped):
    assert shipped.claims_by_relation["RO:0002598 capable of positively regulating"] == 20
    assert shipped.claims_by_relation["RO:0002597 capable of negatively regulating"] == 14
    relations = Counter(row["relation"] for row in source_claims())
    assert {name.split(" ", 1)[0]: n for name, n in shipped.claims_by_relation.items()} == relations
    assert shipped.claims_by_sign == Counter(row["sign"] for row in source_claims())


def test_claims_per_section_are_the_review_headings(shipped):
    assert shipped.claims_by_section["The Core Regulatory Role of the Sympathetic Nervous System"] == 8
    assert sum(shipped.claims_by_section.values()) == shipped.claims


def test_terms_per_ontology(shipped, graph):
    bbao_terms = {t for kind in (OWL.Class, OWL.ObjectProperty, OWL.AnnotationProperty)
                  for t in graph.subjects(RDF.type, kind) if str(t).startswith("https://w3id.org/bbao/BBAO_")}
    assert shipped.minted == shipped.terms_by_ontology["BBAO"] == len(bbao_terms) > 40
    assert shipped.terms_by_ontology["GO"] > 100 and shipped.terms_by_ontology["RO"] > 100
    total = sum(shipped.terms_by_ontology.values())
    assert shipped.external == total - shipped.minted - shipped.terms_by_ontology["other"]


def test_cli_prints_the_counts(capsys, shipped):
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert out == format_stats(shipped) + "\n"
    assert out.startswith("claims: 110\nterms: ")
    assert "\n    20  RO:0002598 capable of positively regulating\n" in out


def hand_built() -> Graph:
    """Two claims of a lab (real BBAC, ChEBI, GO and RO IRIs): one complete, one without section or relation
    label; a GO class, an RO property and a class with no CURIE."""
    g = Graph()
    first, second = iri("BBAC:0000901"), iri("BBAC:0000902")
    for node, relation, sign in ((first, "RO:0002213", "positive"), (second, "RO:0002212", "negative")):
        g.add((node, RDF.type, CLAIM_CLASS))
        g.add((node, FIELD_PROPERTY["subject"], iri("CHEBI:33569")))
        g.add((node, FIELD_PROPERTY["relation"], iri(relation)))
        g.add((node, FIELD_PROPERTY["object"], iri("GO:0001649")))
        g.add((node, FIELD_PROPERTY["sign"], Literal(sign)))
    g.add((first, FIELD_PROPERTY["section"], Literal("Lab results")))
    g.add((iri("RO:0002213"), RDFS.label, Literal("positively regulates")))
    g.add((iri("GO:0001649"), RDF.type, OWL.Class))
    g.add((iri("RO:0002213"), RDF.type, OWL.ObjectProperty))
    g.add((URIRef("https://lab.example.org/class/1"), RDF.type, OWL.Class))
    return g


def test_a_hand_built_graph():
    stats = compute(hand_built())
    assert stats.claims == 2
    assert stats.claims_by_section == Counter({"Lab results": 1, "(none)": 1})
    assert stats.claims_by_relation == Counter({"RO:0002213 positively regulates": 1, "RO:0002212": 1})
    assert stats.claims_by_sign == Counter({"positive": 1, "negative": 1})
    assert stats.terms_by_ontology == Counter({"GO": 1, "RO": 1, "other": 1})
    assert (stats.minted, stats.external) == (0, 2)
    assert format_stats(stats) == "\n".join([
        "claims: 2", "terms: 0 minted (BBAO), 2 external", "", "terms per source ontology:",
        "  GO             1", "  RO             1", "  other          1", "", "claims per review section:",
        "     1  (none)", "     1  Lab results", "", "claims per relation:", "     1  RO:0002212",
        "     1  RO:0002213 positively regulates", "", "claims per sign:", "     1  negative", "     1  positive",
    ])
