"""The claim model in one place: BBAO's vocabulary, for every module that reads or writes claims.

What a claim is (README, "Data model"): a ``brain-bone axis claim`` individual (``BBAO:0000001``)
whose fields are BBAO annotation properties ``BBAO:0000100``-``BBAO:0000117`` (defined in
``ontology/src/terms.tsv``), a relation from :data:`ALLOWED_RELATIONS` carrying one :data:`SIGNS` value,
and context fields with the allowed values below. The compiler (:mod:`bbao.build`), the readers
(:mod:`bbao.claims`), the SHACL shapes (``shapes/bbao-shapes.ttl``, whose ``sh:in`` lists are tested to
equal these tuples) and the command line all take the vocabulary from here; nothing else defines it.

Importing this module costs no more than :mod:`bbao.prefixes` (rdflib, curies; no Bioregistry).

>>> FIELD_PROPERTY["sign"]
rdflib.term.URIRef('https://w3id.org/bbao/BBAO_0000103')
>>> PROPERTY_FIELD["https://w3id.org/bbao/BBAO_0000102"]
'object'
>>> ALLOWED_RELATIONS["RO:0002212"]
'negative'
"""

from __future__ import annotations

from typing import Final, Literal

from rdflib import Namespace, URIRef

from bbao.prefixes import BBAO_NS, OBO, expand

__all__ = [
    "ALLOWED_RELATIONS",
    "ANCESTOR",
    "AXIS_DIRECTIONS",
    "BBAO_NS",
    "BIBO",
    "BOTTOM_UP",
    "CENTRAL",
    "CLAIM_CLASS",
    "CLAIM_FIELDS",
    "CONTEXT_FIELDS",
    "CURIE_FIELDS",
    "DEFINITION",
    "DEFINITION_SOURCE",
    "DEVELOPMENTAL_STAGES",
    "DISEASE",
    "DRAWN_DIRECTIONS",
    "EDITOR_NOTE",
    "FIELD_PROPERTY",
    "JOURNAL_ARTICLE",
    "LITERAL_FIELDS",
    "OBO",
    "OBOINOWL",
    "OVERVIEW",
    "PERIPHERAL",
    "PRISM",
    "PROCESS",
    "PROPERTY_FIELD",
    "SIGNS",
    "SITES",
    "THERAPY",
    "TOP_DOWN",
    "Sign",
    "iri",
]

#: oboInOwl, the OBO-format vocabulary in OWL (synonyms, ``is_inferred``).
OBOINOWL: Final = Namespace("http://www.geneontology.org/formats/oboInOwl#")
#: The Bibliographic Ontology (DOI, volume, issue, pages of the review and its references).
BIBO: Final = Namespace("http://purl.org/ontology/bibo/")
#: PRISM basic 2.0 (``prism:publicationName``, the journal).
PRISM: Final = Namespace("http://prismstandard.org/namespaces/basic/2.0/")


def iri(curie: str) -> URIRef:
    """The IRI of ``curie`` under BBAO's prefix map.

    Raises :class:`bbao.prefixes.CurieError` for an unknown prefix or a malformed local identifier.

    >>> iri("GO:0001649")
    rdflib.term.URIRef('http://purl.obolibrary.org/obo/GO_0001649')
    """
    return URIRef(expand(curie))


#: The class of claim individuals: 'brain-bone axis claim'.
CLAIM_CLASS: Final = iri("BBAO:0000001")
#: The annotation property of the materialized subclass closure (``bbao-closure.ttl``).
ANCESTOR: Final = iri("BBAO:0000052")
#: IAO 'definition', 'definition source', 'editor note' and 'journal article' (IAO import module).
DEFINITION: Final = iri("IAO:0000115")
DEFINITION_SOURCE: Final = iri("IAO:0000119")
EDITOR_NOTE: Final = iri("IAO:0000116")
JOURNAL_ARTICLE: Final = iri("IAO:0000013")
#: BFO 'process': objects under it are compared per cell type by conflict detection.
PROCESS: Final = iri("BFO:0000015")

#: The claim fields, in the order of their annotation properties BBAO:0000100-0000117 (terms.tsv).
CLAIM_FIELDS: Final = (
    "subject", "relation", "object", "sign", "receptor", "mediator", "anatomical_context", "cell_context",
    "taxon", "disease_context", "developmental_context", "site", "cotreatment", "evidence", "section",
    "excerpt", "direction", "claim",
)
#: Claim field -> the BBAO annotation property that holds it (``claim`` links an OWL axiom to its claim).
FIELD_PROPERTY: Final[dict[str, URIRef]] = {
    name: iri(f"BBAO:{100 + number:07d}") for number, name in enumerate(CLAIM_FIELDS)
}
#: The IRI (as a string) of each claim-field property -> the field's name.
PROPERTY_FIELD: Final[dict[str, str]] = {str(prop): name for name, prop in FIELD_PROPERTY.items()}
#: Context fields: they tell two claims of the same subject and object apart, and are copied onto the
#: OWL axiom's annotations too.
CONTEXT_FIELDS: Final = (
    "receptor", "mediator", "anatomical_context", "cell_context", "taxon", "disease_context",
    "developmental_context", "site", "cotreatment",
)
#: Fields whose values are literals (every other field holds IRIs).
LITERAL_FIELDS: Final = ("sign", "section", "excerpt", "direction", "site", "developmental_context")
#: Claim fields holding CURIEs (several per claim, separated by "|" in claims.tsv).
CURIE_FIELDS: Final = (
    "receptor", "mediator", "anatomical_context", "cell_context", "taxon", "disease_context", "cotreatment",
    "evidence",
)

Sign = Literal["positive", "negative", "none"]
#: The effect a relation states: increases, decreases, or no direction (association, participation).
SIGNS: Final[tuple[Sign, ...]] = ("positive", "negative", "none")
#: ``site``: where the subject acts (the review's "centrally" / "peripherally").
CENTRAL: Final = "central"
PERIPHERAL: Final = "peripheral"
SITES: Final = (CENTRAL, PERIPHERAL)
#: ``developmental_context``: life stage or generation the claim holds in.
DEVELOPMENTAL_STAGES: Final = ("adult", "embryonic", "maternal", "fetal", "offspring")
#: ``direction``: the axis direction of the review section a claim comes from (metadata.toml sections):
#: the brain acting on bone, bone acting on the brain, diseases of the axis, therapies aimed at it, and the
#: review's overview of the axis as a whole.
TOP_DOWN: Final = "top-down"
BOTTOM_UP: Final = "bottom-up"
DISEASE: Final = "disease"
THERAPY: Final = "therapy"
OVERVIEW: Final = "overview"
AXIS_DIRECTIONS: Final = (TOP_DOWN, BOTTOM_UP, DISEASE, THERAPY, OVERVIEW)
#: The directions drawn as diagrams of their own (``overview`` claims appear only in the whole drawing).
DRAWN_DIRECTIONS: Final = (TOP_DOWN, BOTTOM_UP, DISEASE, THERAPY)

#: CURIE of each relation a claim may use -> the sign it expresses (curators add relations here).
#:
#: The sign must be readable from the predicate alone (so the relation graph keeps it), so every allowed
#: relation has exactly one sign, and a claim's ``sign`` column must agree with it. The choice of relation
#: follows the RO/BFO domain and range axioms (README, "Data model"; ``ro_import.ttl``): material entity
#: -> process uses 'capable of (negatively|positively) regulating', disease -> process the BBAO disease
#: relations, drug -> disease 'ameliorates condition' or 'exacerbates condition', and so on.
ALLOWED_RELATIONS: Final[dict[str, Sign]] = {
    # material entity -> process
    "RO:0002596": "none",  # capable of regulating
    "RO:0002597": "negative",  # capable of negatively regulating
    "RO:0002598": "positive",  # capable of positively regulating
    "RO:0000056": "none",  # participates in
    # process -> process
    "RO:0002211": "none",  # regulates
    "RO:0002212": "negative",  # negatively regulates
    "RO:0002213": "positive",  # positively regulates
    # material entity -> material entity
    "RO:0018027": "positive",  # is agonist of
    "RO:0018029": "negative",  # is antagonist of
    "RO:0002436": "none",  # molecularly interacts with
    "RO:0003000": "none",  # produces
    "RO:0003001": "none",  # produced by
    "RO:0003003": "positive",  # increases expression of
    "RO:0011003": "none",  # regulates quantity of
    "RO:0002566": "none",  # causally influences
    "RO:0002206": "none",  # expressed in
    # entity -> condition
    "RO:0003307": "negative",  # ameliorates condition
    "RO:0003309": "positive",  # exacerbates condition
    "RO:0003304": "positive",  # contributes to condition
    "RO:0019501": "positive",  # confers susceptibility to condition
    "RO:0003308": "none",  # correlated with condition
    "RO:0020333": "none",  # indicates risk of developing
    # disease -> gene, cell, phenotype, process
    "RO:0004003": "none",  # has material basis in germline mutation in
    "RO:0004020": "none",  # disease has basis in dysfunction of
    "RO:0002200": "none",  # has phenotype
    "BBAO:0000050": "positive",  # disease has positive effect on
    "BBAO:0000051": "negative",  # disease has negative effect on
}
