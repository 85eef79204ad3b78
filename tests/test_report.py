"""The OBO quality report: no ERROR on the shipped ontology, and each check fires on a small bad graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from bbao.cli import main
from bbao.errors import BBAOError
from bbao.report import LEVELS, checks, run_report

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
    with pytest.raises(BBAOError, match="broken.ttl:1: invalid RDF"):
        run_report(broken)


def test_malformed_check_header(tmp_path):
    (tmp_path / "x.rq").write_text("SELECT * {}\n", encoding="utf-8")
    with pytest.raises(BBAOError, match="first line must be '# level: ERROR|WARN|INFO'"):
        checks(tmp_path)
