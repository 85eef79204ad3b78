"""The import modules: what load_imports reads from the shipped modules, and how it refuses a broken one.
(refresh_imports, which needs the verified reference, is tested in test_reference.py.)"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from bbao import paths
from bbao.artifacts import ARTIFACT
from bbao.build import build
from bbao.errors import BBAOError
from bbao.imports import (
    GO_RELATION_COLUMNS,
    GO_RELATION_KINDS,
    GO_RELATIONS,
    IMPORTS_BASE,
    Entity,
    _annotated_axioms,
    base_triples,
    load_imports,
    module_name,
    read_go_relations,
    refresh_imports,
)
from bbao.prefixes import expand
from bbao.serialize import canonical_triples
from bbao.source import load_source


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
    # but for the axioms the GO module annotates with their source (go-relations.tsv): see the next test
    annotated = {t for group in _annotated_axioms(list(built.imported)).values() for t in group}
    kept = [t for t in built.imported if any(isinstance(x, BNode) for x in t) and t not in annotated]
    assert kept and all(t in base for t in kept)
    shipped = Graph().parse(ARTIFACT["bbao-base.ttl"].path())
    assert len(shipped) == len(set(base))



# --- GO's own part of and regulates edges (ontology/src/go-relations.tsv) -------------------------------------

GO_SQLITE = "r-bioc-go.db 3.16.0-1 GO.sqlite go_bp_parents relationship_type 'part of' (GO 2022-07-01)"


@pytest.fixture(scope="module")
def go_module() -> Graph:
    return Graph().parse(paths.imports_dir() / "go_import.ttl")


@pytest.fixture(scope="module")
def go_relations():
    problems: list = []
    rows = read_go_relations(paths.source_dir() / GO_RELATIONS, problems)
    assert not problems
    return rows


def stated(module: Graph, subject: str, relation: str, obj: str) -> list[Node]:
    """The targets of ``subject``'s SubClassOf axioms in ``module`` that state ``subject relation obj``: the
    named superclass for rdfs:subClassOf, else the (relation some obj) restrictions."""
    prop = GO_RELATION_KINDS[relation]
    found: list[Node] = []
    for target in module.objects(u(subject), RDFS.subClassOf):
        if prop == RDFS.subClassOf and target == u(obj):
            found.append(target)
        elif isinstance(target, BNode) and (target, OWL.onProperty, prop) in module \
                and (target, OWL.someValuesFrom, u(obj)) in module:
            found.append(target)
    return found


def test_osteoblast_differentiation_is_part_of_ossification_in_the_go_module_with_its_source(go_module):
    targets = stated(go_module, "GO:0001649", "BFO:0000050", "GO:0001503")
    assert len(targets) == 1
    restriction = targets[0]
    assert (restriction, RDF.type, OWL.Restriction) in go_module
    axioms = list(go_module.subjects(OWL.annotatedTarget, restriction))
    assert len(axioms) == 1
    axiom = axioms[0]
    assert (axiom, RDF.type, OWL.Axiom) in go_module
    assert (axiom, OWL.annotatedSource, u("GO:0001649")) in go_module
    assert (axiom, OWL.annotatedProperty, RDFS.subClassOf) in go_module
    assert (axiom, DCTERMS.source, Literal(GO_SQLITE)) in go_module
    # the is_a edge is still there, and 'part of' is declared in the RO module
    assert (u("GO:0001649"), RDFS.subClassOf, u("GO:0030154")) in go_module
    ro = Graph().parse(paths.imports_dir() / "ro_import.ttl")
    assert (u("BFO:0000050"), RDF.type, OWL.ObjectProperty) in ro


def declared_classes(module: Graph) -> set[Node]:
    return set(module.subjects(RDF.type, OWL.Class))


def test_every_go_relation_has_both_ends_declared_in_the_go_import_or_the_reference_fragment(
        go_module, go_relations, reference):
    """Each end is a GO class the GO import declares with the row's label or, for a row about classes BBAO
    does not use now (the table covers the whole GO fragment), one the verified fragment has with that label;
    the classes the fragment lacks (intermediates) are declared by the import where it states their rows."""
    fragment = Graph().parse(reference / "fragments" / "go.ttl")
    imported = declared_classes(go_module)
    intermediates = {row.subject: row.subject_label for row in go_relations if row.relation == "rdfs:subClassOf"}
    assert not [c for c in intermediates if (u(c), RDF.type, OWL.Class) in fragment]
    assert len(go_relations) >= 20
    for row in go_relations:
        for end, label in ((row.subject, row.subject_label), (row.object, row.object_label)):
            if u(end) in imported:
                assert (u(end), RDFS.label, Literal(label)) in go_module, (row.line, end, label)
            elif (u(end), RDF.type, OWL.Class) in fragment:
                assert (u(end), RDFS.label, Literal(label)) in fragment, (row.line, end, label)
            else:  # an intermediate BBAO does not need now
                assert intermediates.get(end) == label, (row.line, end, label)


def test_every_go_relation_between_imported_classes_is_stated_with_its_source(go_module, go_relations):
    imported = declared_classes(go_module)
    applied = [row for row in go_relations if u(row.subject) in imported and u(row.object) in imported]
    assert {(row.subject, row.object) for row in applied} >= {("GO:0001649", "GO:0001503"),
                                                             ("GO:0007420", "GO:0007417")}
    for row in applied:
        assert (u(row.subject), RDFS.label, Literal(row.subject_label)) in go_module, row
        assert (u(row.object), RDFS.label, Literal(row.object_label)) in go_module, row
        targets = stated(go_module, row.subject, row.relation, row.object)
        assert len(targets) == 1, row
        sources = {o for a in go_module.subjects(OWL.annotatedTarget, targets[0])
                   if (a, OWL.annotatedSource, u(row.subject)) in go_module
                   for o in go_module.objects(a, DCTERMS.source)}
        assert sources == {Literal(row.source)}, row
    # and the module states no GO relation the table does not hold
    annotated = {(go_module.value(a, OWL.annotatedSource), go_module.value(a, OWL.annotatedTarget))
                 for a in go_module.subjects(RDF.type, OWL.Axiom)}
    assert len(annotated) == len(applied)


def test_go_relations_are_go_parts_and_regulations_read_from_go_db(go_relations):
    kinds = {row.relation for row in go_relations}
    assert kinds <= set(GO_RELATION_KINDS) and "BFO:0000050" in kinds
    assert all(row.source.startswith("r-bioc-go.db 3.16.0-1 GO.sqlite") for row in go_relations)
    assert all(row.subject.startswith("GO:") and row.object.startswith("GO:") for row in go_relations)
    # rdfs:subClassOf rows only place the classes the GO fragment lacks (the closure's intermediates)
    assert {"GO:0007417", "GO:0021591"} <= {row.subject for row in go_relations if row.relation == "rdfs:subClassOf"}


def test_the_go_relations_table_is_plain_tsv_with_its_header():
    text = (paths.source_dir() / GO_RELATIONS).read_text(encoding="utf-8")
    assert text.split("\n", 1)[0].split("\t") == list(GO_RELATION_COLUMNS)


def test_bad_go_relation_rows_are_reported_with_line_and_column(tmp_path: Path):
    path = tmp_path / GO_RELATIONS
    good = "GO:0001649\tosteoblast differentiation\tBFO:0000050\tGO:0001503\tossification\tGO.sqlite"
    path.write_text("\t".join(GO_RELATION_COLUMNS) + "\n" + "\n".join([
        good,
        "GO:0001649\tosteoblast differentiation\tRO:0002215\tGO:0001503\tossification\tGO.sqlite",
        "CL:0000062\tosteoblast\tBFO:0000050\tGO:0001503\tossification\tGO.sqlite",
        "GO:0030282\tbone mineralization\tBFO:0000050\tGO:0001503\tossification\t",
        good,
    ]) + "\n", encoding="utf-8")
    problems: list = []
    rows = read_go_relations(path, problems)
    assert [r.line for r in rows] == [2]
    assert [(p.line, p.field) for p in problems] == [(3, "relation"), (4, "subject"), (5, "source"), (6, "subject")]
    assert all(p.column == GO_RELATION_COLUMNS.index(p.field) + 1 for p in problems)
    assert read_go_relations(tmp_path / "absent.tsv", problems) == []


def test_refresh_refuses_a_go_relation_whose_label_is_not_the_modules(reference, source_copy, tmp_path):
    path = source_copy / GO_RELATIONS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\tossification\t", "\tosteogenesis\t", 1), encoding="utf-8")
    with pytest.raises(BBAOError, match="GO:0001503 is 'ossification' in the GO fragment, not 'osteogenesis'"):
        refresh_imports(load_source(source_copy), reference, tmp_path)


def test_refresh_refuses_a_go_class_without_a_place_in_the_hierarchy(reference, source_copy, tmp_path):
    path = source_copy / GO_RELATIONS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("GO:0007417\tcentral nervous system development\trdfs:")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    with pytest.raises(BBAOError, match=r"GO:0007417 \(central nervous system development\) is not in the GO fragment"):
        refresh_imports(load_source(source_copy), reference, tmp_path)


def test_the_base_leaves_out_the_go_relations_with_their_annotations(built):
    """GO's own part of edge (an import module's annotated axiom) is no axiom of BBAO's: like GO's named
    parents it stays out of the base, with its restriction and annotation, and no annotation dangles."""
    base = base_triples(built.ontology, built.imported)
    go = u("GO:0001649")
    assert not [o for o in built.ontology.objects(go, RDFS.subClassOf) if (go, RDFS.subClassOf, o) in base]
    assert not [a for a in built.ontology.subjects(RDF.type, OWL.Axiom)
                if (a, DCTERMS.source, Literal(GO_SQLITE)) in base]
    for axiom in {s for s, p, o in base if p == RDF.type and o == OWL.Axiom}:
        source, prop, target = (next(o for s, p, o in base if s == axiom and p == x) for x in (
            OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget))
        assert (source, prop, target) in base, axiom


def test_refresh_states_only_the_go_relations_between_classes_the_source_uses(reference, source_copy, tmp_path):
    """A GO term no claim uses any more takes its GO relations out of the module, and an intermediate that no
    longer lies between two imported classes is not declared (here: no lateral ventricle development)."""
    claims = source_copy / "claims.tsv"
    text = claims.read_text(encoding="utf-8")
    assert "GO:0021670" in text
    logical = source_copy / "logical-definitions.ttl"
    logical.write_text(logical.read_text(encoding="utf-8").replace(" obo:GO_0021670", ""), encoding="utf-8")
    claims.write_text("\n".join(line for line in text.split("\n") if "GO:0021670" not in line), encoding="utf-8")
    source = load_source(source_copy)
    assert "GO:0021670" not in source.used_curies()
    refresh_imports(source, reference, tmp_path)
    module = Graph().parse(tmp_path / "go_import.ttl")
    assert (u("GO:0021670"), RDF.type, OWL.Class) not in module
    assert (u("GO:0021591"), RDF.type, OWL.Class) not in module  # ventricular system development
    assert (u("GO:0007417"), RDF.type, OWL.Class) in module  # still between brain and nervous system development
    assert stated(module, "GO:0001649", "BFO:0000050", "GO:0001503")


def test_a_go_relation_may_not_add_is_a_edges_to_a_fragment_class(reference, source_copy, tmp_path):
    path = source_copy / GO_RELATIONS
    path.write_text(path.read_text(encoding="utf-8") + "GO:0001649\tosteoblast differentiation\trdfs:subClassOf\t"
                    "GO:0001503\tossification\tGO.sqlite\n", encoding="utf-8")
    with pytest.raises(BBAOError, match="GO:0001649 is in the GO fragment, which gives its is_a edges"):
        refresh_imports(load_source(source_copy), reference, tmp_path)


def test_a_verified_term_row_needs_a_label_a_source_and_an_external_id(tmp_path):
    from bbao.imports import VERIFIED_TERMS, read_verified_terms

    path = tmp_path / VERIFIED_TERMS
    path.write_text("id\tlabel\tparent\tsource\n"
                    "PR:000030444\tosteocalcin\tPR:000000001\trepo/file.obo at " + "a" * 40 + "\n"
                    "PR:000030444\tosteocalcin\tPR:000000001\tagain\n"
                    "PR:000007493\tfibroblast growth factor 23\tPR:000000001\t\n"
                    "BBAO:0000099\tmine\tPR:000000001\tsomewhere\n"
                    "FOO:1\tunknown\tPR:000000001\tsomewhere\n", encoding="utf-8")
    problems: list = []
    rows = read_verified_terms(path, problems)
    assert list(rows) == ["PR:000030444"]
    messages = {(p.line, p.message.split(" (")[0]) for p in problems}
    assert (3, "PR:000030444 twice") in messages
    assert (4, "PR:000007493 needs its exact label and the source it was read in") in messages
    assert (5, "BBAO:0000099 is BBAO's own: mint it in terms.tsv") in messages
    assert any(line == 6 and "unknown prefix 'FOO'" in message for line, message in messages)
    assert read_verified_terms(tmp_path / "absent.tsv", problems) == {}


def test_no_entity_of_the_release_has_two_labels(graph):
    """oaklib warns on, and ROBOT's report flags (multiple_labels, ERROR), an entity with two labels; RO's subset
    gives IAO 'definition' and 'example of usage' their words twice (plain and "@en"): the module keeps one."""
    from collections import Counter

    from rdflib.namespace import RDFS

    counts = Counter(graph.subjects(RDFS.label, None))
    assert [s for s, n in counts.items() if n > 1] == []
