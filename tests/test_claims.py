"""read_claims gives every claim of the shipped ontology with each field exactly as curated in claims.tsv,
and reads incomplete claims of users' graphs without failing."""

from __future__ import annotations

import csv
import dataclasses
import tomllib
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from bbao.claims import ClaimRecord, read_claims
from bbao.model import CLAIM_CLASS, CLAIM_FIELDS, CONTEXT_FIELDS, FIELD_PROPERTY
from bbao.prefixes import expand

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "ontology" / "src"
OBO = "http://purl.obolibrary.org/obo/"
BBAO = "https://w3id.org/bbao/"
#: claims.tsv columns holding several CURIEs separated by "|", and the literal ones.
IRI_LISTS = ("receptor", "receptor_location", "mediator", "anatomical_context", "cell_context", "taxon",
             "disease_context", "cotreatment", "evidence", "reported_evidence", "example")
TEXT_LISTS = ("developmental_context", "site")


def read_tsv_ids() -> list[str]:
    """The claim ids of claims.tsv (for parametrizing)."""
    with (SOURCE / "claims.tsv").open(encoding="utf-8", newline="") as handle:
        return [row["id"] for row in csv.DictReader(handle, delimiter="\t")]


@pytest.fixture(scope="module")
def shipped() -> Graph:
    return Graph().parse(REPO / "ontology" / "bbao.nt")


@pytest.fixture(scope="module")
def records(shipped) -> dict[str, ClaimRecord]:
    return {record.id: record for record in read_claims(shipped)}


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, str]]:
    with (SOURCE / "claims.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle, delimiter="\t")}


@pytest.fixture(scope="module")
def sections() -> dict[str, dict[str, str]]:
    with (SOURCE / "metadata.toml").open("rb") as handle:
        return {section["key"]: section for section in tomllib.load(handle)["section"]}


def test_the_shipped_ontology_has_every_claim_of_claims_tsv_sorted_by_iri(shipped, rows):
    claims = read_claims(shipped)
    assert len(claims) == len(rows) > 150
    assert [str(c.node) for c in claims] == sorted(str(c.node) for c in claims)
    assert claims[0].id == "BBAC:0000001"
    assert claims[-1].id == max(rows)
    assert claims[0].node == URIRef(f"{BBAO}BBAC_0000001")


def test_the_claims_are_the_rows_of_claims_tsv(records, rows):
    assert set(records) == set(rows)


def test_a_peripheral_receptor_claim_reads_back_as_curated(records):
    # BBAC:0000005: "NE inhibits osteoblast differentiation by activating beta2-AR", on osteoblasts
    claim = records["BBAC:0000005"]
    assert claim.node == URIRef(f"{BBAO}BBAC_0000005")
    assert claim.subject == URIRef(f"{OBO}CHEBI_33569")  # noradrenaline
    assert claim.relation == URIRef(f"{OBO}RO_0002597")  # capable of negatively regulating
    assert claim.object == URIRef(f"{OBO}GO_0001649")  # osteoblast differentiation
    assert claim.sign == "negative"
    assert claim.receptor == (URIRef(f"{OBO}PR_000001193"),)  # beta-2 adrenergic receptor
    assert claim.cell_context == (URIRef(f"{OBO}CL_0000062"),)  # osteoblast
    assert claim.site == ("peripheral",)
    assert claim.evidence == (URIRef(f"{OBO}ECO_0000304"),)
    assert claim.section == "The Core Regulatory Role of the Sympathetic Nervous System"
    assert claim.direction == "top-down"
    assert claim.excerpt == "NE inhibits osteoblast differentiation by activating β_2 -AR"
    assert claim.mediator == claim.anatomical_context == claim.taxon == claim.disease_context == ()
    assert claim.developmental_context == claim.cotreatment == ()
    assert claim.comment == ""
    assert claim.label.startswith("noradrenaline capable of negatively regulating osteoblast differentiation")


def test_a_claim_with_two_receptor_locations_and_a_stage_reads_back_sorted(records):
    claim = records["BBAC:0000050"]
    assert claim.receptor_location == (URIRef(f"{OBO}UBERON_0001891"), URIRef(f"{OBO}UBERON_0002421"))
    assert claim.developmental_context == ("adult",)
    assert claim.receptor == (URIRef("https://w3id.org/bbao/BBAO_0000042"),)  # the GPR158 protein
    assert claim.values("receptor_location") == claim.receptor_location
    assert claim.knowledge_level == "established" and claim.values("knowledge_level") == ("established",)


@pytest.mark.parametrize("claim_id", sorted(read_tsv_ids()))
def test_every_field_of_every_record_matches_its_claims_tsv_row(claim_id, records, rows, sections):
    row, claim = rows[claim_id], records[claim_id]
    assert claim.node == URIRef(expand(claim_id))
    for name in ("subject", "relation", "object"):
        assert getattr(claim, name) == URIRef(expand(row[name])), name
    assert claim.sign == row["sign"]
    assert claim.knowledge_level == row["knowledge_level"]
    assert claim.excerpt == row["excerpt"]
    assert claim.comment == row["comment"]
    section = sections[row["section"]]
    assert claim.section == section["heading"]
    assert claim.direction == section["direction"]
    for name in IRI_LISTS:
        expected = sorted((URIRef(expand(c)) for c in row[name].split("|") if c), key=str)
        assert getattr(claim, name) == tuple(expected), name
    for name in TEXT_LISTS:
        assert getattr(claim, name) == tuple(sorted(v for v in row[name].split("|") if v)), name
    assert claim.label


def test_statements_are_every_pair_but_rdf_type_sorted(records, shipped):
    claim = records["BBAC:0000005"]
    expected = sorted(((p, o) for p, o in shipped.predicate_objects(claim.node) if p != RDF.type),
                      key=lambda po: (str(po[0]), str(po[1])))
    assert list(claim.statements) == expected
    assert (RDFS.label, Literal(claim.label)) in claim.statements
    assert (FIELD_PROPERTY["site"], Literal("peripheral")) in claim.statements


# --- hand-built graphs: what users' data may look like ---------------------------------------------------


def user_claim() -> tuple[Graph, URIRef]:
    graph = Graph()
    node = URIRef("https://example.org/claims/c1")
    graph.add((node, RDF.type, CLAIM_CLASS))
    graph.add((node, FIELD_PROPERTY["subject"], URIRef(f"{OBO}CHEBI_18357")))
    graph.add((node, FIELD_PROPERTY["relation"], URIRef(f"{OBO}RO_0002213")))
    graph.add((node, FIELD_PROPERTY["sign"], Literal("positive")))
    # two evidence types, added in reverse order of their IRIs
    graph.add((node, FIELD_PROPERTY["evidence"], URIRef(f"{OBO}ECO_0007634")))
    graph.add((node, FIELD_PROPERTY["evidence"], URIRef(f"{OBO}ECO_0000304")))
    graph.add((node, FIELD_PROPERTY["site"], Literal("peripheral")))
    graph.add((node, FIELD_PROPERTY["site"], Literal("central")))
    graph.add((node, FIELD_PROPERTY["taxon"], URIRef(f"{OBO}NCBITaxon_10090")))
    graph.add((node, URIRef("https://example.org/note"), Literal("curator's note")))
    return graph, node


def test_a_claim_without_object_is_read_with_none_and_sorted_values():
    graph, node = user_claim()
    [claim] = read_claims(graph)
    assert claim.node == node
    assert claim.id == "https://example.org/claims/c1"  # no prefix fits: the IRI itself
    assert claim.object is None
    assert claim.subject == URIRef(f"{OBO}CHEBI_18357")
    assert claim.evidence == (URIRef(f"{OBO}ECO_0000304"), URIRef(f"{OBO}ECO_0007634"))
    assert claim.site == ("central", "peripheral")
    assert claim.section == claim.excerpt == claim.direction == claim.label == claim.comment == ""
    assert claim.receptor == ()
    assert (URIRef("https://example.org/note"), Literal("curator's note")) in claim.statements


def test_values_of_single_and_multi_valued_fields():
    graph, _ = user_claim()
    [claim] = read_claims(graph)
    assert claim.values("subject") == (URIRef(f"{OBO}CHEBI_18357"),)
    assert claim.values("object") == ()  # missing IRI field
    assert claim.values("section") == ()  # missing text field
    assert claim.values("sign") == ("positive",)
    assert claim.values("evidence") == claim.evidence
    assert claim.values("site") == ("central", "peripheral")
    for name in CLAIM_FIELDS:
        if name != "claim":
            assert isinstance(claim.values(name), tuple)


@pytest.mark.parametrize("name", ["claim", "comment", "label", "node", "id", "statements", "Subject", ""])
def test_values_refuses_a_name_that_is_not_a_claim_field(name):
    graph, _ = user_claim()
    [claim] = read_claims(graph)
    with pytest.raises(KeyError):
        claim.values(name)


def test_context_lists_every_context_field_in_order():
    graph, _ = user_claim()
    [claim] = read_claims(graph)
    context = claim.context()
    assert [name for name, _ in context] == list(CONTEXT_FIELDS)
    assert dict(context)["site"] == ("central", "peripheral")
    assert dict(context)["taxon"] == (URIRef(f"{OBO}NCBITaxon_10090"),)
    assert dict(context)["receptor"] == ()


def test_context_tells_apart_claims_of_the_same_subject_and_object(records):
    # BBAC:0000019 (central, via LEPR, in the arcuate nucleus) and BBAC:0000023 (peripheral, on osteoclasts)
    central, peripheral = records["BBAC:0000019"], records["BBAC:0000023"]
    assert central.subject == peripheral.subject == URIRef(f"{OBO}PR_000009758")
    assert dict(central.context())["site"] == ("central",)
    assert dict(peripheral.context())["site"] == ("peripheral",)
    assert central.context() != peripheral.context()


def test_values_of_the_wrong_kind_are_kept_as_the_graph_has_them():
    """A user's mistakes (a literal subject, an IRI sign, a blank-node receptor, a taxon as text) are read as
    written, so conflict detection still tells contexts apart; the SHACL shapes report them."""
    graph = Graph()
    node = URIRef(f"{BBAO}BBAC_9999999")
    receptor = BNode()
    graph.add((node, RDF.type, CLAIM_CLASS))
    graph.add((node, FIELD_PROPERTY["subject"], Literal("not an IRI")))
    graph.add((node, FIELD_PROPERTY["sign"], URIRef("https://example.org/positive")))
    graph.add((node, FIELD_PROPERTY["receptor"], receptor))
    graph.add((node, FIELD_PROPERTY["taxon"], Literal("mouse")))
    graph.add((node, FIELD_PROPERTY["site"], URIRef("https://example.org/central")))
    graph.add((BNode(), RDF.type, CLAIM_CLASS))  # a claim without IRI: not read
    graph.add((URIRef("https://example.org/other"), RDF.type, URIRef("https://example.org/Thing")))
    [claim] = read_claims(graph)
    assert claim.id == "BBAC:9999999"
    assert claim.subject == Literal("not an IRI")
    assert claim.sign == "https://example.org/positive"
    assert claim.receptor == (receptor,)
    assert claim.taxon == (Literal("mouse"),)
    assert claim.site == ("https://example.org/central",)
    assert dict(claim.context())["taxon"] == (Literal("mouse"),)


def test_a_single_valued_field_with_two_values_holds_the_first_in_string_order():
    graph = Graph()
    node = URIRef(f"{BBAO}BBAC_9999998")
    graph.add((node, RDF.type, CLAIM_CLASS))
    for sign in ("positive", "negative"):
        graph.add((node, FIELD_PROPERTY["sign"], Literal(sign)))
    assert read_claims(graph)[0].sign == "negative"


def test_an_empty_graph_has_no_claims():
    assert read_claims(Graph()) == []


def test_records_are_immutable(records):
    with pytest.raises(dataclasses.FrozenInstanceError):
        records["BBAC:0000005"].sign = "positive"  # type: ignore[misc]
