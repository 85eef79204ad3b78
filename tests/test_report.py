"""The OBO quality report: no ERROR on the shipped ontology, and each check fires on a small bad graph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bbao.artifacts import ARTIFACT
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.report import LEVELS, Violation, checks, format_report, run_report

BAD = """\
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
@prefix bbao: <https://w3id.org/bbao/> .
bbao:BBAO_0000901 a owl:Class ; rdfs:label " spaced  label" ; obo:IAO_0000115 "lower case definition." ;
    oboInOwl:hasExactSynonym "twin" ; oboInOwl:hasDbXref "not a curie" ; rdfs:comment "trailing " .
bbao:BBAO_0000902 a owl:Class ; rdfs:label "x", "y" ; obo:IAO_0000115 "lower case definition.", "Another." ;
    oboInOwl:hasExactSynonym "Twin" ; rdfs:subClassOf obo:GO_0001505 .
bbao:BBAO_0000903 a owl:Class ; rdfs:subClassOf obo:GO_0008150 .
bbao:BBAO_0000904 a owl:Class ; rdfs:label "Osteoblast" ; obo:IAO_0000115 "A cell." ; rdfs:subClassOf obo:CL_0000062 .
bbao:BBAO_0000905 a owl:Class ; rdfs:label "obsolete thing" ; obo:IAO_0000115 "Gone." ; rdfs:subClassOf obo:CL_0000062 .
obo:CL_0000062 a owl:Class ; rdfs:label "osteoblast" .
obo:GO_0001505 a owl:Class ; rdfs:label "obsolete regulation of neurotransmitter levels" ; owl:deprecated true .
<http://example.org/onto> a owl:Ontology .
"""

EXPECTED = {
    ("ERROR", "duplicate_definition", "BBAO:0000901"), ("ERROR", "duplicate_definition", "BBAO:0000902"),
    ("ERROR", "duplicate_label", "BBAO:0000904"),
    ("ERROR", "missing_label", "BBAO:0000903"),
    ("ERROR", "missing_ontology_description", "http://example.org/onto"),
    ("ERROR", "missing_ontology_license", "http://example.org/onto"),
    ("ERROR", "missing_ontology_title", "http://example.org/onto"),
    ("ERROR", "misused_obsolete_label", "BBAO:0000905"),
    ("ERROR", "multiple_definitions", "BBAO:0000902"),
    ("ERROR", "multiple_labels", "BBAO:0000902"),
    ("WARN", "annotation_whitespace", "BBAO:0000901"),
    ("WARN", "deprecated_class_reference", "BBAO:0000902"),
    ("WARN", "duplicate_exact_synonym", "BBAO:0000901"), ("WARN", "duplicate_exact_synonym", "BBAO:0000902"),
    ("WARN", "invalid_xref", "BBAO:0000901"),
    ("WARN", "missing_definition", "BBAO:0000903"),
    ("INFO", "label_whitespace", "BBAO:0000901"),
    ("INFO", "lowercase_definition", "BBAO:0000901"), ("INFO", "lowercase_definition", "BBAO:0000902"),
    ("INFO", "missing_superclass", "BBAO:0000901"),
}


def test_shipped_ontology_has_no_error():
    rows = run_report()
    assert not [r for r in rows if r.level == "ERROR"], rows


def test_every_check_fires_on_the_bad_graph(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD, encoding="utf-8")
    rows = run_report(bad)
    assert {(r.level, r.rule, r.entity) for r in rows} == EXPECTED
    assert {r.rule for r in rows} == {c.name for c in checks()}


def test_checks_have_levels_and_rules():
    found = checks()
    assert len(found) >= 15
    assert all(c.level in LEVELS and c.rule for c in found)


def test_cli_report_exit_codes(tmp_path, capsys):
    assert main(["report"]) == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["report", str(bad), "--output", "tsv"]) == 1
    out = capsys.readouterr().out
    assert "level\trule\tentity\tproperty\tvalue" in out and "ERROR\tmultiple_labels\tBBAO:0000902\trdfs:label" in out


def test_malformed_ontology_file(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://ex.org/a> <http://ex.org/b> .\n", encoding="utf-8")
    with pytest.raises(BBAOError, match=r"broken\.ttl:1:37: invalid Turtle: \. is not a valid RDF object"):
        run_report(broken)


def test_malformed_check_header(tmp_path):
    (tmp_path / "x.rq").write_text("SELECT * {}\n", encoding="utf-8")
    with pytest.raises(BBAOError, match=re.escape("first line must be '# level: ERROR|WARN|INFO'")):
        checks(tmp_path)


def test_the_ontology_is_read_in_the_syntax_of_its_extension(tmp_path):
    owl = ARTIFACT["bbao.owl"].path()
    assert run_report(owl) == run_report()  # RDF/XML: pyoxigraph's own guess took .owl for Turtle
    with pytest.raises(BBAOError, match=r"bad\.txt: cannot tell the RDF syntax from the extension '\.txt'; .* or pass "
                                        r"--format"):
        run_report(tmp_path / "bad.txt")
    with pytest.raises(BBAOError, match=r"absent\.ttl: file not found"):
        run_report(tmp_path / "absent.ttl")


def test_format_report_table_and_tsv():
    rows = [Violation("ERROR", "multiple_labels", "BBAO:0000902", "rdfs:label", "x"),
            Violation("INFO", "missing_superclass", "BBAO:0000901", "rdfs:subClassOf", "")]
    assert format_report(rows).splitlines() == [
        "level  rule                entity        property         value",
        "-----  ------------------  ------------  ---------------  -----",
        "ERROR  multiple_labels     BBAO:0000902  rdfs:label       x",
        "INFO   missing_superclass  BBAO:0000901  rdfs:subClassOf",
        "1 ERROR, 0 WARN, 1 INFO",
    ]
    assert format_report(rows, "tsv").splitlines() == [
        "level\trule\tentity\tproperty\tvalue",
        "ERROR\tmultiple_labels\tBBAO:0000902\trdfs:label\tx",
        "INFO\tmissing_superclass\tBBAO:0000901\trdfs:subClassOf\t",
    ]
    assert format_report([]) == "no problems found"
    assert format_report([], "tsv") == "level\trule\tentity\tproperty\tvalue"


def test_a_file_without_an_rdf_extension_needs_format(tmp_path, capsys):
    """The syntax is never guessed: a file named without an RDF extension is refused with the way out."""
    path = tmp_path / "ontology-copy"
    path.write_bytes(ARTIFACT["bbao.nt"].path().read_bytes())
    assert main(["report", str(path)]) == 2
    assert "or pass --format" in capsys.readouterr().err
    assert main(["report", str(path), "--format", "nt", "--output", "tsv"]) == 0
    assert capsys.readouterr().out.startswith("level\trule\tentity\tproperty\tvalue")


def test_a_jsonld_file_with_a_remote_context_is_refused_without_opening_a_socket(tmp_path, capsys, no_network):
    path = tmp_path / "ontology.jsonld"
    path.write_text('{\n "@context": "https://w3id.org/bbao/bbao.context.jsonld",\n "@id": "BBAO:0000902",\n'
                    ' "rdfs:label": ["one", "two"]\n}\n', encoding="utf-8")
    assert main(["report", str(path)]) == 2
    err = capsys.readouterr().err
    assert "ontology.jsonld:2: the JSON-LD @context 'https://w3id.org/bbao/bbao.context.jsonld' is a reference, " \
           "not fetched" in err


def test_the_file_is_read_like_every_users_file(tmp_path):
    # Oxigraph's Turtle parser refuses a byte-order mark; the reader skips it, and refuses relative IRIs
    marked = tmp_path / "marked.ttl"
    marked.write_bytes(b"\xef\xbb\xbf" + BAD.encode("utf-8"))
    assert any(v.rule == "multiple_labels" for v in run_report(marked))
    relative = tmp_path / "relative.ttl"
    relative.write_text('<term-1> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\n', encoding="utf-8")
    with pytest.raises(BBAOError, match=r"relative\.ttl:1:1: relative IRI <term-1>"):
        run_report(relative)
