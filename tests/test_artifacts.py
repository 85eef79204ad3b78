"""The release registry names the files that are really shipped, with the syntax, named graph, ontology IRI
and versionIRI that the shipped files really have."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, OWL, RDF

from bbao import artifacts, paths
from bbao.artifacts import (
    ARTIFACT,
    ARTIFACTS,
    GRAPH_BASE,
    MAIN,
    NAMED_GRAPHS,
    PRODUCTS,
    SYNTAXES,
    existing_path,
    graph_iri,
    product,
    product_iri,
    product_version_iri,
    syntax_of,
    versioned_url,
)
from bbao.errors import BBAOError

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def meta() -> dict[str, object]:
    with (REPO / "ontology" / "src" / "metadata.toml").open("rb") as handle:
        return tomllib.load(handle)["ontology"]


# --- the registry against the checkout ----------------------------------------------------------------------


@pytest.mark.parametrize("artifact", [a for a in ARTIFACTS if a.written_by == "build" and a.checked],
                         ids=lambda a: a.file)
def test_every_checked_build_artifact_exists_in_the_checkout(artifact):
    path = artifact.path(REPO)
    assert path.is_file(), f"{artifact.file}: `bbao build` writes it, but {path} is missing"
    assert path.stat().st_size > 0
    assert artifact.path() == path  # the default root is the checkout


def test_every_release_file_in_the_checkout_is_registered():
    shipped = {p.name for p in (REPO / "ontology").iterdir() if p.is_file() and not p.name.startswith(".")}
    shipped |= {p.name for p in (REPO / "mappings").iterdir() if p.is_file() and not p.name.startswith(".")}
    assert shipped == set(ARTIFACT)
    for artifact in ARTIFACTS:
        assert artifact.folder in ("ontology", "mappings")


def test_only_build_and_reason_write_artifacts_and_only_builds_are_checked():
    assert {a.written_by for a in ARTIFACTS} == {"build", "reason"}
    assert all(not a.checked for a in ARTIFACTS if a.written_by == "reason")
    assert [a.file for a in ARTIFACTS if a.written_by == "reason"] == ["bbao-inferred.owl", "bbao-inferred.ttl"]


def test_artifact_products_and_named_graphs_are_consistent():
    assert len(ARTIFACT) == len(ARTIFACTS)
    assert list(ARTIFACT) == [a.file for a in ARTIFACTS]
    assert PRODUCTS == ("full", "relation-graph", "tentative-relation-graph", "closure", "base", "gocam", "mappings",
                        "context", "void", "manifest", "inferred")
    assert set(PRODUCTS) == {a.product for a in ARTIFACTS}
    for name in PRODUCTS:
        assert product(name) == [a for a in ARTIFACTS if a.product == name]
    assert NAMED_GRAPHS == {"ontology": ARTIFACT["bbao.nt"], "relation-graph": ARTIFACT["bbao-relation-graph.ttl"],
                            "tentative-relation-graph": ARTIFACT["bbao-tentative-relation-graph.ttl"],
                            "closure": ARTIFACT["bbao-closure.ttl"]}
    for name, artifact in NAMED_GRAPHS.items():
        assert artifact.named_graph == name
        assert artifact.syntax is not None


def test_main_names_one_readable_rdf_file_per_rdf_product():
    assert set(MAIN) <= set(PRODUCTS)
    for name, artifact in MAIN.items():
        assert artifact.product == name
        assert artifact.syntax is not None
    assert MAIN["full"].file == "bbao.nt"  # the fastest to read


def test_media_types_follow_the_syntax():
    for artifact in ARTIFACTS:
        if artifact.syntax is not None:
            assert artifact.media_type == artifact.syntax.media_type, artifact.file
            assert syntax_of(Path(artifact.file)) == artifact.syntax, artifact.file
    assert ARTIFACT["bbao.sssom.tsv"].syntax is None
    assert ARTIFACT["bbao.sssom.tsv"].media_type == "text/tab-separated-values"
    assert ARTIFACT["bbao.sssom.tsv"].path(REPO) == REPO / "mappings" / "bbao.sssom.tsv"


@pytest.mark.parametrize("artifact", [a for a in ARTIFACTS if a.syntax is not None], ids=lambda a: a.file)
def test_every_rdf_artifact_parses_in_its_registered_syntax(artifact):
    path = artifact.path(REPO)
    if not path.is_file():
        pytest.skip(f"{artifact.file} is not in the checkout (`bbao {artifact.written_by}` writes it)")
    assert artifact.syntax is not None
    triples = list(pyoxigraph.parse(path=str(path), format=artifact.syntax.oxigraph))
    assert triples, artifact.file
    assert len(Graph().parse(path, format=artifact.syntax.rdflib)) > 0


def test_graph_iris_are_under_the_graph_base():
    assert GRAPH_BASE == "https://w3id.org/bbao/graph/"
    assert graph_iri("ontology") == "https://w3id.org/bbao/graph/ontology"
    assert graph_iri("user/claims.ttl") == "https://w3id.org/bbao/graph/user/claims.ttl"


def test_an_unknown_product_is_refused_with_the_choices():
    with pytest.raises(BBAOError) as info:
        product("owl")
    assert "'owl'" in str(info.value)
    assert "full" in str(info.value) and "inferred" in str(info.value)


# --- syntaxes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "syntax", "rdflib_name", "media_type"), [
    ("a.ttl", "turtle", "turtle", "text/turtle"),
    ("a.turtle", "turtle", "turtle", "text/turtle"),
    ("a.nt", "nt", "nt", "application/n-triples"),
    ("a.owl", "rdfxml", "xml", "application/rdf+xml"),
    ("a.rdf", "rdfxml", "xml", "application/rdf+xml"),
    ("a.xml", "rdfxml", "xml", "application/rdf+xml"),
    ("a.jsonld", "jsonld", "json-ld", "application/ld+json"),
    ("a.json", "jsonld", "json-ld", "application/ld+json"),
    ("a.nq", "nquads", "nquads", "application/n-quads"),
    ("a.trig", "trig", "trig", "application/trig"),
    ("A.TTL", "turtle", "turtle", "text/turtle"),
    ("dir.v1/Claims.Owl", "rdfxml", "xml", "application/rdf+xml"),
    ("x.NQ", "nquads", "nquads", "application/n-quads"),
])
def test_syntax_of_every_suffix_in_any_case(name, syntax, rdflib_name, media_type):
    found = syntax_of(Path(name))
    assert found is SYNTAXES[syntax]
    assert (found.rdflib, found.media_type) == (rdflib_name, media_type)


def test_oxigraph_formats_match_the_media_types():
    for syntax in SYNTAXES.values():
        assert syntax.oxigraph.media_type == syntax.media_type
        assert pyoxigraph.RdfFormat.from_media_type(syntax.media_type) == syntax.oxigraph


@pytest.mark.parametrize("name", ["claims.csv", "claims.TSV", "notes", "archive.ttl.gz"])
def test_an_unknown_suffix_is_refused_naming_the_file(name):
    path = Path("/data") / name
    with pytest.raises(BBAOError) as info:
        syntax_of(path)
    message = str(info.value)
    assert repr(path.name) in message
    assert ".ttl" in message  # the known extensions are listed
    assert info.value.problems[0].file == str(path)


# --- ontology IRIs and versionIRIs --------------------------------------------------------------------------


def test_product_iris_from_the_real_metadata(meta):
    version = meta["version"]
    assert product_iri(meta, "full") == meta["iri"] == "https://w3id.org/bbao/bbao.owl"
    assert product_iri(meta, "base") == "https://w3id.org/bbao/bbao-base.owl"
    assert product_iri(meta, "relation-graph") == "https://w3id.org/bbao/bbao-relation-graph.ttl"
    assert product_iri(meta, "closure") == "https://w3id.org/bbao/bbao-closure.ttl"
    assert product_version_iri(meta, "full") == f"https://w3id.org/bbao/releases/{version}/bbao.owl"
    assert product_version_iri(meta, "base") == f"https://w3id.org/bbao/releases/{version}/bbao-base.owl"
    assert product_version_iri(meta, "closure") == f"https://w3id.org/bbao/releases/{version}/bbao-closure.ttl"
    assert versioned_url(meta, "bbao.nt") == f"https://w3id.org/bbao/releases/{version}/bbao.nt"
    with pytest.raises(BBAOError):
        product_iri(meta, "nonsense")


@pytest.mark.parametrize("name", ["full", "base", "relation-graph", "closure", "inferred"])
def test_the_shipped_ontology_header_has_the_product_iri_and_version_iri(name, meta):
    artifact = MAIN[name]
    path = artifact.path(REPO)
    if not path.is_file():
        pytest.skip(f"{artifact.file} is not in the checkout")
    assert artifact.syntax is not None
    graph = Graph().parse(path, format=artifact.syntax.rdflib)
    ontologies = list(graph.subjects(RDF.type, OWL.Ontology))
    assert ontologies == [URIRef(product_iri(meta, name))], f"{artifact.file} names {ontologies}"
    assert graph.value(ontologies[0], OWL.versionIRI) == URIRef(product_version_iri(meta, name))


def test_the_void_description_links_each_distribution_to_its_versioned_url(meta):
    graph = Graph().parse(ARTIFACT["bbao-void.ttl"].path(REPO))
    base = product_iri(meta, "void") + "#"
    distributions = list(graph.subjects(RDF.type, DCAT.Distribution))
    assert distributions
    for distribution in distributions:
        assert str(distribution).startswith(base), distribution
        file = str(distribution)[len(base):]
        assert file in ARTIFACT, distribution
        assert graph.value(distribution, DCAT.accessURL) == URIRef(versioned_url(meta, file))
    for name in ("full", "base"):
        assert (URIRef(product_iri(meta, name)), RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")) in graph


# --- a missing artifact ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("file", "command"), [
    ("bbao.nt", "bbao build"),
    ("bbao-closure.ttl", "bbao build"),
    ("bbao.sssom.tsv", "bbao build"),
    ("bbao-inferred.ttl", "bbao reason"),
])
def test_a_missing_artifact_names_the_file_and_the_command_that_writes_it(file, command, tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "data_root", lambda: tmp_path)
    with pytest.raises(BBAOError) as info:
        existing_path(file)
    message = str(info.value)
    assert str(ARTIFACT[file].path(tmp_path)) in message
    assert f"`{command}`" in message


def test_an_existing_artifact_is_returned(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "data_root", lambda: tmp_path)
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "bbao.nt").write_text("", encoding="utf-8")
    assert existing_path("bbao.nt") == tmp_path / "ontology" / "bbao.nt"
    monkeypatch.undo()
    assert existing_path("bbao.nt") == REPO / "ontology" / "bbao.nt"
    assert artifacts.ARTIFACT["bbao.nt"].path() == paths.ontology_dir() / "bbao.nt"
