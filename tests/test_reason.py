"""Reasoner results: the shipped OWL artifact is consistent, and a modelling mistake is caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao import reason
from bbao.errors import BBAOError
from bbao.prefixes import expand
from bbao.store import artifact

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime: HermiT cannot run")


@needs_java
def test_shipped_ontology_is_consistent_under_hermit():
    report = reason.check()
    assert report.consistent and report.unsatisfiable == []


@needs_java
def test_a_chemical_as_subject_of_process_regulation_is_unsatisfiable(tmp_path: Path):
    """RO 'negatively regulates' has domain process: a chemical there clashes with BFO disjointness."""
    g = Graph().parse(artifact("bbao.nt"))
    restriction = BNode()
    g.add((restriction, RDF.type, OWL.Restriction))
    g.add((restriction, OWL.onProperty, URIRef(expand("RO:0002212"))))
    g.add((restriction, OWL.someValuesFrom, URIRef(expand("GO:0001649"))))
    g.add((URIRef(expand("CHEBI:33569")), RDFS.subClassOf, restriction))
    broken = tmp_path / "broken.owl"
    g.serialize(broken, format="xml")
    report = reason.check(broken)
    assert not report.ok
    assert "CHEBI:33569" in report.unsatisfiable


def test_missing_java_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(BBAOError, match="no Java runtime found.*Install a JRE"):
        reason.check()


def test_unknown_reasoner_is_refused():
    with pytest.raises(BBAOError, match="unknown reasoner 'fact'"):
        reason.check(reasoner="fact")
