"""Reasoner results: consistency, the inferences the defined classes exist for, disjointness catching
mistakes, and the classified artifacts."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao import paths, pruning, reason
from bbao.artifacts import existing_path, product
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.jvm import JavaEnvironmentError
from bbao.prefixes import expand
from conftest import interrupt_renames
from test_pruning import _TTL

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime: HermiT cannot run")
#: Pellet, the cross-check, no longer finishes on the release (measured 2026-11-30, 2 cores: stopped at 300 s by
#: `bbao reason --reasoner pellet`, also with the chains of free properties left out, among them RO's 'positively
#: regulates <- negatively regulates o negatively regulates' that cost its role automata 20 s; while HermiT
#: classifies it in 2 s). Pellet 2.3.1 gets stuck in the satisfiability test of UBERON:0001932 ('part of' some
#: hypothalamus, its first Uberon class with no named superclass); it finishes in about 1 s only when BFO's 11
#: allValuesFrom axioms, the 15 equivalences and the 25 disjointness axioms are all left out (any two of the
#: three families are not enough), and none of those can go without changing entailments. Until then the tests
#: that need Pellet to finish are skipped, saying so; HermiT stays the reference.
PELLET_STALLS = pytest.mark.skip(reason="Pellet does not finish on the current release within 300 s (issue 18)")
REASONERS = [pytest.param(name, marks=[PELLET_STALLS] if name == "pellet" else []) for name in reason.REASONERS]


def u(curie: str) -> str:
    return expand(curie)


@pytest.fixture(scope="module")
def hermit() -> reason.ReasonerReport:
    if shutil.which("java") is None:
        pytest.skip("no Java runtime: HermiT cannot run")
    return reason.check()


def inferred_under(report: reason.ReasonerReport, parent: str) -> set[str]:
    """Direct named subclasses of ``parent`` in the reasoned hierarchy, as CURIEs."""
    from bbao.prefixes import compress

    return {compress(c) for c, p in report.hierarchy if p == u(parent)}


def test_shipped_ontology_is_consistent_under_hermit(hermit):
    assert hermit.consistent and hermit.unsatisfiable == []


@pytest.mark.parametrize(
    "defined, expected",
    [
        ("BBAO:0000030", {"PR:000030444", "PR:000007493"}),  # bone-derived hormone: osteocalcin, FGF23 (proteins)
        # brain-to-bone regulator: NE, NPY, the CNS and the sympathetic, parasympathetic and sensory nerves
        ("BBAO:0000031",
         {"CHEBI:33569", "PR:000011387", "UBERON:0001017", "UBERON:0001027", "UBERON:0004293", "UBERON:0034729"}),
        ("BBAO:0000032", {"PR:000030444", "PR:000007493"}),  # bone-to-brain regulator
        # brain-bone axis targeting therapy: the review states every therapy as a prospect, a "can" or a clinical
        # observation, none as established, so the reasoner classifies none (issue: nothing from a "potential")
        ("BBAO:0000037", set()),
        ("BBAO:0000038", {"MONDO:0009092", "MONDO:0005180", "MONDO:0858950", "MONDO:0005351"}),
    ],
)
def test_defined_classes_gather_what_the_review_says(hermit, defined, expected):
    assert inferred_under(hermit, defined) == expected


def test_memberships_are_inferred_not_asserted():
    asserted = Graph().parse(existing_path("bbao.nt"))
    for defined in ("BBAO:0000030", "BBAO:0000031", "BBAO:0000032", "BBAO:0000037", "BBAO:0000038"):
        assert not list(asserted.subjects(RDFS.subClassOf, URIRef(u(defined)))), defined


def test_nothing_is_classified_from_a_hypothesis(hermit):
    """The review calls the TREM2 agonist antibody, BMSC exosomes and anti-RANKL antibodies prospects: no
    therapy class is inferred for them, and no claim of theirs that is not established is an axiom."""
    from bbao.artifacts import parse_product
    from bbao.model import FIELD_PROPERTY

    for therapy in ("BBAO:0000023", "BBAO:0000024", "BBAO:0000062", "BBAO:0000022"):
        assert "BBAO:0000037" not in {p for c, p in hermit.hierarchy if c == u(therapy)}
    full = parse_product("full")
    established = set(full.subjects(FIELD_PROPERTY["knowledge_level"], Literal("established")))
    stated = set(full.objects(None, FIELD_PROPERTY["claim"]))
    assert stated == established


def test_alzheimer_disease_is_no_comorbidity_from_observations_alone(hermit):
    """Alzheimer disease's lower bone density is a clinical observation and its mechanism an association in the
    review: not established, so not an axiom from which it would be classified a neuro-skeletal comorbidity."""
    assert "MONDO:0004975" not in inferred_under(hermit, "BBAO:0000038")


def test_obesity_is_not_a_neuro_skeletal_comorbidity(hermit):
    """Obesity lowers bone formation, but the review gives it no brain manifestation of its own."""
    assert "MONDO:0011122" not in inferred_under(hermit, "BBAO:0000038")


def broken_copy(tmp_path: Path, *extra: tuple) -> Path:
    g = Graph().parse(existing_path("bbao.nt"))
    for triple in extra:
        g.add(triple)
    path = tmp_path / "broken.owl"
    g.serialize(path, format="xml")
    return path


#: Two independent errors put into one copy of the shipped ontology, each making its own class unsatisfiable
#: (so one reasoner run answers for both): RO 'negatively regulates' has domain process, so a chemical as its
#: subject clashes with BFO's disjointness; a protein made a process clashes the same way.
_CHEMICAL_RESTRICTION = BNode()
BROKEN = (
    (_CHEMICAL_RESTRICTION, RDF.type, OWL.Restriction),
    (_CHEMICAL_RESTRICTION, OWL.onProperty, URIRef(u("RO:0002212"))),
    (_CHEMICAL_RESTRICTION, OWL.someValuesFrom, URIRef(u("GO:0001649"))),
    (URIRef(u("CHEBI:33569")), RDFS.subClassOf, _CHEMICAL_RESTRICTION),
    (URIRef(u("BBAO:0000010")), RDFS.subClassOf, URIRef(u("GO:0008150"))),
)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], reason.ReasonerReport]:
    """``reasoner`` -> its report on the shipped ontology with :data:`BROKEN` added (one run per reasoner)."""
    path = broken_copy(tmp_path_factory.mktemp("broken"), *BROKEN)
    return functools.cache(lambda reasoner: reason.check(path, reasoner=reasoner, timeout=120))


@needs_java
@pytest.mark.parametrize("reasoner", REASONERS)
def test_a_chemical_as_subject_of_process_regulation_is_unsatisfiable(broken, reasoner):
    """RO 'negatively regulates' has domain process: a chemical there clashes with BFO disjointness."""
    report = broken(reasoner)
    assert not report.ok and "CHEBI:33569" in report.unsatisfiable


@needs_java
@pytest.mark.parametrize("reasoner", REASONERS)
def test_osteoblast_and_osteoclast_are_disjoint(tmp_path: Path, capsys, no_network, reasoner):
    """A user's file (its own class under both osteoblast and osteoclast) is reasoned over *with* BBAO, where the
    two are disjoint: the class is reported with its axioms. Its owl:imports is named, not fetched."""
    path = tmp_path / "mine.owl"
    path.write_text(f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
         xmlns:owl="http://www.w3.org/2002/07/owl#">
  <owl:Ontology rdf:about="https://lab.example.org/onto">
    <owl:imports rdf:resource="http://10.255.255.1/never.owl"/>
  </owl:Ontology>
  <owl:Class rdf:about="https://lab.example.org/BoneCell">
    <rdfs:subClassOf rdf:resource="{u("CL:0000092")}"/>
    <rdfs:subClassOf rdf:resource="{u("CL:0000062")}"/>
  </owl:Class>
</rdf:RDF>
""", encoding="utf-8")
    assert main(["reason", "--file", str(path), "--reasoner", reasoner]) == 1
    out = capsys.readouterr().out
    assert f"{path}: 4 triples, reasoned over with BBAO" in out
    assert "owl:imports <http://10.255.255.1/never.owl> not followed" in out
    assert "unsatisfiable" in out and "https://lab.example.org/BoneCell" in out
    assert "SubClassOf CL:0000092 'osteoclast'" in out and "SubClassOf CL:0000062 'osteoblast'" in out


@needs_java
@pytest.mark.parametrize("reasoner", REASONERS)
def test_a_protein_made_a_process_is_unsatisfiable(broken, reasoner):
    report = broken(reasoner)
    assert "BBAO:0000010" in report.unsatisfiable
    assert sorted(report.unsatisfiable) == ["BBAO:0000010", "CHEBI:33569"]  # nothing else: the errors are apart
    if reasoner == "pellet":
        assert report.unsatisfiable == broken("hermit").unsatisfiable  # HermiT's list


def test_inferred_artifacts_are_up_to_date(hermit, tmp_path, monkeypatch):
    """What `bbao reason` renders from HermiT's answer over the shipped bbao.owl (the module's ``hermit``, the
    same run `bbao reason` makes) is the committed inferred product."""
    monkeypatch.setattr(reason, "check", lambda path=None, reasoner="hermit", timeout=None: hermit)
    report, files = reason.classify(out_dir=tmp_path, write=False)
    assert report.ok
    assert list(files) == [tmp_path / a.file for a in product("inferred")]
    for path, data in files.items():
        committed = paths.ontology_dir() / path.name
        assert committed.read_bytes() == data, f"{path.name} is out of date: run `bbao reason`"


def test_inferred_axioms_are_marked(hermit):
    g = Graph().parse(paths.ontology_dir() / "bbao-inferred.ttl")
    inferred = URIRef("http://www.geneontology.org/formats/oboInOwl#is_inferred")
    marked = {(g.value(a, OWL.annotatedSource), g.value(a, OWL.annotatedTarget)) for a in g.subjects(inferred, None)}
    assert (URIRef(u("PR:000030444")), URIRef(u("BBAO:0000030"))) in marked
    assert (URIRef(u("PR:000030444")), RDFS.subClassOf, URIRef(u("BBAO:0000030"))) in g
    assert (URIRef(u("CHEBI:33569")), RDFS.subClassOf, URIRef(u("CHEBI:33569"))) not in g


def test_reasoner_input_is_the_same_file_whatever_the_hash_seed(tmp_path):
    code = ("import hashlib, sys; from pathlib import Path; from bbao import reason; "
            "from bbao.artifacts import existing_path; "
            "data = reason.reasoner_input(existing_path('bbao.owl'), Path(sys.argv[1])).read_bytes(); "
            "print(hashlib.sha256(data).hexdigest())")
    digests = set()
    for seed in ("1", "2"):
        folder = tmp_path / seed
        folder.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        digests.add(subprocess.run([sys.executable, "-c", code, str(folder)], env=env, check=True,
                                   capture_output=True, text=True).stdout.strip())
    assert len(digests) == 1


@needs_java
@PELLET_STALLS
def test_pellet_gives_hermits_hierarchy_and_types(hermit):
    """The cross-check: Pellet (through the OWL API loader, see reason._java_commands) finishes in seconds
    and infers exactly what HermiT infers."""
    pellet = reason.check(reasoner="pellet", timeout=120)
    assert pellet.consistent and pellet.unsatisfiable == []
    assert pellet.hierarchy == hermit.hierarchy and len(hermit.hierarchy) > 700
    assert pellet.types == hermit.types and hermit.types


def test_owlready2s_java_commands_get_the_jvm_options_and_pellet_the_owlapi_loader(monkeypatch):
    seen = []
    monkeypatch.setattr(reason.subprocess, "run", lambda command, *a, **k: seen.append(command))
    monkeypatch.setattr(reason.subprocess, "check_output", lambda command, *a, **k: seen.append(command))
    monkeypatch.setenv("BBAO_JAVA_OPTIONS", "-Xss8m -XX:+UseSerialGC")
    pellet = ["java", "-cp", "x", "pellet.Pellet", "realize", "--loader", "Jena", "--input-format", "N-Triples",
              "--ignore-imports", "f"]
    hermit = ["java", "-Xmx2000M", "-cp", "x", "org.semanticweb.HermiT.cli.CommandLine", "-c"]
    with reason._java_commands("java", pellet_owlapi=True):
        reason.subprocess.run(pellet)
        reason.subprocess.check_output(hermit)
        reason.subprocess.run(["python", "-c", "1"])
    with reason._java_commands("java"):
        reason.subprocess.run(pellet)
    reason.subprocess.run(pellet)
    assert seen == [
        ["java", "-Xss8m", "-XX:+UseSerialGC", "-cp", "x", "pellet.Pellet", "realize", "--loader", "OWLAPIv3",
         "--ignore-imports", "f"],
        ["java", "-Xmx2000M", "-Xss8m", "-XX:+UseSerialGC", "-cp", "x", "org.semanticweb.HermiT.cli.CommandLine", "-c"],
        ["python", "-c", "1"],
        ["java", "-Xss8m", "-XX:+UseSerialGC", *pellet[1:]],  # the Jena loader stays unless asked
        pellet]  # outside the block: nothing rewritten


def test_missing_java_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(JavaEnvironmentError, match=r"no Java runtime found.*Install a JRE"):
        reason.check()


def test_unknown_reasoner_is_refused():
    with pytest.raises(BBAOError, match="unknown reasoner 'fact'"):
        reason.check(reasoner="fact")


@needs_java
@pytest.mark.crosscheck  # HermiT over the whole release with the 41 chains put back: 10-14 s
def test_pruning_inert_property_chains_keeps_the_hierarchy(hermit, tmp_path):
    """The full product leaves out the chains that cannot fire (the base keeps them), and the reasoners' input
    (``hermit``: :func:`reason.check`) the chains and transitivity of the free properties too; with all of them
    put back, the hierarchy and the types are the same."""
    from rdflib import Graph

    from bbao.prefixes import compress

    shipped = Graph().parse(existing_path("bbao.nt"))
    assert pruning.inert_chains(shipped) == []
    # what the reasoners are spared on the release: RO's 'positively regulates <- negatively regulates o
    # negatively regulates' (what Pellet's role automata spent 20 s on) among them, and transitivity axioms
    irrelevant = pruning.irrelevant_chains(shipped)
    heads = {compress(str(p)) for p, _ in irrelevant}
    assert {"RO:0002213", "RO:0002598", "RO:0002131"} <= heads and "RO:0002596" not in heads
    _, chains, transitive = pruning.irrelevant_axiom_triples(shipped)
    assert chains == len(irrelevant) and transitive >= 5
    whole = pruning.with_chains(shipped, Graph().parse(existing_path("bbao-base.ttl")))
    assert len(pruning.inert_chains(whole)) >= 40
    (tmp_path / "whole.nt").write_bytes(whole.serialize(format="nt", encoding="utf-8"))
    full = reason.check(tmp_path / "whole.nt", prune=False)
    assert full.hierarchy == hermit.hierarchy and full.types == hermit.types


def test_reason_writes_its_release_with_what_it_reasoned_over_and_waits_for_no_build(tmp_path, monkeypatch, capsys):
    """``bbao reason`` records the sha256 of the bbao.owl and bbao.nt it read beside its files (what
    ``bbao build --check`` compares with the current bbao.owl), and is refused while a build holds the folder.
    The reasoner is replaced by a report without inferences: this is about writing, not reasoning."""
    from bbao import release
    from bbao.release import MANIFEST, digest, lock, read_manifest, unmatched

    monkeypatch.setattr(reason, "check", lambda path, reasoner="hermit", timeout=None: reason.ReasonerReport(
        reasoner, consistent=True))
    monkeypatch.setattr(paths, "ontology_dir", lambda: tmp_path)  # where `bbao reason` writes; it reads the shipped
    with lock([tmp_path]):
        assert main(["reason"]) == 2
    err = capsys.readouterr().err
    assert f"another bbao build is writing {tmp_path}" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []

    assert main(["reason"]) == 0
    record = read_manifest(tmp_path)["reason"]
    assert record.inputs == {name: digest(existing_path(name).read_bytes()) for name in ("bbao.owl", "bbao.nt")}
    assert record.files == {a.file: digest((tmp_path / a.file).read_bytes()) for a in product("inferred")}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([MANIFEST, *(a.file for a in product("inferred"))])

    # a run that infers more (ucOC is a bone-derived hormone), interrupted after the manifest and bbao-inferred.owl
    inferred = {(u("BBAO:0000010"), u("BBAO:0000030"))}
    monkeypatch.setattr(reason, "check", lambda path, reasoner="hermit", timeout=None: reason.ReasonerReport(
        reasoner, True, hierarchy=inferred))
    real = os.replace
    renamed = interrupt_renames(monkeypatch, after=2)
    with pytest.raises(KeyboardInterrupt):
        reason.classify()
    monkeypatch.setattr(release.os, "replace", real)
    assert renamed == [MANIFEST, "bbao-inferred.owl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([MANIFEST, *(a.file for a in product("inferred"))])
    assert unmatched(tmp_path, read_manifest(tmp_path)["reason"]) == [tmp_path / "bbao-inferred.ttl"]
    assert main(["reason"]) == 0  # the next run completes the set
    assert unmatched(tmp_path, read_manifest(tmp_path)["reason"]) == []
    completed = Graph().parse(tmp_path / "bbao-inferred.ttl")
    assert (URIRef(u("BBAO:0000010")), RDFS.subClassOf, URIRef(u("BBAO:0000030"))) in completed


@pytest.mark.parametrize("content, message", [
    ("<a> <http://x/p> <http://x/o> .\n", "relative IRI"),
    ("@prefix : <http://x/> .\n:a :p \n", "mine.ttl:"),
])
def test_reason_file_reads_the_users_file_strictly_and_exits_2(tmp_path: Path, capsys, content, message):
    path = tmp_path / "mine.ttl"
    path.write_text(content, encoding="utf-8")
    assert main(["reason", "--file", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def _marked(marker: str) -> list[int]:
    """The processes whose environment holds ``marker`` (this test's children and grandchildren)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@needs_java
def test_hermit_is_stopped_with_its_java_after_the_timeout():
    with pytest.raises(JavaEnvironmentError, match=r"hermit did not finish within 0.5 s and was stopped"):
        reason.check(timeout=0.5)


@needs_java
def test_a_reasoner_stopped_at_its_timeout_exits_3_in_one_line(capsys):
    """The environment (too little time), not the input, stopped the run: exit 3, as `bbao explain` at its own."""
    assert main(["reason", "--no-write", "--reasoner", "pellet", "--timeout", "0.01"]) == 3
    err = capsys.readouterr().err
    assert err == ("bbao reason: cannot continue: pellet did not finish within 0.01 s and was stopped "
                   "(--timeout SECONDS; HermiT, the default, is the reference reasoner for BBAO)\n")


@needs_java
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the reasoner's processes")
def test_a_killed_bbao_takes_its_reasoner_and_java_with_it():
    """SIGKILL leaves bbao no chance to stop its reasoner: the reasoner's child notices and stops its group."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import uuid

    marker = f"BBAO_TEST_MARK={uuid.uuid4().hex}"
    env = {**os.environ, marker.split("=")[0]: marker.split("=")[1]}
    parent = subprocess.Popen([sys.executable, "-c", "from bbao import reason; reason.check()"], env=env)
    deadline = time.monotonic() + 30
    while len(_marked(marker)) < 3 and time.monotonic() < deadline:  # bbao, the reasoner's Python, its Java
        time.sleep(0.1)
    assert len(_marked(marker)) >= 3, "the reasoner's Java did not start"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _marked(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _marked(marker) == []


def test_the_inferred_product_has_its_own_ontology_iri_and_version_iri():
    """Protégé and ROBOT (the OWL API) refuse to open two ontologies with one IRI (issue 18): bbao-inferred.owl
    names itself, beside bbao.owl."""
    from bbao.artifacts import parse_product

    def header(product_name: str) -> tuple[str, str]:
        g = parse_product(product_name)
        (onto,) = set(g.subjects(RDF.type, OWL.Ontology))
        return str(onto), str(g.value(onto, OWL.versionIRI))

    full, inferred = header("full"), header("inferred")
    assert inferred == (full[0].replace("/bbao.owl", "/bbao-inferred.owl"),
                        full[1].replace("/bbao.owl", "/bbao-inferred.owl"))
    assert inferred[0] != full[0] and inferred[1] != full[1]


def test_the_jvm_options_are_given_once_though_check_output_calls_run(monkeypatch):
    monkeypatch.setenv("BBAO_JAVA_OPTIONS", "-Xmx8g")
    echo = shutil.which("echo")
    assert echo
    with reason._java_commands(echo):
        printed = reason.subprocess.check_output([echo, "-Xmx2000M", "-cp", "x", "Main"], text=True)
    assert printed == "-Xmx2000M -Xmx8g -cp x Main\n"  # the user's heap after owlready2's, so it wins


def test_the_reasoners_input_also_leaves_out_the_inert_chains(tmp_path):
    """The inert chains (a link that cannot hold) go too, even with a constrained head."""
    graph = Graph().parse(data=_TTL + """
:k a owl:ObjectProperty . :never a owl:ObjectProperty . :k owl:propertyChainAxiom ( :a :never ) .
:D owl:equivalentClass [ a owl:Restriction ; owl:onProperty :k ; owl:someValuesFrom :E ] .
""", format="turtle")
    before = len(graph)
    written = Graph().parse(reason._graph_input(graph, tmp_path))
    assert len(graph) == before  # the caller's graph is left as it was
    assert not list(written.triples((None, OWL.propertyChainAxiom, None)))  # :h free, :k inert
