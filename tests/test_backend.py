"""What every query backend shares (bbao.backend): the term builder, the VALUES clause that carries bindings
to engines without substitution, the protocol each engine meets, and no import cycle between the engines."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph
import pytest

from bbao.backend import Backend, RenderingBackend, make_term, values_clause
from bbao.errors import BBAOError

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_make_term_builds_every_kind_of_cell():
    assert make_term("iri", "http://x/1") == pyoxigraph.NamedNode("http://x/1")
    assert make_term("bnode", "b0") == pyoxigraph.BlankNode("b0")
    assert make_term("literal", "chat", language="fr") == pyoxigraph.Literal("chat", language="fr")
    assert make_term("literal", "2", datatype=XSD + "integer") == pyoxigraph.Literal(
        "2", datatype=pyoxigraph.NamedNode(XSD + "integer"))
    # a plain literal and an xsd:string are the same literal in RDF 1.1
    assert make_term("literal", "x") == make_term("literal", "x", datatype=XSD + "string") == pyoxigraph.Literal("x")
    with pytest.raises(ValueError):
        make_term("iri", "not an iri")


def test_values_clause_writes_validated_iris_only():
    assert values_clause({}) == ""
    assert values_clause({"a": "http://x/1", "b": "urn:y"}) == "\nVALUES (?a ?b) { (<http://x/1> <urn:y>) }\n"
    with pytest.raises(BBAOError, match="not a SPARQL variable name"):
        values_clause({"a } DROP ALL {": "http://x/1"})
    with pytest.raises(ValueError):
        values_clause({"a": "http://x/> } DROP ALL { <http://y/"})


def test_every_engine_meets_the_protocol_and_only_the_columnar_one_renders():
    from bbao.store import EndpointBackend, OxigraphBackend, RdflibBackend

    for backend in (OxigraphBackend(pyoxigraph.Store()), EndpointBackend("http://127.0.0.1:1/query")):
        assert isinstance(backend, Backend) and not isinstance(backend, RenderingBackend)
    assert not isinstance(RdflibBackend.__new__(RdflibBackend), RenderingBackend)
    pytest.importorskip("maplib", reason="the columnar engine is optional: pip install 'bbao[columnar]'")
    from bbao.columnar import MaplibBackend

    assert isinstance(MaplibBackend.__new__(MaplibBackend), RenderingBackend)


def test_the_columnar_engine_does_not_import_the_store():
    code = "import sys, bbao.columnar; print('bbao.store' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
