"""Reading users' RDF files: the format from the option or the extension, strict parsing, and errors
that name the file (and the line), before any engine sees the data."""

from __future__ import annotations

import pyoxigraph
import pytest

from bbao.errors import BBAOError
from bbao.userdata import EXTENSIONS, FORMAT_NAMES, checked_format, user_triples


def test_every_format_the_cli_offers_is_known():
    from bbao.cli import DATA_FORMATS

    assert set(DATA_FORMATS) == set(FORMAT_NAMES)
    assert EXTENSIONS[".ttl"] == FORMAT_NAMES["turtle"] and EXTENSIONS[".nt"] == FORMAT_NAMES["nt"]


def test_format_comes_from_the_option_before_the_extension(tmp_path):
    path = tmp_path / "claims.txt"
    path.write_text("<http://ex.org/a> <http://ex.org/b> <http://ex.org/c> .\n", encoding="utf-8")
    assert checked_format(path, "nt") == pyoxigraph.RdfFormat.N_TRIPLES
    with pytest.raises(BBAOError, match=r"claims\.txt: cannot tell the RDF syntax from the extension '\.txt'"):
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
