"""bbao stats: the counts of the shipped ontology, and of a small graph built by hand."""

from __future__ import annotations

import types
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao import paths
from bbao.cli import main
from bbao.coverage import COVERAGE_COLUMNS
from bbao.model import CLAIM_CLASS, FIELD_PROPERTY, KNOWLEDGE_LEVELS, iri
from bbao.prefixes import compress, expand
from bbao.stats import Coverage, Stats, compute, format_stats, read_coverage_summary


@pytest.fixture(scope="module")
def shipped(graph) -> Stats:
    return compute(graph)


def count_per(graph: Graph, field: str) -> Counter[str]:
    """Claims per value of a claim field, counted by SPARQL over ``graph`` (values as CURIE-less strings)."""
    query = (f"SELECT ?value (COUNT(DISTINCT ?claim) AS ?n) WHERE {{ ?claim a <{CLAIM_CLASS}> ; "
             f"<{FIELD_PROPERTY[field]}> ?value }} GROUP BY ?value")
    return Counter({str(row[0]): int(row[1]) for row in graph.query(query)})


def test_the_shipped_ontology_counts_every_claim(shipped, graph):
    assert shipped.claims == len(set(graph.subjects(RDF.type, CLAIM_CLASS))) > 100


def test_claims_per_relation_and_sign_are_sparql_counts_over_the_shipped_graph(shipped, graph):
    relations = {compress(iri): n for iri, n in count_per(graph, "relation").items()}
    assert {name.split(" ", 1)[0]: n for name, n in shipped.claims_by_relation.items()} == relations
    assert shipped.claims_by_relation[f"RO:0002598 {graph.value(URIRef(expand('RO:0002598')), RDFS.label)}"] == \
        relations["RO:0002598"] > 5
    assert shipped.claims_by_sign == count_per(graph, "sign")


def test_claims_per_section_are_the_review_headings(shipped, graph):
    assert shipped.claims_by_section == count_per(graph, "section")
    assert shipped.claims_by_section["The Core Regulatory Role of the Sympathetic Nervous System"] > 3
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
    assert out.startswith(f"claims: {shipped.claims}\nterms: ")
    positive = shipped.claims_by_relation["RO:0002598 capable of positively regulating"]
    assert f"\n  {positive:>4}  RO:0002598 capable of positively regulating\n" in out


LEVELS_QUERY = """
PREFIX bbao: <https://w3id.org/bbao/>
SELECT ?level (COUNT(DISTINCT ?claim) AS ?claims)
WHERE { ?claim a bbao:BBAO_0000001 ; bbao:BBAO_0000118 ?level }
GROUP BY ?level
"""


def test_claims_per_knowledge_level_are_a_sparql_count_over_the_shipped_graph(shipped, graph):
    counted = {str(row[0]): int(row[1]) for row in graph.query(LEVELS_QUERY)}
    assert set(counted) <= set(KNOWLEDGE_LEVELS)
    assert {level: n for level, n in shipped.claims_by_level.items() if n} == counted
    assert sum(counted.values()) == shipped.claims
    assert list(shipped.claims_by_level) == list(KNOWLEDGE_LEVELS)  # every level, zero included, in order


def test_cli_prints_the_counts_per_knowledge_level(capsys, graph):
    counted = {str(row[0]): int(row[1]) for row in graph.query(LEVELS_QUERY)}
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    established = counted.get("established", 0)
    block = out[out.index("claims per knowledge level"):].splitlines()
    assert block[0] == (f"claims per knowledge level ({established} established, OWL axioms; "
                        f"{sum(counted.values()) - established} not established, in the tentative relation graph):")
    assert block[1:] == [f"  {counted.get(level, 0):>4}  {level}" for level in KNOWLEDGE_LEVELS]


def coverage_source(tmp_path: Path, rows: list[list[str]]) -> Path:
    """A source folder holding only coverage.tsv: what the curated source's loader gives is stubbed."""
    folder = tmp_path / "src"
    folder.mkdir()
    lines = ["\t".join(COVERAGE_COLUMNS)] + ["\t".join(row) for row in rows]
    (folder / "coverage.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_the_review_statements_of_the_coverage_table(tmp_path, monkeypatch):
    folder = coverage_source(tmp_path, [
        ["S001", "abstract", "The central nervous system regulates bone remodeling", "BBAC:0000001", "covered", ""],
        ["S002", "abstract", "the skeletal system modulates brain development", "BBAC:0000002", "covered", ""],
        ["S003", "abstract", "This review summarizes", "", "out_of_scope", "says what the review does"],
    ])
    source = types.SimpleNamespace(directory=folder, sections={"abstract": None})
    monkeypatch.setattr("bbao.source.load_source", lambda directory: source)
    coverage = read_coverage_summary(folder)
    assert coverage == Coverage({"statements": 3, "covered": 2, "out_of_scope": 1})
    stats = compute(Graph(), source_dir=folder)
    assert format_stats(stats).splitlines()[:3] == [
        "claims: 0", "terms: 0 minted (BBAO), 0 external",
        "review statements: 3 (2 covered by claims, 1 out of scope)"]


def test_a_defective_coverage_table_is_not_counted(tmp_path, monkeypatch):
    folder = coverage_source(tmp_path, [["S001", "no such section", "words", "BBAC:0000001", "covered", ""]])
    monkeypatch.setattr("bbao.source.load_source",
                        lambda directory: types.SimpleNamespace(directory=folder, sections={"abstract": None}))
    assert read_coverage_summary(folder) == Coverage({}, "1 problems in coverage.tsv (`bbao build` lists them)")


def test_a_source_that_does_not_load_leaves_the_statements_uncounted(tmp_path):
    folder = coverage_source(tmp_path, [])  # no terms.tsv, claims.tsv nor metadata.toml beside it
    coverage = read_coverage_summary(folder)
    assert coverage is not None and coverage.counts == {}
    assert coverage.problem == "the curated source does not load (3 problems; `bbao build` lists them)"
    assert "review statements: not counted: the curated source does not load" in format_stats(
        compute(Graph(), source_dir=folder))


def test_without_a_coverage_table_there_is_no_statement_line(tmp_path):
    assert read_coverage_summary(tmp_path) is None
    assert "review statements" not in format_stats(compute(Graph(), source_dir=tmp_path))
    if not (paths.source_dir() / "coverage.tsv").is_file():
        assert compute(Graph()).coverage is None


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
    g.add((first, FIELD_PROPERTY["knowledge_level"], Literal("hypothesis")))
    g.add((iri("RO:0002213"), RDFS.label, Literal("positively regulates")))
    g.add((iri("GO:0001649"), RDF.type, OWL.Class))
    g.add((iri("RO:0002213"), RDF.type, OWL.ObjectProperty))
    g.add((URIRef("https://lab.example.org/class/1"), RDF.type, OWL.Class))
    return g


def test_a_hand_built_graph():
    stats = compute(hand_built(), coverage=False)
    assert stats.claims == 2
    assert stats.claims_by_section == Counter({"Lab results": 1, "(none)": 1})
    assert stats.claims_by_relation == Counter({"RO:0002213 positively regulates": 1, "RO:0002212": 1})
    assert stats.claims_by_sign == Counter({"positive": 1, "negative": 1})
    assert stats.terms_by_ontology == Counter({"GO": 1, "RO": 1, "other": 1})
    assert (stats.minted, stats.external) == (0, 2)
    assert +stats.claims_by_level == Counter({"hypothesis": 1, "(none)": 1}) and stats.coverage is None
    assert format_stats(stats) == "\n".join([
        "claims: 2", "terms: 0 minted (BBAO), 2 external", "", "terms per source ontology:",
        "  GO             1", "  RO             1", "  other          1", "", "claims per review section:",
        "     1  (none)", "     1  Lab results", "", "claims per relation:", "     1  RO:0002212",
        "     1  RO:0002213 positively regulates", "", "claims per sign:", "     1  negative", "     1  positive",
        "", "claims per knowledge level (0 established, OWL axioms; 2 not established, in the tentative relation "
        "graph):", "     0  established", "     0  association", "     0  clinical_observation",
        "     0  experimental_finding", "     1  hypothesis", "     0  future_direction", "     1  (none)",
    ])


def test_the_release_counts_its_mechanisms_steps_and_links(graph):
    from bbao.mechanisms import read_mechanisms
    from bbao.source import load_source

    source = load_source(paths.source_dir())
    mechanisms = read_mechanisms(source, []) or []
    stats = compute(graph, coverage=False)
    steps = sum(len(m.steps) for m in mechanisms)
    links = len({(up, s.claim) for m in mechanisms for s in m.steps for up in s.upstream})
    assert (stats.mechanisms, stats.mechanism_steps, stats.step_links) == (len(mechanisms), steps, links)
    assert f"mechanisms: {len(mechanisms)} ({steps} steps, {links} links between steps)" in format_stats(stats)
