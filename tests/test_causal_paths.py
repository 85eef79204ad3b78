"""`bbao path FROM TO`: the review's causal chains between two terms with their net sign and weakest knowledge level,
the same as the bundled query `mechanism-paths` gives on the embedded store (the Oxigraph server: test_load.py)."""

from __future__ import annotations

import itertools

import pytest

from bbao.causal_paths import (
    LEVEL_STRENGTH,
    QUERY_MAX_STEPS,
    chain_paths,
    find_chains,
    format_chains,
    read_network,
    resolve_term,
)
from bbao.cli import main
from bbao.model import KNOWLEDGE_LEVELS
from bbao.prefixes import compress, expand
from bbao.query import bundled, run
from bbao.store import OxigraphBackend, load_store

QUERY = bundled()["mechanism-paths"]


@pytest.fixture(scope="module")
def backend():
    return OxigraphBackend(load_store())


# The five chains the issue names, with the sign the review gives them.
ISSUE_CHAINS = [
    # leptin resistance -> bone formation
    ("BBAO:0000018", "GO:0001503", "negative", ["BBAC:0000159", "BBAC:0000133", "BBAC:0000015"]),
    # NE (released by sympathetic nerves) -> RANKL expression -> osteoclastogenesis
    ("CHEBI:33569", "GO:0030316", "positive", ["BBAC:0000003", "BBAC:0000007", "BBAC:0000157"]),
    # ucOC -> spatial memory
    ("BBAO:0000010", "BBAO:0000013", "positive", ["BBAC:0000046", "BBAC:0000048", "BBAC:0000049"]),
    ("MONDO:0858950", "BBAO:0000012", "positive", ["BBAC:0000137", "BBAC:0000072"]),  # TBI -> fracture healing
    # TBI -> reduced bone mineral density, the review's "bone loss": positive, so negative on bone mass
    ("MONDO:0858950", "HP:0004349", "positive", ["BBAC:0000065", "BBAC:0000161"]),
]


@pytest.mark.parametrize("start, end, sign, steps", ISSUE_CHAINS)
def test_the_chains_the_issue_names_have_the_reviews_sign(backend, start, end, sign, steps):
    chains = find_chains(backend, start, end)
    assert steps in [list(c.claims) for c in chains]
    # every chain that regulates agrees; a chain of carrying steps only ('has phenotype') states no sign
    assert {c.sign for c in chains} - {"none"} == {sign}


def test_tbi_lowers_bone_mass_through_every_arm(backend):
    # the review's "long-term bone loss" is HP 'Reduced bone mineral density': every arm raises it, so every arm is
    # negative on bone mass; the curators' reading of the same words as less bone formation is negative too
    chains = find_chains(backend, "MONDO:0858950", "HP:0004349")
    assert {c.claims: c.sign for c in chains} == {
        ("BBAC:0000065", "BBAC:0000161"): "positive",  # glucocorticoid excess
        ("BBAC:0000066", "BBAC:0000162"): "positive",  # pro-inflammatory cytokines
        ("BBAC:0000067", "BBAC:0000163"): "positive",  # GH arm of the GH/IGF-1 axis inhibited (- x -)
        ("BBAC:0000068", "BBAC:0000164"): "positive",  # IGF-1 arm
        ("BBAC:0000069",): "none",  # the review's own summary: TBI has the phenotype (no regulation stated)
    }
    formation = find_chains(backend, "MONDO:0858950", "GO:0001503")
    assert {c.claims: c.sign for c in formation if c.mechanism == "BBAM:0000011"} == {("BBAC:0000109",): "negative"}


def test_alzheimer_disease_reaches_decreased_bone_density_through_both_arms(backend):
    chains = {c.claims: (c.sign, c.weakest_level) for c in find_chains(backend, "MONDO:0004975", "HP:0004349")}
    assert chains[("BBAC:0000076", "BBAC:0000165")] == ("positive", "association")  # Wnt inhibited (- x -)
    # the amyloid-beta arm starts at amyloid-beta (the review names the deposition as a cause, not AD as its cause)
    beta = {c.claims: c.sign for c in find_chains(backend, "CHEBI:64645", "HP:0004349")}
    assert beta[("BBAC:0000077", "BBAC:0000166")] == "positive"
    assert chains[("BBAC:0000075",)] == ("none", "clinical_observation")  # 'has phenotype': no regulation


def test_sema3a_acts_on_bone_through_sensory_nerve_development(backend):
    # "increased bone resorption and decreased bone formation due to abnormal sensory nerve development"
    resorption = {c.claims: c.sign for c in find_chains(backend, "BBAO:0000043", "GO:0045453")}
    formation = {c.claims: c.sign for c in find_chains(backend, "BBAO:0000043", "GO:0001503")}
    assert resorption[("BBAC:0000039", "BBAC:0000043", "BBAC:0000168")] == "negative"
    assert formation[("BBAC:0000039", "BBAC:0000043", "BBAC:0000167")] == "positive"


def test_relieving_an_inhibition_is_positive(backend):
    # leptin resistance lowers leptin signalling (-), leptin restrains NPY signalling (-): NPY signalling rises
    (chain,) = find_chains(backend, "BBAO:0000018", "GO:0007218")
    assert chain.claims == ("BBAC:0000159", "BBAC:0000133") and chain.sign == "positive"


def test_kinds_and_parts_of_the_target_count(backend):
    # NE inhibits osteoblast differentiation, part of ossification in GO
    chains = find_chains(backend, "CHEBI:33569", "GO:0001503")
    assert [(c.claims, c.sign) for c in chains] == [(("BBAC:0000003", "BBAC:0000005"), "negative")]


def test_the_feedback_loop_is_walked_once_and_has_no_sign(backend):
    (chain,) = find_chains(backend, "UBERON:0001017", "GO:0050877")
    assert chain.claims == ("BBAC:0000001", "BBAC:0000113") and chain.sign == "unsigned"
    (back,) = find_chains(backend, "UBERON:0001434", "GO:0046849")
    assert back.claims == ("BBAC:0000113", "BBAC:0000001")


def test_a_chain_starts_as_far_upstream_as_it_can(backend):
    # ucOC's own steps: crossing the barrier leads into binding GPR158, which leads into spatial memory; the chains
    # starting at the later steps are parts of that one and are not listed
    chains = find_chains(backend, "BBAO:0000010", "BBAO:0000013")
    assert [c.claims for c in chains] == [("BBAC:0000046", "BBAC:0000048", "BBAC:0000049")]


def test_the_weakest_level_of_a_chain(backend):
    (chain,) = find_chains(backend, "PR:000007493", "GO:0050890")[:1]
    levels = [s.level for s in chain.steps]
    assert chain.weakest_level == max(levels, key=LEVEL_STRENGTH.index)
    fgf23 = {c.claims: c.weakest_level for c in find_chains(backend, "PR:000007493", "GO:0050890")}
    assert fgf23[("BBAC:0000055", "BBAC:0000059", "BBAC:0000062", "BBAC:0000160")] == "experimental_finding"
    only_established = find_chains(backend, "PR:000007493", "GO:0050890", levels=["established"])
    assert all(c.weakest_level == "established" for c in only_established)
    assert len(only_established) < len(fgf23)


def test_a_chain_of_carrying_steps_only_has_no_sign(backend):
    # noradrenaline is produced by sympathetic nerves: no effect of the one on the other is stated
    (chain,) = find_chains(backend, "CHEBI:33569", "UBERON:0034729")
    assert chain.claims == ("BBAC:0000003",) and chain.sign == "none" and chain.steps[0].sign == "none"


def test_a_loop_is_kept_when_its_start_covers_both_of_its_steps(backend):
    # 'anatomical system' is above both the CNS and the skeletal system: the loop is still listed once per start
    chains = {c.claims for c in find_chains(backend, "UBERON:0000467", "GO:0050877") if c.mechanism == "BBAM:0000017"}
    assert chains == {("BBAC:0000001", "BBAC:0000113")}


def test_levels_choose_the_steps_before_chains_are_cut(backend):
    # with BBAC:0000003 (established) left out by no level, the chain from NE starts at it; asking for
    # experimental findings only leaves no NE step, so no chain; asking for established gives the same chains
    assert [c.claims for c in find_chains(backend, "CHEBI:33569", "GO:0030316", levels=["established"])] == [
        ("BBAC:0000003", "BBAC:0000007", "BBAC:0000157")]
    assert find_chains(backend, "CHEBI:33569", "GO:0030316", levels=["experimental_finding"]) == []
    # FGF23 reaches cognition only through the knockout findings (LTP): none with established steps alone
    assert find_chains(backend, "PR:000007493", "GO:0050890", levels=["established"]) == []
    both = find_chains(backend, "PR:000007493", "GO:0050890", levels=["established", "experimental_finding"])
    assert len(both) == 2 and all(c.claims[-2:] == ("BBAC:0000062", "BBAC:0000160") for c in both)


def test_level_strength_orders_every_level_once():
    assert sorted(LEVEL_STRENGTH) == sorted(KNOWLEDGE_LEVELS) and LEVEL_STRENGTH[0] == "established"


def test_a_step_shows_its_receptor_site_context_and_words(backend):
    (chain,) = find_chains(backend, "BBAO:0000018", "GO:0001503")
    npy = chain.steps[-1]
    assert npy.claim == "BBAC:0000015" and npy.subject == "neuropeptide Y" and npy.object == "ossification"
    assert npy.receptors == ("neuropeptide Y receptor type 2 on central nervous system",)
    assert "central" in npy.contexts
    assert npy.excerpt == "Centrally, NPY inhibits osteoblast activity via Y2 receptors."


@pytest.mark.parametrize("text, curie", [
    ("leptin resistance", "BBAO:0000018"), ("Leptin Resistance", "BBAO:0000018"), ("ossification", "GO:0001503"),
    ("  leptin   resistance ", "BBAO:0000018"),
    ("GO:0001503", "GO:0001503"), ("<http://purl.obolibrary.org/obo/GO_0001503>", "GO:0001503"),
])
def test_a_term_is_named_by_curie_iri_or_label(backend, text, curie):
    assert compress(resolve_term(text, backend)) == curie


@pytest.mark.parametrize("text, message", [
    ("FOO:1", "unknown prefix 'FOO'"),
    ("no such thing", "no term of any mechanism is named 'no such thing'"),
    ("GO:9999999", "GO:9999999 is not a term of BBAO"),
    ("<>", "is not an absolute http"),
    ("  ", "an empty term"),
])
def test_an_unknown_term_is_a_clear_error(backend, text, message):
    from bbao.errors import BBAOError

    with pytest.raises(BBAOError, match=message):
        resolve_term(text, backend)


def _pairs(backend) -> list[tuple[str, str]]:
    """Every (subject of a step, object of a step) pair within each mechanism: all the chains there are."""
    net = read_network(backend)
    pairs = set()
    for own in net.steps.values():
        for a, b in itertools.product(sorted(own), repeat=2):
            pairs.add((net.ends[a][0], net.ends[b][1]))
    return sorted(pairs)


def test_no_chain_of_the_release_is_longer_than_the_query_lists(backend):
    net = read_network(backend)
    everything = {t for ends in net.ends.values() for t in ends}
    longest = max(len(p) for _, p in chain_paths(net, everything, everything))
    assert longest <= QUERY_MAX_STEPS


def test_bbao_path_and_the_bundled_query_agree_on_every_pair(backend):
    pairs = _pairs(backend)
    assert len(pairs) > 100
    for start, end in pairs:
        ours = [(c.mechanism, " > ".join(c.claims), c.sign, c.weakest_level) for c in find_chains(backend, start, end)]
        columns, rows = run(QUERY, backend, {"from": start, "to": end})
        theirs = [(r[columns.index("mechanism")], r[columns.index("steps")], r[columns.index("sign")],
                   r[columns.index("weakestLevel")]) for r in rows]
        assert sorted(ours) == sorted(theirs), (compress(start), compress(end))


def test_cli_path_prints_each_step_with_its_words(capsys):
    assert main(["path", "leptin resistance", "GO:0001503"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 chain from leptin resistance to GO:0001503")
    assert "negative (weakest level: established), BBAM:0000013 leptin resistance in obesity" in out
    assert "BBAC:0000133 [negative, established] leptin --capable of negatively regulating--> neuropeptide" in out
    assert '"Centrally, NPY inhibits osteoblast activity via Y2 receptors."' in out


def test_cli_path_as_tsv(capsys):
    assert main(["path", "CHEBI:33569", "GO:0030316", "--format", "tsv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "mechanism\tsign\tweakest_level\tsteps\tmechanism_label",
        "BBAM:0000001\tpositive\testablished\tBBAC:0000003 > BBAC:0000007 > BBAC:0000157\t"
        "noradrenaline from sympathetic nerves on bone remodeling"]


def test_cli_path_without_a_chain_says_so(capsys):
    assert main(["path", "GO:0001503", "CHEBI:33569"]) == 0
    assert capsys.readouterr().out == "no chain from GO:0001503 to CHEBI:33569 in the review's mechanisms\n"


@pytest.mark.parametrize("argv, message", [
    (["path", "FOO:1", "GO:0001503"], "unknown prefix 'FOO'"),
    (["path", "nothing at all", "GO:0001503"], "no term of any mechanism is named 'nothing at all'"),
    (["path", "CHEBI:33569", "GO:0001503", "--level", "rumour"], "unknown knowledge level 'rumour'"),
    (["path", "CHEBI:33569", "GO:0001503", "--graph", "urn:g"], "--graph only applies to a remote --endpoint"),
    (["path", "CHEBI:33569", "GO:0001503", "--endpoint", "http://127.0.0.1:9/query"], "127.0.0.1:9"),
    (["path", "CHEBI:33569", "GO:0001503", "--endpoint", "notaurl"], "must be an http:// or https:// URL"),
    (["path", "CHEBI:33569", "GO:0001503", "--endpoint", ""], "--endpoint needs a URL"),
    (["path", "GO:9999999", "GO:0001503"], "GO:9999999 is not a term of BBAO"),
])
def test_cli_path_bad_input_exits_2_with_one_message(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_format_chains_names_the_mechanism_and_each_step(backend):
    text = format_chains(find_chains(backend, expand("CHEBI:33569"), "GO:0030316"), "NE", "osteoclastogenesis")
    assert text.splitlines()[0] == "1 chain from NE to osteoclastogenesis"
    assert "BBAC:0000157 [positive, established] tumor necrosis factor ligand superfamily member 11" in text


def test_the_readme_shows_what_bbao_path_prints(capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert main(["path", "leptin resistance", "GO:0001503"]) == 0
    printed = capsys.readouterr().out.rstrip("\n")
    assert f"```text\n{printed}\n```" in readme
