"""The mechanism pictures: one panel per mechanism, its edges exactly its steps, left to right in causal order; the
overview with one box per mechanism; the committed pictures are what the graph draws today."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from bbao import paths
from bbao.cli import main
from bbao.diagram import SIGN_ARROW, SIGN_COLOUR, Axis, axis_claims, line_style, pipe
from bbao.errors import BBAOError
from bbao.mechanism_diagrams import (
    OVERVIEW_FILE,
    PANEL_DIRECTORY,
    THEN_COLOUR,
    causal_order,
    committed_pictures,
    mechanism_file,
    overview,
    panel,
    read_drawn_mechanisms,
    render_panel,
    targets,
)
from bbao.mechanisms import HAS_STEP, MECHANISM_CLASS, UPSTREAM_STEP_OF, read_mechanisms
from bbao.model import iri
from bbao.source import load_source
from labclaims import add_claim
from programs import program

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(scope="module")
def mechanisms(graph):
    return {m.id: m for m in read_drawn_mechanisms(graph)}


@pytest.fixture(scope="module")
def axis(graph) -> Axis:
    return Axis(graph, axis_claims(graph))


@pytest.fixture(scope="module")
def panels(mechanisms, axis) -> dict[str, str]:
    """Each mechanism's panel as DOT source (no Graphviz run)."""
    return {mid: pipe(panel(m, axis), "dot").decode("utf-8") for mid, m in mechanisms.items()}


@pytest.fixture(scope="module")
def overview_source(mechanisms, axis) -> str:
    return pipe(overview(list(mechanisms.values()), axis), "dot").decode("utf-8")


@pytest.fixture(scope="module")
def pictures(graph) -> dict[str, bytes]:
    """What docs/ should hold, drawn once (Graphviz runs here)."""
    program("dot", "graphviz")
    return committed_pictures(graph)


def step_edges(source: str) -> dict[str, str]:
    """Claim id -> the DOT line of its edge (a step edge's tooltip starts with its claim)."""
    found = {}
    for line in source.splitlines():
        match = re.search(r'tooltip="(BBAC:\d{7}) ', line)
        if " -> " in line and match:
            assert match[1] not in found, f"{match[1]} drawn twice"
            found[match[1]] = line.strip()
    return found


def then_edges(source: str) -> list[tuple[str, str, str]]:
    """(tail, head, label) of every *then* arrow."""
    return [(m[1], m[2], m[3]) for m in re.finditer(r"^\s*(\S+) -> (\S+) \[label=\"?([^\" ]+)\"? [^\n]*"
                                                     r"tooltip=\"then: ", source, re.M)]


def ends(line: str) -> tuple[str, str]:
    tail, _, rest = line.partition(" -> ")
    return tail, rest.split(" ", 1)[0]


def term_ends(line: str) -> tuple[str, str]:
    """The terms of an edge's ends (a term drawn again at a later step is ``CHEBI_33569_after_0000003``)."""
    tail, head = ends(line)
    return tail.split("_after_")[0], head.split("_after_")[0]


def test_every_mechanism_of_the_tables_has_a_panel_titled_with_its_label_and_id(mechanisms, panels):
    problems: list = []
    source = load_source(paths.source_dir())
    tables = read_mechanisms(source, problems)
    assert tables and not problems
    assert sorted(m.id for m in tables) == sorted(panels) and len(panels) >= 17
    for m in tables:
        assert f"<B>{m.id}</B>&#160;{m.label}" in panels[m.id]
        assert f"{len(m.steps)} steps, numbered in causal order" in panels[m.id]
        assert {s.id for s in mechanisms[m.id].steps} == set(m.claims)


def test_a_panels_edges_are_exactly_its_steps(mechanisms, panels):
    for mid, source in panels.items():
        assert sorted(step_edges(source)) == sorted(s.id for s in mechanisms[mid].steps), mid
        drawn = [line for line in source.splitlines() if " -> " in line]
        assert len(drawn) == len(mechanisms[mid].steps) + len(then_edges(source)), mid


def test_noradrenaline_on_bone_remodeling(panels):
    """BBAM:0000001: NE -| osteoblast differentiation via the beta-2 adrenergic receptor; NE -> RANKL -> osteoclast
    differentiation."""
    edges = step_edges(panels["BBAM:0000001"])
    assert term_ends(edges["BBAC:0000005"]) == ("CHEBI_33569", "GO_0001649")
    assert "via β2-AR" in edges["BBAC:0000005"] and "(peripheral)" in edges["BBAC:0000005"]
    assert 'color="#d73027"' in edges["BBAC:0000005"] and "arrowhead=tee" in edges["BBAC:0000005"]
    assert term_ends(edges["BBAC:0000007"]) == ("CHEBI_33569", "PR_000002107")
    assert ends(edges["BBAC:0000157"]) == ("PR_000002107", "GO_0030316")
    for claim in ("BBAC:0000007", "BBAC:0000157"):
        assert 'color="#1a9850"' in edges[claim] and "arrowhead=normal" in edges[claim]
    # RANKL is one node: the object of NE's step and the subject of the next; no then arrow leads into RANKL's step
    assert ends(edges["BBAC:0000007"])[1] == ends(edges["BBAC:0000157"])[0]
    assert [head for _, head, _ in then_edges(panels["BBAM:0000001"])] == [] or all(
        not head.startswith("PR_000002107") for _, head, _ in then_edges(panels["BBAM:0000001"]))


def test_colour_arrowhead_and_line_follow_sign_and_knowledge_level(mechanisms, panels):
    seen = set()
    for mid, source in panels.items():
        for step, line in ((s, step_edges(source)[s.id]) for s in mechanisms[mid].steps):
            sign = step.sign if step.sign in SIGN_COLOUR else "none"
            assert f'color="{SIGN_COLOUR[sign]}"' in line and f"arrowhead={SIGN_ARROW[sign]}" in line, line
            assert f"style={line_style(step.knowledge_level)}" in line, line
            seen.add((sign, line_style(step.knowledge_level)))
    assert {"positive", "negative", "none"} <= {sign for sign, _ in seen}
    assert {"solid", "dashed"} <= {style for _, style in seen}


def test_an_unsigned_step_names_its_relation(panels):
    edges = step_edges(panels["BBAM:0000007"])
    assert "1. produced by" in edges["BBAC:0000039"] and "arrowhead=vee" in edges["BBAC:0000039"]


def test_then_arrows_lead_through_mediators_contexts_and_the_agent_again(panels):
    # leptin resistance -| leptin-mediated signalling, mediated by leptin; leptin -| neuropeptide signalling,
    # mediated by NPY; NPY -| ossification
    assert then_edges(panels["BBAM:0000013"]) == [("GO_0033210", "PR_000009758", "mediated"),
                                                  ("GO_0007218", "PR_000011387", "mediated")]
    # the CNS regulates bone remodeling in the skeleton; the skeleton regulates nervous system processes in the CNS
    assert sorted(then_edges(panels["BBAM:0000017"])) == [("GO_0046849", "UBERON_0001434", "in"),
                                                          ("GO_0050877", "UBERON_0001017", "in")]
    # ucOC crosses the blood-brain barrier, then (ucOC again) binds GPR158, then (again) acts through it
    ucoc = then_edges(panels["BBAM:0000008"])
    assert ucoc == [("BBAO_0000014", "BBAO_0000010_after_0000046", "then"),
                    ("BBAO_0000042", "BBAO_0000010_after_0000048", "then")]
    edges = step_edges(panels["BBAM:0000008"])
    assert ends(edges["BBAC:0000048"])[0] == "BBAO_0000010_after_0000046"
    assert ends(edges["BBAC:0000049"])[0] == ends(edges["BBAC:0000050"])[0] == "BBAO_0000010_after_0000048"
    assert f'color="{THEN_COLOUR}"' in panels["BBAM:0000008"] and "the next step acts" in panels["BBAM:0000008"]
    legend = {mid: "the next step acts" in source for mid, source in panels.items()}
    assert legend == {mid: bool(then_edges(source)) for mid, source in panels.items()}  # only where one is drawn
    assert not all(legend.values())


def test_mediators_no_then_arrow_shows_are_on_the_edge(panels):
    edges = step_edges(panels["BBAM:0000011"])
    assert "through GCs, GH, IGF-1" in edges["BBAC:0000109"].replace("\\n", " ")


def test_steps_are_numbered_in_causal_order(mechanisms, panels):
    order = [s.id for s in mechanisms["BBAM:0000011"].steps]
    assert order[:4] == ["BBAC:0000065", "BBAC:0000161", "BBAC:0000066", "BBAC:0000162"]  # chain by chain
    for mid, m in mechanisms.items():
        position = {s.id: i for i, s in enumerate(m.steps)}
        for up, down in m.links:
            if mid != "BBAM:0000017":  # a loop
                assert position[up] < position[down], (mid, up, down)
        edges = step_edges(panels[mid])
        for number, step in enumerate(m.steps, 1):
            assert re.search(rf'label="?{number}\.', edges[step.id]), (mid, step.id)
    assert causal_order(["b", "a"], []) == ("a", "b")


def test_left_to_right_order_follows_the_chain(mechanisms, axis):
    """BBAM:0000013: obesity, leptin resistance, leptin, NPY, ossification from left to right, as Graphviz lays
    them out."""
    program("dot", "graphviz")
    layout = json.loads(pipe(panel(mechanisms["BBAM:0000013"], axis), "json"))
    x = {o["name"]: float(o["pos"].split(",")[0]) for o in layout["objects"] if "pos" in o}
    chain = ["MONDO_0011122", "BBAO_0000018", "GO_0033210", "PR_000009758", "GO_0007218", "PR_000011387",
             "GO_0001503"]
    assert [x[node] for node in chain] == sorted(x[node] for node in chain)
    assert len({x[node] for node in chain}) == len(chain)


def test_overview_has_one_box_per_mechanism_and_merges_parallel_chains(mechanisms, overview_source):
    for mid in mechanisms:
        assert re.search(rf'^\s*{mid.replace(":", "_")} \[label="{mid}\\n', overview_source, re.M), mid
    edges = [ends(line.strip()) for line in overview_source.splitlines() if " -> " in line]
    assert len(edges) == len(set(edges))  # one edge per (start or target, mechanism)
    # TBI lowers bone mineral density through glucocorticoids, inflammation, GH and IGF-1 signalling, and has it as
    # a phenotype: five chains, one arrow, whose sign is that of the signed chains
    (tbi,) = [t for t in targets(mechanisms["BBAM:0000011"]) if str(t.term).endswith("HP_0004349")]
    assert tbi.sign == "positive" and len(tbi.chains) >= 5
    (line,) = [line for line in overview_source.splitlines() if line.strip().startswith("BBAM_0000011 -> HP_0004349")]
    assert "arrowhead=normal" in line and 'color="#1a9850"' in line


def test_overview_groups_brain_bone_and_the_bone_derived_hormones(overview_source):
    clusters = {name: body for name, body in re.findall(r"subgraph (cluster_\w+) \{(.*?)\n\t\}", overview_source, re.S)}
    assert {"cluster_brain", "cluster_bone", "cluster_mechanisms"} <= clusters.keys()
    hormones = overview_source[overview_source.index("subgraph cluster_hormones"):]
    hormones = hormones[:hormones.index("}")]
    for node in ("BBAO_0000010", "PR_000030444", "PR_000007493"):  # ucOC, osteocalcin, FGF23
        assert f"\t\t\t{node} [" in hormones
    for node in ("CHEBI_33569", "BBAO_0000013"):  # noradrenaline, spatial memory
        assert f"\t\t{node} [" in clusters["cluster_brain"]
    # a bottom-up chain ends on the brain side: laid out from there, its arrow drawn back towards it
    (line,) = [line for line in overview_source.splitlines() if line.strip().startswith("BBAO_0000013 -> BBAM_0000008")]
    assert "dir=back" in line and "arrowtail=normal" in line


@pytest.mark.parametrize(("mechanism", "term", "sign"), [
    ("BBAM:0000013", "GO_0001503", "negative"),  # obesity reduces ossification through leptin resistance and NPY
    ("BBAM:0000008", "BBAO_0000013", "positive"),  # ucOC improves spatial memory
    ("BBAM:0000008", "NBO_0000092", "negative"),  # and reduces anxiety-related behaviour
    ("BBAM:0000010", "CHEBI_15422", "none"),  # FGF23 regulates the quantity of ATP: unsigned
    ("BBAM:0000017", "GO_0046849", "none"),  # the CNS regulates bone remodeling: unsigned
])
def test_net_sign_of_the_chains_to_a_target(mechanisms, mechanism, term, sign):
    (target,) = [t for t in targets(mechanisms[mechanism]) if str(t.term).endswith(term)]
    assert target.sign == sign


def chains_graph(*steps: tuple[str, str, str, str, str, str]) -> Graph:
    """A lab's mechanism BBAM:0000902 of the given steps: (claim, subject, relation, object, sign, upstream)."""
    g = Graph()
    node = iri("BBAM:0000902")
    g.add((node, RDF.type, MECHANISM_CLASS))
    for claim, subject, relation, obj, sign, upstream in steps:
        add_claim(g, claim, subject=subject, relation=relation, object=obj, sign=sign, section="Lab",
                  direction="disease")
        g.add((node, HAS_STEP, iri(claim)))
        if upstream:
            g.add((iri(upstream), UPSTREAM_STEP_OF, iri(claim)))
    return g


@pytest.mark.parametrize(("second", "sign"), [
    (("BBAC:0000912", "MONDO:0005298", "RO:0002200", "HP:0004349", "none", ""), "negative"),  # only carries: agrees
    (("BBAC:0000912", "MONDO:0005298", "RO:0002213", "HP:0004349", "positive", ""), "none"),  # disagrees
    (("BBAC:0000912", "MONDO:0005298", "RO:0002211", "HP:0004349", "none", ""), "none"),  # unsigned regulation
])
def test_chains_to_one_target_share_an_arrow_whose_sign_they_agree_on(second, sign):
    """Osteoporosis (MONDO) raises glucocorticoids (CHEBI), which lower bone mineral density (HP): negative; a second
    chain to the same phenotype decides whether the arrow keeps that sign."""
    g = chains_graph(("BBAC:0000910", "MONDO:0005298", "RO:0002213", "CHEBI:24261", "positive", ""),
                     ("BBAC:0000911", "CHEBI:24261", "RO:0002212", "HP:0004349", "negative", "BBAC:0000910"), second)
    (drawn,) = read_drawn_mechanisms(g)
    (target,) = targets(drawn)
    assert (target.sign, len(target.chains)) == (sign, 2)


def test_pictures_are_byte_identical_across_processes(pictures):
    code = ("import hashlib, json, sys; from bbao.mechanism_diagrams import committed_pictures; "
            "from bbao.store import load_graph; sys.stdout.write(json.dumps({k: hashlib.sha256(v).hexdigest() "
            "for k, v in committed_pictures(load_graph()).items()}))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True,
                         env={**os.environ, "PYTHONHASHSEED": "3"}).stdout
    assert json.loads(run) == {k: hashlib.sha256(v).hexdigest() for k, v in pictures.items()}
    assert all(v.lstrip().startswith(b"<?xml") for k, v in pictures.items() if k.endswith(".svg"))


def _graphviz_version(text: str) -> str | None:
    match = re.search(r"graphviz version (\S+)", text)
    return match[1] if match else None


def test_the_committed_pictures_are_what_the_graph_draws(pictures):
    """docs/mechanisms/*.svg and docs/bbao-mechanisms.png are fresh: `bbao diagram --mechanisms docs/mechanisms` and
    `bbao diagram --overview --format png --out docs/bbao-mechanisms.png` would write the same bytes. Skipped when
    they were drawn by another Graphviz version (whose layout differs)."""
    committed = DOCS / PANEL_DIRECTORY / mechanism_file("BBAM:0000001")
    assert committed.is_file(), "run: bbao diagram --mechanisms docs/mechanisms"
    here = _graphviz_version(subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr)
    there = _graphviz_version(committed.read_text(encoding="utf-8"))
    if here != there:
        pytest.skip(f"the committed pictures were drawn by Graphviz {there}, this machine has {here}")
    stale = [name for name, data in pictures.items()
             if not (DOCS / name).is_file() or (DOCS / name).read_bytes() != data]
    extra = sorted(p.name for p in (DOCS / PANEL_DIRECTORY).iterdir() if f"{PANEL_DIRECTORY}/{p.name}" not in pictures)
    assert (stale, extra) == ([], []), ("stale or missing: run `bbao diagram --mechanisms docs/mechanisms` and "
                                        "`bbao diagram --overview --format png --out docs/bbao-mechanisms.png`; "
                                        "remove the panels of mechanisms that are gone")
    assert OVERVIEW_FILE in pictures and pictures[OVERVIEW_FILE].startswith(b"\x89PNG\r\n\x1a\n")


def test_cli_draws_a_panel_the_panels_and_the_overview(tmp_path, capsys, mechanisms, axis):
    assert main(["diagram", "--mechanism", "BBAM:0000013", "--format", "dot", "--out", "-"]) == 0
    assert capsys.readouterr().out == pipe(panel(mechanisms["BBAM:0000013"], axis), "dot").decode("utf-8")
    assert main(["diagram", "--mechanisms", str(tmp_path / "panels"), "--format", "dot"]) == 0
    assert sorted(p.name for p in (tmp_path / "panels").iterdir()) == sorted(mechanism_file(m, "dot")
                                                                             for m in mechanisms)
    assert f"wrote {len(mechanisms)} mechanism panels" in capsys.readouterr().out
    assert main(["diagram", "--overview", "--format", "dot", "--out", str(tmp_path / "overview.dot")]) == 0
    assert "cluster_hormones" in (tmp_path / "overview.dot").read_text(encoding="utf-8")


def test_cli_refuses_an_unknown_mechanism_and_a_section_of_a_panel(capsys):
    assert main(["diagram", "--mechanism", "BBAM:0000999", "--format", "dot", "--out", "-"]) == 2
    assert "BBAM:0000001" in capsys.readouterr().err  # the choices
    assert main(["diagram", "--overview", "--section", "top-down", "--format", "dot", "--out", "-"]) == 2
    assert "--section" in capsys.readouterr().err
    assert main(["diagram", "--mechanism", "", "--format", "dot", "--out", "-"]) == 2  # not the whole drawing
    assert "--mechanism needs a mechanism id" in capsys.readouterr().err


def test_cli_refuses_a_file_as_the_panels_folder(tmp_path, capsys):
    taken = tmp_path / "panels"
    taken.write_text("not a folder", encoding="utf-8")
    assert main(["diagram", "--mechanisms", str(taken)]) == 2
    assert "not a folder" in capsys.readouterr().err and taken.read_text(encoding="utf-8") == "not a folder"


def lab_mechanism() -> Graph:
    """A lab's mechanism built by hand: noradrenaline raises RANKL expression, RANKL promotes osteoclast
    differentiation (real ChEBI, RO, PR and GO IRIs), and a step whose object is a literal, which is not drawn."""
    g = Graph()
    g.add((iri("PR:000002107"), RDFS.label, Literal("RANKL")))
    add_claim(g, "BBAC:0000901", subject="CHEBI:33569", relation="RO:0003003", object="PR:000002107",
              sign="positive", section="Lab", direction="top-down", knowledge_level="hypothesis")
    add_claim(g, "BBAC:0000902", subject="PR:000002107", relation="RO:0002213", object="GO:0030316",
              sign="positive", section="Lab", direction="top-down")
    add_claim(g, "BBAC:0000903", subject="CHEBI:33569", relation="RO:0002213", sign="positive")
    node = iri("BBAM:0000901")
    g.add((node, RDF.type, MECHANISM_CLASS))
    g.add((node, RDFS.label, Literal("a lab's mechanism")))
    for claim in ("BBAC:0000901", "BBAC:0000902", "BBAC:0000903"):
        g.add((node, HAS_STEP, iri(claim)))
    g.add((iri("BBAC:0000901"), UPSTREAM_STEP_OF, iri("BBAC:0000902")))
    return g


def test_a_lab_mechanism_is_drawn_from_its_own_graph():
    g = lab_mechanism()
    (drawn,) = read_drawn_mechanisms(g)
    assert [s.id for s in drawn.steps] == ["BBAC:0000901", "BBAC:0000902"] and drawn.links == (
        ("BBAC:0000901", "BBAC:0000902"),)
    source = render_panel(g, "BBAM:0000901", "dot").decode("utf-8")
    edges = step_edges(source)
    assert ends(edges["BBAC:0000901"]) == ("CHEBI_33569", "PR_000002107") and "style=dotted" in edges["BBAC:0000901"]
    assert ends(edges["BBAC:0000902"]) == ("PR_000002107", "GO_0030316") and "style=solid" in edges["BBAC:0000902"]
    with pytest.raises(BBAOError, match="BBAM:0000901"):
        render_panel(g, "BBAM:0000001", "dot")
