"""`bbao explain`: justifications of inferred subsumptions and of unsatisfiable classes, traced to curated rows.

The explanations run HermiT (owlready2's HermiT.jar with the OWL API 3 explanation code) on the shipped release,
so each case costs a Java run (3-10 s on the project's machine); the cases share them where they can.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bbao import explain as ex
from bbao import jvm, paths
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.source import load_source

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime: HermiT cannot run")

HYBRID = """\
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/lab/OsteoHybrid> a owl:Class ;
    rdfs:label "osteoblast-osteoclast hybrid" ;
    rdfs:subClassOf obo:CL_0000062 ,
        obo:CL_0000092 .
"""


@pytest.fixture(scope="module")
def source():
    return load_source(paths.source_dir())


@pytest.fixture(scope="module")
def osteocalcin():
    """Why osteocalcin (PR:000030444) is a 'bone-derived hormone' (BBAO:0000030)."""
    if shutil.which("java") is None:
        pytest.skip("no Java runtime: HermiT cannot run")
    return ex.explain("PR:000030444", "BBAO:0000030")


def _line(path: Path, text: str) -> int:
    return next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in row)


@needs_java
def test_a_bone_derived_hormone_is_explained_by_its_definition_and_the_rows_behind_it(osteocalcin, source):
    assert osteocalcin.kind == "subsumption" and osteocalcin.entailed and not osteocalcin.asserted
    assert osteocalcin.heading == ("'osteocalcin' (PR:000030444) SubClassOf 'bone-derived hormone' (BBAO:0000030): "
                                   "inferred")
    first = osteocalcin.justifications[0]
    by_text = {a.text: a for a in first}
    assert set(by_text) == {
        "'bone-derived hormone' (BBAO:0000030) EquivalentTo ('has role' some 'hormone' (CHEBI:24621)) and "
        "('produced by' some ('osteoblast' (CL:0000062) or 'osteocyte' (CL:0000137)))",
        "'osteocalcin' (PR:000030444) SubClassOf 'has role' some 'hormone' (CHEBI:24621)",
        "'osteocalcin' (PR:000030444) SubClassOf 'produced by' some 'osteoblast' (CL:0000062)",
    }
    definition, role, produced = (by_text[t] for t in sorted(by_text))
    logical = paths.source_dir() / "logical-definitions.ttl"
    assert [str(o) for o in definition.origins] == [
        f"ontology/src/logical-definitions.ttl:{_line(logical, 'bbao:BBAO_0000030 owl:equivalentClass')} "
        "(BBAO:0000030)"]
    term = source.term("PR:000030444")
    assert term is not None and ("RO:0000087", "CHEBI:24621") in term.axioms
    assert [str(o) for o in role.origins] == [f"ontology/src/terms.tsv:{term.line} (PR:000030444, column axioms)"]
    claim = next(c for c in source.claims if (c.subject, c.relation, c.object) == (
        "PR:000030444", "RO:0003001", "CL:0000062"))
    assert f"ontology/src/claims.tsv:{claim.line} (claim {claim.id})" in [str(o) for o in produced.origins]


@needs_java
def test_the_text_output_numbers_the_axioms_and_names_their_rows(osteocalcin):
    text = ex.render_text([osteocalcin])
    assert text.startswith("'osteocalcin' (PR:000030444) SubClassOf 'bone-derived hormone' (BBAO:0000030): "
                           "inferred; 1 justification (HermiT, over a module of ")
    assert "justification 1 (3 axioms):\n  1. 'bone-derived hormone' (BBAO:0000030) EquivalentTo" in text
    assert "       from ontology/src/claims.tsv:" in text
    records = json.loads(ex.to_json([osteocalcin]))
    assert records[0]["justifications"][0][0]["functional"].startswith(
        "EquivalentClasses(<https://w3id.org/bbao/BBAO_0000030> ")


@needs_java
def test_propranolol_is_a_beta_blocker_drug_by_its_role_row_and_chebi(capsys, source):
    assert main(["explain", "CHEBI:8499", "BBAO:0000049", "--max", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("'propranolol' (CHEBI:8499) SubClassOf 'beta-adrenergic antagonist drug' (BBAO:0000049): "
                          "inferred; 1 justification")
    term = source.term("CHEBI:8499")
    assert term is not None
    assert ("'propranolol' (CHEBI:8499) SubClassOf 'has role' some 'beta-adrenergic antagonist' (CHEBI:35530)\n"
            f"       from ontology/src/terms.tsv:{term.line} (CHEBI:8499, column axioms)") in out
    assert "EquivalentTo 'chemical entity' (CHEBI:24431) and ('has role' some 'beta-adrenergic antagonist'" in out
    assert "from ontology/imports/chebi_import.ttl:" in out


@needs_java
def test_a_subsumption_that_does_not_hold_is_said_so_and_exits_1(capsys):
    # Propranolol is not a 'brain-bone axis targeting therapy' in this release: no class is inferred under
    # BBAO:0000037, because only established claims are axioms and none says a drug ameliorates a bone or brain
    # disease. The gene BGLAP is not a hormone either: the hormone role sits on its product, osteocalcin.
    assert main(["explain", "CHEBI:8499", "BBAO:0000037"]) == 1
    assert main(["explain", "HGNC:1043", "BBAO:0000030"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "'propranolol' (CHEBI:8499) is not a subclass of 'brain-bone axis targeting therapy' (BBAO:0000037): "
        "HermiT does not infer it, so there is no justification",
        "'BGLAP' (HGNC:1043) is not a subclass of 'bone-derived hormone' (BBAO:0000030): "
        "HermiT does not infer it, so there is no justification"]


@needs_java
def test_an_asserted_subsumption_is_explained_by_its_own_axiom_first(capsys, source):
    assert main(["explain", "BBAO:0000030", "BFO:0000040", "--max", "1", "--format", "json"]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["asserted"] and record["heading"].endswith(": asserted")
    [[axiom]] = record["justifications"]
    term = source.term("BBAO:0000030")
    assert term is not None and term.parent == "BFO:0000040"
    assert axiom["text"] == "'bone-derived hormone' (BBAO:0000030) SubClassOf 'material entity' (BFO:0000040)"
    assert axiom["origins"] == [
        {"file": "ontology/src/terms.tsv", "line": term.line, "what": "BBAO:0000030, column parent"}]


@needs_java
def test_a_class_under_osteoblast_and_osteoclast_is_explained_by_their_disjointness(tmp_path, capsys):
    lab = tmp_path / "lab.ttl"
    lab.write_text(HYBRID, encoding="utf-8")
    assert main(["explain", "--unsatisfiable", "--file", str(lab)]) == 1
    out = capsys.readouterr().out
    disjoint = _line(paths.source_dir() / "logical-definitions.ttl", "obo:CL_0000062 owl:disjointWith obo:CL_0000092")
    assert out.startswith("'osteoblast-osteoclast hybrid' (https://example.org/lab/OsteoHybrid) is unsatisfiable "
                          "(SubClassOf Nothing); 1 justification")
    assert (
        "justification 1 (3 axioms):\n"
        "  1. 'osteoblast' (CL:0000062) DisjointWith 'osteoclast' (CL:0000092)\n"
        f"       from ontology/src/logical-definitions.ttl:{disjoint} (CL:0000062)\n"
        "  2. 'osteoblast-osteoclast hybrid' (https://example.org/lab/OsteoHybrid) SubClassOf "
        "'osteoblast' (CL:0000062)\n"
        f"       from {lab} (your file)\n"
        "  3. 'osteoblast-osteoclast hybrid' (https://example.org/lab/OsteoHybrid) SubClassOf "
        "'osteoclast' (CL:0000092)\n"
        f"       from {lab} (your file)\n") in out


@needs_java
def test_an_inconsistent_merge_is_explained_by_one_minimal_axiom_set(tmp_path, capsys):
    lab = tmp_path / "cells.ttl"
    lab.write_text(HYBRID.split("<https")[0] + "<https://example.org/lab/cell1> a owl:NamedIndividual, obo:CL_0000062, "
                   'obo:CL_0000092 ;\n    rdfs:label "cell 1" .\n', encoding="utf-8")
    assert main(["explain", "--unsatisfiable", "--file", str(lab), "--format", "json"]) == 1
    [record] = json.loads(capsys.readouterr().out)
    assert record["kind"] == "inconsistent" and record["heading"].startswith("the ontology is INCONSISTENT")
    [justification] = record["justifications"]
    assert [a["text"] for a in justification] == [
        "'osteoblast' (CL:0000062) DisjointWith 'osteoclast' (CL:0000092)",
        "'cell 1' (https://example.org/lab/cell1) Type 'osteoblast' (CL:0000062)",
        "'cell 1' (https://example.org/lab/cell1) Type 'osteoclast' (CL:0000092)"]
    assert [o["file"] for a in justification for o in a["origins"]] == [
        "ontology/src/logical-definitions.ttl", str(lab), str(lab)]


@pytest.mark.parametrize(("argv", "message"), [
    (["CHEBI:99999999", "BBAO:0000030"], "CHEBI:99999999: no such class in the ontology"),
    (["FOO:1", "BBAO:0000030"], "FOO:1: unknown prefix 'FOO'"),
    (["CHEBI:8499", "RO:0000087"], "RO:0000087: not a class (owl:ObjectProperty)"),
    (["CHEBI:8499"], "give two classes, SUB and SUPER (got 1)"),
    (["CHEBI:8499", "BBAO:0000049", "--unsatisfiable"], "give SUB SUPER (two classes) or --unsatisfiable"),
])
def test_bad_input_exits_2_naming_it(argv, message, capsys):
    assert main(["explain", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bbao explain: error:") and message in err and "Traceback" not in err


def test_no_java_exits_3_saying_what_to_install(monkeypatch, capsys):
    monkeypatch.setattr(jvm.shutil, "which", lambda name: None)
    assert main(["explain", "CHEBI:8499", "BBAO:0000049"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("bbao explain: cannot continue: no Java runtime found") and "default-jre-headless" in err


@needs_java
def test_the_deadline_stops_java_with_its_process_group(monkeypatch, capsys):
    started: list[int] = []
    popen = subprocess.Popen

    def recording(*args, **kwargs):
        child = popen(*args, **kwargs)
        started.append(child.pid)
        return child

    monkeypatch.setattr(ex.subprocess, "Popen", recording)
    # the API's timeout is HermiT's alone (the command line's --timeout also covers reading: see below)
    with pytest.raises(ex.ExplainEnvironmentError,
                       match=r"HermiT did not finish the explanation within 0\.5 s and was stopped"):
        ex.explain("CHEBI:8499", "BBAO:0000049", timeout=0.5)
    [pid] = started
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)  # the group (Java and anything it started) is gone


@needs_java
def test_java_stops_itself_when_bbao_is_gone():
    """The entry point halts when its standard input closes, as it does when bbao is killed outright."""
    hermit = ex._hermit_dir()
    read_end, write_end = os.pipe()
    child = subprocess.Popen(
        ["java", "-cp", f"{hermit}{os.pathsep}{hermit / 'HermiT.jar'}", str(ex.JAVA_SOURCE), "/nonexistent.nt", "1",
         "unsatisfiable"], stdin=read_end, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    os.close(read_end)
    try:
        time.sleep(0.2)
        os.close(write_end)
        assert child.wait(timeout=60) in (1, 3)  # halted by the watchdog (3), or failed on the missing file first
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def test_functional_syntax_is_read_and_written_with_labels():
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    obo = "http://purl.obolibrary.org/obo/"
    graph = Graph()
    for local, label in (("CL_0000062", "osteoblast"), ("RO_0003001", "produced by"), ("CHEBI_24621", "hormone")):
        graph.add((URIRef(obo + local), RDFS.label, Literal(label)))
    node = ex._parse(f"SubClassOf(<{obo}PR_000030444> ObjectIntersectionOf(ObjectSomeValuesFrom(<{obo}RO_0003001> "
                     f"ObjectUnionOf(<{obo}CL_0000062> <{obo}CL_0000137>)) ObjectComplementOf(<{obo}CHEBI_24621>) "
                     f"ObjectMinCardinality(2 ObjectInverseOf(<{obo}RO_0003001>) owl:Thing)))")
    assert ex._Renderer(graph).axiom(node) == (
        "PR:000030444 SubClassOf ('produced by' some ('osteoblast' (CL:0000062) or CL:0000137)) and not "
        "'hormone' (CHEBI:24621) and (inverse ('produced by') min 2 Thing)")
    literal = ex._parse('DataPropertyAssertion(<http://x/p> <http://x/a> "a (b) \\"c\\""^^<http://x/t>)')
    assert literal.args[2].head == '"a (b) \\"c\\""^^<http://x/t>'


@pytest.mark.parametrize(("argv", "message"), [
    ([], "give two classes, SUB and SUPER"),
    (["BBAO:0000030", "BBAO:0000030"], "name the same class"),
    (["BBAO:0000030", "https://w3id.org/bbao/BBAO_0000030"], "name the same class"),
    (["http://example.org/x y", "BBAO:0000030"], "not an IRI (it holds a space"),
    (["PR:000030444", "BBAO:0000030", "--timeout", "-5"], "--timeout must be a positive number of seconds"),
    (["PR:000030444", "BBAO:0000030", "--timeout", "0"], "--timeout must be a positive number of seconds"),
])
def test_a_question_that_is_no_question_exits_2_before_java_runs(argv, message, capsys, monkeypatch):
    monkeypatch.setattr(ex, "_run", lambda *args, **kwargs: pytest.fail("Java was started"))
    assert main(["explain", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and "does not look like a valid URI" not in err


def test_an_iri_in_angle_brackets_is_read_as_in_bbao_query(monkeypatch):
    asked: list[list[str]] = []
    monkeypatch.setattr(ex, "_run", lambda graph, own, mode, *args: asked.append(mode) or [])
    with pytest.raises(IndexError):  # no records from the stand-in: what matters is what it was asked
        ex.explain("<http://purl.obolibrary.org/obo/PR_000030444>", "BBAO:0000030")
    assert asked == [["subsumption", "http://purl.obolibrary.org/obo/PR_000030444", "https://w3id.org/bbao/BBAO_0000030"]]


def test_a_java_that_runs_out_of_stack_is_an_environment_failure_not_bad_input():
    """A very deep hierarchy can overflow HermiT's stack: exit 3 (the environment), saying what to do, not exit 2."""
    failure = ex._failure('Exception in thread "main" java.lang.StackOverflowError\n\tat org.semanticweb...', 1)
    assert isinstance(failure, ex.ExplainEnvironmentError) and "ran out of stack or memory" in str(failure)
    assert isinstance(ex._failure("java.lang.IllegalArgumentException: bad axiom", 1), BBAOError)


def test_the_timeout_bounds_reading_the_users_file_too(tmp_path, monkeypatch, capsys):
    lab = tmp_path / "huge.ttl"
    lab.write_text(HYBRID, encoding="utf-8")

    def endless(path, fmt=None):  # a file so large that reading it outlasts the deadline
        time.sleep(30)

    monkeypatch.setattr(ex, "merged_with", endless)
    started = time.monotonic()
    assert main(["explain", "--unsatisfiable", "--file", str(lab), "--timeout", "0.5"]) == 3
    assert time.monotonic() - started < 5
    assert capsys.readouterr().err == (
        f"bbao explain: cannot continue: {lab}: reading it did not finish within 0.5 s and was stopped "
        "(--timeout SECONDS)\n")


def test_hermit_gets_what_the_reading_left_of_the_timeout(monkeypatch):
    waits: list[tuple[float, float | None]] = []
    real = ex._run_java
    monkeypatch.setattr(ex, "_run_java", lambda command, timeout, limit=None: waits.append((timeout, limit)) or [])
    monkeypatch.setattr(ex, "_explanations", lambda records, graph, user_file: [None])
    ex.explain("PR:000030444", "BBAO:0000030", timeout=60, deadline=time.monotonic() + 20)
    ex.explain("PR:000030444", "BBAO:0000030", timeout=60)
    (left, limit), (whole, same) = waits
    assert 15 < left <= 20 and limit == 60 and whole == same == 60
    with pytest.raises(ex.ExplainEnvironmentError, match="did not finish within 60 s: the time went to reading"):
        real(["java"], -1.0, 60)
