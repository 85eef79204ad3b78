"""The diagram: drawn from the claims of the ontology, sides and kinds from its classes, deterministic."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from bbao.claims import read_claims
from bbao.cli import main
from bbao.diagram import BETWEEN, BONE, BRAIN, LEVEL_LEGEND, Axis, axis_claims, edges, line_style, render, select
from bbao.errors import BBAOError
from bbao.model import BIOLINK_KNOWLEDGE_LEVEL, ESTABLISHED, KNOWLEDGE_LEVELS, iri
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
    assert len(data_edge_lines(dot_source)) == len(drawn)


def test_edge_is_coloured_by_sign_and_labelled_by_receptor(dot_source):
    # BBAC:0000005: noradrenaline negatively regulates osteoblast differentiation via beta-2 adrenergic receptor
    line = edge_line(dot_source, "CHEBI_33569", "GO_0001649")
    assert 'color="#d73027"' in line and "arrowhead=tee" in line and "via β2-AR" in line
    positive = edge_line(dot_source, "CHEBI_33569", "GO_0030316")  # BBAC:0000006, in osteoclast
    assert 'color="#1a9850"' in positive and "arrowhead=normal" in positive and "in osteoclast" in positive


def data_edge_lines(source: str) -> list[str]:
    return [line for line in source.splitlines() if " -> " in line and "invis" not in line and "legend_" not in line]


def test_each_edge_is_drawn_in_the_line_of_its_claims_knowledge_level(graph, dot_source):
    """Solid for established claims, dashed for associations and observations, dotted for hypotheses and future
    directions (the Biolink 'prediction' levels); the tooltip names each claim's level."""
    levels = {c.id: c.knowledge_level for c in read_claims(graph)}
    styles = {"solid": 0, "dashed": 0, "dotted": 0}
    for line in data_edge_lines(dot_source):
        ids = re.findall(r"(BBAC:\d{7}) \(([a-z ]+)\)", line)
        assert ids, line
        assert all(levels[cid].replace("_", " ") == level for cid, level in ids), line
        firmest = min((levels[cid] for cid, _ in ids), key=KNOWLEDGE_LEVELS.index)
        style = {ESTABLISHED: "solid"}.get(firmest, "dotted" if BIOLINK_KNOWLEDGE_LEVEL[firmest] == "prediction"
                                           else "dashed")
        assert f"style={style}" in line, line
        styles[style] += 1
    tentative = {cid for cid, level in levels.items() if level != ESTABLISHED}
    assert tentative, "the review states some claims less firmly than as established"
    assert styles["dashed"] + styles["dotted"] > 0 and styles["solid"] > 0


def test_a_hypothesis_is_dotted_and_an_association_dashed(graph, dot_source):
    """The edges whose claims are all of one level (read from the graph: the curated claims change)."""
    lines = data_edge_lines(dot_source)
    for level, style in (("hypothesis", "dotted"), ("association", "dashed")):
        alone = [e for e in edges(axis_claims(graph)) if {c.knowledge_level for c in e.claims} == {level}]
        assert alone, f"no edge of {level} claims only"
        for edge in alone:
            (line,) = [line for line in lines if f"{edge.claims[0].id} ({level})" in line]
            assert f"style={style}" in line, line


def test_the_legend_has_a_line_per_group_of_knowledge_levels(dot_source):
    for style, text in LEVEL_LEGEND.items():
        (line,) = [line for line in dot_source.splitlines() if line.strip().startswith(f"legend_{style}_from ->")]
        assert f"style={style}" in line
        assert text.split()[0] in dot_source
    assert [line_style(level) for level in KNOWLEDGE_LEVELS] == [
        "solid", "dashed", "dashed", "dashed", "dotted", "dotted"]


def test_bone_to_brain_claim_is_laid_out_from_the_brain_side_with_its_arrow_at_the_tail(dot_source):
    # BBAC:0000049: undercarboxylated osteocalcin positively regulates spatial memory
    line = edge_line(dot_source, "BBAO_0000013", "BBAO_0000010")
    assert "dir=back" in line and "arrowtail=normal" in line


@pytest.mark.parametrize(("curie", "side", "kind"), [
    ("PR:000030444", BONE, "hormone"),  # osteocalcin: produced by osteoblasts
    ("HGNC:1043", BETWEEN, "molecule"),  # its gene, BGLAP: no longer drawn as the hormone
    ("BBAO:0000010", BONE, "hormone"),  # undercarboxylated osteocalcin: a form of it
    ("PR:000007493", BONE, "hormone"),  # FGF23
    ("BBAO:0000022", BETWEEN, "drug"),  # denosumab: a monoclonal antibody
    ("CHEBI:50949", BETWEEN, "drug"),  # serotonin uptake inhibitor: a ChEBI drug role
    ("CHEBI:8499", BETWEEN, "drug"),  # propranolol: has the ChEBI role drug, the review's example of a therapy
    ("BBAO:0000063", BETWEEN, "drug"),  # the beta-blocker and PTH combination: subject of therapy claims
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
    readme = (root / "README.md").read_text(encoding="utf-8")
    for picture in ("bbao-diagram.png", "bbao-mechanisms.png"):
        assert f"](docs/{picture})" in readme
        assert (root / "docs" / picture).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "](docs/mechanisms/BBAM_0000013.svg)" in readme
    assert (root / "docs" / "mechanisms" / "BBAM_0000013.svg").is_file()


def test_the_committed_png_is_what_the_graph_draws(graph):
    """docs/bbao-diagram.png is fresh: `bbao diagram --format png --out docs/bbao-diagram.png` would write the same
    bytes. Skipped on a Graphviz other than the one that drew the committed pictures (named in their SVGs)."""
    program("dot", "graphviz")
    docs = Path(__file__).resolve().parent.parent / "docs"
    version = re.compile(r"graphviz version (\S+)")
    here = version.search(subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr)
    there = version.search((docs / "mechanisms" / "BBAM_0000001.svg").read_text(encoding="utf-8"))
    if not (here and there and here[1] == there[1]):
        pytest.skip("the committed pictures were drawn by another Graphviz version")
    assert (docs / "bbao-diagram.png").read_bytes() == render(graph, "png"), \
        "stale: run `bbao diagram --format png --out docs/bbao-diagram.png`"


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
    assert "style=solid" in line  # a claim without a knowledge level is drawn as established


@pytest.mark.parametrize(("levels", "style"), [
    (("hypothesis",), "dotted"), (("future_direction",), "dotted"), (("association",), "dashed"),
    (("clinical_observation", "hypothesis"), "dashed"), (("hypothesis", "established"), "solid"),
    (("experimental_finding", "made up"), "solid"),  # a level BBAO does not define counts as established
])
def test_an_edge_takes_the_firmest_level_of_its_claims(levels, style):
    g = Graph()
    for number, level in enumerate(levels, start=901):
        add_claim(g, f"BBAC:0000{number}", subject="CHEBI:33569", relation="RO:0002597", object="GO:0001649",
                  sign="negative", knowledge_level=level, section="Lab results", direction="top-down")
    line = edge_line(render(g, "dot").decode("utf-8"), "CHEBI_33569", "GO_0001649")
    assert f"style={style}" in line
    for number, level in enumerate(levels, start=901):  # each claim's own level in the tooltip
        assert f"BBAC:0000{number} ({level.replace('_', ' ')})" in line
