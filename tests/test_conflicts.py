"""Conflict detection: the review's opposite-sign claims are context-separated; a same-context
contradiction is a true conflict."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from bbao.claims import read_claims
from bbao.cli import main
from bbao.conflicts import ClaimView, claim_views, find_conflicts, find_pairs, format_pairs
from bbao.model import FIELD_PROPERTY, PROCESS, iri
from bbao.prefixes import expand
from bbao.validate import shipped_graph
from labclaims import add_claim


def ids(pairs):
    return {frozenset((p.first.id, p.second.id)) for p in pairs}


def claim_id(graph, subject, relation, obj, **ctx):
    for c in graph.subjects(FIELD_PROPERTY["subject"], URIRef(expand(subject))):
        if (c, FIELD_PROPERTY["relation"], URIRef(expand(relation))) in graph and \
                (c, FIELD_PROPERTY["object"], URIRef(expand(obj))) in graph and \
                all((c, FIELD_PROPERTY[k], Literal(v)) in graph for k, v in ctx.items()):
            return str(c).replace("https://w3id.org/bbao/BBAC_", "BBAC:")
    raise AssertionError((subject, relation, obj))


def test_central_and_peripheral_leptin_are_context_separated():
    g = shipped_graph()
    separated, _ = find_conflicts(g)
    central = claim_id(g, "PR:000009758", "RO:0002597", "GO:0033687", site="central")
    peripheral = claim_id(g, "PR:000009758", "RO:0002598", "GO:0001649", site="peripheral")
    pair = next(p for p in separated if {p.first.id, p.second.id} == {central, peripheral})
    assert "site" in pair.differing and pair.target == "cell CL:0000062"


def test_tbi_bone_loss_and_fracture_healing_are_context_separated():
    g = shipped_graph()
    separated, _ = find_conflicts(g)
    loss = claim_id(g, "MONDO:0858950", "BBAO:0000051", "GO:0001503")
    healing = claim_id(g, "MONDO:0858950", "BBAO:0000050", "GO:0001503")
    pair = next(p for p in separated if {p.first.id, p.second.id} == {loss, healing})
    assert {"mediator", "disease_context"} <= set(pair.differing)


def test_npy_central_and_peripheral_agree_in_sign():
    """The review has NPY inhibit osteoblasts both centrally (Y2) and peripherally (Y1): same sign,
    different contexts, so no conflict is reported."""
    g = shipped_graph()
    central = claim_id(g, "PR:000011387", "RO:0002597", "GO:0001503", site="central")
    peripheral = claim_id(g, "PR:000011387", "RO:0002597", "GO:0001649", site="peripheral")
    assert not any({central, peripheral} & {p.first.id, p.second.id} for p in find_pairs(g))


def test_the_shipped_ontology_has_no_true_conflict():
    separated, conflicts = find_conflicts(shipped_graph())
    assert conflicts == []
    assert len(separated) >= 2


def test_an_injected_same_context_conflict_is_a_true_conflict():
    g = shipped_graph()
    original = URIRef(expand(claim_id(g, "CHEBI:33569", "RO:0002597", "GO:0001649")))
    twin = URIRef("https://lab.example.org/claim/contradiction")
    for p, o in g.predicate_objects(original):
        g.add((twin, p, o))
    g.set((twin, FIELD_PROPERTY["relation"], URIRef(expand("RO:0002598"))))
    g.set((twin, FIELD_PROPERTY["sign"], Literal("positive")))
    _, conflicts = find_conflicts(g)
    original_id = str(original).replace("https://w3id.org/bbao/BBAC_", "BBAC:")
    assert ids(conflicts) == {frozenset(("https://lab.example.org/claim/contradiction", original_id))}
    assert conflicts[0].differing == ()


def test_cli_conflicts_on_user_data(tmp_path, capsys):
    assert main(["conflicts"]) == 0
    out = capsys.readouterr().out
    assert "context-separated opposite-sign claims:" in out
    assert "true conflicts (same context, opposite sign, both established): 0" in out
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix bbao: <https://w3id.org/bbao/> . @prefix obo: <http://purl.obolibrary.org/obo/> .\n"
        "<https://lab.example.org/c1> a bbao:BBAO_0000001 ; bbao:BBAO_0000100 obo:CHEBI_33569 ;"
        " bbao:BBAO_0000101 obo:RO_0002598 ; bbao:BBAO_0000102 obo:GO_0001649 ; bbao:BBAO_0000103 \"positive\" ;"
        " bbao:BBAO_0000104 obo:PR_000001193 ; bbao:BBAO_0000121 obo:CL_0000062 ; bbao:BBAO_0000107 obo:CL_0000062 ;"
        " bbao:BBAO_0000111 \"peripheral\" .\n",
        encoding="utf-8")
    assert main(["conflicts", str(mine)]) == 1  # a claim without a knowledge level counts as established
    assert "true conflicts (same context, opposite sign, both established): 1" in capsys.readouterr().out
    hedged = tmp_path / "hedged.ttl"
    hedged.write_text(mine.read_text(encoding="utf-8").replace(
        ' "peripheral" .', ' "peripheral" ; bbao:BBAO_0000118 "hypothesis" .'), encoding="utf-8")
    assert main(["conflicts", str(hedged)]) == 0
    out = capsys.readouterr().out
    assert "level-separated (same context, opposite sign, not both established): 1" in out
    assert "true conflicts (same context, opposite sign, both established): 0" in out
    assert "    same context, but not both established (established against hypothesis): not a contradiction " \
           "among BBAO's axioms" in out


def lab_claim(g: Graph, curie: str, relation: str, obj: str | None, sign: str, **context: str) -> None:
    """A claim of a lab's own graph, built by hand with real BBAC, ChEBI, RO, GO, PR and CL IRIs."""
    g.add((iri(curie), RDFS.label, Literal(f"lab claim {curie}")))
    add_claim(g, curie, subject="CHEBI:33569", relation=relation, object=obj, sign=sign, **context)


def test_a_hand_built_graph_pairs_by_object_and_by_cell_type():
    g = Graph()
    for process in ("GO:0001649", "GO:0030316"):  # osteoblast and osteoclast differentiation
        g.add((iri(process), RDFS.subClassOf, PROCESS))
    lab_claim(g, "BBAC:0000901", "RO:0002597", "GO:0001649", "negative", cell_context="CL:0000062",
              receptor="PR:000001193", site="peripheral")
    lab_claim(g, "BBAC:0000902", "RO:0002598", "GO:0001649", "positive", cell_context="CL:0000062",
              receptor="PR:000001193", site="peripheral")
    lab_claim(g, "BBAC:0000903", "RO:0002598", "GO:0030316", "positive", cell_context="CL:0000062",
              site="central")
    lab_claim(g, "BBAC:0000904", "RO:0002598", None, "negative", site="peripheral")  # no object: skipped
    views = claim_views(g)
    assert [v.id for v in views] == ["BBAC:0000901", "BBAC:0000902", "BBAC:0000903"]
    assert views[0].field("receptor") == ("PR:000001193",) and views[0].object_is_process
    separated, conflicts = find_conflicts(g)
    assert [(p.target, p.first.id, p.second.id, p.differing) for p in conflicts] == [
        ("GO:0001649", "BBAC:0000901", "BBAC:0000902", ())]
    assert [(p.target, p.first.id, p.second.id, p.differing) for p in separated] == [
        ("cell CL:0000062", "BBAC:0000901", "BBAC:0000903", ("receptor", "site"))]
    assert format_pairs(separated, conflicts).splitlines()[1:4] == [
        "- CHEBI:33569 on cell CL:0000062",
        "    BBAC:0000901 negative established?         lab claim BBAC:0000901  [receptor=PR:000001193; "
        "cell_context=CL:0000062; site=peripheral]",
        "    BBAC:0000903 positive established?         lab claim BBAC:0000903  [cell_context=CL:0000062; "
        "site=central]",
    ]


def test_a_hypothesis_against_an_established_claim_in_the_same_context_is_level_separated():
    """The review may set a hypothesis against what it states as known: BBAO asserts only the established claim,
    so the pair is no contradiction among its axioms; it is reported as level-separated, with both levels."""
    g = Graph()
    g.add((iri("GO:0001649"), RDFS.subClassOf, PROCESS))
    lab_claim(g, "BBAC:0000901", "RO:0002597", "GO:0001649", "negative", site="peripheral",
              knowledge_level="established")
    lab_claim(g, "BBAC:0000902", "RO:0002598", "GO:0001649", "positive", site="peripheral",
              knowledge_level="hypothesis")
    lab_claim(g, "BBAC:0000903", "RO:0002598", "GO:0001649", "positive", site="central",
              knowledge_level="experimental_finding")
    separated, conflicts = find_conflicts(g)
    assert conflicts == []
    assert [(p.first.id, p.second.id, p.context_separated, p.level_separated) for p in separated] == [
        ("BBAC:0000901", "BBAC:0000902", False, True), ("BBAC:0000901", "BBAC:0000903", True, False)]
    assert [(p.first.level, p.second.level) for p in separated] == [
        ("established", "hypothesis"), ("established", "experimental_finding")]
    report = format_pairs(separated, conflicts).splitlines()
    assert report == [
        "context-separated opposite-sign claims: 1",
        "- CHEBI:33569 on GO:0001649",
        "    BBAC:0000901 negative established          lab claim BBAC:0000901  [site=peripheral]",
        "    BBAC:0000903 positive experimental_finding lab claim BBAC:0000903  [site=central]",
        "    contexts differ in: site",
        "",
        "level-separated (same context, opposite sign, not both established): 1",
        "- CHEBI:33569 on GO:0001649",
        "    BBAC:0000901 negative established          lab claim BBAC:0000901  [site=peripheral]",
        "    BBAC:0000902 positive hypothesis           lab claim BBAC:0000902  [site=peripheral]",
        "    same context, but not both established (established against hypothesis): not a contradiction among "
        "BBAO's axioms",
        "",
        "true conflicts (same context, opposite sign, both established): 0",
    ]


def test_two_findings_that_disagree_in_the_same_context_are_level_separated_too():
    g = Graph()
    lab_claim(g, "BBAC:0000901", "RO:0002597", "GO:0001649", "negative", knowledge_level="experimental_finding")
    lab_claim(g, "BBAC:0000902", "RO:0002598", "GO:0001649", "positive", knowledge_level="clinical_observation")
    separated, conflicts = find_conflicts(g)
    assert conflicts == [] and [p.level_separated for p in separated] == [True]


def test_every_shipped_pair_shows_the_knowledge_level_of_each_side():
    g = shipped_graph()
    levels = {c.id: c.knowledge_level for c in read_claims(g)}
    separated, conflicts = find_conflicts(g)
    report = format_pairs(separated, conflicts)
    for pair in separated + conflicts:
        for side in (pair.first, pair.second):
            assert side.knowledge_level == levels[side.id] != ""
            assert f"    {side.id} {side.sign:<8} {side.knowledge_level:<20} " in report
        assert pair.true_conflict == (not pair.differing and pair.first.established and pair.second.established)


def test_objects_that_are_not_processes_are_not_compared_per_cell_type():
    g = Graph()  # no subclass axiom: GO:0001649 is not known as a process here
    lab_claim(g, "BBAC:0000901", "RO:0002597", "GO:0001649", "negative", cell_context="CL:0000062")
    lab_claim(g, "BBAC:0000903", "RO:0002598", "GO:0030316", "positive", cell_context="CL:0000062")
    assert find_pairs(g) == []


def test_a_claim_without_a_sign_states_no_effect():
    g = Graph()
    lab_claim(g, "BBAC:0000901", "RO:0002597", "GO:0001649", "negative")
    g.remove((iri("BBAC:0000901"), FIELD_PROPERTY["sign"], None))
    (claim,) = read_claims(g)
    assert ClaimView.of(claim, set()) == [] and claim_views(g) == []


def test_a_claim_stating_two_signs_is_compared_under_each():
    """A user's claim with two signs (the shapes report it) still conflicts with the claim it contradicts."""
    g = Graph()
    for process in ("GO:0001649",):
        g.add((iri(process), RDFS.subClassOf, PROCESS))
    lab_claim(g, "BBAC:0000901", "RO:0002597", "GO:0001649", "negative", site="peripheral")
    lab_claim(g, "BBAC:0000902", "RO:0002598", "GO:0001649", "positive", site="peripheral")
    g.add((iri("BBAC:0000902"), FIELD_PROPERTY["sign"], Literal("negative")))
    separated, conflicts = find_conflicts(g)
    assert [(p.first.id, p.first.sign, p.second.id, p.second.sign) for p in conflicts] == [
        ("BBAC:0000901", "negative", "BBAC:0000902", "positive")]
    assert separated == []


def test_a_context_value_of_the_wrong_kind_still_separates_claims():
    """A taxon written as text ("mouse") is a context all the same: the pair is context-separated."""
    g = Graph()
    lab_claim(g, "BBAC:0000901", "RO:0002597", "GO:0001649", "negative", site="peripheral")
    lab_claim(g, "BBAC:0000902", "RO:0002598", "GO:0001649", "positive", site="peripheral")
    g.add((iri("BBAC:0000902"), FIELD_PROPERTY["taxon"], Literal("mouse")))
    separated, conflicts = find_conflicts(g)
    assert conflicts == [] and [p.differing for p in separated] == [("taxon",)]


XML_EXCERPT = """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:bbao="https://w3id.org/bbao/"
         xml:base="https://lab.example.org/">
  <bbao:BBAO_0000001 rdf:about="c1">
    <bbao:BBAO_0000100 rdf:resource="http://purl.obolibrary.org/obo/CHEBI_33569"/>
    <bbao:BBAO_0000101 rdf:resource="http://purl.obolibrary.org/obo/RO_0002598"/>
    <bbao:BBAO_0000102 rdf:resource="http://purl.obolibrary.org/obo/GO_0001649"/>
    <bbao:BBAO_0000103>positive</bbao:BBAO_0000103>
    <bbao:BBAO_0000115 rdf:parseType="Literal">NE <i xmlns="http://www.w3.org/1999/xhtml">up</i></bbao:BBAO_0000115>
  </bbao:BBAO_0000001>
</rdf:RDF>
"""


def test_cli_conflicts_reads_an_xml_literal_without_a_traceback(tmp_path, capsys, caplog):
    # the excerpt as an XML literal (rdf:parseType="Literal") used to print rdflib's ExpatError traceback
    path = tmp_path / "excerpt.rdf"
    path.write_text(XML_EXCERPT, encoding="utf-8")
    assert main(["conflicts", str(path)]) == 0
    captured = capsys.readouterr()
    assert "context-separated opposite-sign claims:" in captured.out
    assert "Traceback" not in captured.err and "ExpatError" not in captured.err
    assert not caplog.records  # rdflib's warning carries the traceback


def test_cli_conflicts_refuses_a_claim_with_a_relative_iri(tmp_path, capsys):
    # without xml:base, rdf:about="c1" names no claim: refused rather than guessed
    path = tmp_path / "relative.rdf"
    path.write_text(XML_EXCERPT.replace('\n         xml:base="https://lab.example.org/"', ""), encoding="utf-8")
    assert main(["conflicts", str(path)]) == 2
    assert "relative.rdf:3: relative IRI 'c1': there is no base to resolve it against" in capsys.readouterr().err
