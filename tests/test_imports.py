"""The import modules: what load_imports reads from the shipped modules, and how it refuses a broken one.
(refresh_imports, which needs the verified reference, is tested in test_reference.py.)"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bbao import paths
from bbao.artifacts import ARTIFACT
from bbao.build import build
from bbao.errors import BBAOError
from bbao.imports import IMPORTS_BASE, Entity, base_triples, load_imports, module_name
from bbao.prefixes import expand
from bbao.serialize import canonical_triples


def u(curie: str) -> URIRef:
    return URIRef(expand(curie))


@pytest.fixture(scope="module")
def shipped() -> tuple[Graph, dict[str, Entity]]:
    return load_imports(paths.imports_dir())


@pytest.mark.parametrize(("curie", "kind", "label"), [
    ("GO:0001649", OWL.Class, "osteoblast differentiation"),
    ("GO:0001503", OWL.Class, "ossification"),
    ("CHEBI:33569", OWL.Class, "noradrenaline"),
    ("RO:0002212", OWL.ObjectProperty, "negatively regulates"),
    ("RO:0000056", OWL.ObjectProperty, "participates in"),
    ("IAO:0000115", OWL.AnnotationProperty, "definition"),
])
def test_shipped_modules_declare_known_entities_with_their_real_labels(shipped, curie, kind, label):
    graph, declared = shipped
    entity = declared[expand(curie)]
    assert (entity.kind, entity.label) == (kind, label)
    assert (u(curie), RDFS.label, Literal(label)) in graph or (u(curie), RDFS.label, Literal(label, lang="en")) in graph


def test_every_declared_entity_is_typed_in_the_graph(shipped):
    graph, declared = shipped
    assert len(declared) > 300
    for iri, entity in declared.items():
        assert entity.iri == iri and (URIRef(iri), RDF.type, entity.kind) in graph


def test_ontology_headers_are_left_out(shipped):
    graph, _ = shipped
    assert not list(graph.subjects(RDF.type, OWL.Ontology))
    assert not [s for s in graph.subjects() if str(s).startswith(IMPORTS_BASE)]
    text = (paths.imports_dir() / "go_import.ttl").read_text(encoding="utf-8")
    assert f"{IMPORTS_BASE}go_import.owl" in text  # the header is in the file


def test_the_same_triples_as_rdflibs_parser(shipped):
    graph, _ = shipped
    reference = Graph()
    for path in sorted(paths.imports_dir().glob("*_import.ttl")):
        reference.parse(path, format="turtle")
    for onto in list(reference.subjects(RDF.type, OWL.Ontology)):
        reference.remove((onto, None, None))
    assert len(graph) == len(reference) > 3000
    assert canonical_triples(graph) == canonical_triples(reference)


def test_blank_nodes_of_two_modules_stay_apart(tmp_path: Path):
    for name, filler in (("a_import.ttl", "UBERON_0002405"), ("b_import.ttl", "UBERON_0001474")):
        (tmp_path / name).write_text(
            "@prefix obo: <http://purl.obolibrary.org/obo/> .\n"
            "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            f"obo:CL_0000062 a owl:Class ; rdfs:label \"osteoblast\" ; rdfs:subClassOf _:r .\n"
            f"_:r a owl:Restriction ; owl:onProperty obo:BFO_0000050 ; owl:someValuesFrom obo:{filler} .\n",
            encoding="utf-8")
    graph, declared = load_imports(tmp_path)
    restrictions = set(graph.subjects(RDF.type, OWL.Restriction))
    assert len(restrictions) == 2 and all(isinstance(r, BNode) for r in restrictions)
    assert declared[expand("CL:0000062")].label == "osteoblast"


def test_a_malformed_module_is_refused_with_file_line_and_column(tmp_path: Path):
    shutil.copy(paths.imports_dir() / "go_import.ttl", tmp_path / "go_import.ttl")
    broken = tmp_path / "hp_import.ttl"
    broken.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n\n"
                      "<http://x/a> a owl:Class ;\n    <http://x/p> .\n", encoding="utf-8")
    with pytest.raises(BBAOError) as info:
        load_imports(tmp_path)
    problems = info.value.problems
    assert [p.file for p in problems] == [str(broken)]
    assert problems[0].line == 4 and problems[0].message.startswith("malformed Turtle")
    assert f"{broken}:4:" in str(info.value)


def test_every_malformed_module_is_reported_at_once(tmp_path: Path):
    for name in ("a_import.ttl", "b_import.ttl"):
        (tmp_path / name).write_text("not turtle at all\n", encoding="utf-8")
    with pytest.raises(BBAOError) as info:
        load_imports(tmp_path)
    assert sorted(Path(p.file).name for p in info.value.problems) == ["a_import.ttl", "b_import.ttl"]


def test_an_empty_folder_declares_nothing(tmp_path: Path):
    graph, declared = load_imports(tmp_path)
    assert len(graph) == 0 and declared == {}


def test_module_names():
    assert [module_name(c) for c in ("GO:0001649", "BFO:0000050", "RO:0002212", "NCBITaxon:10090")] == [
        "go", "ro", "ro", "ncbitaxon"]


# --- the base product: the built ontology without the import modules ---------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result, _, _ = build(out_dir=tmp_path_factory.mktemp("base") / "ontology", write=False, validate=False,
                             fresh_prefixes=False)
    return result


def test_the_base_leaves_out_the_import_modules_but_declares_what_it_uses(built):
    base = base_triples(built.ontology, built.imported)
    go = u("GO:0001649")
    assert (go, RDFS.label, Literal("osteoblast differentiation")) in built.imported
    assert (go, RDFS.label, Literal("osteoblast differentiation")) not in base
    assert (go, RDF.type, OWL.Class) in base  # declared: a claim refers to it
    header = URIRef("https://w3id.org/bbao/bbao-base.owl")
    assert (header, RDF.type, OWL.Ontology) in base
    assert not any(s == URIRef("https://w3id.org/bbao/bbao.owl") for s, _, _ in base)
    version = next(o for s, p, o in base if s == header and p == OWL.versionIRI)
    assert re.fullmatch(r"https://w3id\.org/bbao/releases/\d{4}-\d{2}-\d{2}/bbao-base\.owl", str(version))


def test_the_base_keeps_the_import_modules_blank_node_axioms_as_it_always_has(built):
    """The shipped base holds the import modules' restrictions and property chains (export.base_graph read
    the modules afresh, so their blank nodes never matched); the release files must stay the same."""
    base = base_triples(built.ontology, built.imported)
    kept = [t for t in built.imported if any(isinstance(x, BNode) for x in t)]
    assert kept and all(t in base for t in kept)
    shipped = Graph().parse(ARTIFACT["bbao-base.ttl"].path())
    assert len(shipped) == len(set(base))

