"""The diagram: drawn from the claims of the ontology, sides and kinds from its classes, deterministic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from bbao.cli import main
from bbao.diagram import BETWEEN, BONE, BRAIN, Axis, axis_claims, edges, render, select
from bbao.errors import BBAOError
from bbao.model import iri
from bbao.prefixes import expand
from labclaims import add_claim
from programs import program


def term(curie: str) -> URIRef:
    return URIRef(expand(curie))


@pytest.fixture(scope="module")
def axis(graph) -> Axis:
    return Axis(graph, axis_claims(graph))


@pytest.fixture(scope="module")
def dot_source(graph) -> str:
    return render(graph, "dot").decode("utf-8")


def edge_line(source: str, tail: str, head: str) -> str:
    lines = [line for line in source.splitlines() if line.strip().startswith(f"{tail} -> {head} ")]
    assert len(lines) == 1, f"expected one edge {tail} -> {head}"
    return lines[0]


def test_every_claim_is_on_an_edge(graph, dot_source):
    claims = axis_claims(graph)
    drawn = edges(claims)
    assert sum(len(e.claims) for e in drawn) == len(claims) > 100
    data_edges = [line for line in dot_source.splitlines()
                  if " -> " in line and "invis" not in line and "legend_" not in line]
    assert len(data_edges) == len(drawn)


def test_edge_is_coloured_by_sign_and_labelled_by_receptor(dot_source):
    # BBAC:0000005: noradrenaline negatively regulates osteoblast differentiation via beta-2 adrenergic receptor
    line = edge_line(dot_source, "CHEBI_33569", "GO_0001649")
    assert 'color="#d73027"' in line and "arrowhead=tee" in line and "via β2-AR" in line
    positive = edge_line(dot_source, "CHEBI_33569", "GO_0030316")  # BBAC:0000006, in osteoclast
    assert 'color="#1a9850"' in positive and "arrowhead=normal" in positive and "in osteoclast" in positive


def test_bone_to_brain_claim_is_laid_out_from_the_brain_side_with_its_arrow_at_the_tail(dot_source):
    # BBAC:0000049: undercarboxylated osteocalcin positively regulates spatial memory
    line = edge_line(dot_source, "BBAO_0000013", "BBAO_0000010")
    assert "dir=back" in line and "arrowtail=normal" in line


@pytest.mark.parametrize(("curie", "side", "kind"), [
    ("HGNC:1043", BONE, "hormone"),  # osteocalcin: produced by osteoblasts
    ("BBAO:0000010", BONE, "hormone"),  # undercarboxylated osteocalcin: a gene product of it
    ("HGNC:3680", BONE, "hormone"),  # FGF23
    ("BBAO:0000022", BETWEEN, "drug"),  # denosumab: a monoclonal antibody
    ("CHEBI:50949", BETWEEN, "drug"),  # serotonin uptake inhibitor: a ChEBI drug role
    ("CHEBI:8499", BETWEEN, "drug"),  # propranolol: subject of therapy claims
    ("MONDO:0004975", BRAIN, "disease"),  # Alzheimer disease: a nervous system disorder
    ("MONDO:0005298", BONE, "disease"),  # osteoporosis: a skeletal system disorder
    ("MONDO:0009092", BETWEEN, "disease"),  # Nasu-Hakola disease: both
    ("UBERON:0034729", BRAIN, "anatomy"),  # sympathetic nerve
    ("GO:0001649", BONE, "process"),  # osteoblast differentiation
    ("PR:000001193", BONE, "molecule"),  # beta-2 adrenergic receptor: acted on in osteoblasts
    ("UBERON:0001932", BRAIN, "anatomy"),  # arcuate nucleus: no parents, a central site of action
])
def test_sides_and_kinds_come_from_the_ontology(axis, curie, side, kind):
    assert (axis.side(term(curie)), axis.kind(term(curie))) == (side, kind)


def test_section_filter_by_direction_or_heading_words(graph):
    claims = axis_claims(graph)
    bottom_up = select(claims, ["bottom-up"])
    assert bottom_up and all(c.direction == "bottom-up" for c in bottom_up)
    source = render(graph, "dot", ["bottom-up"]).decode("utf-8")
    assert f"({len(bottom_up)} claims; bottom-up)" in source
    assert "BBAO_0000010" in source and "CHEBI_33569" not in source
    sympathetic = select(claims, ["sympathetic nervous system"])
    assert {c.section for c in sympathetic} == {"The Core Regulatory Role of the Sympathetic Nervous System"}
    assert len(select(claims, ["therapy", "bottom-up"])) == len(select(claims, ["therapy"])) + len(bottom_up)


def test_unknown_section_names_the_choices(graph, capsys):
    with pytest.raises(BBAOError, match="top-down"):
        select(axis_claims(graph), ["no such section"])
    assert main(["diagram", "--section", "no such section", "--format", "dot", "--out", "-"]) == 2
    assert "bottom-up" in capsys.readouterr().err


def test_svg_is_byte_identical_across_processes(graph):
    program("dot", "graphviz")
    code = "import sys; from bbao.diagram import render; from bbao.store import load_graph; " \
           "sys.stdout.buffer.write(render(load_graph(), 'svg'))"
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert runs[0] == runs[1] == render(graph, "svg")
    assert runs[0].lstrip().startswith(b"<?xml") and b"undercarboxylated" in runs[0]


def test_without_graphviz_the_error_says_how_to_install_it(graph, monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(BBAOError, match="apt-get install graphviz"):
        render(graph, "svg", ["therapy"])


def test_cli_writes_png(tmp_path, capsys):
    program("dot", "graphviz")
    out = tmp_path / "axis.png"
    assert main(["diagram", "--format", "png", "--section", "therapy", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert f"wrote {out}" in capsys.readouterr().out


def test_readme_shows_the_committed_png():
    root = Path(__file__).resolve().parent.parent
    assert "](docs/bbao-diagram.png)" in (root / "README.md").read_text(encoding="utf-8")
    assert (root / "docs" / "bbao-diagram.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def hand_built() -> Graph:
    """A lab's graph built by hand: noradrenaline (ChEBI) negatively regulates osteoblast differentiation
    (GO, under GO 'ossification', a bone anchor) via the beta-2 adrenergic receptor (PR), peripherally; a
    second claim has no object, so it has no edge."""
    g = Graph()
    g.add((iri("GO:0001649"), RDFS.subClassOf, iri("GO:0001503")))
    g.add((iri("GO:0001649"), RDFS.label, Literal("osteoblast differentiation")))
    g.add((iri("PR:000001193"), RDFS.label, Literal("beta-2 adrenergic receptor")))
    for curie, obj in (("BBAC:0000901", "GO:0001649"), ("BBAC:0000902", None)):
        add_claim(g, curie, subject="CHEBI:33569", relation="RO:0002597", object=obj, sign="negative",
                  receptor="PR:000001193", site="peripheral", section="Lab results", direction="top-down")
    return g


def test_a_hand_built_claim_is_drawn_and_one_without_object_is_not():
    g = hand_built()
    (claim,) = axis_claims(g)
    assert (claim.id, claim.object, claim.receptors, claim.sites) == (
        "BBAC:0000901", iri("GO:0001649"), (iri("PR:000001193"),), ("peripheral",))
    axis = Axis(g, [claim])
    assert (axis.side(iri("GO:0001649")), axis.kind(iri("GO:0001649"))) == (BONE, "process")
    assert axis.side(iri("CHEBI:33569")) == BRAIN  # the subject of a top-down claim
    source = render(g, "dot").decode("utf-8")
    assert "(1 claims; all sections)" in source
    line = edge_line(source, "CHEBI_33569", "GO_0001649")
    assert "arrowhead=tee" in line and "via beta-2 adrenergic receptor" in line.replace("\\n", " ")
