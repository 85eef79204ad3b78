"""The claim model in one place: BBAO's vocabulary, for every module that reads or writes claims.

What a claim is (README, "Data model"): a ``brain-bone axis claim`` individual (``BBAO:0000001``)
whose fields are BBAO annotation properties ``BBAO:0000100``-``BBAO:0000121`` (defined in
``ontology/src/terms.tsv``), a relation from :data:`ALLOWED_RELATIONS` carrying one :data:`SIGNS` value,
a :data:`KNOWLEDGE_LEVELS` value saying how firmly the review states it, and context fields with the
allowed values below. The compiler (:mod:`bbao.build`), the readers
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
    "ANCESTOR_OR_WHOLE",
    "AXIS_DIRECTIONS",
    "BBAO_NS",
    "BIBO",
    "BIOLINK",
    "BIOLINK_AGENT_TYPE",
    "BIOLINK_KNOWLEDGE_LEVEL",
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
    "ESTABLISHED",
    "FIELD_PROPERTY",
    "JOURNAL_ARTICLE",
    "KNOWLEDGE_LEVELS",
    "KNOWLEDGE_LEVEL_MEANING",
    "LITERAL_FIELDS",
    "OBO",
    "OBOINOWL",
    "OVERVIEW",
    "PERIPHERAL",
    "PRISM",
    "PROCESS",
    "PROPERTY_FIELD",
    "RELATION_KINDS",
    "SIGNS",
    "SITES",
    "SUB_PROPERTY",
    "THERAPY",
    "TOP_DOWN",
    "KnowledgeLevel",
    "Sign",
    "iri",
]

#: oboInOwl, the OBO-format vocabulary in OWL (synonyms, ``is_inferred``).
OBOINOWL: Final = Namespace("http://www.geneontology.org/formats/oboInOwl#")
#: The Bibliographic Ontology (DOI, volume, issue, pages of the review and its references).
BIBO: Final = Namespace("http://purl.org/ontology/bibo/")
#: PRISM basic 2.0 (``prism:publicationName``, the journal).
PRISM: Final = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
#: The Biolink Model's vocabulary (``biolink:knowledge_level``, ``biolink:agent_type`` on every claim).
BIOLINK: Final = Namespace("https://w3id.org/biolink/vocab/")


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
#: The annotation property of the materialized is_a-or-part_of closure (``bbao-closure.ttl``, as Ubergraph's
#: relation graph: osteoblast differentiation reaches ossification through GO's part_of).
ANCESTOR_OR_WHOLE: Final = iri("BBAO:0000053")
#: The annotation property of the materialized sub-property closure (``bbao-closure.ttl``): a property to
#: itself and to every property it is an asserted rdfs:subPropertyOf of, directly or not.
SUB_PROPERTY: Final = iri("BBAO:0000055")
#: IAO 'definition', 'definition source', 'editor note' and 'journal article' (IAO import module).
DEFINITION: Final = iri("IAO:0000115")
DEFINITION_SOURCE: Final = iri("IAO:0000119")
EDITOR_NOTE: Final = iri("IAO:0000116")
JOURNAL_ARTICLE: Final = iri("IAO:0000013")
#: BFO 'process': objects under it are compared per cell type by conflict detection.
PROCESS: Final = iri("BFO:0000015")

#: The claim fields, in the order of their annotation properties BBAO:0000100-0000121 (terms.tsv).
CLAIM_FIELDS: Final = (
    "subject", "relation", "object", "sign", "receptor", "mediator", "anatomical_context", "cell_context",
    "taxon", "disease_context", "developmental_context", "site", "cotreatment", "evidence", "section",
    "excerpt", "direction", "claim", "knowledge_level", "reported_evidence", "example", "receptor_location",
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
    "receptor", "receptor_location", "mediator", "anatomical_context", "cell_context", "taxon", "disease_context",
    "developmental_context", "site", "cotreatment",
)
#: Fields whose values are literals (every other field holds IRIs).
LITERAL_FIELDS: Final = ("sign", "section", "excerpt", "direction", "site", "developmental_context", "knowledge_level")
#: Claim fields holding CURIEs (several per claim, separated by "|" in claims.tsv). ``reported_evidence`` is
#: the ECO class of the experiment the review reports (knockout mice, clinical studies, animal models), kept
#: apart from ``evidence`` (how BBAO knows: ECO:0000304 for the review's statements, ECO:0000305 for a
#: curator's inference); ``example`` holds the examples the review gives of a subject that is a class of agents
#: ("β-AR antagonists (e.g., propranolol)"); ``receptor_location`` the cell type or structure that carries the
#: receptor (the review's "Y1 receptors on osteoblasts"), where ``cell_context`` is where the effect takes place.
CURIE_FIELDS: Final = (
    "receptor", "receptor_location", "mediator", "anatomical_context", "cell_context", "taxon", "disease_context",
    "cotreatment",
    "evidence", "reported_evidence", "example",
)

KnowledgeLevel = Literal[
    "established", "association", "clinical_observation", "experimental_finding", "hypothesis", "future_direction"]
#: ``knowledge_level``: how the review states a claim. ``established``: as a fact or a known mechanism (only these
#: become OWL class axioms the reasoner uses); ``association``: a correlation, association or risk;
#: ``clinical_observation``: seen in patients or clinical studies; ``experimental_finding``: found in animal,
#: knockout or cell experiments the review reports; ``hypothesis``: a potential, a "may", a prospect
#: ("showing potential value", "neurorestorative potential"); ``future_direction``: what the review says
#: future research should explore.
KNOWLEDGE_LEVELS: Final[tuple[KnowledgeLevel, ...]] = (
    "established", "association", "clinical_observation", "experimental_finding", "hypothesis", "future_direction")
ESTABLISHED: Final = "established"
#: What each knowledge level means, in the words the docs show beside every claim.
KNOWLEDGE_LEVEL_MEANING: Final[dict[str, str]] = {
    "established": "the review states it as a fact or a known mechanism. Only these claims are OWL axioms of "
                   "BBAO, from which the reasoner classifies",
    "association": "the review reports a correlation, an association or a risk",
    "clinical_observation": "seen in patients or in clinical studies the review reports",
    "experimental_finding": "found in animal, knockout or cell experiments the review reports",
    "hypothesis": "the review states a potential, a \"may\" or a prospect (\"showing potential value\", "
                  "\"neurorestorative potential\")",
    "future_direction": "what the review says future research should explore",
}
#: Each knowledge level -> the Biolink Model's ``knowledge_level`` value (KnowledgeLevelEnum, biolink-model
#: 4.x: knowledge_assertion, logical_entailment, prediction, statistical_association, observation,
#: not_provided), written on every claim as ``biolink:knowledge_level``.
BIOLINK_KNOWLEDGE_LEVEL: Final[dict[str, str]] = {
    "established": "knowledge_assertion",
    "association": "statistical_association",
    "clinical_observation": "observation",
    "experimental_finding": "observation",
    "hypothesis": "prediction",
    "future_direction": "prediction",
}
#: The Biolink ``agent_type`` of every claim (AgentTypeEnum): curators read the review and wrote each claim.
BIOLINK_AGENT_TYPE: Final = "manual_agent"

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
    "RO:0002215": "none",  # capable of
    # process -> process
    "RO:0002211": "none",  # regulates
    "RO:0002212": "negative",  # negatively regulates
    "RO:0002213": "positive",  # positively regulates
    # material entity -> material entity
    "RO:0018027": "positive",  # is agonist of
    "RO:0018029": "negative",  # is antagonist of
    "RO:0002449": "negative",  # directly negatively regulates activity of
    "RO:0002450": "positive",  # directly positively regulates activity of
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
    "RO:0003308": "none",  # correlated with condition
    "RO:0020333": "none",  # indicates risk of developing
    # disease -> gene, cell, phenotype, process
    "RO:0004003": "none",  # has material basis in germline mutation in
    "RO:0004013": "none",  # is causal germline mutation in
    "RO:0004020": "none",  # disease has basis in dysfunction of
    "RO:0002200": "none",  # has phenotype
    "BBAO:0000050": "positive",  # disease has positive effect on
    "BBAO:0000051": "negative",  # disease has negative effect on
    "BBAO:0000054": "negative",  # phenotype has negative effect on
}

#: The kinds of entity each allowed relation relates, subject kinds -> object kinds, from RO's domain and range
#: axioms (``ro.owl`` release 2025-12-17; the verified subset ``ro-bfo-subset.ttl`` and its notes ``ro-usage.md``
#: in the shared reference) and, where RO states none, the relation's textual definition. A kind is a class CURIE
#: that the entity must fall under through asserted is_a and part_of edges (bbao-closure.ttl), or ``HGNC`` for a
#: gene (BBAO leaves genes unplaced, as Mondo's imports do) or a union of genes. Tests hold every claim to it.
RELATION_KINDS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    # 'causal relation between material entity and a process' (RO:0002595): material entity -> process
    "RO:0002596": (("BFO:0000040",), ("BFO:0000015",)),
    "RO:0002597": (("BFO:0000040",), ("BFO:0000015",)),
    "RO:0002598": (("BFO:0000040",), ("BFO:0000015",)),
    # 'capable of': independent continuant -> process; 'participates in': continuant -> occurrent
    "RO:0002215": (("BFO:0000004",), ("BFO:0000015",)),
    "RO:0000056": (("BFO:0000002",), ("BFO:0000003",)),
    # 'regulates' and its signed children: process -> process
    "RO:0002211": (("BFO:0000015",), ("BFO:0000015",)),
    "RO:0002212": (("BFO:0000015",), ("BFO:0000015",)),
    "RO:0002213": (("BFO:0000015",), ("BFO:0000015",)),
    # 'interacts with' and 'directly regulates activity of' (material entity -> material entity); an agonist or
    # antagonist acts on a receptor, a protein (PR:000000001)
    "RO:0018027": (("BFO:0000040",), ("PR:000000001",)),
    "RO:0018029": (("BFO:0000040",), ("PR:000000001",)),
    "RO:0002449": (("BFO:0000040",), ("BFO:0000040",)),
    "RO:0002450": (("BFO:0000040",), ("BFO:0000040",)),
    "RO:0002436": (("BFO:0000040",), ("BFO:0000040",)),
    # 'produces' / 'produced by' and 'regulates quantity of': material entity -> material entity
    "RO:0003000": (("BFO:0000040",), ("BFO:0000040",)),
    "RO:0003001": (("BFO:0000040",), ("BFO:0000040",)),
    "RO:0011003": (("BFO:0000040",), ("BFO:0000040",)),
    # 'increases expression of': an agent -> the gene, or the gene product whose amount rises
    "RO:0003003": (("BFO:0000040",), ("HGNC", "BFO:0000040")),
    # 'causally influences': continuant -> continuant
    "RO:0002566": (("BFO:0000002",), ("BFO:0000002",)),
    # 'expressed in': a gene or gene product -> a material anatomical entity
    "RO:0002206": (("HGNC", "BFO:0000040"), ("BFO:0000040",)),
    # condition relations: an agent, disease or phenotype -> a disease or phenotype ('contributes to condition'
    # also from a gene, the genetic variation RO's 'confers susceptibility to condition' is about, or a process;
    # 'ameliorates condition' also from a process: RO defines it for "an entity" and gives it no domain, and
    # ro-usage.md recommends it over 'is substance that treats')
    "RO:0003307": (("BFO:0000040", "BFO:0000015", "OGMS:0000031"), ("OGMS:0000031", "UPHENO:0001001")),
    "RO:0003309": (("BFO:0000040", "OGMS:0000031"), ("OGMS:0000031", "UPHENO:0001001")),
    "RO:0003304": (("HGNC", "BFO:0000040", "BFO:0000015", "OGMS:0000031", "UPHENO:0001001"),
                   ("OGMS:0000031", "UPHENO:0001001")),
    "RO:0003308": (("BFO:0000040", "OGMS:0000031", "UPHENO:0001001"), ("OGMS:0000031", "UPHENO:0001001")),
    "RO:0020333": (("BFO:0000040", "OGMS:0000031", "UPHENO:0001001"), ("OGMS:0000031",)),
    # disease relations: 'has material basis in germline mutation in' a gene, 'disease has basis in dysfunction
    # of' a material anatomical entity, 'has phenotype' a phenotype, BBAO's signed effects on a process or entity
    "RO:0004003": (("OGMS:0000031",), ("HGNC",)),
    # 'is causal germline mutation in' (its inverse): a gene -> the disease a germline mutation in it causes
    "RO:0004013": (("HGNC",), ("OGMS:0000031",)),
    "RO:0004020": (("OGMS:0000031",), ("BFO:0000040",)),
    "RO:0002200": (("OGMS:0000031",), ("UPHENO:0001001",)),
    "BBAO:0000050": (("OGMS:0000031",), ("BFO:0000015", "BFO:0000040")),
    "BBAO:0000051": (("OGMS:0000031",), ("BFO:0000015", "BFO:0000040")),
    "BBAO:0000054": (("UPHENO:0001001",), ("BFO:0000015", "BFO:0000040")),
}
