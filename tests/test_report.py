"""The OBO quality report: no ERROR on the shipped ontology, and each check fires on a small bad graph."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bbao.artifacts import ARTIFACT
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.report import BASE_IRIS, LEVELS, Violation, checks, format_left_out, format_report, report, run_report

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

#: The base IRIs of the bad graph: BBAO's and its ontology's (``bbao report --base-iri``).
BAD_BASE = (*BASE_IRIS, "http://example.org/")

EXPECTED = {
    ("ERROR", "deprecated_class_reference", "BBAO:0000902"),
    ("ERROR", "duplicate_definition", "BBAO:0000901"), ("ERROR", "duplicate_definition", "BBAO:0000902"),
    ("ERROR", "duplicate_label", "BBAO:0000904"),
    ("ERROR", "missing_label", "BBAO:0000903"),
    ("ERROR", "missing_ontology_description", "http://example.org/onto"),
    ("ERROR", "missing_ontology_license", "http://example.org/onto"),
    ("ERROR", "missing_ontology_title", "http://example.org/onto"),
    ("ERROR", "misused_obsolete_label", "BBAO:0000905"),
    ("ERROR", "multiple_definitions", "BBAO:0000902"),
    ("ERROR", "multiple_labels", "BBAO:0000902"),
    ("ERROR", "label_whitespace", "BBAO:0000901"),
    ("WARN", "annotation_whitespace", "BBAO:0000901"),
    ("WARN", "duplicate_exact_synonym", "BBAO:0000901"), ("WARN", "duplicate_exact_synonym", "BBAO:0000902"),
    ("WARN", "invalid_xref", "BBAO:0000901"),
    ("WARN", "missing_definition", "BBAO:0000903"),
    ("INFO", "lowercase_definition", "BBAO:0000901"), ("INFO", "lowercase_definition", "BBAO:0000902"),
    ("INFO", "missing_superclass", "BBAO:0000901"),
}


def test_shipped_ontology_has_no_error():
    rows = run_report()
    assert not [r for r in rows if r.level == "ERROR"], rows


def test_the_bad_graph_fires_the_checks_it_should(tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD, encoding="utf-8")
    rows = run_report(bad, base_iris=BAD_BASE)
    assert {(r.level, r.rule, r.entity) for r in rows} == EXPECTED


def test_checks_have_levels_and_rules():
    found = checks()
    assert len(found) >= 15
    assert all(c.level in LEVELS and c.rule for c in found)


def test_cli_report_exit_codes(tmp_path, capsys):
    assert main(["report"]) == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["report", str(bad), "--output", "tsv", "--base-iri", "https://w3id.org/bbao/"]) == 1
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
    assert main(["report", str(path), "--format", "nt", "--output", "tsv", "--base-iri", "https://w3id.org/bbao/"]) == 0
    assert capsys.readouterr().out.startswith("level\trule\tentity\tproperty\tvalue")
    assert main(["report", str(path), "--format", "nt", "--output", "tsv"]) == 1  # a FILE: no scope by default
    assert "ERROR\tduplicate_label\tMONDO:0000001\trdfs:label\tdisease" in capsys.readouterr().out


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


# --- one case per check: a small graph that triggers it, and a near miss that does not -------------------------

PREFIXES = """\
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix bbao: <https://w3id.org/bbao/> .
"""

#: check -> (a graph that triggers it, the entity it names, a near miss that does not trigger it)
CASES = {
    "annotation_whitespace": (
        'bbao:BBAO_0000901 rdfs:comment "A comment. " .', "BBAO:0000901",
        'bbao:BBAO_0000901 rdfs:comment "A comment." .'),
    "deprecated_boolean_datatype": (
        'bbao:BBAO_0000901 owl:deprecated "true" .', "BBAO:0000901",
        'bbao:BBAO_0000901 owl:deprecated true ; rdfs:label "obsolete x" .'),
    "deprecated_class_reference": (  # a claim axiom's restriction names the deprecated class
        'obo:GO_0001505 a owl:Class ; owl:deprecated true .\n'
        'bbao:BBAO_0000901 rdfs:subClassOf [ a owl:Restriction ; owl:onProperty obo:RO_0002213 ;'
        ' owl:someValuesFrom obo:GO_0001505 ] .', "BBAO:0000901",
        'obo:GO_0001505 a owl:Class ; owl:deprecated false .\n'
        'bbao:BBAO_0000901 rdfs:subClassOf [ a owl:Restriction ; owl:onProperty obo:RO_0002213 ;'
        ' owl:someValuesFrom obo:GO_0001505 ] .'),
    "deprecated_property_reference": (
        'bbao:BBAO_0000150 a owl:ObjectProperty ; owl:deprecated true .\n'
        'bbao:BBAO_0000901 rdfs:subClassOf [ a owl:Restriction ; owl:onProperty bbao:BBAO_0000150 ;'
        ' owl:someValuesFrom obo:GO_0001503 ] .', "BBAO:0000901",
        'bbao:BBAO_0000150 a owl:ObjectProperty .\n'
        'bbao:BBAO_0000901 rdfs:subClassOf [ a owl:Restriction ; owl:onProperty bbao:BBAO_0000150 ;'
        ' owl:someValuesFrom obo:GO_0001503 ] .'),
    "duplicate_label_synonym": (
        'bbao:BBAO_0000901 rdfs:label "bone remodelling" .\n'
        'obo:GO_0046849 oboInOwl:hasExactSynonym "bone remodelling" .', "BBAO:0000901",
        'bbao:BBAO_0000901 rdfs:label "bone remodelling" .\n'
        'obo:GO_0046849 oboInOwl:hasRelatedSynonym "bone remodelling" .'),
    "duplicate_scoped_synonym": (
        'bbao:BBAO_0000901 oboInOwl:hasExactSynonym "NE" ; oboInOwl:hasRelatedSynonym "NE" .', "BBAO:0000901",
        'bbao:BBAO_0000901 oboInOwl:hasExactSynonym "NE" ; oboInOwl:hasRelatedSynonym "NA" .'),
    "equivalent_class_axiom_no_genus": (
        'bbao:BBAO_0000901 owl:equivalentClass [ a owl:Restriction ; owl:onProperty obo:RO_0002213 ;'
        ' owl:someValuesFrom obo:GO_0001503 ] .', "BBAO:0000901",
        'bbao:BBAO_0000901 owl:equivalentClass [ owl:intersectionOf ( obo:CHEBI_24621 [ a owl:Restriction ;'
        ' owl:onProperty obo:RO_0002213 ; owl:someValuesFrom obo:GO_0001503 ] ) ] .'),
    "equivalent_pair": (
        'bbao:BBAO_0000901 owl:equivalentClass obo:CL_0000062 .', "BBAO:0000901",
        'bbao:BBAO_0000901 rdfs:subClassOf obo:CL_0000062 .'),
    "illegal_use_of_built_in_vocabulary": (
        'rdf:type rdfs:label "is a" .', "rdf:type",
        'bbao:BBAO_0000901 rdf:type owl:Class .'),
    "invalid_entity_uri": (
        '<https://purl.obolibrary.org/obo/BBAO_0000901> a owl:Class .',
        "https://purl.obolibrary.org/obo/BBAO_0000901",
        '<http://purl.obolibrary.org/obo/GO_0001503> a owl:Class .'),
    "label_formatting": (
        'bbao:BBAO_0000901 rdfs:label "bone-derived\\thormone" .', "BBAO:0000901",
        'bbao:BBAO_0000901 rdfs:label "bone-derived hormone" .'),
    "missing_obsolete_label": (
        'bbao:BBAO_0000901 owl:deprecated true ; rdfs:label "bone-derived hormone" .', "BBAO:0000901",
        'bbao:BBAO_0000901 owl:deprecated true ; rdfs:label "obsolete bone-derived hormone" .'),
    "missing_subset_declaration": (
        'obo:GO_0001503 oboInOwl:inSubset bbao:bbao_slim .', "https://w3id.org/bbao/bbao_slim",
        'obo:GO_0001503 oboInOwl:inSubset bbao:bbao_slim .\n'
        'bbao:bbao_slim rdfs:subPropertyOf oboInOwl:SubsetProperty .'),
    "missing_synonymtype_declaration": (
        '[] a owl:Axiom ; owl:annotatedSource obo:CHEBI_33569 ; owl:annotatedProperty oboInOwl:hasExactSynonym ;'
        ' owl:annotatedTarget "NE" ; oboInOwl:hasSynonymType bbao:abbreviation .', "https://w3id.org/bbao/abbreviation",
        '[] a owl:Axiom ; owl:annotatedSource obo:CHEBI_33569 ; owl:annotatedProperty oboInOwl:hasExactSynonym ;'
        ' owl:annotatedTarget "NE" ; oboInOwl:hasSynonymType bbao:abbreviation .\n'
        'bbao:abbreviation rdfs:subPropertyOf oboInOwl:SynonymTypeProperty .'),
    "misused_replaced_by": (
        'bbao:BBAO_0000901 obo:IAO_0100001 bbao:BBAO_0000030 .', "BBAO:0000901",
        'bbao:BBAO_0000901 obo:IAO_0100001 bbao:BBAO_0000030 ; owl:deprecated true .'),
    "multiple_equivalent_class_definitions": (
        'bbao:BBAO_0000901 owl:equivalentClass [ owl:intersectionOf ( obo:CL_0000062 obo:CL_0000000 ) ],'
        ' [ owl:intersectionOf ( obo:CL_0000062 obo:UBERON_0002481 ) ] .', "BBAO:0000901",
        'bbao:BBAO_0000901 owl:equivalentClass [ owl:intersectionOf ( obo:CL_0000062 obo:CL_0000000 ) ] .'),
    "multiple_equivalent_classes": (
        'bbao:BBAO_0000901 owl:equivalentClass obo:CL_0000062, obo:CL_0000092 .', "BBAO:0000901",
        'bbao:BBAO_0000901 owl:equivalentClass [ owl:unionOf ( obo:CL_0000062 obo:CL_0000092 ) ] .'),
    "multiple_labels": (  # a tagged and an untagged copy count as two labels, as in ROBOT
        'bbao:BBAO_0000901 rdfs:label "definition", "definition"@en .', "BBAO:0000901",
        'bbao:BBAO_0000901 rdfs:label "definition" .'),
}


def _rows(tmp_path: Path, name: str, body: str) -> set[tuple[str, str]]:
    path = tmp_path / f"{name}.ttl"
    path.write_text(PREFIXES + body + "\n", encoding="utf-8")
    return {(v.rule, v.entity) for v in run_report(path)}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_check_fires_on_its_case_and_not_on_its_near_miss(tmp_path: Path, name: str):
    bad, entity, near_miss = CASES[name]
    assert (name, entity) in _rows(tmp_path, "bad", bad)
    assert not {rule for rule, _ in _rows(tmp_path, "near-miss", near_miss)} & {name}


def test_every_check_of_robots_default_profile_is_run_with_its_level():
    """ROBOT's robot-core/src/main/resources/report_profile.txt (ontodev/robot, 2026-04-20), every line."""
    robot = {
        "annotation_whitespace": "WARN", "deprecated_boolean_datatype": "ERROR",
        "deprecated_class_reference": "ERROR", "deprecated_property_reference": "ERROR",
        "duplicate_definition": "ERROR", "duplicate_exact_synonym": "WARN", "duplicate_label_synonym": "WARN",
        "duplicate_label": "ERROR", "duplicate_scoped_synonym": "WARN", "equivalent_pair": "WARN",
        "equivalent_class_axiom_no_genus": "WARN", "illegal_use_of_built_in_vocabulary": "ERROR",
        "invalid_xref": "WARN", "label_formatting": "ERROR", "label_whitespace": "ERROR",
        "lowercase_definition": "INFO", "missing_definition": "WARN", "missing_label": "ERROR",
        "missing_obsolete_label": "WARN", "missing_ontology_description": "ERROR",
        "missing_ontology_license": "ERROR", "missing_ontology_title": "ERROR", "missing_subset_declaration": "WARN",
        "missing_superclass": "INFO", "missing_synonymtype_declaration": "WARN", "misused_obsolete_label": "ERROR",
        "misused_replaced_by": "ERROR", "multiple_definitions": "ERROR", "multiple_equivalent_classes": "WARN",
        "multiple_equivalent_class_definitions": "ERROR", "multiple_labels": "ERROR", "invalid_entity_uri": "WARN",
    }
    assert {c.name: c.level for c in checks()} == robot
    fired = {rule for _, rule, _ in EXPECTED} | set(CASES)
    assert fired == set(robot)  # every check has a graph that triggers it


# --- scope: as robot report --base-iri -------------------------------------------------------------------------

def test_imported_label_clashes_are_left_out_and_listed():
    """ROBOT's duplicate_label flags 'disease' (Mondo, OGMS) and 'molecular entity' (COB, ChEBI) on the merged
    release: imported terms, out of BBAO's scope, listed with the reason rather than hidden."""
    result = report()
    assert not [v for v in result.violations if v.level == "ERROR"]
    left = {(i.violation.rule, i.violation.entity, i.violation.value): i.reason for i in result.left_out}
    for entity, label, source in (("MONDO:0000001", "disease", "MONDO"), ("OGMS:0000031", "disease", "OGMS"),
                                  ("CHEBI:23367", "molecular entity", "CHEBI"),
                                  ("COB:0000013", "molecular entity", "COB")):
        assert left[("duplicate_label", entity, label)] == f"imported from {source}, not under the base IRI"
    assert all(not i.violation.entity.startswith("BBA") for i in result.left_out)
    text = format_left_out(result)
    assert "duplicate_label: 10 left out" in text and "MONDO:0000001" in text and "COB:0000013" in text


def test_a_base_iri_brings_imported_terms_into_scope(tmp_path: Path):
    path = tmp_path / "clash.ttl"
    path.write_text(PREFIXES + 'obo:MONDO_0000001 rdfs:label "disease" .\nobo:OGMS_0000031 rdfs:label "disease" .\n',
                    encoding="utf-8")
    assert run_report(path) == []
    scoped = run_report(path, base_iris=("http://purl.obolibrary.org/obo/MONDO_",))
    assert [v.entity for v in scoped if v.rule == "duplicate_label"] == ["MONDO:0000001"]
    with pytest.raises(BBAOError, match="base IRI"):
        run_report(path, base_iris=())


def test_cli_lists_what_the_scope_left_out(tmp_path, capsys):
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "0 ERROR" in out and "Out of scope:" in out and "OGMS:0000031" in out
    assert main(["report", "--output", "tsv", "--out-of-scope"]) == 0
    captured = capsys.readouterr()
    assert "ERROR\tduplicate_label\tCHEBI:23367\trdfs:label\tmolecular entity\timported from CHEBI" in captured.out
    assert "Out of scope:" in captured.err


def test_a_users_file_is_reported_whole_unless_a_base_iri_is_given(tmp_path, capsys):
    """On the release the scope is BBAO's base IRI; on a user's own file, every violation counts (robot report
    without --base-iri), so a file of the user's namespace is not passed as "no problems found"."""
    mine = tmp_path / "mine.ttl"
    mine.write_text('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                    '@prefix owl: <http://www.w3.org/2002/07/owl#> .\n'
                    '<https://example.org/lab/A> a owl:Class ; rdfs:label "thing" .\n'
                    '<https://example.org/lab/B> a owl:Class ; rdfs:label "thing" .\n', encoding="utf-8")
    assert main(["report", str(mine)]) == 1
    assert "duplicate_label     https://example.org/lab/A" in capsys.readouterr().out
    assert main(["report", str(mine), "--base-iri", "https://w3id.org/bbao/"]) == 0
    assert main(["report", str(mine), "--base-iri", "notaniri"]) == 2
    assert "must be an absolute IRI" in capsys.readouterr().err
