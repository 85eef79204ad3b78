"""The review's mechanisms as chains of claims: the shipped tables hold every mechanism the issue names with its
steps, each link joins (the downstream subject is what the upstream step reaches), signs multiply, and a broken
table is refused by the build with file, line and both claims named."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rdflib import Literal

from bbao import paths
from bbao.cli import main
from bbao.mechanisms import (
    HAS_STEP,
    MECHANISM_CLASS,
    STEP_COLUMNS,
    STEP_SIGN,
    STEPS,
    UPSTREAM_STEP_OF,
    check_mechanisms,
    join,
    read_mechanisms,
    step_sign,
)
from bbao.model import iri
from bbao.source import load_source


@pytest.fixture(scope="module")
def shipped():
    source = load_source(paths.source_dir())
    problems: list = []
    mechanisms = read_mechanisms(source, problems)
    assert problems == [] and mechanisms is not None
    return source, {m.label: m for m in mechanisms}


def test_the_shipped_tables_hold_and_every_link_joins(shipped):
    source, _ = shipped
    assert check_mechanisms(source) == []


@pytest.mark.parametrize("label, chain", [
    # NE -> RANKL expression (+) -> osteoclastogenesis (+)
    ("noradrenaline from sympathetic nerves on bone remodeling", ["BBAC:0000007", "BBAC:0000157"]),
    # leptin -> ObRb in the arcuate nucleus -> sympathetic tone -> osteoblast proliferation (-)
    ("central leptin signalling through the sympathetic nervous system", ["BBAC:0000019", "BBAC:0000132"]),
    # leptin resistance -> less leptin signalling -> less restraint on NPY -> NPY inhibits bone formation
    ("leptin resistance in obesity", ["BBAC:0000087", "BBAC:0000159", "BBAC:0000133", "BBAC:0000015"]),
    # ucOC crosses the blood-brain barrier, binds GPR158, improves spatial memory
    ("undercarboxylated osteocalcin in the adult brain", ["BBAC:0000046", "BBAC:0000048", "BBAC:0000049"]),
    # maternal OCN crosses the placenta, inhibits fetal hippocampal neuron apoptosis
    ("maternal osteocalcin in fetal brain development", ["BBAC:0000051", "BBAC:0000052"]),
    # FGF23 crosses the blood-brain barrier, supports LTP, LTP supports cognition
    ("fibroblast growth factor 23 and cognition", ["BBAC:0000059", "BBAC:0000062", "BBAC:0000160"]),
    # TBI -> glucocorticoid excess -> bone loss
    ("traumatic brain injury and bone loss", ["BBAC:0000065", "BBAC:0000161"]),
    # Sema3A -> sensory nerve development -> bone resorption (-) and formation (+)
    ("semaphorin 3A from sensory nerves", ["BBAC:0000039", "BBAC:0000043", "BBAC:0000168"]),
    # anti-RANKL antibody blocks RANKL, which drives osteoclast differentiation
    ("antibodies against RANKL", ["BBAC:0000096", "BBAC:0000157"]),
    # anorexia nervosa -> hypoleptinemia; bone microstructure damage; fracture risk
    ("anorexia nervosa and bone", ["BBAC:0000027", "BBAC:0000028", "BBAC:0000029"]),
    # TBI -> BMP-2 -> fracture healing
    ("traumatic brain injury and fracture healing", ["BBAC:0000138", "BBAC:0000073"]),
    # Abeta deposition -> neuroinflammation -> decreased bone density (association)
    ("Alzheimer disease and bone density", ["BBAC:0000077", "BBAC:0000166"]),
    # PD: dopaminergic neuron dysfunction -> osteoblast inhibition
    ("Parkinson disease and bone", ["BBAC:0000078", "BBAC:0000079"]),
    # TREM2 mutation -> Nasu-Hakola disease -> bone cysts
    ("Nasu-Hakola disease", ["BBAC:0000083", "BBAC:0000085"]),
    # the feedback loop closes: brain -> bone remodeling -> skeleton -> brain function -> brain
    ("the brain-bone feedback loop", ["BBAC:0000001", "BBAC:0000113", "BBAC:0000001"]),
])
def test_each_mechanism_of_the_issue_is_a_chain_of_linked_steps(shipped, label, chain):
    _, mechanisms = shipped
    steps = {s.claim: s for s in mechanisms[label].steps}
    for up, down in itertools.pairwise(chain):
        assert up in steps[down].upstream, f"{up} should lead into {down} in {label!r}"


def test_npy_has_its_central_and_peripheral_arms(shipped):
    source, mechanisms = shipped
    claims = {c.id: c for c in source.claims}
    npy = mechanisms["neuropeptide Y on bone formation"]
    arms = {claims[c].site: (claims[c].receptor, claims[c].object) for c in npy.claims if claims[c].receptor}
    assert arms == {("central",): (("BBAO:0000029",), "GO:0001503"),  # via Y2: osteoblast activity
                    ("peripheral",): (("BBAO:0000028",), "GO:0001649")}  # via Y1 on osteoblasts: differentiation


@pytest.mark.parametrize("up, down, kind", [
    ("BBAC:0000007", "BBAC:0000157", "object"),  # NE raises RANKL; RANKL acts
    ("BBAC:0000133", "BBAC:0000015", "mediator"),  # leptin restrains signalling mediated by NPY; NPY acts
    ("BBAC:0000001", "BBAC:0000113", "context"),  # the CNS regulates remodeling in the skeleton; the skeleton acts
    ("BBAC:0000046", "BBAC:0000048", "same subject"),  # ucOC crosses the barrier; ucOC binds GPR158
    ("BBAC:0000005", "BBAC:0000157", None),  # NE's effect on osteoblast differentiation does not reach RANKL
    ("BBAC:0000065", "BBAC:0000066", None),  # a regulation does not carry its subject on
])
def test_join(shipped, up, down, kind):
    source, _ = shipped
    claims = {c.id: c for c in source.claims}
    assert join(claims[up], claims[down]) == kind


@pytest.mark.parametrize("claim, sign", [
    ("BBAC:0000157", 1), ("BBAC:0000015", -1), ("BBAC:0000046", 1), ("BBAC:0000085", 1), ("BBAC:0000001", 0),
    ("BBAC:0000053", 0),  # 'regulating lateral ventricle development': no direction
])
def test_step_sign(shipped, claim, sign):
    source, _ = shipped
    assert step_sign(next(c for c in source.claims if c.id == claim)) == sign


def test_the_release_holds_mechanisms_steps_links_and_step_signs(graph):
    m = iri("BBAM:0000001")
    assert (m, None, MECHANISM_CLASS) in graph
    assert {o for o in graph.objects(m, HAS_STEP)} == {
        iri("BBAC:0000003"), iri("BBAC:0000005"), iri("BBAC:0000007"), iri("BBAC:0000157")}
    assert (iri("BBAC:0000007"), UPSTREAM_STEP_OF, iri("BBAC:0000157")) in graph
    assert graph.value(iri("BBAC:0000015"), STEP_SIGN) == Literal(-1)
    assert graph.value(iri("BBAC:0000159"), STEP_SIGN) == Literal(-1)
    assert len(set(graph.subjects(None, MECHANISM_CLASS))) >= 19


def _write_steps(src: Path, rows: list[str]) -> None:
    path = src / STEPS
    path.write_text(path.read_text(encoding="utf-8") + "".join(r + "\n" for r in rows), encoding="utf-8")


@pytest.mark.parametrize("row, message", [
    ("BBAM:0000001\tBBAC:0009999\t", "BBAC:0009999 is not a claim of claims.tsv"),
    ("BBAM:0000099\tBBAC:0000066\t", "'BBAM:0000099' is not a mechanism of mechanisms.tsv"),
    ("BBAM:0000001\tBBAC:0000157\t", "BBAC:0000157 is a step of BBAM:0000001 twice"),
    ("BBAM:0000001\tnot-a-claim\t", "must be a claim id"),
    ("BBAM:0000001\tBBAC:0000066\tBBAC:0000042", "upstream BBAC:0000042 is not a step of BBAM:0000001"),
    ("BBAM:0000019\tBBAC:0000003\tBBAC:0000003", "BBAC:0000003 is named upstream of itself"),
])
def test_a_broken_step_is_named_with_its_line(source_copy, row, message):
    _write_steps(source_copy, [row])
    line = len((source_copy / STEPS).read_text(encoding="utf-8").splitlines())
    problems = check_mechanisms(load_source(source_copy))
    assert any(message in p.message and p.line == line for p in problems), problems


def test_a_link_that_does_not_join_names_both_claims_and_the_upstream_cell(source_copy):
    _write_steps(source_copy, ["BBAM:0000001\tBBAC:0000066\tBBAC:0000005"])
    problem = next(p for p in check_mechanisms(load_source(source_copy)) if "does not lead into" in p.message)
    assert problem.file.endswith(STEPS)
    assert (problem.field, problem.column) == ("upstream", STEP_COLUMNS.index("upstream") + 1)
    assert "BBAC:0000005 (CHEBI:33569 -> GO:0001649) does not lead into BBAC:0000066 (MONDO:0858950" in problem.message


@pytest.mark.parametrize("row, message", [
    ("BBAM:0000001\tagain\ttop-down\tx", "duplicate mechanism id BBAM:0000001"),
    ("BBAM:1\tshort id\ttop-down\tx", "must be BBAM: followed by 7 digits"),
    ("BBAM:0000090\tsideways\tsideways\tx", "direction 'sideways' must be one of"),
    ("BBAM:0000091\t\ttop-down\tx", "BBAM:0000091 has no label"),
])
def test_a_broken_mechanism_row_is_named(source_copy, row, message):
    path = source_copy / "mechanisms.tsv"
    path.write_text(path.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    problems = check_mechanisms(load_source(source_copy))
    assert any(message in p.message and p.file.endswith("mechanisms.tsv") for p in problems), problems


def test_one_mistake_is_reported_once(source_copy):
    # a mechanism row with a bad direction: its steps are not reported again as steps of an unknown mechanism
    path = source_copy / "mechanisms.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("\ttop-down\t", "\tsideways\t", 1), encoding="utf-8")
    problems = check_mechanisms(load_source(source_copy))
    assert [p.field for p in problems] == ["direction"], problems
    # a steps table with a broken header: one problem, not one "has no steps" per mechanism
    steps = source_copy / STEPS
    steps.write_text(steps.read_text(encoding="utf-8").replace("upstream", "upstreams", 1), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("\tsideways\t", "\ttop-down\t", 1), encoding="utf-8")
    problems = check_mechanisms(load_source(source_copy))
    assert len(problems) == 1 and problems[0].line == 1 and "upstreams" in problems[0].message, problems


def test_a_mechanism_without_steps_and_a_missing_steps_table_are_problems(source_copy):
    path = source_copy / "mechanisms.tsv"
    path.write_text(path.read_text(encoding="utf-8") + "BBAM:0000092\tempty\ttop-down\tx\n", encoding="utf-8")
    assert any("BBAM:0000092 has no steps" in p.message for p in check_mechanisms(load_source(source_copy)))
    (source_copy / STEPS).unlink()
    assert any(p.file.endswith(STEPS) for p in check_mechanisms(load_source(source_copy)))


def test_build_refuses_a_broken_link_with_exit_2_and_writes_nothing(source_copy, tmp_path, capsys):
    _write_steps(source_copy, ["BBAM:0000001\tBBAC:0000066\tBBAC:0000005"])
    out = tmp_path / "out"
    assert main(["build", "--source", str(source_copy), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{STEPS}:" in err and "does not lead into BBAC:0000066" in err
    assert "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())
