"""The claim vocabulary of bbao.model is the one the curated source, the shipped ontology and the SHACL
shapes use: property numbers, relation signs, allowed values and the claims.tsv columns."""

from __future__ import annotations

import ast
import csv
import importlib
import tomllib
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from bbao import model
from bbao.artifacts import parse_product
from bbao.model import (
    ALLOWED_RELATIONS,
    AXIS_DIRECTIONS,
    CLAIM_CLASS,
    CLAIM_FIELDS,
    CONTEXT_FIELDS,
    CURIE_FIELDS,
    DEVELOPMENTAL_STAGES,
    DRAWN_DIRECTIONS,
    FIELD_PROPERTY,
    LITERAL_FIELDS,
    PROPERTY_FIELD,
    SIGNS,
    SITES,
)
from bbao.prefixes import compress, expand

REPO = Path(__file__).resolve().parent.parent
ONTOLOGY = REPO / "ontology"
SIGN = URIRef("https://w3id.org/bbao/BBAO_0000103")

#: The label terms.tsv gives each claim field's annotation property (BBAO:0000100-0000117, in order).
FIELD_LABEL = {
    "subject": "claim subject",
    "relation": "claim relation",
    "object": "claim object",
    "sign": "effect sign",
    "receptor": "acts via receptor",
    "mediator": "mediated by",
    "anatomical_context": "in anatomical context",
    "cell_context": "in cell context",
    "taxon": "in taxon context",
    "disease_context": "in disease context",
    "developmental_context": "in developmental context",
    "site": "site of action",
    "cotreatment": "co-treatment with",
    "evidence": "has evidence type",
    "section": "review section",
    "excerpt": "supporting excerpt",
    "direction": "axis direction",
    "claim": "stated by claim",
    "knowledge_level": "knowledge level",
    "reported_evidence": "has reported evidence type",
    "example": "has example",
    "receptor_location": "receptor located in",
}


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def terms() -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in read_tsv(ONTOLOGY / "src" / "terms.tsv")}


@pytest.fixture(scope="module")
def claim_rows() -> list[dict[str, str]]:
    return read_tsv(ONTOLOGY / "src" / "claims.tsv")


@pytest.fixture(scope="module")
def claims_header() -> list[str]:
    with (ONTOLOGY / "src" / "claims.tsv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def shipped() -> Graph:
    return Graph().parse(ONTOLOGY / "bbao.nt")


@pytest.fixture(scope="module")
def imports() -> Graph:
    union = Graph()
    for path in sorted((ONTOLOGY / "imports").glob("*.ttl")):
        union.parse(path)
    return union


def vocabulary(name: str) -> tuple[str, ...] | None:
    """A claims.tsv column list wherever it lives now (bbao.source, else bbao.model), or None."""
    for module in ("bbao.source", "bbao.model"):
        value = getattr(importlib.import_module(module), name, None)
        if value is not None:
            return tuple(value)
    return None


# --- the claim-field properties ---------------------------------------------------------------------------


def test_field_properties_are_the_annotation_properties_100_to_121_of_terms_tsv_in_order(terms):
    numbered = sorted(row["id"] for row in terms.values()
                      if row["id"].startswith("BBAO:00001") and row["type"] == "annotation_property")
    # 100-121 hold a claim's fields; 122-124 link mechanisms and their steps (bbao.mechanisms)
    assert numbered == [f"BBAO:{n:07d}" for n in range(100, 125)]
    numbered = numbered[:22]
    assert list(FIELD_LABEL) == list(CLAIM_FIELDS)
    assert [str(FIELD_PROPERTY[name]) for name in CLAIM_FIELDS] == [expand(curie) for curie in numbered]
    assert [terms[curie]["label"] for curie in numbered] == [FIELD_LABEL[name] for name in CLAIM_FIELDS]


def test_field_properties_use_the_real_bbao_iris():
    assert FIELD_PROPERTY["subject"] == URIRef("https://w3id.org/bbao/BBAO_0000100")
    assert FIELD_PROPERTY["sign"] == SIGN
    assert FIELD_PROPERTY["site"] == URIRef("https://w3id.org/bbao/BBAO_0000111")
    assert FIELD_PROPERTY["claim"] == URIRef("https://w3id.org/bbao/BBAO_0000117")
    assert FIELD_PROPERTY["knowledge_level"] == URIRef("https://w3id.org/bbao/BBAO_0000118")
    assert FIELD_PROPERTY["example"] == URIRef("https://w3id.org/bbao/BBAO_0000120")
    assert CLAIM_CLASS == URIRef("https://w3id.org/bbao/BBAO_0000001")
    assert len(set(FIELD_PROPERTY.values())) == len(CLAIM_FIELDS) == 22


def test_property_field_inverts_field_property():
    assert {PROPERTY_FIELD[str(prop)]: prop for prop in FIELD_PROPERTY.values()} == FIELD_PROPERTY
    assert PROPERTY_FIELD["https://w3id.org/bbao/BBAO_0000113"] == "evidence"


def test_the_shipped_ontology_declares_each_field_property_with_its_label(shipped):
    for name, prop in FIELD_PROPERTY.items():
        assert (prop, RDF.type, OWL.AnnotationProperty) in shipped, name
        assert shipped.value(prop, RDFS.label) == Literal(FIELD_LABEL[name]), name
    assert shipped.value(CLAIM_CLASS, RDFS.label) == Literal("brain-bone axis claim")


# --- relations and signs ----------------------------------------------------------------------------------


def test_every_sign_is_one_of_signs():
    assert SIGNS == ("positive", "negative", "none")
    assert set(ALLOWED_RELATIONS.values()) <= set(SIGNS)
    assert set(ALLOWED_RELATIONS.values()) == set(SIGNS)  # every sign is expressible


@pytest.mark.parametrize("curie", sorted(ALLOWED_RELATIONS))
def test_every_allowed_relation_is_a_declared_object_property(curie, imports, terms):
    in_terms = curie in terms and terms[curie]["type"] == "object_property"
    in_imports = (URIRef(expand(curie)), RDF.type, OWL.ObjectProperty) in imports
    assert in_terms or in_imports, f"{curie}: no owl:ObjectProperty declaration in an import module or terms.tsv"


def test_the_shipped_ontology_states_exactly_the_model_sign_on_each_allowed_relation_and_no_other(shipped):
    claims = set(shipped.subjects(RDF.type, CLAIM_CLASS))
    stated: dict[str, list[str]] = {}
    for subject, sign in shipped.subject_objects(SIGN):
        if subject in claims or isinstance(subject, BNode):
            continue
        stated.setdefault(compress(str(subject)), []).append(str(sign))
    assert stated == {curie: [sign] for curie, sign in ALLOWED_RELATIONS.items()}


def test_every_shipped_claim_uses_an_allowed_relation_with_its_sign(shipped):
    claims = list(shipped.subjects(RDF.type, CLAIM_CLASS))
    assert len(claims) > 150
    for claim in claims:
        relation = compress(str(shipped.value(claim, FIELD_PROPERTY["relation"])))
        assert relation in ALLOWED_RELATIONS, claim
        assert str(shipped.value(claim, SIGN)) == ALLOWED_RELATIONS[relation], claim


# --- allowed values: shapes, metadata -----------------------------------------------------------------------


def shape_in_lists(path_curie: str) -> list[tuple[str, ...]]:
    shapes = Graph().parse(REPO / "shapes" / "bbao-shapes.ttl")
    lists = []
    for shape in shapes.subjects(SH.path, URIRef(expand(path_curie))):
        for head in shapes.objects(shape, SH["in"]):
            lists.append(tuple(str(value) for value in Collection(shapes, head)))
    return lists


@pytest.mark.parametrize(("path_curie", "values"), [
    ("BBAO:0000103", SIGNS),
    ("BBAO:0000111", SITES),
    ("BBAO:0000110", DEVELOPMENTAL_STAGES),
    ("BBAO:0000116", AXIS_DIRECTIONS),
])
def test_the_shapes_allow_exactly_the_model_values(path_curie, values):
    lists = shape_in_lists(path_curie)
    assert lists, f"no sh:in on a property shape with sh:path {path_curie}"
    for found in lists:
        assert found == tuple(values)


def test_the_shapes_check_the_properties_the_model_names():
    assert str(FIELD_PROPERTY["sign"]) == expand("BBAO:0000103")
    assert str(FIELD_PROPERTY["site"]) == expand("BBAO:0000111")
    assert str(FIELD_PROPERTY["developmental_context"]) == expand("BBAO:0000110")
    assert str(FIELD_PROPERTY["direction"]) == expand("BBAO:0000116")


def test_every_section_direction_of_metadata_toml_is_an_axis_direction():
    with (ONTOLOGY / "src" / "metadata.toml").open("rb") as handle:
        sections = tomllib.load(handle)["section"]
    directions = {section["direction"] for section in sections}
    assert directions <= set(AXIS_DIRECTIONS)
    assert set(DRAWN_DIRECTIONS) <= directions  # every drawn direction has claims to draw
    assert "overview" not in DRAWN_DIRECTIONS


def test_the_shipped_claims_use_only_allowed_values(shipped):
    for field, allowed in (("site", SITES), ("developmental_context", DEVELOPMENTAL_STAGES),
                           ("direction", AXIS_DIRECTIONS), ("sign", SIGNS)):
        used = {str(value) for value in shipped.objects(None, FIELD_PROPERTY[field])
                if isinstance(value, Literal)}
        assert used, field
        assert used <= set(allowed), field


def test_claims_tsv_uses_only_allowed_site_and_stage_values(claim_rows):
    for row in claim_rows:
        for field, allowed in (("site", SITES), ("developmental_context", DEVELOPMENTAL_STAGES)):
            values = [v for v in row[field].split("|") if v]
            assert set(values) <= set(allowed), (row["id"], field, values)


# --- field groups and claims.tsv columns ------------------------------------------------------------------


def test_field_groups_are_claim_fields():
    for group in (CONTEXT_FIELDS, LITERAL_FIELDS, CURIE_FIELDS):
        assert set(group) <= set(CLAIM_FIELDS)
        assert len(set(group)) == len(group)
    assert not set(LITERAL_FIELDS) & set(CURIE_FIELDS)


def test_claim_fields_are_the_claims_tsv_columns_plus_the_derived_ones(claims_header):
    # claims.tsv: id, every field, comment; ``direction`` comes from the section and ``claim`` links an axiom
    # to its claim: neither is a column. The columns keep subject, relation, object and sign first, the
    # knowledge level next to them; the properties are numbered in the order fields were added.
    assert claims_header[0] == "id" and claims_header[-1] == "comment"
    assert sorted(claims_header[1:-1]) == sorted(set(CLAIM_FIELDS) - {"direction", "claim"})
    assert tuple(claims_header[1:6]) == ("subject", "relation", "object", "sign", "knowledge_level")
    columns = vocabulary("CLAIM_COLUMNS")
    if columns is not None:
        assert columns == tuple(claims_header)


def test_context_fields_are_claims_tsv_columns(claims_header):
    assert set(CONTEXT_FIELDS) <= set(claims_header)
    assert not {"subject", "relation", "object", "sign", "evidence"} & set(CONTEXT_FIELDS)


def test_curie_fields_are_the_claims_tsv_columns_that_hold_curies(claims_header, claim_rows):
    assert set(CURIE_FIELDS) <= set(claims_header)
    curie_columns = vocabulary("CLAIM_CURIE_COLUMNS")
    if curie_columns is not None:
        assert curie_columns == CURIE_FIELDS
    for row in claim_rows:
        for field in CURIE_FIELDS:
            for curie in filter(None, row[field].split("|")):
                assert expand(curie).startswith(("http://", "https://")), (row["id"], field, curie)
        for field in ("site", "developmental_context", "sign"):
            assert ":" not in row[field], (row["id"], field)  # literal fields hold words, not CURIEs


def test_literal_fields_hold_literals_and_the_others_iris_in_the_shipped_ontology(shipped):
    seen: set[str] = set()
    for claim in shipped.subjects(RDF.type, CLAIM_CLASS):
        for name, prop in FIELD_PROPERTY.items():
            for value in shipped.objects(claim, prop):
                seen.add(name)
                if name in LITERAL_FIELDS:
                    assert isinstance(value, Literal), (claim, name, value)
                else:
                    assert isinstance(value, URIRef), (claim, name, value)
    assert set(LITERAL_FIELDS) <= seen


def test_claim_links_axioms_to_claims(shipped):
    """Every established claim, and no other, is stated by an OWL axiom of the full ontology; every other
    claim is linked from its triple's marker in the tentative relation graph."""
    annotated = list(shipped.subject_objects(FIELD_PROPERTY["claim"]))
    assert annotated
    established = set(shipped.subjects(FIELD_PROPERTY["knowledge_level"], Literal("established")))
    claims = set(shipped.subjects(RDF.type, CLAIM_CLASS))
    assert {claim for _, claim in annotated} == established < claims
    tentative = parse_product("tentative-relation-graph")
    assert set(tentative.objects(None, FIELD_PROPERTY["claim"])) == claims - established


def test_iri_expands_curies_with_the_prefix_map():
    assert model.iri("GO:0001649") == URIRef("http://purl.obolibrary.org/obo/GO_0001649")
    assert model.iri("HGNC:6554") == URIRef("http://identifiers.org/hgnc/6554")
    assert model.ANCESTOR == URIRef("https://w3id.org/bbao/BBAO_0000052")
    assert model.PROCESS == URIRef("http://purl.obolibrary.org/obo/BFO_0000015")


# --- the model is the only definition ----------------------------------------------------------------------


def test_no_other_module_defines_a_name_of_the_model():
    """A module-level assignment to one of the model's names (CLAIM_CLASS, SIGNS, FIELD_PROPERTY...) anywhere
    but bbao.model is a copy of the vocabulary: take it from bbao.model instead."""
    names = set(model.__all__) - {"iri", "OBO", "BBAO_NS"}  # prefixes.py owns the two namespaces
    package = Path(model.__file__).parent
    copies = []
    for path in sorted(package.glob("*.py")):
        if path.name == "model.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) else []
            copies += [f"{path.name}:{node.lineno} {t.id}" for t in targets
                       if isinstance(t, ast.Name) and t.id in names]
    assert not copies, f"copies of bbao.model's vocabulary: {copies}"
