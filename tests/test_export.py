"""bbao export: every view in every RDF syntax, the base view's content, and the refused OBO format."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao import paths
from bbao.artifacts import ARTIFACT, syntax_of
from bbao.cli import main
from bbao.errors import BBAOError
from bbao.export import BASE_ARTIFACTS, FORMATS, VIEWS, base_iri, export, view_path
from bbao.imports import load_imports
from bbao.prefixes import expand
from bbao.pruning import without_inert_chains
from bbao.reason import check
from bbao.serialize import canonical, render

OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"
_VOCABULARY = ("http://www.w3.org/", "http://purl.org/", "http://www.geneontology.org/formats/oboInOwl#",
               "http://prismstandard.org/", "https://doi.org/", "https://creativecommons.org/")


def u(curie: str) -> URIRef:
    return URIRef(expand(curie))


def nt(graph: Graph) -> bytes:
    return render(canonical(graph), "nt")


@pytest.fixture(scope="module")
def base() -> Graph:
    return Graph().parse(paths.ontology_dir() / "bbao-base.ttl")


def oxigraph_canonical(data: bytes, syntax: pyoxigraph.RdfFormat) -> list[str]:
    """The triples of ``data`` as Oxigraph reads them (a parser other than the writer's library), blank nodes
    canonicalized (RDFC-1.0 style), sorted."""
    dataset = pyoxigraph.Dataset(pyoxigraph.parse(data, format=syntax))
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return sorted(str(quad) for quad in dataset)


@functools.cache
def shipped_canonical(view: str) -> list[str]:
    """:func:`oxigraph_canonical` of a view's shipped file (read once per test process)."""
    path = VIEWS[view].path()
    return oxigraph_canonical(path.read_bytes(), pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".")))


@pytest.mark.parametrize("view", ["full", "base", "relation-graph", "closure"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_view_in_every_syntax_holds_the_artifacts_triples(view, fmt):
    data = export(view, fmt)
    syntax = {"owl": pyoxigraph.RdfFormat.RDF_XML, "ttl": pyoxigraph.RdfFormat.TURTLE,
              "nt": pyoxigraph.RdfFormat.N_TRIPLES, "jsonld": pyoxigraph.RdfFormat.JSON_LD}[fmt]
    assert syntax.media_type == syntax_of(Path(f"x.{fmt}")).media_type
    got = oxigraph_canonical(data, syntax)
    assert got == shipped_canonical(view) and len(got) > 100


def test_views_formats_and_base_files_come_from_the_registry():
    assert all(view == artifact.product for view, artifact in VIEWS.items())
    assert {syntax_of(Path(f"x.{fmt}")).rdflib for fmt in FORMATS} == {"xml", "turtle", "nt", "json-ld"}
    assert [ARTIFACT[name].product for name in BASE_ARTIFACTS] == ["base", "base"]
    assert base_iri("https://w3id.org/bbao/bbao.owl") == "https://w3id.org/bbao/bbao-base.owl"
    with pytest.raises(BBAOError, match="unknown view 'void'"):
        view_path("void")
    with pytest.raises(BBAOError, match="unknown format 'rdf'"):
        export("full", "rdf")


def test_export_is_byte_identical_to_the_shipped_files():
    assert export("full", "owl") == (paths.ontology_dir() / "bbao.owl").read_bytes()
    assert export("full", "jsonld") == (paths.ontology_dir() / "bbao.jsonld").read_bytes()
    assert export("base", "owl") == (paths.ontology_dir() / "bbao-base.owl").read_bytes()


def test_inferred_view_reads_what_bbao_reason_wrote(tmp_path, monkeypatch):
    shipped = paths.ontology_dir() / "bbao-inferred.ttl"
    if not shipped.is_file():
        pytest.skip("no bbao-inferred.ttl: run `bbao reason`")
    inferred = Graph().parse(data=export("inferred", "nt"), format="nt")
    assert (None, URIRef(OBOINOWL + "is_inferred"), Literal("true")) in inferred
    monkeypatch.setattr(paths, "data_root", lambda: tmp_path)
    with pytest.raises(BBAOError, match=r"bbao-inferred\.ttl: missing: run `bbao reason` first"):
        export("inferred", "ttl")


def test_obo_is_refused_with_exit_2_and_a_reason(capsys):
    with pytest.raises(BBAOError, match="OBO format is not supported"):
        export("full", "obo")
    assert main(["export", "--format", "obo"]) == 2
    err = capsys.readouterr().err
    assert "no maintained Python library" in err and "robot convert" in err


def test_cli_writes_the_chosen_view(tmp_path, capsys):
    out = tmp_path / "x" / "bbao-base.ttl"
    assert main(["export", "--format", "ttl", "--view", "base", "--out", str(out)]) == 0
    assert out.read_bytes() == (paths.ontology_dir() / "bbao-base.ttl").read_bytes()
    assert "wrote" in capsys.readouterr().out


def test_base_has_bbaos_axioms_and_not_the_import_modules(base):
    assert (u("BBAO:0000012"), RDFS.label, Literal("fracture healing")) in base
    assert (u("CHEBI:33569"), URIRef(OBOINOWL + "hasExactSynonym"), Literal("NE")) in base  # BBAO's synonym
    assert (u("MONDO:0000001"), RDFS.subClassOf, None) in base  # BBAO's placement of Mondo's root
    assert (u("CHEBI:33569"), RDFS.label, None) not in base  # the import module's label
    assert (u("GO:0001649"), RDFS.subClassOf, None) not in base  # GO's own parent chain
    claims = set(base.subjects(RDF.type, u("BBAO:0000001")))
    assert len(claims) > 100
    onto = set(base.subjects(RDF.type, OWL.Ontology))
    assert onto == {URIRef("https://w3id.org/bbao/bbao-base.owl")}
    assert str(base.value(next(iter(onto)), OWL.versionIRI)).endswith("/bbao-base.owl")


def test_base_declares_every_entity_it_uses(base):
    typed = set(base.subjects(RDF.type, None))
    used = {x for s, p, o in base if p != OWL.versionIRI for x in (s, p, o) if isinstance(x, URIRef)}
    undeclared = sorted(str(x) for x in used - typed if not str(x).startswith(_VOCABULARY))
    assert undeclared == []
    assert (u("GO:0001649"), RDF.type, OWL.Class) in base
    assert (u("RO:0002597"), RDF.type, OWL.ObjectProperty) in base


def test_base_keeps_no_dangling_axiom_annotation(base):
    for axiom in base.subjects(RDF.type, OWL.Axiom):
        s, p, o = (base.value(axiom, x) for x in (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget))
        if isinstance(o, BNode):
            assert any(isinstance(x, BNode) for x in base.objects(s, p)), axiom
        else:
            assert (s, p, o) in base, axiom


def test_base_plus_import_modules_is_the_full_ontology(base, graph):
    imported, _ = load_imports(paths.imports_dir())
    merged = Graph()
    full_iri, base_iri = URIRef("https://w3id.org/bbao/bbao.owl"), URIRef("https://w3id.org/bbao/bbao-base.owl")
    for s, p, o in base:
        if s == base_iri:
            s = full_iri
            o = URIRef(str(o).replace("bbao-base.owl", "bbao.owl")) if p == OWL.versionIRI else o
        merged.add((s, p, o))
    for triple in imported:
        merged.add(triple)
    # full leaves out the RO property chains that cannot hold on BBAO (the base keeps them) and says so
    pruned, count = without_inert_chains(merged)  # each chain twice: the base's and the module's blank nodes
    said = [o for o in graph.objects(full_iri, RDFS.comment) if f"leaves out {count // 2} property chain axioms" in o]
    assert count >= 80 and len(said) == 1
    pruned.add((full_iri, RDFS.comment, said[0]))
    assert nt(pruned) == nt(graph)


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime: HermiT cannot run")
def test_base_is_consistent_owl_under_hermit():
    report = check(paths.ontology_dir() / "bbao-base.owl")
    assert report.consistent and not report.unsatisfiable
