"""Errors name where the bad input is: file, line, column and field; SPARQL syntax errors of Oxigraph (and
of maplib, which quotes Oxigraph's parser) give the line and column where parsing stopped."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from bbao.errors import BBAOError, Problem, QuerySyntaxError, query_syntax_error


@pytest.mark.parametrize(("problem", "text"), [
    (Problem("claims.tsv", "unknown relation RO:9999999", line=3, column=3, field="relation"),
     "claims.tsv:3:3 (relation): unknown relation RO:9999999"),
    (Problem("claims.tsv", "bad row", line=12), "claims.tsv:12: bad row"),
    (Problem("claims.tsv", "bad sign", line=12, field="sign"), "claims.tsv:12 (sign): bad sign"),
    (Problem("metadata.toml", "no [ontology] table"), "metadata.toml: no [ontology] table"),
    (Problem("terms.tsv", "empty label", field="label"), "terms.tsv (label): empty label"),
    # a column without a line says nothing: a column alone locates nothing
    (Problem("terms.tsv", "x", column=4), "terms.tsv: x"),
    (Problem("terms.tsv", "x", line=1, column=1, field=""), "terms.tsv:1:1: x"),
])
def test_problem_text_names_file_line_column_and_field(problem, text):
    assert str(problem) == text


def test_problems_are_values():
    assert Problem("a", "b", 1) == Problem("a", "b", line=1)
    with pytest.raises(AttributeError):
        Problem("a", "b").line = 2  # type: ignore[misc]


def test_an_error_from_a_string_names_the_file():
    error = BBAOError("cannot read it", Path("data/claims.ttl"))
    assert str(error) == "data/claims.ttl: cannot read it"
    assert error.problems == [Problem("data/claims.ttl", "cannot read it")]
    assert str(BBAOError("cannot read it", "claims.ttl")) == "claims.ttl: cannot read it"


def test_an_error_from_a_string_without_a_file_is_the_programs():
    error = BBAOError("no store at http://localhost:7878")
    assert str(error) == "bbao: no store at http://localhost:7878"
    assert error.problems[0].file == "bbao"


def test_an_error_carries_every_problem_one_per_line():
    problems = [Problem("claims.tsv", "bad sign", 4, 5, "sign"), Problem("terms.tsv", "empty label", 9)]
    error = BBAOError(problems)
    assert error.problems == problems
    assert str(error).splitlines() == ["claims.tsv:4:5 (sign): bad sign", "terms.tsv:9: empty label"]
    assert isinstance(error, Exception)
    with pytest.raises(BBAOError, match="bad sign"):
        raise error


def oxigraph_message(query: str) -> str:
    with pytest.raises(SyntaxError) as info:
        pyoxigraph.Store().query(query)
    return str(info.value)


def test_a_real_oxigraph_message_gives_line_column_and_reason():
    message = oxigraph_message("SELECT * WHERE { ?s ?p }")
    assert message.startswith("error at 1:")
    error = query_syntax_error(message)
    assert isinstance(error, QuerySyntaxError)
    assert isinstance(error, ValueError)
    assert error.line == 1
    assert error.column == int(message.split(":")[1])
    assert 17 <= error.column <= 25  # where the missing object is
    assert error.message.startswith("expected")
    assert "error at" not in error.message
    assert str(error) == error.message


def test_a_real_oxigraph_message_on_a_later_line():
    query = "PREFIX obo: <http://purl.obolibrary.org/obo/>\nSELECT ?s WHERE {\n  ?s ?p obo:GO_0001649 .\n  FILTER(\n}\n"
    message = oxigraph_message(query)
    error = query_syntax_error(message)
    assert (error.line, error.column) == tuple(int(n) for n in message.split(" ")[2].rstrip(":").split(":"))
    assert error.line >= 4
    assert error.message and "error at" not in error.message


def test_a_real_maplib_message_gives_oxigraphs_position():
    maplib = pytest.importorskip("maplib")
    with pytest.raises(Exception) as info:  # maplib raises its own exception class
        maplib.Model().query("SELECT * WHERE { ?s ?p }")
    message = str(info.value)
    error = query_syntax_error(message)
    assert error.line == 1
    assert error.column is not None
    assert error.message.startswith("expected")
    assert "PARSER COMPLAINS" not in error.message


def test_a_range_gives_its_start():
    error = query_syntax_error("maplib: error at 4:1-4:3: expected '}'")
    assert (error.message, error.line, error.column) == ("expected '}'", 4, 1)


def test_a_message_without_a_position_is_kept_whole():
    message = "Query evaluation error: unsupported SERVICE clause"
    error = query_syntax_error(message)
    assert (error.message, error.line, error.column) == (message, None, None)
    assert str(error) == message


def test_a_multiline_reason_is_kept():
    error = query_syntax_error("error at 2:7: expected one of\n  '}', '.'")
    assert (error.line, error.column) == (2, 7)
    assert error.message == "expected one of\n  '}', '.'"


def test_query_syntax_error_can_be_built_directly():
    error = QuerySyntaxError("expected '}'", 3, 9)
    assert (error.message, error.line, error.column) == ("expected '}'", 3, 9)
    assert QuerySyntaxError("bad").line is None
