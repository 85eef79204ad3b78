"""Reading users' RDF files: the format from the option or the extension, strict parsing, and errors
that name the file (and the line), before any engine sees the data."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, XSD

from bbao.artifacts import ARTIFACT, SYNTAXES
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.rdfterms import from_oxigraph
from bbao.userdata import Reading, checked_format, read_rdf, user_triples


def test_every_format_the_cli_offers_is_known():
    from bbao.cli import DATA_FORMATS

    assert set(DATA_FORMATS) == set(SYNTAXES)


@pytest.mark.parametrize(("fmt", "syntax"), list(SYNTAXES.items()))
def test_every_extension_and_format_name_of_the_registry_is_read(tmp_path, fmt, syntax):
    for suffix in syntax.suffixes:
        path = tmp_path / f"data{suffix.upper() if suffix == '.ttl' else suffix}"
        path.write_text("x", encoding="utf-8")
        assert checked_format(path, None) == syntax.oxigraph
    assert checked_format(path, fmt) == syntax.oxigraph


def test_format_comes_from_the_option_before_the_extension(tmp_path):
    path = tmp_path / "claims.txt"
    path.write_text("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n", encoding="utf-8")
    assert checked_format(path, "nt") == pyoxigraph.RdfFormat.N_TRIPLES
    with pytest.raises(BBAOError, match=r"claims\.txt: cannot tell the RDF syntax from the extension '\.txt'; "
                                        r"use one of .*\.jsonld.*\.ttl.* or pass --format"):
        checked_format(path, None)
    with pytest.raises(BBAOError, match="unknown format 'csv'"):
        checked_format(path, "csv")


@pytest.mark.parametrize(("content", "message"), [
    (None, "file not found"),
    ("", "empty file"),
    ("# only a comment\n", "no triples in the file"),
    ('<http://ex.org/a> <http://ex.org/b> "x\n', r"data\.nt:1:37: invalid N-Triples: Unexpected end of file"),
    ("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n<http://ex.org/a> <b> <c> .\n",
     r"data\.nt:2:19: relative IRI <b>: there is no base to resolve it against; write the IRI in full "
     r"\(https://\.\.\.\) N-Triples takes absolute IRIs only"),
])
def test_bad_files_name_themselves_and_the_line(tmp_path, content, message):
    path = tmp_path / "data.nt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(BBAOError, match=message):
        list(user_triples(path, None))


def test_named_graphs_merge_into_one_graph_and_a_blank_node_stays_one_node_within_a_file(tmp_path):
    path = tmp_path / "data.trig"
    path.write_text("<http://ex.org/g> { _:x <http://ex.org/p> <http://ex.org/o> . }\n"
                    "_:x <http://ex.org/p> <http://ex.org/o2> .\n", encoding="utf-8")
    triples = list(user_triples(path, None))
    assert len(triples) == 2 and all(isinstance(t, pyoxigraph.Triple) for t in triples)
    assert len({t.subject for t in triples}) == 1  # the engines keep two files' _:x apart (test_columnar)


def test_an_rdf_1_2_triple_term_is_refused_naming_the_file(tmp_path):
    # Oxigraph 0.5 parses triple terms; rdflib, maplib and the native SHACL dataset cannot hold them
    path = tmp_path / "star.ttl"
    path.write_text("<http://ex.org/a> <http://ex.org/p> <<( <http://ex.org/s> <http://ex.org/p> <http://ex.org/o> )>> "
                    ".\n", encoding="utf-8")
    with pytest.raises(BBAOError, match=r"star\.ttl: triple 1 holds an RDF 1\.2 triple term"):
        read_rdf(path)


def test_read_rdf_converts_every_term_and_tags_blank_nodes(tmp_path):
    path = tmp_path / "terms.ttl"
    path.write_text('_:b <http://ex.org/p> "chat"@fr, "x", "2"^^<http://www.w3.org/2001/XMLSchema#integer>, '
                    "<http://ex.org/o> .\n", encoding="utf-8")
    graph = read_rdf(path, tag="t0_")
    expected = {(from_oxigraph(t.subject, "t0_"), from_oxigraph(t.predicate), from_oxigraph(t.object))
                for t in user_triples(path, None)}
    assert set(graph) == expected and len(expected) == 4
    assert all(str(s).startswith("t0_") for s in graph.subjects())


# ---------------------------------------------------------------- one strict reader (issue 17)
# One lab claim (real BBAO, ChEBI and GO IRIs) written by hand in each syntax, so that each fault can be put
# where a user puts it: the claim's IRI (relative), the object (a CURIE for an IRI). LINES: the line of each.

BBAO = "https://w3id.org/bbao/BBAO_"
CLAIM_IRI = "https://lab.example.org/claim/7"
NORADRENALINE = "http://purl.obolibrary.org/obo/CHEBI_33569"
OSTEOBLAST_DIFFERENTIATION = "http://purl.obolibrary.org/obo/GO_0001649"
EXCERPT = "NE inhibits osteoblast differentiation"
TEMPLATES = {
    "ttl": (f"@prefix BBAO: <{BBAO}> .\n"
            "<{subject}> a BBAO:0000001 ;\n"
            f"    BBAO:0000100 <{NORADRENALINE}> ;\n"
            "    BBAO:0000102 <{object}> ;\n"
            f'    BBAO:0000103 "negative" ;\n    BBAO:0000115 "{EXCERPT}" .\n'),
    "nt": ("<{subject}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " f"<{BBAO}0000001> .\n"
           "<{subject}> " f"<{BBAO}0000100> <{NORADRENALINE}> .\n"
           "<{subject}> " f"<{BBAO}0000102> " "<{object}> .\n"
           "<{subject}> " f'<{BBAO}0000103> "negative" .\n'
           "<{subject}> " f'<{BBAO}0000115> "{EXCERPT}" .\n'),
    "rdf": ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:bbao="https://w3id.org/bbao/">\n'
            '  <bbao:BBAO_0000001 rdf:about="{subject}">\n'
            f'    <bbao:BBAO_0000100 rdf:resource="{NORADRENALINE}"/>\n'
            '    <bbao:BBAO_0000102 rdf:resource="{object}"/>\n'
            "    <bbao:BBAO_0000103>negative</bbao:BBAO_0000103>\n"
            f"    <bbao:BBAO_0000115>{EXCERPT}</bbao:BBAO_0000115>\n"
            "  </bbao:BBAO_0000001>\n</rdf:RDF>\n"),
    "jsonld": ('{{"@context": {{"bbao": "https://w3id.org/bbao/"}},\n'
               ' "@id": "{subject}",\n'
               ' "@type": "bbao:BBAO_0000001",\n'
               f' "bbao:BBAO_0000100": {{{{"@id": "{NORADRENALINE}"}}}},\n'
               ' "bbao:BBAO_0000102": {{"@id": "{object}"}},\n'
               f' "bbao:BBAO_0000103": "negative",\n "bbao:BBAO_0000115": "{EXCERPT}"}}}}\n'),
}
#: suffix -> (line of the claim's IRI, line of its object)
LINES = {"ttl": (2, 4), "nt": (1, 3), "rdf": (3, 5), "jsonld": (2, 5)}


def lab_claim(folder: Path, suffix: str, subject: str = CLAIM_IRI, obj: str = OSTEOBLAST_DIFFERENTIATION,
              name: str = "lab") -> Path:
    path = folder / f"{name}.{suffix}"
    path.write_text(TEMPLATES[suffix].format(subject=subject, object=obj), encoding="utf-8")
    return path


def test_the_lab_claim_reads_alike_in_every_syntax(tmp_path):
    read = {}
    for suffix in TEMPLATES:
        reading = Reading("", "")
        read[suffix] = set(user_triples(lab_claim(tmp_path, suffix), None, reading=reading))
        assert (reading.triples, reading.claims) == (5, 1), suffix
    assert len({frozenset(triples) for triples in read.values()}) == 1
    assert pyoxigraph.Literal(EXCERPT) in {t.object for t in read["jsonld"]}


@pytest.mark.parametrize("suffix", list(TEMPLATES))
def test_a_relative_iri_is_refused_with_the_file_and_line(tmp_path, suffix):
    # JSON-LD used to drop the claim whose @id is relative (1 of 10 triples kept) and validation passed
    path = lab_claim(tmp_path, suffix, subject="claim-7")
    with pytest.raises(BBAOError, match=rf"lab\.{suffix}:{LINES[suffix][0]}(:\d+)?: relative IRI "
                                        "(<claim-7>|'claim-7'): there is no base to resolve it against"):
        list(user_triples(path, None))


def test_a_relative_iri_under_a_declared_base_is_read(tmp_path):
    for suffix, text, base in (
        ("ttl", TEMPLATES["ttl"].replace("@prefix", "@base <https://lab.example.org/claim/> .\n@prefix", 1), "ttl"),
        ("rdf", TEMPLATES["rdf"].replace('<rdf:RDF ', '<rdf:RDF xml:base="https://lab.example.org/claim/" ', 1), "rdf"),
        ("jsonld", TEMPLATES["jsonld"].replace('{{"bbao"', '{{"@base": "https://lab.example.org/claim/", "bbao"', 1),
         "jsonld"),
    ):
        path = tmp_path / f"based.{base}"
        path.write_text(text.format(subject="7", object=OSTEOBLAST_DIFFERENTIATION), encoding="utf-8")
        assert pyoxigraph.NamedNode(CLAIM_IRI) in {t.subject for t in user_triples(path, None)}, suffix


@pytest.mark.parametrize("suffix", list(TEMPLATES))
def test_a_curie_used_as_an_iri_is_refused_with_its_expansion(tmp_path, suffix):
    # <GO:0001649> parses as an absolute IRI of scheme "GO": the claim's object would be no GO term
    path = lab_claim(tmp_path, suffix, obj="GO:0001649")
    with pytest.raises(BBAOError, match=rf"lab\.{suffix}:{LINES[suffix][1]}: CURIE used as an IRI: 'GO:0001649' .*; "
                                        r"expand it \(http://purl\.obolibrary\.org/obo/GO_0001649\)"):
        list(user_triples(path, None))


def test_iris_of_schemes_that_are_no_bbao_prefix_are_read(tmp_path):
    for obj in ("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", "tag:lab.example.org,2027:go", "doi:10.1234/x"):
        assert pyoxigraph.NamedNode(obj) in {t.object for t in user_triples(lab_claim(tmp_path, "ttl", obj=obj), None)}


def test_every_refused_iri_of_a_file_is_listed_once(tmp_path):
    path = tmp_path / "two.nt"
    path.write_text("<GO:0001649> <http://ex.org/p> <CHEBI:33569> .\n<GO:0001649> <http://ex.org/q> <CHEBI:33569> .\n",
                    encoding="utf-8")
    with pytest.raises(BBAOError) as caught:
        list(user_triples(path, None))
    assert [(p.line, p.message.split(":")[0]) for p in caught.value.problems] == [(1, "CURIE used as an IRI")] * 2
    assert "CHEBI_33569" in caught.value.problems[1].message


def test_a_jsonld_key_or_type_the_context_does_not_define_is_refused(tmp_path):
    # JSON-LD drops a key that expands to no IRI, without a word: the claim would lose its excerpt
    path = tmp_path / "terms.jsonld"
    path.write_text('{"@context": {"bbao": "https://w3id.org/bbao/"},\n'
                    f' "@id": "{CLAIM_IRI}",\n "@type": "Claim",\n "excerpt": "{EXCERPT}"}}\n', encoding="utf-8")
    with pytest.raises(BBAOError) as caught:
        list(user_triples(path, None))
    assert [str(p).split("terms.jsonld:")[1] for p in caught.value.problems] == [
        "3: 'Claim' is no IRI and the @context does not define it (JSON-LD would drop it): define it in the "
        "@context, set @vocab, or write the IRI in full",
        "4: 'excerpt' is no IRI and the @context does not define it (JSON-LD would drop it): define it in the "
        "@context, set @vocab, or write the IRI in full"]
    path.write_text(f'{{"@context": {{"@vocab": "{BBAO}"}}, "@id": "{CLAIM_IRI}", "0000115": "{EXCERPT}"}}',
                    encoding="utf-8")
    assert [str(t.predicate.value) for t in user_triples(path, None)] == [f"{BBAO}0000115"]




@pytest.mark.parametrize("context", [
    '"https://w3id.org/bbao/bbao.context.jsonld"',
    '["https://w3id.org/bbao/bbao.context.jsonld", {"ex": "https://lab.example.org/"}]',
    '{"@import": "https://w3id.org/bbao/bbao.context.jsonld"}',
    '"bbao.context.jsonld"',
])
def test_a_jsonld_context_given_by_reference_is_refused_not_fetched(tmp_path, no_network, context):
    path = tmp_path / "remote.jsonld"
    path.write_text(f'{{\n "@context": {context},\n "@id": "{CLAIM_IRI}", "{BBAO}0000115": "{EXCERPT}"}}\n',
                    encoding="utf-8")
    (tmp_path / "bbao.context.jsonld").write_text('{"@context": {}}', encoding="utf-8")  # no other file is read
    with pytest.raises(BBAOError, match=r"remote\.jsonld:2: the JSON-LD @context '(https://w3id\.org/bbao/)?"
                                        r"bbao\.context\.jsonld' is a reference, not fetched; .* put the context in "
                                        "the file as a JSON object"):
        list(user_triples(path, None))


@pytest.mark.parametrize("suffix", list(TEMPLATES))
def test_a_byte_order_mark_is_skipped(tmp_path, suffix):
    plain = lab_claim(tmp_path, suffix)
    marked = tmp_path / f"bom.{suffix}"
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    assert set(user_triples(marked, None)) == set(user_triples(plain, None))
    assert set(user_triples(Path("given.bytes"), suffix.replace("ttl", "turtle").replace("rdf", "rdfxml"),
                            data=marked.read_bytes())) == set(user_triples(plain, None))


def test_what_was_read_is_summed_up_on_a_terminal_only(tmp_path, capsys):
    claim = lab_claim(tmp_path, "ttl")
    classes = tmp_path / "classes.ttl"
    classes.write_text("<https://lab.example.org/Cell> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
                       "<http://purl.obolibrary.org/obo/CL_0000062> .\n", encoding="utf-8")
    read_rdf(claim, progress=True)
    read_rdf(classes, progress=True)
    err = capsys.readouterr().err
    assert "read lab.ttl (Turtle): 5 triples, 1 claim\n" in err
    assert "read classes.ttl (Turtle): 1 triple, no claim (no subject typed BBAO:0000001 brain-bone axis claim)" in err
    read_rdf(classes)
    assert capsys.readouterr().err == ""


def test_a_literal_that_does_not_fit_its_datatype_is_kept_without_a_traceback(tmp_path, caplog, capsys):
    # rdflib logged an ExpatError traceback for an XML literal Oxigraph writes with a doubled xmlns
    path = tmp_path / "excerpt.rdf"
    path.write_text(TEMPLATES["rdf"].format(subject=CLAIM_IRI, object=OSTEOBLAST_DIFFERENTIATION).replace(
        f"<bbao:BBAO_0000115>{EXCERPT}", '<bbao:BBAO_0000115 rdf:parseType="Literal">NE inhibits <i '
        'xmlns="http://www.w3.org/1999/xhtml">osteoblast</i> differentiation'), encoding="utf-8")
    numbers = tmp_path / "numbers.ttl"
    numbers.write_text(f'<{CLAIM_IRI}> <{BBAO}0000115> "many"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
                       encoding="utf-8")
    graph = read_rdf(path)
    read_rdf(numbers, graph=graph)
    datatypes = {o.datatype for o in graph.objects(URIRef(CLAIM_IRI), URIRef(f"{BBAO}0000115"))}
    assert datatypes == {RDF.XMLLiteral, XSD.integer}
    assert not caplog.records and "Traceback" not in capsys.readouterr().err


COMMANDS = {
    "validate": ["validate", "{file}"],
    "conflicts": ["conflicts", "{file}"],
    "query oxigraph": ["query", "top-down-regulation", "--data", "{file}"],
    "query rdflib": ["query", "top-down-regulation", "--data", "{file}", "--engine", "rdflib"],
    "query maplib": ["query", "top-down-regulation", "--data", "{file}", "--engine", "maplib"],
    "report": ["report", "{file}"],
    "diff": ["diff", "{file}", "{file}"],
}
FAULTS = {  # fault -> (syntax, the lab claim with the fault, message)
    "relative IRI": ("jsonld", lambda text: text.replace(CLAIM_IRI, "claim-7"),
                     r"lab\.jsonld:2: relative IRI 'claim-7'"),
    "CURIE as IRI": ("ttl", lambda text: text.replace(OSTEOBLAST_DIFFERENTIATION, "GO:0001649"),
                     r"lab\.ttl:4: CURIE used as an IRI: 'GO:0001649'"),
    "triple term": ("ttl", lambda text: text.replace(f"<{OSTEOBLAST_DIFFERENTIATION}>",
                                                     f'<<( <{CLAIM_IRI}> <{BBAO}0000103> "negative" )>>'),
                    r"lab\.ttl: triple 3 holds an RDF 1\.2 triple term"),
    "remote context": ("jsonld", lambda text: text.replace('{"bbao": "https://w3id.org/bbao/"}',
                                                           '"https://w3id.org/bbao/bbao.context.jsonld"'),
                       r"lab\.jsonld:1: the JSON-LD @context 'https://w3id\.org/bbao/bbao\.context\.jsonld' is a "
                       "reference, not fetched"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_reads_users_files_through_the_one_reader(tmp_path, capsys, no_network, command, fault):
    if command == "query maplib":
        pytest.importorskip("maplib")
    suffix, edit, message = FAULTS[fault]
    path = lab_claim(tmp_path, suffix)
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert main([arg.format(file=path) for arg in COMMANDS[command]]) == 2
    err = capsys.readouterr().err
    assert re.search(message, err) and "Traceback" not in err, err


def test_cli_reads_a_file_with_a_byte_order_mark_and_says_what_it_read(tmp_path, capsys, monkeypatch):
    # Oxigraph's Turtle parser refused the mark: "﻿ is not a valid subject"
    monkeypatch.setattr("bbao.progress.wanted", lambda quiet=False: not quiet)  # as on a terminal
    classes = tmp_path / "classes.ttl"
    classes.write_bytes(b"\xef\xbb\xbf<https://lab.example.org/Cell> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
                        b"<http://purl.obolibrary.org/obo/CL_0000062> .\n")
    assert main(["validate", str(classes)]) == 0
    assert "read classes.ttl (Turtle): 1 triple, no claim (no subject typed BBAO:0000001" in capsys.readouterr().err
    claim = lab_claim(tmp_path, "jsonld")
    assert main(["query", "top-down-regulation", "--data", str(classes), "--data", str(claim)]) == 0
    err = capsys.readouterr().err
    assert "read classes.ttl (Turtle): 1 triple, no claim" in err
    assert "read lab.jsonld (JSON-LD): 5 triples, 1 claim" in err
    assert main(["validate", str(classes), "--quiet"]) == 0
    assert "read classes.ttl" not in capsys.readouterr().err


def test_a_literal_longer_than_the_reader_takes_is_one_clear_error(tmp_path, capsys):
    """Oxigraph's parsers hold at most 16 MiB of one token: a 17 MB literal is refused naming the file, exit 2,
    not "a bug in bbao"."""
    from bbao.cli import main

    path = tmp_path / "big.nt"
    path.write_text('<https://lab.example.org/big> <http://www.w3.org/2000/01/rdf-schema#comment> "'
                    + "x" * (17 * 1024 * 1024) + '" .\n', encoding="utf-8")
    assert main(["validate", str(path), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"{path}: a literal or token after triple 0 is longer than the N-Triples reader takes" in err
    assert "bug" not in err


def test_a_folder_and_an_obo_graphs_document_are_named_for_what_they_are(tmp_path):
    """Not "cannot tell the RDF syntax from the extension '(none)'" for a folder, nor one undefined-term error per
    key for the shipped OBO Graphs JSON (bbao.json is JSON, not JSON-LD)."""
    with pytest.raises(BBAOError, match="a folder, not a file"):
        checked_format(tmp_path, None)
    with pytest.raises(BBAOError, match=r"bbao\.json: an OBO Graphs JSON document .*not JSON-LD"):
        checked_format(ARTIFACT["bbao.json"].path(), None)
    jsonld = tmp_path / "graphs.jsonld"  # a JSON-LD document may use a "graphs" key of its own context
    jsonld.write_text('{"@context": {"graphs": "https://example.org/graphs"}, "graphs": [1]}', encoding="utf-8")
    assert checked_format(jsonld, None) == pyoxigraph.RdfFormat.JSON_LD
