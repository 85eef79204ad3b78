"""Reading users' RDF files: the format from the option or the extension, strict parsing, and errors
that name the file (and the line), before any engine sees the data."""

from __future__ import annotations

import pyoxigraph
import pytest

from bbao.artifacts import SYNTAXES
from bbao.errors import BBAOError
from bbao.rdfterms import from_oxigraph
from bbao.userdata import checked_format, read_rdf, user_triples


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
    ('<http://ex.org/a> <http://ex.org/b> "x\n', r"data\.nt:1: invalid N-Triples"),
    ("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n<http://ex.org/a> <b> <c> .\n",
     r"data\.nt:2: invalid N-Triples"),
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
