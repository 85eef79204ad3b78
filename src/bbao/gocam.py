"""The mechanisms as GO-CAM models: OWL individuals linked by the RO relations GO-CAM uses.

A GO-CAM model (Gene Ontology Causal Activity Model) is an OWL ontology of *individuals*: activities typed
by GO molecular functions, ``enabled by`` (RO:0002333) a gene product, ``occurs in`` (BFO:0000066) a
cell or anatomical structure, with ``has input`` (RO:0002233) and ``has output`` (RO:0002234), linked to
biological processes and to each other by causal relations (``causally upstream of``, RO:0002411, and its
positive and negative children RO:0002304/RO:0002305; ``regulates`` and its children between processes),
with the evidence of each edge on the edge itself as an OWL axiom annotation (``lego:evidence`` to an
individual of an ECO class whose ``dc:source`` is the reference). Sources: GO's shape expressions for GO-CAM
(``shapes/go-cam-shapes.shex`` of geneontology/go-shapes), the models of geneontology/noctua-models, RO's
``valid_for_gocam`` subset and RO's definitions (``../shared/reference/ro-bfo-subset.ttl``, release 2025-12-17).

A BBAO mechanism (:mod:`bbao.mechanisms`) is a set of claims linked step to step, and a claim links an
agent (a chemical, a protein, a nerve, a disease, a phenotype) to a process or an entity at the *class*
level. Each mechanism becomes one model, ``https://w3id.org/bbao/gocam/BBAM_0000001``, in which every step
claim becomes edges between individuals (the *step edge*, in bold, carries the claim's sign):

=========================================================  =====================================================
claim (relation of the step)                               individuals and edges
=========================================================  =====================================================
agent ``capable of (negatively/positively) regulating``    an activity A (GO:0003674) of the claim, **A causally
(RO:0002596/RO:0002597/RO:0002598) process P               upstream of (RO:0002411) / ..., negative effect
                                                           (RO:0002305) / ..., positive effect (RO:0002304) P**;
                                                           A ``enabled by`` the receptor and ``has input`` the
                                                           agent when the claim names a receptor (A ``occurs in``
                                                           its one receptor location); else A ``enabled by`` a
                                                           protein (or other material) agent, ``has input``
                                                           a chemical agent; an anatomical agent (a nerve, the
                                                           skeleton, a cell) gets a process (GO:0008150) that
                                                           ``occurs in`` it instead of an activity
process ``(negatively/positively) regulates`` process      **P1 the same relation P2**
(RO:0002211/RO:0002212/RO:0002213)
entity ``participates in`` (RO:0000056) process P          **P has input (RO:0002233) the entity**
entity ``molecularly interacts with`` (RO:0002436)         an activity A ``enabled by`` the partner that is a
entity                                                     protein (the object first), **A has input the other**
entity ``produced by`` (RO:0003001) / ``produces``         a process (GO:0008150) ``occurs in`` the producer, **it
(RO:0003000) entity                                        has output (RO:0002234) the product**
any other relation (disease and phenotype relations,       **subject the claim's own relation object**
``has phenotype``, ``contributes to condition``,
``increases expression of``, ...)
=========================================================  =====================================================

Why each row. An entity as subject of RO's process relations is unsatisfiable (``ro-usage.md``), and RO
defines 'capable of (negatively) regulating' as "c is capable of some activity a, and a (negatively) regulates
p": hence an activity of the agent, linked to P by GO-CAM's relation from an activity to a process
(go-cam-shapes.shex allows 'regulates' from an activity only to another activity), which that definition
implies. A receptor enables the activity and the ligand is its input, as in GO-CAM's signalling models (a
satisfiable pattern of ``ro-usage.md``); GO-CAM lets only gene products enable an activity, so a chemical
agent is its input, and an organ or cell is where a process occurs. RO's process-to-process regulations are in
its ``valid_for_gocam`` subset and are kept. 'has input' is GO-CAM's relation from a process to its
participants (``has participant`` is not in GO-CAM); it implies 'participates in'. Molecular interaction is
GO's binding: an activity of one partner with the other as input. RO defines 'produces' as "some process that
occurs_in a has_output b", which is the row. Diseases, phenotypes, genes and the entity-to-entity relations
(increases expression of, regulates quantity of) have no GO-CAM activity: they keep the claim's own relation,
outside :data:`GOCAM_RELATIONS`.

Where the object is a process, the claim's one anatomical context and one cell context (BBAO: "where the
stated effect takes place") become ``P occurs in`` that structure, and each mediator that is a material entity
(BBAO: "an intermediate entity through which the effect is transmitted") ``P has participant`` (RO:0000057)
it. A field with several values (one process instance does not occur in two places at once), and every other
context, stays an annotation of the step edge.

Individuals are per model and per class: the RANKL of "noradrenaline increases expression of RANKL" is the
RANKL that enables the activity of "RANKL promotes osteoclast differentiation", so a step's link to the
next (:func:`bbao.mechanisms.join`) is a shared individual: the object (``object`` join), the mediator as
participant of the upstream process (``mediator``), the structure the upstream process occurs in
(``context``), the subject itself (``same subject``). No causal edge is added between the steps: the
mechanism table says that one step's effect reaches what acts in the next, not whether the next happens
after the first process or within it (leptin acts *within* leptin-mediated signalling, glucocorticoid acts
*after* its secretion), and each of RO's causal relations between processes fixes one of those orders.

Every edge carries, as GO-CAM's edges do, an ``owl:Axiom`` annotation: the claim (BBAO:0000117), the
knowledge level (BBAO:0000118), BBAO's evidence class (BBAO:0000113) and GO-CAM's ``lego:evidence`` to an
evidence individual (typed by that ECO class, ``dc:source`` the review's DOI), the review (dcterms:source),
contributor and date; the step edge also the claim's sign, context fields and reported evidence, as
bbao.owl's axioms do. Every step of a mechanism is a model edge whatever its knowledge level (GO-CAM models
assert experimental findings too); only bbao.owl keeps the claims not stated as established out of its axioms.

IRIs are derived from the mechanism, class and claim identifiers (``…/gocam/BBAM_0000001/PR_000002107``,
``…/BBAC_0000157-activity``), so a build writes the same bytes every time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DC, DCTERMS, OWL, RDF, RDFS

from bbao.closure import ClassEdges, ancestors, class_edges
from bbao.errors import BBAOError
from bbao.mechanisms import Mechanism, check_mechanisms, read_mechanisms
from bbao.model import CONTEXT_FIELDS, FIELD_PROPERTY, LITERAL_FIELDS, iri
from bbao.prefixes import BBAO_NS, PREFIX_MAP, VOCAB_PREFIXES
from bbao.serialize import Canonical, Triple
from bbao.source import Claim, Source
from bbao.void import artifact_header

__all__ = [
    "ACTIVITY_RELATIONS",
    "CAUSAL_EFFECT",
    "DESCRIPTION",
    "GOCAM_BASE",
    "GOCAM_RELATIONS",
    "LEGO",
    "PAV",
    "Kind",
    "gocam_graph",
    "gocam_models",
    "model_iri",
    "render_gocam",
    "step_relation",
]

#: Where the individuals of the models live: ``GOCAM_BASE + "BBAM_0000001/..."``.
GOCAM_BASE: Final = f"{BBAO_NS}gocam/"
#: GO-CAM's own annotation vocabulary (``lego:evidence``, ``lego:modelstate``) and PAV (``pav:providedBy``),
#: as the models of geneontology/noctua-models use them.
LEGO: Final = Namespace("http://geneontology.org/lego/")
PAV: Final = Namespace("http://purl.org/pav/")

ENABLED_BY: Final = iri("RO:0002333")
HAS_INPUT: Final = iri("RO:0002233")
HAS_OUTPUT: Final = iri("RO:0002234")
HAS_PARTICIPANT: Final = iri("RO:0000057")
OCCURS_IN: Final = iri("BFO:0000066")
MOLECULAR_FUNCTION: Final = iri("GO:0003674")
BIOLOGICAL_PROCESS: Final = iri("GO:0008150")
#: The sign of a claim -> the causal relation from its activity to the process: 'causally upstream of,
#: positive effect', '..., negative effect', 'causally upstream of' (GO-CAM's relations from an activity to a
#: process, go-cam-shapes.shex; each is implied by RO's definition of 'capable of (positively/negatively)
#: regulating': "c is capable of some activity a, and a (positively/negatively) regulates p").
CAUSAL_EFFECT: Final[dict[str, URIRef]] = {
    "positive": iri("RO:0002304"), "negative": iri("RO:0002305"), "none": iri("RO:0002411"),
}
#: The entity-to-process regulations that become an activity causally upstream of the process.
ACTIVITY_RELATIONS: Final = frozenset({"RO:0002596", "RO:0002597", "RO:0002598"})
_PARTICIPATES_IN: Final = "RO:0000056"
_INTERACTS: Final = "RO:0002436"
_PRODUCES, _PRODUCED_BY = "RO:0003000", "RO:0003001"
#: The relations between individuals that GO-CAM's shapes (go-cam-shapes.shex) allow and this export uses:
#: enabled by, has input, has output, occurs in, the causal relations from an activity or process and the
#: regulations between processes. Any other relation of a model is a claim's own (see the module table), or
#: 'has participant' (RO:0000057) from a process to a mediator.
GOCAM_RELATIONS: Final = frozenset({
    ENABLED_BY, HAS_INPUT, HAS_OUTPUT, OCCURS_IN, *CAUSAL_EFFECT.values(),
    iri("RO:0002211"), iri("RO:0002212"), iri("RO:0002213"),
})
#: The kinds of entity the mapping tells apart, from the class hierarchy (asserted subclass edges of bbao.owl):
#: under BFO 'process', PR 'protein', ChEBI 'chemical entity' (and not a protein), UBERON 'anatomical entity'
#: (cells included), else another BFO 'material entity', else other (a disease or phenotype, which are not
#: material; a gene, which BBAO leaves unplaced as Mondo's imports do).
Kind = TypingLiteral["process", "protein", "chemical", "anatomical", "material", "other"]
_KIND_ROOTS: Final[tuple[tuple[Kind, str], ...]] = (
    ("process", "BFO:0000015"), ("protein", "PR:000000001"), ("chemical", "CHEBI:24431"),
    ("anatomical", "UBERON:0001062"), ("material", "BFO:0000040"),
)
#: The kinds that take part in a process as a mediator (BFO: only material entities participate here).
_MATERIAL: Final = frozenset({"protein", "chemical", "anatomical", "material"})
#: What the product's ontology header says it is.
DESCRIPTION: Final = (
    "The mechanisms of BBAO (chains of claims) as GO-CAM-style models: one model per mechanism "
    "(https://w3id.org/bbao/gocam/BBAM_nnnnnnn), whose OWL individuals (activities, processes, entities) are "
    "linked by the RO relations GO-CAM uses (enabled by, has input, has output, occurs in, causally upstream of "
    "with its positive and negative effects, regulates) and, where GO-CAM has none, by the claim's own relation. "
    "Each edge is annotated with the claim it comes from, its evidence and knowledge level. Load it with bbao.owl "
    "to reason over it; the mapping is documented in the bbao.gocam module.")


def model_iri(mechanism: str) -> URIRef:
    """The IRI of the GO-CAM model of ``mechanism`` (a ``BBAM:`` CURIE).

    >>> model_iri("BBAM:0000001")
    rdflib.term.URIRef('https://w3id.org/bbao/gocam/BBAM_0000001')
    """
    return URIRef(GOCAM_BASE + mechanism.replace(":", "_"))


def step_relation(claim: Claim, kind: Mapping[str, Kind] | None = None) -> URIRef:
    """The relation of the step edge that stands for ``claim`` in a model (the module table): a causal effect
    by sign for an entity-to-process regulation, ``has input`` for participation and molecular interaction,
    ``has output`` for production, else the claim's own relation. ``kind`` (CURIE -> :data:`Kind`) decides
    whether a molecular interaction has a protein partner to enable its activity; without it, it is assumed.

    >>> from bbao.source import Claim
    >>> step_relation(Claim("BBAC:5", "CHEBI:33569", "RO:0002597", "GO:0001649", "negative", "s", "x", ()))
    rdflib.term.URIRef('http://purl.obolibrary.org/obo/RO_0002305')
    >>> step_relation(Claim("BBAC:7", "CHEBI:33569", "RO:0003003", "PR:000002107", "positive", "s", "x", ()))
    rdflib.term.URIRef('http://purl.obolibrary.org/obo/RO_0003003')
    """
    if claim.relation in ACTIVITY_RELATIONS:
        return CAUSAL_EFFECT[claim.sign]
    if claim.relation == _PARTICIPATES_IN:
        return HAS_INPUT
    if claim.relation == _INTERACTS:
        proteins = kind is None or "protein" in (kind.get(claim.object), kind.get(claim.subject))
        return HAS_INPUT if proteins else iri(claim.relation)
    if claim.relation in (_PRODUCES, _PRODUCED_BY):
        return HAS_OUTPUT
    return iri(claim.relation)


def _kinds(ontology: Graph, curies: Iterable[str], edges: ClassEdges | None = None) -> dict[str, Kind]:
    """CURIE -> its :data:`Kind`, from the asserted subclass edges between named classes of ``ontology``
    (``edges``, :func:`bbao.closure.class_edges` of it, when the caller has them already)."""
    edges = edges if edges is not None else class_edges(ontology)
    closure = ancestors(edges.subclass_of, edges.classes)
    roots = [(name, str(iri(root))) for name, root in _KIND_ROOTS]
    out: dict[str, Kind] = {}
    for curie in curies:
        above = closure.get(str(iri(curie)), set())
        out[curie] = next((name for name, root in roots if root in above), "other")
    return out


def _node(*parts: str) -> BNode:
    """A blank node named by a digest of ``parts``: the same axiom gets the same node in every build."""
    return BNode("g" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:20])


def _local(curie: str) -> str:
    return curie.replace(":", "_")


@dataclass
class _Model:
    """One model being written: its graph, and what it needs from the release (labels, kinds, metadata)."""

    mechanism: Mechanism
    labels: Mapping[URIRef, str]
    kind: Mapping[str, Kind]
    meta: Mapping[str, object]
    creators: list[str]
    graph: Graph

    @property
    def iri(self) -> URIRef:
        return model_iri(self.mechanism.id)

    @property
    def doi(self) -> URIRef:
        return URIRef(f"https://doi.org/{self.meta['source_doi']}")

    def name(self, curie: str) -> str:
        return self.labels.get(iri(curie), curie)

    def individual(self, curie: str) -> URIRef:
        """The model's individual of class ``curie`` (one per class and model)."""
        node = URIRef(f"{self.iri}/{_local(curie)}")
        if (node, RDF.type, OWL.NamedIndividual) not in self.graph:
            self.graph.add((node, RDF.type, OWL.NamedIndividual))
            self.graph.add((node, RDF.type, iri(curie)))
            self.graph.add((node, RDFS.label, Literal(self.name(curie))))
            self._provenance(node)
        return node

    def activity(self, claim: Claim, cls: URIRef) -> URIRef:
        """The activity (a ``molecular_function``) or process (a ``biological_process``) of ``claim``."""
        what = "activity" if cls == MOLECULAR_FUNCTION else "process"
        node = URIRef(f"{self.iri}/{_local(claim.id)}-{what}")
        self.graph.add((node, RDF.type, OWL.NamedIndividual))
        self.graph.add((node, RDF.type, cls))
        self.graph.add((node, RDFS.label, Literal(
            f"{what} of {claim.id}: {self.name(claim.subject)} {self.name(claim.relation)} {self.name(claim.object)}")))
        self._provenance(node)
        return node

    def evidence(self, claim: Claim, eco: str) -> URIRef:
        """GO-CAM's evidence individual for ``claim``: typed by the ECO class, its source the review."""
        node = URIRef(f"{self.iri}/{_local(claim.id)}-evidence-{_local(eco)}")
        g = self.graph
        g.add((node, RDF.type, OWL.NamedIndividual))
        g.add((node, RDF.type, iri(eco)))
        g.add((node, RDFS.label, Literal(f"{self.name(eco)} for {claim.id}")))
        g.add((node, DC.source, Literal(f"DOI:{self.meta['source_doi']}")))
        self._provenance(node)
        return node

    def _provenance(self, node: BNode | URIRef) -> None:
        """GO-CAM's provenance of every individual and edge (contributor and date): BBAO's creators, its version."""
        for creator in self.creators:
            self.graph.add((node, DC.contributor, Literal(creator)))
        self.graph.add((node, DC.date, Literal(str(self.meta["version"]))))

    def edge(self, source: URIRef, prop: URIRef, target: URIRef, claim: Claim, *, step: bool = False) -> None:
        """``source prop target`` with its axiom annotation: the claim, its knowledge level and evidence
        (BBAO's and GO-CAM's), the review, contributor and date; a ``step`` edge also the claim's sign, context
        fields and reported evidence."""
        g = self.graph
        g.add((source, prop, target))
        axiom = _node(str(self.iri), claim.id, str(source), str(prop), str(target))
        g.add((axiom, RDF.type, OWL.Axiom))
        g.add((axiom, OWL.annotatedSource, source))
        g.add((axiom, OWL.annotatedProperty, prop))
        g.add((axiom, OWL.annotatedTarget, target))
        g.add((axiom, FIELD_PROPERTY["claim"], iri(claim.id)))
        g.add((axiom, FIELD_PROPERTY["knowledge_level"], Literal(claim.knowledge_level)))
        g.add((axiom, DCTERMS.source, self.doi))
        for eco in claim.evidence:
            g.add((axiom, FIELD_PROPERTY["evidence"], iri(eco)))
            g.add((axiom, LEGO.evidence, self.evidence(claim, eco)))
        self._provenance(axiom)
        if not step:
            return
        g.add((axiom, FIELD_PROPERTY["sign"], Literal(claim.sign)))  # the sign marks the step edge
        for name in (*CONTEXT_FIELDS, "reported_evidence"):
            for value in getattr(claim, name):
                g.add((axiom, FIELD_PROPERTY[name], Literal(value) if name in LITERAL_FIELDS else iri(value)))

    # --- one claim ---------------------------------------------------------------------------------------

    def claim(self, c: Claim) -> None:
        """The individuals and edges of step claim ``c`` (the module table)."""
        subject, obj = self.individual(c.subject), self.individual(c.object)
        relation = step_relation(c, self.kind)
        if c.relation in ACTIVITY_RELATIONS:
            self._regulation(c, subject, obj)
        elif c.relation == _PARTICIPATES_IN:
            self.edge(obj, HAS_INPUT, subject, c, step=True)
        elif relation == HAS_INPUT:  # a molecular interaction with a protein partner
            enabler, other = (obj, subject) if self.kind.get(c.object) == "protein" else (subject, obj)
            act = self.activity(c, MOLECULAR_FUNCTION)
            self.edge(act, ENABLED_BY, enabler, c)
            self.edge(act, HAS_INPUT, other, c, step=True)
        elif relation == HAS_OUTPUT:
            producer, product = (subject, obj) if c.relation == _PRODUCES else (obj, subject)
            process = self.activity(c, BIOLOGICAL_PROCESS)
            self.edge(process, OCCURS_IN, producer, c)
            self.edge(process, HAS_OUTPUT, product, c, step=True)
        else:
            self.edge(subject, relation, obj, c, step=True)
        if self.kind.get(c.object) == "process":
            for values in (c.anatomical_context, c.cell_context):
                if len(values) == 1:  # one process occurring in two places at once is not what the claim says
                    self.edge(obj, OCCURS_IN, self.individual(values[0]), c)
            for mediator in c.mediator:
                if self.kind.get(mediator) in _MATERIAL:
                    self.edge(obj, HAS_PARTICIPANT, self.individual(mediator), c)

    def _regulation(self, c: Claim, subject: URIRef, obj: URIRef) -> None:
        """Entity ``capable of (+/-) regulating`` process: an activity of the claim upstream of the process."""
        agent = self.kind.get(c.subject)
        if c.receptor:
            act = self.activity(c, MOLECULAR_FUNCTION)
            for receptor in c.receptor:
                self.edge(act, ENABLED_BY, self.individual(receptor), c)
            self.edge(act, HAS_INPUT, subject, c)
            if len(c.receptor_location) == 1:
                self.edge(act, OCCURS_IN, self.individual(c.receptor_location[0]), c)
        elif agent == "anatomical":
            act = self.activity(c, BIOLOGICAL_PROCESS)
            self.edge(act, OCCURS_IN, subject, c)
        else:
            act = self.activity(c, MOLECULAR_FUNCTION)
            self.edge(act, HAS_INPUT if agent == "chemical" else ENABLED_BY, subject, c)
        self.edge(act, CAUSAL_EFFECT[c.sign], obj, c, step=True)

    # --- the model ---------------------------------------------------------------------------------------

    def header(self) -> list[Triple]:
        """The model's own annotations (GO-CAM's model metadata): title, contributor, date, provider, state,
        the mechanism and the review it comes from."""
        m, node = self.mechanism, self.iri
        out: list[Triple] = [
            (node, DC.title, Literal(m.label)),
            (node, RDFS.label, Literal(f"{m.label} (GO-CAM model of {m.id})")),
            (node, DC.date, Literal(str(self.meta["version"]))),
            (node, PAV.providedBy, Literal(BBAO_NS)),
            (node, LEGO.modelstate, Literal("development")),
            (node, DCTERMS.source, iri(m.id)),
            (node, DCTERMS.source, self.doi),
        ]
        out += [(node, DC.contributor, Literal(creator)) for creator in self.creators]
        if m.description:
            out.append((node, RDFS.comment, Literal(m.description)))
        return out


def _declarations(graph: Graph) -> list[Triple]:
    """The declarations a model needs to be read on its own, as GO-CAM's models carry them: every object
    property between individuals, every class of an individual, every annotation property used."""
    out: list[Triple] = []
    individuals = set(graph.subjects(RDF.type, OWL.NamedIndividual))
    for s, p, o in graph:
        if s in individuals and o in individuals:
            out.append((p, RDF.type, OWL.ObjectProperty))
        elif p == RDF.type and s in individuals and o != OWL.NamedIndividual:
            out.append((o, RDF.type, OWL.Class))
        elif p not in (RDF.type, RDFS.label, RDFS.comment) and not str(p).startswith(str(OWL)) \
                and (isinstance(s, BNode) or isinstance(o, Literal) or s not in individuals):
            out.append((p, RDF.type, OWL.AnnotationProperty))
    return out


def _build(source: Source, ontology: Graph, edges: ClassEdges | None = None) -> list[_Model]:
    """Every mechanism of ``source`` as a :class:`_Model` filled with its steps (``edges``: the class edges of
    ``ontology``, when known); raises :class:`BBAOError` with the problems of the mechanism tables."""
    problems = check_mechanisms(source)
    if problems:
        raise BBAOError(problems)
    mechanisms = read_mechanisms(source, []) or []
    claims = {c.id: c for c in source.claims}
    used = {x for m in mechanisms for s in m.steps for x in claims[s.claim].curies()}
    kind = _kinds(ontology, used, edges)
    labels: dict[URIRef, str] = {}
    for s, o in ontology.subject_objects(RDFS.label):  # the first label in text order, whatever the hash seed
        if isinstance(s, URIRef) and (s not in labels or str(o) < labels[s]):
            labels[s] = str(o)
    models = []
    for mechanism in mechanisms:
        model = _Model(mechanism, labels, kind, source.ontology, source.creators, Graph())
        for step in mechanism.steps:
            model.claim(claims[step.claim])
        models.append(model)
    return models


def gocam_models(source: Source, ontology: Graph) -> dict[str, Graph]:
    """One GO-CAM model per mechanism of ``source`` (mechanism id -> Graph): an ``owl:Ontology`` with GO-CAM's
    model metadata (title, contributor, date, provider, model state), the individuals and annotated edges of
    its steps (module table) and the declarations needed to read it alone.

    ``ontology`` is the full ontology (bbao.owl as :func:`bbao.build.build_graphs` compiles it, import modules
    included): it gives the labels and the class hierarchy that tells a protein from a chemical or a nerve.
    Nothing when ``source`` has no mechanism tables. Raises :class:`BBAOError` with every problem of the
    mechanism tables (:func:`bbao.mechanisms.check_mechanisms`)."""
    out = {}
    for model in _build(source, ontology):
        graph = model.graph
        graph.add((model.iri, RDF.type, OWL.Ontology))
        for triple in (*model.header(), *_declarations(graph)):
            graph.add(triple)
        out[model.mechanism.id] = graph
    return out


def gocam_graph(source: Source, ontology: Graph, edges: ClassEdges | None = None) -> Graph:
    """The release product (``bbao-gocam.ttl``): every model of :func:`gocam_models` in one ontology with the
    product's header (:func:`bbao.void.artifact_header`), which ``dcterms:hasPart`` each model. A model's
    metadata stays on its IRI as annotations; its individuals are under its IRI. ``edges`` are
    :func:`bbao.closure.class_edges` of ``ontology`` when the caller has them (a build computes them for the
    closure too); else they are computed here. Raises what :func:`gocam_models` raises, and KeyError for a
    metadata key the header needs."""
    g = Graph()
    header = artifact_header(source.ontology, "gocam", "GO-CAM models of the mechanisms", DESCRIPTION)
    product = header[0][0]
    for triple in header:
        g.add(triple)
    g.add((DCTERMS.hasPart, RDF.type, OWL.AnnotationProperty))
    for model in _build(source, ontology, edges):
        g.add((product, DCTERMS.hasPart, model.iri))
        for triple in (*model.graph, *model.header()):
            g.add(triple)
    for triple in _declarations(g):
        g.add(triple)
    return g


def render_gocam(graph: Iterable[Triple]) -> bytes:
    """The Turtle bytes of the product ``graph`` (:func:`gocam_graph`), canonical (:func:`bbao.serialize.canonical`)
    like every release file, with the prefixes of BBAO's Turtle files (:data:`bbao.prefixes.VOCAB_PREFIXES`,
    :data:`bbao.prefixes.PREFIX_MAP`) and GO-CAM's (``dc``, ``lego``, ``pav``) bound. Binding these matters: rdflib
    names an unbound namespace ``ns1``, ``ns2`` in an order that follows Python's hash seed, so two builds would
    differ."""
    names = Graph()
    bindings = (*VOCAB_PREFIXES.items(), *PREFIX_MAP.items(), ("dc", str(DC)), ("lego", str(LEGO)), ("pav", str(PAV)))
    for prefix, namespace in bindings:
        names.bind(prefix, namespace, override=True, replace=True)
    return Canonical(graph, names).render("turtle")
