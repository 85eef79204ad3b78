"""SHACL: the shipped ontology conforms; every constraint catches its minimal failing graph and lets its
near miss pass (tests/shapes/<case>/fail.ttl, pass.ttl, expected.tsv, pySHACL style); bad user input
never crashes."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from bbao.artifacts import existing_path
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.model import (
    AXIS_DIRECTIONS,
    CLAIM_CLASS,
    DEVELOPMENTAL_STAGES,
    FIELD_PROPERTY,
    KNOWLEDGE_LEVELS,
    PROPERTY_FIELD,
    SIGNS,
    SITES,
)
from bbao.prefixes import display
from bbao.validate import Result, format_results, read_rdf, shapes_graph, validate, validate_graph, write_report

CASES = Path(__file__).parent / "shapes"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def case_graph(name: str, which: str) -> Graph:
    graph = Graph().parse(CASES / "context.ttl")
    graph.parse(CASES / name / f"{which}.ttl")
    return graph


def test_the_shipped_ontology_conforms():
    validation = validate()
    assert validation.conforms, validation.results


# ---------------------------------------------------------------- every constraint has a case, and the reverse
#
# A constraint is a property shape, a node shape or a SPARQL constraint that carries a sh:message, and each
# branch of a SPARQL constraint whose message is "...{?detail}" (the claim checks run as one query). A
# case's expected.tsv row names a constraint when its component is one the constraint declares, its path
# is the constraint's (SPARQL constraints: empty, or any when the query projects ?path), and its message
# fragment can be part of the constraint's message (a {placeholder} stands for one value: no spaces).

#: SHACL Core constraint parameters -> the component a result names (sh:sourceConstraintComponent).
COMPONENTS = {SH[name]: f"{name[0].upper()}{name[1:]}ConstraintComponent" for name in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive", "maxExclusive",
    "maxInclusive", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang", "equals", "disjoint",
    "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "node", "qualifiedMinCount", "qualifiedMaxCount",
    "closed", "hasValue", "in")}


@dataclass(frozen=True)
class Constraint:
    path: str | None  # "" for a node-level constraint, None for a SPARQL constraint that reports ?path
    components: frozenset[str]
    message: str

    def __str__(self) -> str:
        return f"{self.path or '-'} {'/'.join(sorted(self.components))}: {self.message}"


def _detail(branch: str) -> str:
    """The message a SPARQL branch binds to ?detail, as a template: its CONCAT's strings, STR(?x) as {?x}."""
    concat = re.search(r"CONCAT\((.*)\)\s+AS\s+\?detail", branch, re.S)
    assert concat, branch
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"|STR\(\?(\w+)\)', concat.group(1))
    return "".join(text if not variable else "{?" + variable + "}" for text, variable in parts)


def constraints(shapes: Graph) -> list[Constraint]:
    found = []
    for node in sorted(set(shapes.subjects(SH.message, None)), key=str):
        message = str(shapes.value(node, SH.message))
        if (None, SH.sparql, node) in shapes:
            select = str(shapes.value(node, SH.select))
            path = None if "?path" in select.split("WHERE", 1)[0] else ""
            branches = re.split(r"\}\s*UNION\s*\{", select) if "{?detail}" in message else [None]
            found += [Constraint(path, frozenset({"SPARQLConstraintComponent"}),
                                 message if branch is None else message.replace("{?detail}", _detail(branch)))
                      for branch in branches]
        else:
            path_node = shapes.value(node, SH.path)
            components = frozenset(c for p, c in COMPONENTS.items() if (node, p, None) in shapes)
            assert components, f"{message}: no constraint parameter"
            found.append(Constraint("" if path_node is None else display(str(path_node)), components, message))
    return found


def fits(fragment: str, template: str) -> bool:
    """Whether ``fragment`` can be part of a message made from ``template``, whose {$x}/{?x} placeholders
    each stand for one value without spaces (an IRI, a CURIE, a sign)."""
    pieces = re.split(r"\{[$?]\w+\}", template)
    atoms: list[str | None] = []  # characters, None for a placeholder
    for number, piece in enumerate(pieces):
        atoms += list(piece) + ([None] if number < len(pieces) - 1 else [])
    # states: ("at", k) before atom k; ("in", k) inside placeholder k. The fragment may start and end anywhere.
    states = {("at", k) for k in range(len(atoms) + 1)} | {("in", k) for k, a in enumerate(atoms) if a is None}
    for char in fragment:
        states |= {("at", k + 1) for kind, k in states if kind == "in"}
        following = set()
        for kind, k in states:
            if kind == "in" or (k < len(atoms) and atoms[k] is None):
                if not char.isspace():
                    following.add(("in", k))
            elif k < len(atoms) and atoms[k] == char:
                following.add(("at", k + 1))
        states = following
        if not states:
            return False
    return True


def expected_rows() -> list[tuple[str, dict[str, str]]]:
    rows = []
    for name in CASE_NAMES:
        with (CASES / name / "expected.tsv").open(encoding="utf-8", newline="") as handle:
            rows += [(name, row) for row in csv.DictReader(handle, delimiter="\t")]
    return rows


def names(row: dict[str, str], constraint: Constraint) -> bool:
    return (row["component"] in constraint.components and constraint.path in (None, row["path"])
            and fits(row["message"], constraint.message))


def uncovered(shapes: Graph) -> list[str]:
    rows = expected_rows()
    return [str(c) for c in constraints(shapes) if not any(names(row, c) for _, row in rows)]


def test_fits_reads_placeholders_as_single_values():
    template = "Claim {$this} has sign {?value} but its relation {?relation} carries sign {?expected}."
    assert fits("has sign positive but its relation RO:0002597 carries sign negative", template)
    assert fits("sign negative.", template) and fits("Claim https://x/1 has", template)
    assert not fits("has sign very positive but", template)
    assert not fits("needs a disease as object", template)
    assert fits("UBERON term", "An anatomical context must be an UBERON term (or a BBAO anatomical term).")


def test_every_constraint_has_a_case():
    found = constraints(shapes_graph())
    assert len(found) >= 43  # the eight branches of the claim checks' SPARQL constraint count one each
    assert uncovered(shapes_graph()) == []
    assert len(CASE_NAMES) >= 45


def test_every_expected_row_names_a_constraint():
    found = constraints(shapes_graph())
    assert [(case, row) for case, row in expected_rows() if not any(names(row, c) for c in found)] == []


def test_a_constraint_without_a_case_fails_the_check():
    bbao = "https://w3id.org/bbao/"
    shapes = Graph()
    for triple in shapes_graph():
        shapes.add(triple)
    shape, prop = URIRef(bbao + "shapes/DummyShape"), BNode()
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetClass, URIRef(bbao + "BBAO_0000001")))
    shapes.add((shape, SH.property, prop))
    shapes.add((prop, SH.path, RDFS.comment))
    shapes.add((prop, SH.maxCount, Literal(1)))
    shapes.add((prop, SH.message, Literal("A claim has at most one comment.")))
    # and a new check on a path that has cases, under another component
    excerpt = next(s for s in shapes.subjects(SH.path, FIELD_PROPERTY["excerpt"]))
    extra = BNode()
    shapes.add((next(shapes.subjects(SH.property, excerpt)), SH.property, extra))
    shapes.add((extra, SH.path, FIELD_PROPERTY["excerpt"]))
    shapes.add((extra, SH.maxLength, Literal(2000)))
    shapes.add((extra, SH.message, Literal("An excerpt is at most 2000 characters.")))
    assert sorted(uncovered(shapes)) == [
        "BBAO:0000115 MaxLengthConstraintComponent: An excerpt is at most 2000 characters.",
        "rdfs:comment MaxCountConstraintComponent: A claim has at most one comment."]


def test_sh_in_lists_are_the_model_vocabulary():
    shapes = shapes_graph()
    lists: dict[str, list[tuple[str, ...]]] = {}
    for shape, values in shapes.subject_objects(SH["in"]):
        members = list(Collection(shapes, values))
        assert all(isinstance(v, Literal) and v.datatype is None and not v.language for v in members), members
        lists.setdefault(PROPERTY_FIELD[str(shapes.value(shape, SH.path))], []).append(tuple(map(str, members)))
    assert lists == {
        "sign": [SIGNS, SIGNS],  # the claim's, and the one its relation carries (AllowedRelationShape)
        "direction": [AXIS_DIRECTIONS, AXIS_DIRECTIONS],  # a claim's, and a mechanism's (MechanismShape)
        "developmental_context": [DEVELOPMENTAL_STAGES],
        "site": [SITES],
        "knowledge_level": [KNOWLEDGE_LEVELS],
    }


@pytest.mark.parametrize("name", CASE_NAMES)
def test_constraint_catches_its_failing_graph(name):
    with (CASES / name / "expected.tsv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle, delimiter="\t"))
    validation = validate_graph(case_graph(name, "fail"))
    assert not validation.conforms
    # blank nodes get fresh names when parsed: expected.tsv writes them as "_:"
    got = {("_:" if r.focus.startswith("_:") else r.focus, r.path, r.component) for r in validation.results}
    assert got == {(e["focus"], e["path"], e["component"]) for e in expected}, validation.results
    for e in expected:
        messages = [r.message for r in validation.results
                    if (r.focus.startswith(e["focus"]), r.path, r.component) == (True, e["path"], e["component"])]
        assert any(e["message"] in m for m in messages), (e, messages)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_near_miss_passes(name):
    validation = validate_graph(case_graph(name, "pass"))
    assert validation.conforms, validation.results


# ---------------------------------------------------------------- user data through the CLI


def claim_file(tmp_path: Path, sign: str = "negative", name: str = "mine.ttl") -> Path:
    text = (CASES / "claim-sign-disagrees" / "pass.ttl").read_text(encoding="utf-8")
    text = text.replace("BBAC:0000001 a", "<https://lab.example.org/claim/1> a").replace('"negative"', f'"{sign}"')
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_claim_merged_with_the_ontology_conforms(tmp_path, capsys):
    assert main(["validate", str(claim_file(tmp_path))]) == 0
    assert "conforms" in capsys.readouterr().out


def test_user_claim_with_wrong_sign_is_reported_with_report_file(tmp_path, capsys):
    report = tmp_path / "report.ttl"
    assert main(["validate", str(claim_file(tmp_path, "positive")), "--report", str(report)]) == 1
    out = capsys.readouterr().out
    assert "https://lab.example.org/claim/1" in out and "carries sign negative" in out
    assert "Violation" in out
    g = Graph().parse(report)
    assert len(g) > 5
    as_json = tmp_path / "report.json"
    assert main(["validate", str(claim_file(tmp_path, "positive")), "--report", str(as_json)]) == 1
    assert json.loads(as_json.read_text(encoding="utf-8"))


def test_results_as_a_table_and_as_tsv():
    results = [Result("Violation", "BBAC:0000001", "BBAO:0000111", "A site is central or peripheral.",
                      "InConstraintComponent", '"peripheral"@en'),
               Result("Violation", "https://lab.example.org/claim/1", "", "Claim has sign positive.",
                      "SPARQLConstraintComponent")]
    assert format_results(results).splitlines() == [
        "severity   focus                            path          value            message",
        "---------  -------------------------------  ------------  ---------------  --------------------------------",
        'Violation  BBAC:0000001                     BBAO:0000111  "peripheral"@en  A site is central or peripheral.',
        "Violation  https://lab.example.org/claim/1                                 Claim has sign positive.",
    ]
    assert format_results(results, "tsv").splitlines() == [
        "severity\tfocus\tpath\tvalue\tmessage",
        'Violation\tBBAC:0000001\tBBAO:0000111\t"peripheral"@en\tA site is central or peripheral.',
        "Violation\thttps://lab.example.org/claim/1\t\t\tClaim has sign positive.",
    ]


def test_a_result_shows_the_offending_value_with_its_language_tag():
    validation = validate_graph(case_graph("claim-language-tagged-values", "fail"))
    values = {(r.path, r.component): r.value for r in validation.results}
    assert values[("BBAO:0000103", "DatatypeConstraintComponent")] == '"negative"@en'
    assert values[("BBAO:0000111", "InConstraintComponent")] == '"peripheral"@en'


def test_the_report_file_is_written_in_the_syntax_of_its_extension(tmp_path):
    validation = validate_graph(case_graph("claim-bad-site", "fail"))
    for name, syntax in (("report.TTL", "turtle"), ("report.turtle", "turtle"), ("report.json", "json-ld")):
        write_report(validation, tmp_path / name)
        assert len(Graph().parse(tmp_path / name, format=syntax)) == len(validation.report)
    for name in ("report.nt", "report.txt", "report"):
        with pytest.raises(BBAOError, match=re.escape("write the report as Turtle (.ttl) or JSON-LD (.json, .jsonld)")):
            write_report(validation, tmp_path / name)
        assert not (tmp_path / name).exists()


def test_tsv_output(tmp_path, capsys):
    assert main(["validate", str(claim_file(tmp_path, "positive")), "--output", "tsv"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "severity\tfocus\tpath\tvalue\tmessage"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.ttl", b"", "empty file"),
        ("bad.ttl", b"@prefix ex: <http://ex.org/> .\nex:a ex:b ex:c .\nex:a ex:b\n", "bad.ttl:4:1: invalid Turtle"),
        ("data.txt", b"<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n",
         "cannot tell the RDF syntax from the extension '.txt'"),
        ("latin1.ttl", b'<http://ex.org/a> <http://ex.org/b> "caf\xe9" .\n', "Invalid UTF-8"),
        ("space.ttl", b"<http://ex.org/a b> <http://ex.org/p> <http://ex.org/o> .\n", "Invalid IRI code point ' '"),
        ("relative.ttl", b"<a> <http://ex.org/p> <http://ex.org/o> .\n",
         "relative.ttl:1:1: relative IRI <a>: there is no base to resolve it against"),
        ("only-prefix.ttl", b"@prefix ex: <http://ex.org/> .\n", "no triples in the file"),
        ("broken.jsonld", b'{"@id": "http://ex.org/a", ', "invalid JSON-LD"),
        ("broken.rdf", b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description",
         "invalid RDF/XML"),
    ],
)
def test_bad_input_is_a_clear_error_with_exit_2(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_file_and_unknown_format(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "absent.ttl")]) == 2
    assert "file not found" in capsys.readouterr().err
    with pytest.raises(BBAOError, match="unknown format 'n3'"):
        read_rdf(tmp_path / "x.ttl", "n3")


def test_format_option_overrides_the_extension(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n", encoding="utf-8")
    assert len(read_rdf(path, "nt")) == 1


def test_ten_megabyte_literal_and_blank_node_subject(tmp_path):
    path = tmp_path / "big.ttl"
    path.write_text('_:x <http://www.w3.org/2000/01/rdf-schema#comment> "' + "a" * 10_000_000 + '" .\n',
                    encoding="utf-8")
    validation = validate([path])
    assert validation.conforms


def test_blank_node_claim_in_user_data_is_reported(tmp_path):
    path = tmp_path / "blank.ttl"
    path.write_text((CASES / "claim-blank-node" / "fail.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    validation = validate([path])
    assert not validation.conforms
    assert any(r.focus.startswith("_:") and r.component == "NodeKindConstraintComponent" for r in validation.results)


def test_owl_imports_and_remote_contexts_are_never_fetched(tmp_path, monkeypatch):
    import socket
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("validation tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    imports = tmp_path / "imports.ttl"
    imports.write_text("<http://ex.org/o> a <http://www.w3.org/2002/07/owl#Ontology> ; "
                       "<http://www.w3.org/2002/07/owl#imports> <http://127.0.0.1:9/evil.owl> ;"
                       '<http://purl.org/dc/terms/title> "t" ; <http://purl.org/dc/terms/description> "d" ;'
                       "<http://purl.org/dc/terms/license> <https://creativecommons.org/licenses/by/4.0/> ;"
                       "<http://www.w3.org/2002/07/owl#versionIRI> <http://ex.org/o/1> ; "
                       '<http://purl.org/dc/terms/creator> "me" .\n',
                       encoding="utf-8")
    assert validate([imports]).conforms
    context = tmp_path / "context.jsonld"
    context.write_text('{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://ex.org/a", "name": "x"}',
                       encoding="utf-8")
    with pytest.raises(BBAOError, match=r"context\.jsonld:1: the JSON-LD @context "
                                        r"'http://127\.0\.0\.1:9/context\.jsonld' is a reference, not fetched"):
        validate([context])


def test_xml_external_entity_neither_leaks_nor_crashes(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    xxe = tmp_path / "xxe.rdf"
    xxe.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '<rdf:Description rdf:about="http://ex.org/a"><rdfs:label>&xxe;</rdfs:label></rdf:Description></rdf:RDF>\n',
        encoding="utf-8")
    code = main(["validate", str(xxe), "--report", str(tmp_path / "report.ttl")])
    captured = capsys.readouterr()
    assert code == 2
    assert "TOP-SECRET-CONTENT" not in captured.out + captured.err
    assert not (tmp_path / "report.ttl").exists()
    assert "Traceback" not in captured.err


# ---------------------------------------------------------------- the fast engine agrees with pyshacl


def keys(validation):
    return {("_:" if r.focus.startswith("_:") else r.focus, r.path, r.component) for r in validation.results}


@pytest.mark.parametrize("name", CASE_NAMES)
def test_fast_engine_agrees_with_pyshacl_on_every_case(name):
    for which in ("fail", "pass"):
        fast = validate_graph(case_graph(name, which), engine="fast")
        reference = validate_graph(case_graph(name, which), engine="pyshacl")
        assert fast.conforms == reference.conforms
        assert keys(fast) == keys(reference)
        assert sorted(r.message for r in fast.results) == sorted(r.message for r in reference.results)


@pytest.fixture(scope="module")
def claim_context() -> Graph:
    """What the shapes read about the ontology when they check claims, and nothing else: the subclass edges
    between named classes (for the ``rdfs:subClassOf*`` checks), the sign each relation carries, and the
    relation graph. pySHACL, the slow reference engine, takes 12 s over the whole shipped ontology (its
    thousands of terms are focus nodes too) and 0.1 s over this; both engines get the same graph, and it
    conforms on its own, so every result comes from the claims added to it."""
    from bbao.validate import shipped_graph

    shipped = shipped_graph()
    context = Graph().parse(existing_path("bbao-relation-graph.ttl"))
    for s, p, o in shipped:
        named_edge = p == RDFS.subClassOf and isinstance(s, URIRef) and isinstance(o, URIRef)
        relation_sign = p == FIELD_PROPERTY["sign"] and (s, RDF.type, CLAIM_CLASS) not in shipped
        if named_edge or relation_sign:
            context.add((s, p, o))
    assert validate_graph(context, engine="pyshacl").conforms
    return context


@pytest.mark.crosscheck
def test_fast_engine_agrees_with_pyshacl_on_generated_data_with_injected_errors(claim_context):
    from bbao.synthetic import DEFECTS, generate
    from bbao.validate import shipped_graph

    data = generate(shipped_graph(), 1_500, seed=9, defect_rate=0.05)  # seed 9: every kind of defect
    assert data.injected and set(data.injected.values()) == set(DEFECTS)
    merged = Graph()
    for triple in (*claim_context, *data.graph):
        merged.add(triple)
    fast = validate_graph(merged, engine="fast")
    reference = validate_graph(merged, engine="pyshacl")
    assert keys(fast) == keys(reference)
    assert sorted(r.message for r in fast.results) == sorted(r.message for r in reference.results)
    assert {r.focus for r in fast.results} == set(data.injected)
    for claim, defect in data.injected.items():
        assert DEFECTS[defect] in {r.component for r in fast.results if r.focus == claim}, (claim, defect)


def test_engine_option(tmp_path, capsys, monkeypatch, claim_context):
    # the option reaches pySHACL; the ontology it validates with the user's file is shrunk to what the claim
    # checks read (the whole ontology takes pySHACL 12 s; the fast engine's tests cover it)
    monkeypatch.setattr("bbao.validate.shipped_graph", lambda: Graph() + claim_context)
    path = claim_file(tmp_path, "positive")
    assert main(["validate", str(path), "--engine", "pyshacl", "--quiet"]) == 1
    assert "carries sign negative" in capsys.readouterr().out


def test_no_progress_output_when_piped(tmp_path):
    import subprocess
    import sys

    path = claim_file(tmp_path)
    result = subprocess.run([sys.executable, "-m", "bbao.cli", "validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""


def test_progress_on_a_terminal_names_each_long_step(tmp_path, capsys):
    # wanted() is true on a terminal: reading shows a count, the native steps their duration
    path = claim_file(tmp_path)
    assert validate([path], progress=True).conforms
    err = capsys.readouterr().err
    assert f"reading {path.name}" in err
    assert f"indexing {path.name} for validation ..." in err and "validating with pyshacl-turbo ..." in err
    assert validate([path]).conforms and capsys.readouterr().err == ""


# ---------------------------------------------------------------- the native dataset path of the fast engine


def test_pinned_rdflib_turbo_matches_pyshacl_turbo():
    # pyshacl-turbo refuses a native dataset built by another SHACL engine: a version bump of either
    # that breaks the pair fails here instead of silently falling back to the slower rdflib Graph.
    from bbao.validate import native_engine_ready

    assert native_engine_ready()


def test_native_dataset_and_rdflib_graph_give_the_same_report(tmp_path, monkeypatch):
    from bbao import validate as module
    from bbao.synthetic import generate
    from bbao.validate import shipped_graph

    data = generate(shipped_graph(), 6_000, seed=11, defect_rate=0.05)
    first, second = tmp_path / "claims.nt", tmp_path / "more.ttl"
    data.graph.serialize(first, format="nt", encoding="utf-8")
    second.write_text((CASES / "claim-blank-node" / "fail.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    native = validate([first, second])
    monkeypatch.setattr(module, "native_engine_ready", lambda: False)
    graph = validate([first, second])
    assert not native.conforms and not graph.conforms
    assert keys(native) == keys(graph)
    assert sorted(r.message for r in native.results if not r.focus.startswith("_:")) == \
        sorted(r.message for r in graph.results if not r.focus.startswith("_:"))
    assert set(data.injected) <= {r.focus for r in native.results}
    assert any(r.focus.startswith("_:") for r in native.results)  # the blank-node claim of the second file


def test_native_path_reports_bad_input_with_file_and_line(tmp_path):
    from bbao.validate import native_data

    path = tmp_path / "bad.nt"
    path.write_text('<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n<http://ex.org/a> <http://ex.org/b> "x\n',
                    encoding="utf-8")
    with pytest.raises(BBAOError) as caught:
        native_data([path])
    assert f"{path}:2" in str(caught.value) and "invalid N-Triples" in str(caught.value)


def test_two_files_blank_nodes_stay_apart_in_the_native_dataset(tmp_path):
    # the same label _:c in two files names two claims, each missing most fields
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text("_:c a <https://w3id.org/bbao/BBAO_0000001> .\n", encoding="utf-8")
    validation = validate([tmp_path / "a.ttl", tmp_path / "b.ttl"])
    blank = {r.focus for r in validation.results if r.component == "NodeKindConstraintComponent"}
    assert len(blank) == 2


def test_a_report_name_that_cannot_be_written_is_refused_before_validating(tmp_path, capsys, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("validated although the report could not be written")

    monkeypatch.setattr("bbao.validate.validate", never)
    for name in ("report.txt", "report.nt", "report"):
        assert main(["validate", "--report", str(tmp_path / name)]) == 2
        assert "write the report as Turtle (.ttl) or JSON-LD (.json, .jsonld)" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- users' files through the one reader (issue 17)

LAB_CLAIM_JSONLD = """{
  "@context": {"bbao": "https://w3id.org/bbao/", "obo": "http://purl.obolibrary.org/obo/"},
  "@graph": [
    {
      "@id": "lab-claim-1",
      "@type": "bbao:BBAO_0000001",
      "bbao:BBAO_0000100": {"@id": "obo:CHEBI_33569"},
      "bbao:BBAO_0000101": {"@id": "obo:RO_0002597"},
      "bbao:BBAO_0000102": {"@id": "obo:GO_0001649"},
      "bbao:BBAO_0000103": "positive",
      "bbao:BBAO_0000115": "NE inhibits osteoblast differentiation"
    },
    {"@id": "obo:CHEBI_33569", "obo:RO_0002597": {"@id": "obo:GO_0001649"}}
  ]
}
"""


def test_a_claim_with_a_relative_id_is_refused_not_dropped(tmp_path, capsys):
    # Oxigraph dropped the claim (JSON-LD drops a relative @id) and validation said "conforms"
    path = tmp_path / "lab.jsonld"
    path.write_text(LAB_CLAIM_JSONLD, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert "lab.jsonld:5: relative IRI 'lab-claim-1': there is no base to resolve it against" in capsys.readouterr().err
    path.write_text(LAB_CLAIM_JSONLD.replace('"bbao":', '"@base": "https://lab.example.org/", "bbao":'),
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 1  # read: its sign contradicts its relation
    assert "https://lab.example.org/lab-claim-1" in capsys.readouterr().out


def test_an_xml_literal_excerpt_is_read_and_reported_without_a_traceback(tmp_path, capsys, caplog):
    # rdf:parseType="Literal" made rdflib log an ExpatError traceback (Oxigraph writes the XML with a doubled
    # xmlns); the shapes want the excerpt as a plain string
    path = tmp_path / "excerpt.rdf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:bbao="https://w3id.org/bbao/"\n'
        '         xmlns:dcterms="http://purl.org/dc/terms/" xml:base="https://lab.example.org/">\n'
        '  <bbao:BBAO_0000001 rdf:about="c1">\n'
        '    <dcterms:source rdf:resource="https://doi.org/10.1234/lab.2027.1"/>\n'
        '    <bbao:BBAO_0000100 rdf:resource="http://purl.obolibrary.org/obo/CHEBI_33569"/>\n'
        '    <bbao:BBAO_0000101 rdf:resource="http://purl.obolibrary.org/obo/RO_0002597"/>\n'
        '    <bbao:BBAO_0000102 rdf:resource="http://purl.obolibrary.org/obo/GO_0001649"/>\n'
        "    <bbao:BBAO_0000103>negative</bbao:BBAO_0000103>\n"
        '    <bbao:BBAO_0000113 rdf:resource="http://purl.obolibrary.org/obo/ECO_0000304"/>\n'
        "    <bbao:BBAO_0000114>notebook</bbao:BBAO_0000114>\n"
        "    <bbao:BBAO_0000118>experimental_finding</bbao:BBAO_0000118>\n"
        '    <bbao:BBAO_0000115 rdf:parseType="Literal">NE reduces osteoblast differentiation '
        '<i xmlns="http://www.w3.org/1999/xhtml">in vivo</i></bbao:BBAO_0000115>\n'
        "  </bbao:BBAO_0000001>\n</rdf:RDF>\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "ExpatError" not in captured.err and not caplog.records
    validation = validate([path])
    assert [(r.focus, r.path, r.component) for r in validation.results] == [
        ("https://lab.example.org/c1", "BBAO:0000115", "DatatypeConstraintComponent")]
    assert "must be a plain string, not an XML literal" in validation.results[0].message
    assert "must be a plain string, not an XML literal" in captured.out
    assert not caplog.records
