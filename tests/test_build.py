"""The ontology's content: the review's claims in all three views, with real IRIs, and its metadata; the
build itself: byte-identical output, the base product, the prefix context without Bioregistry."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from bbao import paths, prefixes
from bbao.artifacts import ARTIFACT, product
from bbao.build import BUILT, build
from bbao.model import ALLOWED_RELATIONS, CLAIM_CLASS, FIELD_PROPERTY, OBOINOWL, RELATION_KINDS
from bbao.prefixes import expand
from bbao.release import MANIFEST, write_release

F = FIELD_PROPERTY
RELATION_GRAPH = ARTIFACT["bbao-relation-graph.ttl"].file
FULL = [a.file for a in product("full") if a.syntax is not None]  # the RDF files (bbao.json is OBO Graphs)


def u(curie: str) -> URIRef:
    return URIRef(expand(curie))


def claims(graph, subject, relation, obj, **context):
    """Claim individuals with this subject/relation/object and every given context value."""
    found = []
    for c in graph.subjects(RDF.type, CLAIM_CLASS):
        if (c, F["subject"], u(subject)) not in graph or (c, F["relation"], u(relation)) not in graph:
            continue
        if (c, F["object"], u(obj)) not in graph:
            continue
        ok = True
        for field, value in context.items():
            term = Literal(value) if field in ("site", "developmental_context", "sign", "knowledge_level") else u(value)
            ok &= (c, F[field], term) in graph
        if ok:
            found.append(c)
    return found


def axiom_annotations(graph, subject, relation, obj):
    """The owl:Axiom nodes annotating 'subject SubClassOf relation some obj'."""
    out = []
    for restriction in graph.objects(u(subject), RDFS.subClassOf):
        if isinstance(restriction, BNode) and (restriction, OWL.onProperty, u(relation)) in graph \
                and (restriction, OWL.someValuesFrom, u(obj)) in graph:
            out += list(graph.subjects(OWL.annotatedTarget, restriction))
    return out


def test_norepinephrine_via_beta2_receptor(graph, relation_graph):
    inhibit = claims(graph, "CHEBI:33569", "RO:0002597", "GO:0001649", receptor="PR:000001193", sign="negative")
    promote = claims(graph, "CHEBI:33569", "RO:0002598", "GO:0030316", mediator="PR:000002107", sign="positive")
    assert inhibit and promote
    assert (u("CHEBI:33569"), u("RO:0002597"), u("GO:0001649")) in relation_graph
    assert (u("CHEBI:33569"), u("RO:0002598"), u("GO:0030316")) in relation_graph
    axioms = axiom_annotations(graph, "CHEBI:33569", "RO:0002597", "GO:0001649")
    assert axioms and all((a, F["evidence"], u("ECO:0000304")) in graph for a in axioms)
    assert any((a, F["receptor"], u("PR:000001193")) in graph for a in axioms)
    assert claims(graph, "CHEBI:33569", "RO:0018027", "PR:000001193")  # NE activates the beta-2 receptor


def test_central_and_peripheral_leptin_are_two_claims(graph):
    central = claims(graph, "PR:000009758", "RO:0002597", "GO:0033687", site="central", receptor="BBAO:0000027",
                     receptor_location="UBERON:0001932", mediator="UBERON:0000013")
    peripheral = claims(graph, "PR:000009758", "RO:0002598", "GO:0001649", site="peripheral", cell_context="CL:0000062",
                        receptor_location="CL:0000062")
    assert len(central) == 1 and len(peripheral) == 1 and central != peripheral
    assert (central[0], F["site"], Literal("peripheral")) not in graph
    assert claims(graph, "PR:000009758", "RO:0002597", "GO:0007218", site="central")  # leptin restrains NPY


def test_npy_receptors_are_placed_where_the_review_puts_them(graph):
    """"Peripherally, NPY binds to Y1 receptors on osteoblasts": the Y1 receptor's location is the osteoblast;
    centrally NPY acts via Y2 in the central nervous system, and the osteoblast is only where the effect lands."""
    y1 = claims(graph, "PR:000011387", "RO:0002597", "GO:0001649", receptor="BBAO:0000028", site="peripheral")
    y2 = claims(graph, "PR:000011387", "RO:0002597", "GO:0001503", receptor="BBAO:0000029", site="central")
    assert len(y1) == len(y2) == 1
    assert set(graph.objects(y1[0], F["receptor_location"])) == {u("CL:0000062")}
    assert set(graph.objects(y2[0], F["receptor_location"])) == {u("UBERON:0001017")}


def test_ucoc_acts_through_gpr158_in_hippocampus_and_midbrain(graph):
    ucoc = "BBAO:0000010"
    assert (u(ucoc), RDFS.label, Literal("undercarboxylated osteocalcin")) in graph
    assert (u(ucoc), RDFS.subClassOf, u("PR:000030444")) in graph  # a form of the protein osteocalcin
    binding = claims(graph, ucoc, "RO:0002436", "BBAO:0000042", receptor_location="UBERON:0002421")
    assert binding and (binding[0], F["receptor_location"], u("UBERON:0001891")) in graph
    memory = claims(graph, ucoc, "RO:0002598", "BBAO:0000013", receptor="BBAO:0000042", developmental_context="adult")
    assert memory
    assert claims(graph, ucoc, "RO:0000056", "BBAO:0000014")  # crosses the blood-brain barrier


def test_fgf23_knockout_mouse_evidence_for_ltp(graph, relation_graph):
    """An experimental finding: the knockout is reported evidence, the claim is no OWL axiom."""
    ltp = claims(graph, "PR:000007493", "RO:0002598", "GO:0060291", evidence="ECO:0000304",
                 reported_evidence="ECO:0001091", taxon="NCBITaxon:10090", knowledge_level="experimental_finding")
    assert len(ltp) == 1
    assert (ltp[0], F["anatomical_context"], u("UBERON:0002421")) in graph
    assert not axiom_annotations(graph, "PR:000007493", "RO:0002598", "GO:0060291")
    assert (u("PR:000007493"), u("RO:0002598"), u("GO:0060291")) not in relation_graph


def test_nasu_hakola_caused_by_trem2_or_tyrobp(graph, relation_graph):
    """"caused by mutations in the TREM2 or DAP12 genes": one axiom whose filler is the union of both genes."""
    assert claims(graph, "MONDO:0009092", "RO:0004003", "BBAO:0000064")
    assert (u("MONDO:0009092"), u("RO:0004003"), u("BBAO:0000064")) in relation_graph
    union = graph.value(u("BBAO:0000064"), OWL.equivalentClass)
    from rdflib.collection import Collection

    assert set(Collection(graph, graph.value(union, OWL.unionOf))) == {u("HGNC:17761"), u("HGNC:12449")}
    assert claims(graph, "MONDO:0009092", "RO:0002200", "HP:0012062")  # bone cysts
    assert claims(graph, "MONDO:0009092", "RO:0002200", "HP:0000726")  # dementia


def test_anti_rankl_antibodies_for_osteoporosis(graph):
    """The review names a class, "monoclonal antibodies against RANKL (e.g., denosumab)": the class is the
    subject, denosumab its example; what they do for osteoporosis is a prospect."""
    assert (u("BBAO:0000022"), RDFS.label, Literal("denosumab")) in graph
    assert (u("BBAO:0000022"), RDFS.subClassOf, u("BBAO:0000062")) in graph
    treats = claims(graph, "BBAO:0000062", "RO:0003307", "MONDO:0005298", sign="negative", example="BBAO:0000022")
    assert treats and (treats[0], F["knowledge_level"], Literal("hypothesis")) in graph
    assert claims(graph, "BBAO:0000062", "RO:0002597", "GO:0045453", example="BBAO:0000022")
    # RANKL is a ligand, not a receptor: the antibody directly lowers its activity, it is no antagonist of it
    assert claims(graph, "BBAO:0000062", "RO:0002449", "PR:000002107")
    assert not list(graph.subjects(F["relation"], u("RO:0018029"))) or all(
        graph.value(c, F["object"]) != u("PR:000002107") for c in graph.subjects(F["relation"], u("RO:0018029")))


@pytest.mark.parametrize(
    "subject, relation, obj",
    [
        ("PR:000011387", "RO:0002597", "GO:0001503"),  # central NPY via Y2
        ("PR:000011387", "RO:0002597", "GO:0001649"),  # peripheral NPY via Y1
        ("PR:000001175", "RO:0002598", "GO:0001649"),  # D1 receptor
        ("PR:000001177", "RO:0002597", "GO:0030316"),  # D2 receptor
        ("UBERON:0004293", "RO:0002598", "GO:0001503"),  # parasympathetic nerve
        ("PR:000030444", "RO:0000056", "BBAO:0000015"),  # maternal osteocalcin crosses the placenta
        ("MONDO:0858950", "RO:0003304", "MONDO:0005298"),  # TBI and osteoporosis
        ("MONDO:0858950", "BBAO:0000050", "BBAO:0000012"),  # TBI accelerates fracture healing
        ("MONDO:0011122", "BBAO:0000051", "GO:0001503"),  # obesity reduces bone formation
        ("BBAO:0000060", "RO:0003309", "MONDO:0800486"),  # SSRIs
        ("BBAO:0000061", "RO:0003309", "MONDO:0800486"),  # antiepileptics
        ("BBAO:0000023", "RO:0018027", "BBAO:0000046"),  # TREM2 agonist antibody, on the TREM2 protein
    ],
)
def test_established_claims_in_all_three_views(graph, relation_graph, subject, relation, obj):
    found = claims(graph, subject, relation, obj, knowledge_level="established")
    assert found
    assert axiom_annotations(graph, subject, relation, obj)
    assert (u(subject), u(relation), u(obj)) in relation_graph


@pytest.mark.parametrize(
    "subject, relation, obj, level",
    [
        ("BBAO:0000043", "RO:0002597", "GO:0045453", "experimental_finding"),  # sensory Sema3A (knockout mice)
        ("BBAO:0000065", "RO:0020333", "MONDO:0001627", "association"),  # high FGF23 in CKD and dementia
        ("MONDO:0004975", "RO:0002200", "HP:0004349", "clinical_observation"),  # AD and bone density
        ("MONDO:0005180", "RO:0003304", "MONDO:0005298", "association"),  # PD and osteoporosis
        ("MONDO:0005351", "RO:0003304", "MONDO:0005315", "association"),  # anorexia and fractures
        ("BBAO:0000063", "RO:0003307", "MONDO:0005298", "hypothesis"),  # β-AR antagonist + PTH, a prospect
        ("BBAO:0000024", "RO:0003307", "MONDO:0858950", "hypothesis"),  # "neurorestorative potential"
        ("BBAO:0000023", "RO:0003307", "MONDO:0004975", "hypothesis"),  # "providing new ideas"
    ],
)
def test_claims_not_stated_as_established_are_no_axioms(graph, relation_graph, subject, relation, obj, level):
    """What the review hedges keeps its level: a reified claim and a triple of the tentative relation graph,
    never an OWL axiom the reasoner classifies from, nor a triple of the relation graph."""
    from bbao.artifacts import parse_product

    found = claims(graph, subject, relation, obj, knowledge_level=level)
    assert found
    assert not axiom_annotations(graph, subject, relation, obj)
    assert (u(subject), u(relation), u(obj)) not in relation_graph
    tentative = parse_product("tentative-relation-graph")
    assert (u(subject), u(relation), u(obj)) in tentative
    markers = list(tentative.subjects(F["claim"], found[0]))
    assert len(markers) == 1 and (markers[0], F["knowledge_level"], Literal(level)) in tentative


def test_the_combination_is_one_entity_with_its_own_claim(graph):
    """"Combining β2-AR antagonists (e.g., propranolol) with PTH can synergistically promote bone formation":
    one combination class with both active ingredients, the drug class and not its example."""
    combination = u("BBAO:0000063")
    parts = {graph.value(r, OWL.someValuesFrom) for r in graph.objects(combination, RDFS.subClassOf)
             if (r, OWL.onProperty, u("RO:0002248")) in graph}
    assert parts == {u("BBAO:0000049"), u("PR:000013429")}
    assert claims(graph, "BBAO:0000063", "RO:0002598", "GO:0001503", example="CHEBI:8499")
    assert not claims(graph, "PR:000013429", "RO:0002598", "GO:0001503")  # PTH alone: the review does not say it
    assert not claims(graph, "CHEBI:8499", "RO:0002598", "GO:0001503")  # nor propranolol alone


def test_drug_classes_are_the_subjects_where_the_review_names_a_class(graph):
    """A ChEBI pharmacological class is a role; the review's β-AR agonists, SSRIs and antiepileptics are the
    chemicals that have the role, defined classes of BBAO."""
    for drug_class, role in (("BBAO:0000048", "CHEBI:35522"), ("BBAO:0000049", "CHEBI:35530"),
                             ("BBAO:0000060", "CHEBI:50949"), ("BBAO:0000061", "CHEBI:35623")):
        definition = graph.value(u(drug_class), OWL.equivalentClass)
        assert definition is not None, drug_class
        from rdflib.collection import Collection

        members = list(Collection(graph, graph.value(definition, OWL.intersectionOf)))
        assert u("CHEBI:24431") in members
        assert any((m, OWL.someValuesFrom, u(role)) in graph and (m, OWL.onProperty, u("RO:0000087")) in graph
                   for m in members), drug_class
    for role in ("CHEBI:35522", "CHEBI:35530", "CHEBI:50949", "CHEBI:35623"):
        assert not list(graph.subjects(F["subject"], u(role))), role


def test_osteocalcin_is_the_protein_and_its_gene_stays_a_gene(graph):
    osteocalcin = u("PR:000030444")
    assert (osteocalcin, RDFS.label, Literal("osteocalcin")) in graph
    assert graph.value(u("HGNC:1043"), RDFS.label) == Literal("BGLAP")
    assert any((r, OWL.onProperty, u("RO:0002204")) in graph and (r, OWL.someValuesFrom, u("HGNC:1043")) in graph
               for r in graph.objects(osteocalcin, RDFS.subClassOf))
    labels = {str(graph.value(c, RDFS.label)) for c in graph.subjects(RDF.type, CLAIM_CLASS)}
    assert not any("BGLAP" in label for label in labels)
    assert not any(" disease disease " in label for label in labels)
    assert any(label.startswith("Alzheimer disease has ") for label in labels)


def test_every_claim_has_every_field_and_its_views(graph, relation_graph):
    from bbao.artifacts import parse_product

    tentative = parse_product("tentative-relation-graph")
    ids = list(graph.subjects(RDF.type, CLAIM_CLASS))
    assert len(ids) >= 45
    sections = {str(graph.value(c, F["section"])) for c in ids}
    for heading in ("The Core Regulatory Role of the Sympathetic Nervous System",
                    "“Bottom-Up” Regulation of the Brain by Bone",
                    "Neurodegenerative Diseases and Abnormal Bone Metabolism", "Treatment of Skeletal Diseases"):
        assert heading in sections
    doi = URIRef("https://doi.org/10.26717/BJSTR.2026.64.010076")
    for c in ids:
        s, r, o = (graph.value(c, F[k]) for k in ("subject", "relation", "object"))
        assert None not in (s, r, o) and s != o
        assert str(graph.value(c, F["sign"])) in ("positive", "negative", "none")
        assert str(graph.value(c, F["sign"])) == str(graph.value(r, F["sign"]))  # the predicate carries the sign
        assert str(graph.value(c, F["evidence"])).startswith("http://purl.obolibrary.org/obo/ECO_")
        assert graph.value(c, F["excerpt"]) and graph.value(c, F["section"]) and graph.value(c, F["direction"])
        assert (c, DCTERMS.source, doi) in graph
        assert re.fullmatch(r"BBAC:\d{7}", str(graph.value(c, DCTERMS.identifier)))
        level = str(graph.value(c, F["knowledge_level"]))
        biolink = URIRef("https://w3id.org/biolink/vocab/knowledge_level")
        assert (c, biolink, None) in graph and (c, URIRef("https://w3id.org/biolink/vocab/agent_type"),
                                                Literal("manual_agent")) in graph
        stated = any((a, F["claim"], c) in graph for a in graph.subjects(OWL.annotatedSource, s))
        if level == "established":
            assert (s, r, o) in relation_graph and stated
        else:
            assert (s, r, o) in tentative and not stated


def test_relation_graph_answers_plain_sparql():
    store = pyoxigraph.Store()
    store.load(path=str(paths.ontology_dir() / RELATION_GRAPH), format=pyoxigraph.RdfFormat.TURTLE)
    rows = {s["x"].value for s in store.query("SELECT ?x { ?x ?p <http://purl.obolibrary.org/obo/GO_0001649> }")}
    assert {expand("CHEBI:33569"), expand("PR:000009758"), expand("PR:000011387"), expand("PR:000001175")} <= rows


def test_relation_graph_is_kept_out_of_the_owl_file(graph):
    assert (u("CHEBI:33569"), u("RO:0002597"), u("GO:0001649")) not in graph


def test_negative_claims_use_negative_relations(relation_graph, graph):
    """The sign is readable from the relation-graph predicate alone, and agrees with every claim."""
    header = URIRef("https://w3id.org/bbao/bbao-relation-graph.ttl")
    edges = [(s, p, o) for s, p, o in relation_graph if s != header]
    assert len(edges) >= 90
    for s, p, o in edges:
        sign = str(graph.value(p, F["sign"]))
        assert sign in ("positive", "negative", "none"), p
        for c in graph.subjects(F["subject"], s):
            if (c, F["relation"], p) in graph and (c, F["object"], o) in graph:
                assert str(graph.value(c, F["sign"])) == sign, c
    negative = {p for _, p, _ in edges if str(graph.value(p, F["sign"])) == "negative"}
    assert {u("RO:0002597"), u("RO:0003307"), u("BBAO:0000051"), u("RO:0018029")} <= negative


def test_bbao_relations_are_subproperties_of_ro(graph):
    for curie in ("BBAO:0000050", "BBAO:0000051"):
        assert (u(curie), RDFS.subPropertyOf, u("RO:0004023")) in graph
        assert (u(curie), RDF.type, OWL.ObjectProperty) in graph


def test_minted_terms_follow_obo_conventions(graph):
    minted = {s for s in graph.subjects(RDF.type, None) if str(s).startswith("https://w3id.org/bbao/BBAO_")}
    assert len(minted) >= 30
    for term in minted:
        assert re.fullmatch(r"https://w3id\.org/bbao/BBAO_\d{7}", str(term))
        assert len(list(graph.objects(term, RDFS.label))) == 1, term
        assert graph.value(term, u("IAO:0000115")), term
        assert graph.value(term, u("IAO:0000119")), term
        if (term, RDF.type, OWL.Class) in graph:
            assert any(isinstance(p, URIRef) for p in graph.objects(term, RDFS.subClassOf)), term
            predicates = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
            mappings = [p for p in predicates if graph.value(term, p) is not None]
            assert mappings, term


@pytest.mark.parametrize(
    "curie, synonym",
    [("BBAO:0000010", "ucOC"), ("PR:000001193", "β2-AR"), ("MONDO:0009092", "PLOS"),
     ("CHEBI:33569", "NE"), ("MONDO:0858950", "TBI"), ("HGNC:12449", "DAP12"), ("PR:000030444", "OCN"),
     ("BBAO:0000002", "BBA")],
)
def test_review_abbreviations_are_exact_synonyms(graph, curie, synonym):
    assert (u(curie), OBOINOWL.hasExactSynonym, Literal(synonym)) in graph


def test_the_review_s_obrb_is_a_related_synonym_of_the_leptin_receptor(graph):
    """ObRb is the long signalling isoform of the leptin receptor, not another name for every isoform."""
    assert (u("BBAO:0000027"), OBOINOWL.hasRelatedSynonym, Literal("ObRb")) in graph
    assert (u("BBAO:0000027"), OBOINOWL.hasExactSynonym, Literal("ObRb")) not in graph


def test_ontology_header(graph):
    onto = URIRef("https://w3id.org/bbao/bbao.owl")
    assert (onto, RDF.type, OWL.Ontology) in graph
    version = str(graph.value(onto, OWL.versionIRI))
    assert re.fullmatch(r"https://w3id\.org/bbao/releases/\d{4}-\d{2}-\d{2}/bbao\.owl", version)
    assert graph.value(onto, DCTERMS.title) and graph.value(onto, DCTERMS.description)
    assert (onto, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph
    assert graph.value(onto, DCTERMS.creator)
    assert (onto, DCTERMS.source, URIRef("https://doi.org/10.26717/BJSTR.2026.64.010076")) in graph


def test_the_review_and_its_eight_references(graph):
    review = URIRef("https://doi.org/10.26717/BJSTR.2026.64.010076")
    assert (review, RDF.type, u("IAO:0000013")) in graph
    refs = list(graph.objects(review, DCTERMS.references))
    assert len(refs) == 8
    titles = {str(graph.value(r, DCTERMS.title)) for r in refs}
    assert "Bone, brain & beyond." in titles
    ref8 = URIRef("https://w3id.org/bbao/reference/8")
    assert str(graph.value(ref8, URIRef("http://purl.org/ontology/bibo/pages"))) == "e03149"


def test_committed_artifacts_are_up_to_date():
    """Fails when ontology/src changed without `bbao build` (`bbao build --check` run as a user runs it, in a
    fresh process and another hash seed)."""
    result = subprocess.run(
        [sys.executable, "-m", "bbao.cli", "build", "--check"], capture_output=True, text=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""}, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("artifacts are up to date")  # what `bbao build --check` prints


def test_build_is_byte_identical(tmp_path, shipped_files):
    """A second build in one process (``shipped_files`` compiled the source once already in this test process,
    or earlier) writes the same bytes as the first, and as the shipped release; across processes and hash seeds
    see :func:`test_committed_artifacts_are_up_to_date`."""
    first = tmp_path / "a" / "ontology"
    _, files, written = build(out_dir=first)
    assert list(files) == written[1:] == [first / a.file if a.folder == "ontology" else first.parent / a.folder / a.file
                                          for a in BUILT]
    assert written[0] == first / MANIFEST  # recorded before the files are renamed into place
    assert {path.relative_to(first.parent): data for path, data in files.items()} == shipped_files
    second = tmp_path / "b" / "ontology"
    write_release(second, "build", {second.parent / path: data for path, data in shipped_files.items()})
    assert (first / MANIFEST).read_bytes() == (second / MANIFEST).read_bytes()
    for a in BUILT:
        where = "" if a.folder == "ontology" else f"../{a.folder}/"
        mine, again = (first / where / a.file).read_bytes(), (second / where / a.file).read_bytes()
        assert mine == again == a.path().read_bytes(), a.file


def test_the_garbage_collector_is_paused_during_a_build_and_restored_after():
    import gc

    from bbao.build import _collector_paused

    assert gc.isenabled()
    frozen = gc.get_freeze_count()  # the test process freezes what collection made (conftest)
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == frozen  # nothing more left frozen
    with pytest.raises(ZeroDivisionError), _collector_paused():
        _ = 1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with _collector_paused():
            pass
        assert not gc.isenabled()  # a caller's own pause is the caller's to end
    finally:
        gc.enable()


def test_the_full_product_is_the_ontology_without_its_inert_chains():
    """The build takes the full product's triples without copying the ontology into a Graph: the triples of
    bbao.pruning.without_inert_chains, and the header's comment that says how many chains are left out."""
    from bbao.build import _without_inert_chains, build_graphs
    from bbao.pruning import without_inert_chains
    from bbao.source import load_source

    source = load_source(paths.source_dir())
    result = build_graphs(source, paths.source_dir().parent / "imports")
    full = _without_inert_chains(result.ontology, source.ontology)
    pruned, count = without_inert_chains(result.ontology)
    assert count > 0 and len(full) == len(set(full)) == len(pruned) + 1
    (comment,) = set(full) - set(pruned)
    assert comment[1] == RDFS.comment and f"leaves out {count} property chain axioms" in str(comment[2])


def test_build_writes_only_what_changed(tmp_path, shipped_files):
    out = tmp_path / "ontology"
    write_release(out, "build", {out.parent / path: data for path, data in shipped_files.items()})
    (out / "bbao.ttl").write_bytes(b"stale\n")
    _, _, written = build(out_dir=out)
    assert written == [out / "bbao.ttl"]


def test_all_serializations_hold_the_same_graph():
    """Each file parses back to the same triples (blank nodes compared by content-derived names)."""

    import pyoxigraph

    def triples(name: str) -> list[str]:  # read by Oxigraph, a parser other than the writer's library
        path = paths.ontology_dir() / name
        dataset = pyoxigraph.Dataset(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.from_extension(
            "rdf" if path.suffix == ".owl" else path.suffix.lstrip("."))))
        dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
        return sorted(map(str, dataset))

    expected = triples("bbao.nt")
    assert len(expected) > 5000
    for name in FULL:
        assert triples(name) == expected, name


def run_python(code: str, **env: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, **env}).stdout.strip()


def test_a_build_does_not_import_bioregistry_once_its_answer_is_cached(tmp_path):
    code = ("import sys; from pathlib import Path; from bbao.build import build; "
            f"_, files, _ = build(out_dir=Path({str(tmp_path / 'ontology')!r})); "
            "print('bioregistry' in sys.modules)")
    cache = str(tmp_path / "cache")
    first = "import sys; from bbao.prefixes import prefix_map_for_build; prefix_map_for_build(); " \
            "print('bioregistry' in sys.modules)"  # what a first build asks, and caches
    assert run_python(first, BBAO_CACHE_DIR=cache) == "True"  # the first build asks Bioregistry
    assert [p.name[:11] for p in (tmp_path / "cache").iterdir()] == ["prefix-map-"]
    assert run_python(code, BBAO_CACHE_DIR=cache) == "False"
    context = ARTIFACT["bbao.context.jsonld"]
    assert (tmp_path / "ontology" / context.file).read_bytes() == context.path().read_bytes()


def test_a_check_asks_bioregistry_itself_whatever_the_cache_says(tmp_path, monkeypatch):
    """A cached answer that Bioregistry would not give (poisoned here) reaches what ``bbao build`` writes,
    never what ``bbao build --check`` compares the shipped context with."""
    monkeypatch.setenv("BBAO_CACHE_DIR", str(tmp_path / "cache"))
    key = prefixes._derivation_key()
    assert key
    (tmp_path / "cache").mkdir()
    poison = {**prefixes.PREFIX_MAP, "GO": "http://example.org/GO_"}
    (tmp_path / "cache" / f"prefix-map-{key}.json").write_text(json.dumps([list(p) for p in poison.items()]))
    context = ARTIFACT["bbao.context.jsonld"]
    out = tmp_path / "ontology"
    _, written, _ = build(out_dir=out, write=False, validate=False, fresh_prefixes=False)
    assert prefixes.read_context(written[out / context.file]) == poison
    _, checked, _ = build(out_dir=out, write=False, validate=False)
    assert checked[out / context.file] == context.path().read_bytes()


# --- relations as RO defines them ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ancestors(graph) -> dict[str, set[str]]:
    """Each class of the release (CURIE) -> itself and what it reaches by asserted is_a and part_of
    (bbao-closure.ttl, BBAO:0000053: a part of a material entity is one, as the arcuate nucleus of the
    hypothalamus), plus ``HGNC`` for a gene or a class defined as a union of genes."""
    from rdflib.collection import Collection

    from bbao.model import ANCESTOR_OR_WHOLE
    from bbao.prefixes import compress

    out: dict[str, set[str]] = {}
    for sub, sup in Graph().parse(paths.ontology_dir() / "bbao-closure.ttl").subject_objects(ANCESTOR_OR_WHOLE):
        out.setdefault(compress(str(sub)), set()).add(compress(str(sup)))
    for cls, union in graph.subject_objects(OWL.equivalentClass):
        members = list(Collection(graph, graph.value(union, OWL.unionOf))) if (union, OWL.unionOf, None) in graph \
            else []
        if members and all(str(m).startswith("http://identifiers.org/hgnc/") for m in members):
            out.setdefault(compress(str(cls)), set()).add("HGNC")
    return out


def kind_ok(curie: str, kinds: tuple[str, ...], ancestors: dict[str, set[str]]) -> bool:
    """Whether ``curie`` is of one of ``kinds``: under one of those classes, or a gene for ``HGNC``."""
    return any(kind in ancestors.get(curie, set()) or (kind == "HGNC" and curie.startswith("HGNC:"))
               for kind in kinds)


def test_every_allowed_relation_has_its_kinds():
    assert set(RELATION_KINDS) == set(ALLOWED_RELATIONS)


@pytest.mark.parametrize("relation", sorted(ALLOWED_RELATIONS))
def test_each_relation_relates_the_kinds_its_definition_allows(graph, ancestors, relation):
    """RO's domain and range (bbao.model.RELATION_KINDS): a gene never stands where RO wants a material entity
    or a protein, a chemical role never where it wants a chemical, a disease never where it wants a process."""
    from bbao.prefixes import compress

    subjects, objects = RELATION_KINDS[relation]
    wrong = []
    for c in graph.subjects(F["relation"], u(relation)):
        s, o = (compress(str(graph.value(c, F[k]))) for k in ("subject", "object"))
        if not kind_ok(s, subjects, ancestors):
            wrong.append(f"{compress(str(c))}: subject {s} is not one of {subjects}")
        if not kind_ok(o, objects, ancestors):
            wrong.append(f"{compress(str(c))}: object {o} is not one of {objects}")
    assert wrong == []
