"""Compile the curated source into the release artifacts, deterministically.

One source, three views of every claim (README, "Data model"):

a. an OWL 2 DL axiom ``subject SubClassOf relation some object`` whose axiom annotations carry the
   evidence, the source and the context;
b. a reified claim individual (a ``brain-bone axis claim``) with every field as plain triples;
c. a direct ``subject relation object`` triple in the separate relation graph.

The OWL artifacts (the ``full`` product: ``bbao.owl``, ``.ttl``, ``.nt``, ``.jsonld``) merge BBAO's own
axioms with the import modules; the relation graph stays out of them, since its triples between classes
are not OWL DL.

This module only compiles: the vocabulary comes from :mod:`bbao.model`, every file name, syntax and
product IRI from :mod:`bbao.artifacts`, the products' headers and the dataset description from
:mod:`bbao.void`, the closure from :mod:`bbao.closure`. Each product is canonicalized once and every syntax
written from that one triple list (:class:`bbao.serialize.Canonical`: Turtle, JSON-LD and the OBO Graphs JSON
of the full product read one Graph of it); the class edges are computed once for the closure and the GO-CAM
models; Python's cyclic garbage collector is paused while a build runs (:func:`_collector_paused`, a fifth of
its time otherwise); the import modules are read once and reused for the base product; the prefix context is
Bioregistry's cached answer (:func:`bbao.prefixes.prefix_map_for_build`), asked afresh by ``bbao build --check``.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from bbao import paths
from bbao.artifacts import ARTIFACT, ARTIFACTS, Artifact, product, product_iri, product_version_iri
from bbao.closure import class_edges, closure_triples
from bbao.closure import header as closure_header
from bbao.coverage import check_coverage
from bbao.errors import BBAOError, Problem
from bbao.gocam import gocam_graph, render_gocam
from bbao.imports import Entity, base_triples, load_imports
from bbao.mappings import render_sssom
from bbao.mechanisms import check_mechanisms, mechanism_triples, read_mechanisms
from bbao.model import (
    ALLOWED_RELATIONS,
    BIBO,
    BIOLINK,
    BIOLINK_AGENT_TYPE,
    BIOLINK_KNOWLEDGE_LEVEL,
    CLAIM_CLASS,
    CONTEXT_FIELDS,
    CURIE_FIELDS,
    DEFINITION,
    DEFINITION_SOURCE,
    EDITOR_NOTE,
    FIELD_PROPERTY,
    JOURNAL_ARTICLE,
    LITERAL_FIELDS,
    OBOINOWL,
    PRISM,
    iri,
)
from bbao.obographs import render_obograph
from bbao.prefixes import compress, expand, prefix_map_for_build, prefix_of, render_context
from bbao.release import (
    MANIFEST,
    Record,
    digest,
    file_digest,
    leftovers,
    lock,
    read_manifest,
    unmatched,
    write_release,
)
from bbao.serialize import Canonical, Triple, render_all
from bbao.source import CLAIM_COLUMNS, TERM_COLUMNS, Claim, Source, load_source
from bbao.void import artifact_header, render_void

__all__ = [
    "BUILT", "Build", "Stale", "build", "build_graphs", "check_references", "check_shapes", "claim_label",
    "logical_axioms", "render_build", "stale_files", "stale_summary",
]

#: The files ``bbao build`` renders, in release order (the registry's, less what ``bbao reason`` writes and the
#: release manifest, which :func:`bbao.release.write_release` writes beside them).
BUILT: Final[tuple[Artifact, ...]] = tuple(a for a in ARTIFACTS if a.written_by == "build" and a.file != MANIFEST)
#: What the relation graph's ontology header says it is.
RELATION_GRAPH_DESCRIPTION: Final = (
    "One direct 'subject relation object' triple per BBAO claim that the review states as established, between "
    "the public IRIs (Ubergraph style). The sign is readable from the predicate; provenance and context are on the "
    "claim individuals of bbao.ttl. Claims the review states less firmly are in bbao-tentative-relation-graph.ttl.")
#: What the tentative relation graph's ontology header says it is.
TENTATIVE_RELATION_GRAPH_DESCRIPTION: Final = (
    "One direct 'subject relation object' triple per BBAO claim that the review does not state as established: "
    "an association, a clinical observation, an experimental finding, a hypothesis or a future direction. Each "
    "triple has an owl:Axiom node naming its claim (BBAO:0000117) and knowledge level (BBAO:0000118). These "
    "claims are not OWL axioms of bbao.owl, so the reasoner classifies nothing from them.")
#: The annotation properties BBAO's own axioms use besides its own and IAO's, declared in the header.
ANNOTATION_VOCABULARY: Final = (
    DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator, DCTERMS.source,
    DCTERMS.identifier, DCTERMS.date, DCTERMS.bibliographicCitation, DCTERMS.references,
    SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch,
    OBOINOWL.hasExactSynonym, OBOINOWL.hasRelatedSynonym,
    BIBO.doi, BIBO.volume, BIBO.issue, BIBO.pages, PRISM.publicationName,
    BIOLINK.knowledge_level, BIOLINK.agent_type,
)


@dataclass
class Build:
    """The compiled graphs of one build: the full ontology (BBAO's axioms merged with the import modules),
    the relation graph (one direct triple per claim, with its header), the source they were compiled
    from, and the import modules' own triples (headers removed, as :func:`bbao.imports.load_imports` gives
    them)."""

    ontology: Graph
    relation_graph: Graph
    source: Source
    imported: Graph = field(default_factory=Graph)
    tentative_relation_graph: Graph = field(default_factory=Graph)


def _bnode(*parts: str) -> BNode:
    """A blank node named by a digest of ``parts``, so that the same axiom gets the same node in every build."""
    return BNode("b" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:20])


def check_references(source: Source, declared: dict[str, Entity]) -> None:
    """Every CURIE of the tables must be declared by an import module (``declared``: IRI -> entity) or
    minted in terms.tsv, and an external term's label must be the import module's. Raises
    :class:`BBAOError` listing every defect with file, line and column."""
    problems: list[Problem] = []
    minted = {t.id for t in source.terms if t.type != "external"}
    terms_file = str(source.directory / "terms.tsv")
    claims_file = str(source.directory / "claims.tsv")

    def known(curie: str) -> bool:
        if prefix_of(curie) == "BBAO":
            return curie in minted
        return expand(curie) in declared

    def where(curie: str) -> str:
        return "terms.tsv" if prefix_of(curie) == "BBAO" else "the import modules (run `bbao imports`)"

    for t in source.terms:
        refs = [("id", t.id)] if t.type == "external" else []
        refs += [("parent", t.parent)] if t.parent else []
        refs += [("mappings", m) for _, m in t.mappings]
        refs += [("axioms", x) for pair in t.axioms for x in pair]
        for column, curie in refs:
            if not known(curie):
                problems.append(Problem(terms_file, f"{curie} is absent from {where(curie)}", t.line,
                                        TERM_COLUMNS.index(column) + 1, column))
        if t.type == "external" and known(t.id):
            actual = declared[expand(t.id)].label
            if actual != t.label:
                message = f"{t.id} label {t.label!r} differs from the import module's {actual!r}"
                problems.append(Problem(terms_file, message, t.line, TERM_COLUMNS.index("label") + 1, "label"))
    for c in source.claims:
        refs = [("subject", c.subject), ("relation", c.relation), ("object", c.object)]
        refs += [(name, v) for name in CURIE_FIELDS for v in getattr(c, name)]
        for column, curie in refs:
            if not known(curie):
                problems.append(Problem(claims_file, f"{c.id}: {curie} is absent from {where(curie)}", c.line,
                                        CLAIM_COLUMNS.index(column) + 1, column))
    if problems:
        raise BBAOError(problems)


_VOCABULARY = ("http://www.w3.org/", "http://purl.org/dc/", "http://www.geneontology.org/formats/oboInOwl#")


def logical_axioms(source: Source, declared: dict[str, Entity]) -> Graph:
    """The curated OWL axioms (equivalences, disjointness) of ``logical-definitions.ttl`` as
    :func:`bbao.source.load_source` parsed them (an empty Graph without the file), checked: every IRI
    must be declared by an import module (``declared``) or minted in terms.tsv. Raises
    :class:`BBAOError` naming each other IRI with the file and the first line mentioning it."""
    logical = source.logical
    if logical is None:
        return Graph()
    minted = {expand(t.id) for t in source.terms if t.type != "external"}
    problems = []
    for node in sorted({x for triple in logical.graph for x in triple if isinstance(x, URIRef)}, key=str):
        name = str(node)
        if name.startswith(_VOCABULARY) or name in minted or name in declared:
            continue
        problems.append(Problem(str(logical.path), f"{compress(name)} is absent from the import modules and terms.tsv",
                                line=logical.line_of(name)))
    if problems:
        raise BBAOError(problems)
    return logical.graph


def _labels(source: Source, declared: dict[str, Entity]) -> dict[str, str]:
    labels = {e.iri: e.label for e in declared.values()}
    labels.update({expand(t.id): t.label for t in source.terms if t.type != "external"})
    return labels


def _header(g: Graph, source: Source) -> URIRef:
    """The ontology header of the full product; returns the IRI of the review (its DOI)."""
    meta = source.ontology
    onto = URIRef(product_iri(meta, "full"))
    version = str(meta["version"])
    doi = URIRef(f"https://doi.org/{meta['source_doi']}")
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, OWL.versionIRI, URIRef(product_version_iri(meta, "full"))))
    g.add((onto, OWL.versionInfo, Literal(version)))
    g.add((onto, DCTERMS.title, Literal(str(meta["title"]), lang="en")))
    g.add((onto, DCTERMS.description, Literal(" ".join(str(meta["description"]).split()), lang="en")))
    g.add((onto, DCTERMS.license, URIRef(str(meta["license"]))))
    g.add((onto, DCTERMS.source, doi))
    for creator in source.creators:
        g.add((onto, DCTERMS.creator, Literal(creator)))
    if meta.get("comment"):
        g.add((onto, RDFS.comment, Literal(str(meta["comment"]))))
    for prop in ANNOTATION_VOCABULARY:
        g.add((prop, RDF.type, OWL.AnnotationProperty))
    return doi


def _bibliography(g: Graph, source: Source, doi: URIRef) -> None:
    review = source.review
    g.add((doi, RDF.type, OWL.NamedIndividual))
    g.add((doi, RDF.type, JOURNAL_ARTICLE))
    g.add((doi, RDFS.label, Literal(review["title"])))
    g.add((doi, DCTERMS.title, Literal(review["title"])))
    for author in review["authors"].split(" and "):
        g.add((doi, DCTERMS.creator, Literal(author.strip())))
    g.add((doi, DCTERMS.date, Literal(review["date"], datatype=XSD.date)))
    g.add((doi, BIBO.doi, Literal(str(source.ontology["source_doi"]))))
    g.add((doi, BIBO.volume, Literal(review["volume"])))
    g.add((doi, BIBO.issue, Literal(review["issue"])))
    g.add((doi, PRISM.publicationName, Literal(review["journal"])))
    g.add((doi, DCTERMS.identifier, Literal(review["identifier"])))
    g.add((doi, DCTERMS.license, URIRef(str(source.ontology["license"]))))
    g.add((doi, DCTERMS.bibliographicCitation, Literal(
        f"{review['authors']} ({review['year']}) {review['title']}. {review['journal']} "
        f"{review['volume']}({review['issue']}). doi:{source.ontology['source_doi']}")))
    for ref in source.references:
        node = URIRef(f"https://w3id.org/bbao/reference/{ref.number}")
        g.add((doi, DCTERMS.references, node))
        g.add((node, RDF.type, OWL.NamedIndividual))
        g.add((node, RDF.type, JOURNAL_ARTICLE))
        g.add((node, RDFS.label, Literal(f"reference {ref.number} of the review: {ref.title}")))
        g.add((node, DCTERMS.title, Literal(ref.title)))
        g.add((node, DCTERMS.creator, Literal(ref.authors)))
        g.add((node, DCTERMS.date, Literal(ref.year, datatype=XSD.gYear)))
        g.add((node, PRISM.publicationName, Literal(ref.journal)))
        for prop, value in ((BIBO.volume, ref.volume), (BIBO.issue, ref.issue), (BIBO.pages, ref.pages)):
            if value:
                g.add((node, prop, Literal(value)))
        issue = f"({ref.issue})" if ref.issue else ""
        g.add((node, DCTERMS.bibliographicCitation, Literal(
            f"{ref.authors} ({ref.year}) {ref.title} {ref.journal} {ref.volume}{issue}: {ref.pages}.")))


def _some(g: Graph, subject: URIRef, relation: URIRef, target: URIRef) -> BNode:
    """Assert ``subject SubClassOf relation some target``; returns the restriction node."""
    node = _bnode(str(subject), str(relation), str(target))
    g.add((node, RDF.type, OWL.Restriction))
    g.add((node, OWL.onProperty, relation))
    g.add((node, OWL.someValuesFrom, target))
    g.add((subject, RDFS.subClassOf, node))
    return node


def _terms(g: Graph, source: Source) -> None:
    kinds = {"class": OWL.Class, "object_property": OWL.ObjectProperty, "annotation_property": OWL.AnnotationProperty}
    for t in source.terms:
        node = iri(t.id)
        for syn in t.exact_synonyms:
            g.add((node, OBOINOWL.hasExactSynonym, Literal(syn)))
        for syn in t.related_synonyms:
            g.add((node, OBOINOWL.hasRelatedSynonym, Literal(syn)))
        if t.type == "external":
            for relation, target in t.axioms:
                _some(g, node, iri(relation), iri(target))
            if t.parent:
                g.add((node, RDFS.subClassOf, iri(t.parent)))
                axiom = _bnode("bridge", t.id, t.parent)
                g.add((axiom, RDF.type, OWL.Axiom))
                g.add((axiom, OWL.annotatedSource, node))
                g.add((axiom, OWL.annotatedProperty, RDFS.subClassOf))
                g.add((axiom, OWL.annotatedTarget, iri(t.parent)))
                g.add((axiom, RDFS.comment, Literal(t.comment or "Placement asserted by BBAO.")))
            elif t.comment:
                g.add((node, EDITOR_NOTE, Literal(t.comment)))
            continue
        g.add((node, RDF.type, kinds[t.type]))
        g.add((node, RDFS.label, Literal(t.label)))
        g.add((node, DEFINITION, Literal(t.definition)))
        g.add((node, DEFINITION_SOURCE, Literal(t.definition_source)))
        if t.comment:
            g.add((node, RDFS.comment, Literal(t.comment)))
        if t.parent:
            g.add((node, RDFS.subPropertyOf if t.type != "class" else RDFS.subClassOf, iri(t.parent)))
        for pred, target in t.mappings:
            g.add((node, SKOS[pred.split(":", 1)[1]], iri(target)))
        for relation, target in t.axioms:
            _some(g, node, iri(relation), iri(target))


def claim_label(c: Claim, labels: dict[str, str]) -> str:
    """A readable label of claim ``c``: 'subject relation object' plus the context that tells claims
    apart, each term by its label in ``labels`` (IRI -> label), else by its CURIE. A word that ends the
    subject's label and starts the relation's is said once ("Alzheimer disease has negative effect on …",
    not "Alzheimer disease disease has …")."""

    def name(curie: str) -> str:
        return labels.get(expand(curie), curie)

    subject, relation = name(c.subject), name(c.relation)
    first, _, rest = relation.partition(" ")
    if rest and subject.lower().endswith(" " + first.lower()):  # "Alzheimer disease" + "disease has ..." once
        relation = rest
    text = f"{subject} {relation} {name(c.object)}"
    context = list(c.site)
    context += [f"via {name(r)}" for r in c.receptor]
    context += [f"in {name(x)}" for x in c.cell_context + c.anatomical_context + c.disease_context]
    context += [f"with {name(x)}" for x in c.cotreatment]
    context += list(c.developmental_context) + [name(x) for x in c.taxon]
    return f"{text} ({'; '.join(context)})" if context else text


def _claims(g: Graph, rel: Graph, tentative: Graph, source: Source, labels: dict[str, str], doi: URIRef) -> None:
    """Each claim as a reified individual in ``g``; an established claim also as an annotated OWL axiom in ``g``
    and a direct triple in ``rel`` (the relation graph), any other as a direct triple in ``tentative`` with an
    ``owl:Axiom`` node naming its claim and knowledge level (nothing is classified from a hypothesis)."""
    label_counts = Counter(claim_label(c, labels) for c in source.claims)
    # a label the section does not tell apart either (two claims of one section that differ in level or
    # mediators) ends with the claim's identifier: no two entities share a label (ROBOT's duplicate_label)
    section_counts = Counter((claim_label(c, labels), c.section) for c in source.claims)
    for c in source.claims:
        node = iri(c.id)
        section = source.sections[c.section]
        subject, relation, obj = iri(c.subject), iri(c.relation), iri(c.object)
        label = claim_label(c, labels)
        if section_counts[label, c.section] > 1:
            label += f" [{section.heading}; {c.id}]"
        elif label_counts[label] > 1:
            label += f" [{section.heading}]"
        g.add((node, RDF.type, OWL.NamedIndividual))
        g.add((node, RDF.type, CLAIM_CLASS))
        g.add((node, RDFS.label, Literal(label)))
        g.add((node, DCTERMS.identifier, Literal(c.id)))
        g.add((node, DCTERMS.source, doi))
        g.add((node, FIELD_PROPERTY["subject"], subject))
        g.add((node, FIELD_PROPERTY["relation"], relation))
        g.add((node, FIELD_PROPERTY["object"], obj))
        g.add((node, FIELD_PROPERTY["sign"], Literal(c.sign)))
        g.add((node, FIELD_PROPERTY["knowledge_level"], Literal(c.knowledge_level)))
        g.add((node, BIOLINK.knowledge_level, Literal(BIOLINK_KNOWLEDGE_LEVEL[c.knowledge_level])))
        g.add((node, BIOLINK.agent_type, Literal(BIOLINK_AGENT_TYPE)))
        g.add((node, FIELD_PROPERTY["section"], Literal(section.heading)))
        g.add((node, FIELD_PROPERTY["direction"], Literal(section.direction)))
        g.add((node, FIELD_PROPERTY["excerpt"], Literal(c.excerpt)))
        for e in c.evidence:
            g.add((node, FIELD_PROPERTY["evidence"], iri(e)))
        for e in c.reported_evidence:
            g.add((node, FIELD_PROPERTY["reported_evidence"], iri(e)))
        for e in c.example:
            g.add((node, FIELD_PROPERTY["example"], iri(e)))
        if c.comment:
            g.add((node, RDFS.comment, Literal(c.comment)))
        context: list[tuple[URIRef, URIRef | Literal]] = []
        for name in CONTEXT_FIELDS:
            for value in getattr(c, name):
                term = Literal(value) if name in LITERAL_FIELDS else iri(value)
                context.append((FIELD_PROPERTY[name], term))
        for prop, value in context:
            g.add((node, prop, value))
        if not c.established:  # view c only, in the tentative relation graph, marked with its claim and level
            tentative.add((subject, relation, obj))
            marker = _bnode("tentative", c.id)
            tentative.add((marker, RDF.type, OWL.Axiom))
            tentative.add((marker, OWL.annotatedSource, subject))
            tentative.add((marker, OWL.annotatedProperty, relation))
            tentative.add((marker, OWL.annotatedTarget, obj))
            tentative.add((marker, FIELD_PROPERTY["claim"], node))
            tentative.add((marker, FIELD_PROPERTY["knowledge_level"], Literal(c.knowledge_level)))
            continue
        # view a: the OWL axiom, annotated with evidence, source, context and the claim itself
        restriction = _some(g, subject, relation, obj)
        axiom = _bnode("axiom", c.id)
        g.add((axiom, RDF.type, OWL.Axiom))
        g.add((axiom, OWL.annotatedSource, subject))
        g.add((axiom, OWL.annotatedProperty, RDFS.subClassOf))
        g.add((axiom, OWL.annotatedTarget, restriction))
        g.add((axiom, FIELD_PROPERTY["claim"], node))
        g.add((axiom, DCTERMS.source, doi))
        for e in c.evidence:
            g.add((axiom, FIELD_PROPERTY["evidence"], iri(e)))
        for prop, value in context:
            g.add((axiom, prop, value))
        # view c: the direct triple
        rel.add((subject, relation, obj))


def _relation_signs(g: Graph) -> None:
    """State on each allowed relation the sign it carries, so the sign is readable from the predicate
    (and SHACL can check a claim's sign, and that its relation is allowed, from the data alone)."""
    for curie, sign in ALLOWED_RELATIONS.items():
        g.add((iri(curie), FIELD_PROPERTY["sign"], Literal(sign)))


def build_graphs(source: Source, imports_dir: Path) -> Build:
    """The full OWL graph (BBAO plus the import modules of ``imports_dir``) and the relation graph, in
    memory. Raises :class:`BBAOError` for a malformed import module, a reference to an undeclared term,
    a label that disagrees with the import module's, a coverage table that does not tie every statement
    of the review and every claim together (:func:`bbao.coverage.check_coverage`), or mechanism tables whose
    steps are not claims or do not lead into each other (:func:`bbao.mechanisms.check_mechanisms`)."""
    imported, declared = load_imports(imports_dir)
    check_references(source, declared)
    unsound = check_coverage(source) + check_mechanisms(source)
    if unsound:
        raise BBAOError(unsound)
    labels = _labels(source, declared)
    g = Graph()
    doi = _header(g, source)
    _bibliography(g, source, doi)
    _terms(g, source)
    rel, tentative = Graph(), Graph()
    _claims(g, rel, tentative, source, labels, doi)
    for triple in mechanism_triples(read_mechanisms(source, []) or [], source.claims, doi):
        g.add(triple)
    _relation_signs(g)
    for triple in logical_axioms(source, declared):
        g.add(triple)
    for triple in imported:
        g.add(triple)
    for triple in artifact_header(source.ontology, "relation-graph", "relation graph", RELATION_GRAPH_DESCRIPTION):
        rel.add(triple)
    for triple in artifact_header(source.ontology, "tentative-relation-graph", "tentative relation graph",
                                  TENTATIVE_RELATION_GRAPH_DESCRIPTION):
        tentative.add(triple)
    return Build(g, rel, source, imported, tentative)


def _target(out_dir: Path, artifact: Artifact) -> Path:
    """Where a build into ``out_dir`` writes ``artifact``: the ontology folder's files into ``out_dir``,
    the others into their folder beside it (``mappings/``)."""
    if artifact.folder == "ontology":
        return out_dir / artifact.file
    return out_dir.parent / artifact.folder / artifact.file


def _without_inert_chains(ontology: Graph, meta: Mapping[str, object]) -> list[Triple]:
    """The triples of the ``full`` product: ``ontology`` without the RO property chains that can never hold on it
    (:func:`bbao.pruning.without_inert_chains`; no Graph is filled with them), its header saying so in an
    ``rdfs:comment``. The chains stay in the base product and the RO import module, where data that uses their
    relations meets them."""
    from bbao.pruning import inert_chain_triples

    dropped, count = inert_chain_triples(ontology)
    full: list[Triple] = [triple for triple in ontology if triple not in dropped]
    if count:
        full.append((URIRef(product_iri(meta, "full")), RDFS.comment, Literal(
            f"This product leaves out {count} property chain axioms of RO (owl:propertyChainAxiom) that can never "
            "hold here: each has a link that is a relation no axiom of BBAO uses, nor a sub-property or inverse of "
            "one. They change no inference on BBAO and cost a tableau reasoner (HermiT) most of its time. They "
            "remain in the base product (bbao-base.owl) and the RO import module (imports/ro_import.ttl): use "
            "those, or RO itself, when you merge BBAO with data that uses those relations; `bbao reason --file` "
            "puts them back before reasoning over a user's file.")))
    return full


def render_build(result: Build, out_dir: Path, *, fresh_prefixes: bool = False) -> dict[Path, bytes]:
    """Every file of a release (:data:`BUILT`), path -> bytes, in release order: the ontology, relation
    graph, subclass closure, base, SSSOM mappings (in ``mappings/`` beside ``out_dir``), prefix context and
    the VoID/DCAT description of them all. The context's map comes from
    :func:`bbao.prefixes.prefix_map_for_build` (Bioregistry asked now only with ``fresh_prefixes``)."""
    meta = result.source.ontology
    full = _without_inert_chains(result.ontology, meta)
    edges = class_edges(result.ontology)  # for the closure and the GO-CAM models' kinds of entity
    closure = {*closure_triples(*edges), *closure_header(meta)}
    graphs: dict[str, Iterable[Triple]] = {
        "full": full,
        "relation-graph": result.relation_graph,
        "tentative-relation-graph": result.tentative_relation_graph,
        "closure": closure,
        "base": base_triples(result.ontology, result.imported),  # with every chain: importers may use them
    }
    # each product canonicalized once; the full product's Graph serves Turtle, JSON-LD and the OBO Graphs JSON
    canonical = {name: Canonical(graph) for name, graph in graphs.items()}
    parts = {name: render_all(canonical[name], [_target(out_dir, a) for a in product(name) if a.syntax is not None])
             for name in graphs}
    parts["full"][_target(out_dir, ARTIFACT["bbao.json"])] = render_obograph(canonical["full"].graph)
    gocam = render_gocam(gocam_graph(result.source, result.ontology, edges))  # its own prefixes: see render_gocam
    parts["gocam"] = {_target(out_dir, ARTIFACT["bbao-gocam.ttl"]): gocam}
    parts["mappings"] = {_target(out_dir, ARTIFACT["bbao.sssom.tsv"]): render_sssom(result.source, result.ontology)}
    rendered = {path: data for part in parts.values() for path, data in part.items()}
    rendered[_target(out_dir, ARTIFACT["bbao.context.jsonld"])] = render_context(
        prefix_map_for_build(fresh=fresh_prefixes))
    rendered.update(render_void(meta, graphs, parts, out_dir))
    return {_target(out_dir, a): rendered[_target(out_dir, a)] for a in BUILT}


def check_shapes(result: Build) -> None:
    """Refuse a build whose ontology and relation graph, together, do not conform to the shipped SHACL
    shapes: raises :class:`BBAOError` with one problem per validation result."""
    from bbao.validate import validate_graph  # deferred: pySHACL is only needed when writing

    data = Graph()
    data.addN((s, p, o, data) for graph in (result.ontology, result.relation_graph, result.tentative_relation_graph)
              for s, p, o in graph)
    validation = validate_graph(data)
    if not validation.conforms:
        raise BBAOError([
            Problem("SHACL validation", f"{r.severity} {r.focus} {r.path}: {r.message}".replace("  ", " "))
            for r in validation.results
        ])


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the block runs (a build's compile, render and SHACL check),
    and restored as it was after it, whatever happens. A build makes a few hundred thousand rdflib objects (terms,
    the stores' dictionaries) that all live until it ends; each full collection walks every one of them, and the
    collector ran enough of them to take 0.6 s of a 3.3 s ``bbao build`` while freeing nothing worth it. Paused,
    the build's peak memory grows by about 25 MB.

    At the end, what the build made is moved to the oldest generation (``gc.freeze`` then ``gc.unfreeze``, unless
    something else has frozen objects, which ``unfreeze`` would release): left young, the first collection after
    the pause would walk all of it at once (0.13 s). The cycles it left behind are freed by the next full
    collection, as any other garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def build(
    source_dir: Path | None = None, out_dir: Path | None = None, *, write: bool = True, validate: bool = True,
    fresh_prefixes: bool | None = None,
) -> tuple[Build, dict[Path, bytes], list[Path]]:
    """Compile ``source_dir`` (default: the shipped ``ontology/src``) into ``out_dir`` (default:
    ``ontology/``; the import modules are the ``imports`` folder beside ``source_dir``, else the shipped
    ones). Returns the compiled graphs, every file of the release (path -> bytes, see
    :func:`render_build`) and the files written (the release manifest ``bbao-release.json`` first when it
    changed).

    Nothing is written unless ``write`` and the whole build succeeds, SHACL validation included
    (``validate=False`` skips it, for checks that only compare bytes); then the files are written as one
    release (:func:`bbao.release.write_release`: staged, recorded in ``out_dir/bbao-release.json``, renamed,
    under a lock on the output folders), so a build into a folder another build is writing raises
    :class:`BBAOError`, and a build after an interrupted one completes the set. The prefix context is derived
    from Bioregistry now when ``fresh_prefixes`` (default: when not writing, i.e. ``bbao build --check``),
    else from its cached answer. Raises :class:`BBAOError` for bad input, listing every problem, and when
    writing with no ``out_dir`` outside a BBAO project (:func:`bbao.paths.writable_ontology_dir`)."""
    source_dir = source_dir or paths.source_dir()
    # a release is written into the project the command runs in, never into the installed package's copy
    out_dir = out_dir or (paths.writable_ontology_dir() if write else paths.ontology_dir())
    imports_dir = source_dir.parent / "imports" if (source_dir.parent / "imports").is_dir() else paths.imports_dir()
    with _collector_paused():
        source = load_source(source_dir)
        result = build_graphs(source, imports_dir)
        files = render_build(result, out_dir, fresh_prefixes=not write if fresh_prefixes is None else fresh_prefixes)
        if write and validate:
            check_shapes(result)
    changed = write_release(out_dir, "build", files) if write else []
    return result, files, changed


# ------------------------------------------------------------------------------------------------ check


@dataclass(frozen=True)
class Stale:
    """A release file ``bbao build --check`` finds wrong: where, why, and the command that rewrites it
    (``build`` or ``reason``)."""

    path: Path
    reason: str
    run: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _check_built(files: Mapping[Path, bytes], out_dir: Path, recorded: Mapping[str, str] | None) -> list[Stale]:
    """The files of a build that differ from what the source compiles to (``files``), each with the reason:
    missing, half-written (not the bytes the manifest records) or out of date (the source changed)."""
    stale: list[Stale] = []
    for path, data in files.items():
        on_disk = file_digest(path)
        expected = recorded.get(Path(os.path.relpath(path, out_dir)).as_posix()) if recorded is not None else None
        if expected is not None and on_disk != expected:
            what = "missing" if on_disk is None else "does not match"
            stale.append(Stale(path, f"{what}, though {MANIFEST} lists it: a `bbao build` was interrupted while "
                                     "it renamed its files (or the file was edited by hand)", "build"))
        elif on_disk is None:
            stale.append(Stale(path, "missing", "build"))
        elif on_disk != digest(data):
            stale.append(Stale(path, "out of date: the source changed since `bbao build`", "build"))
    manifest = out_dir / MANIFEST
    wanted = {Path(os.path.relpath(path, out_dir)).as_posix(): digest(data) for path, data in files.items()}
    if recorded is None:
        stale.append(Stale(manifest, "missing: no record of the release (`bbao build` writes it)", "build"))
    elif recorded != wanted:
        stale.append(Stale(manifest, "out of date: it does not list the files the source compiles to", "build"))
    return stale


def _check_inferred(files: Mapping[Path, bytes], out_dir: Path, record: Record | None) -> list[Stale]:
    """The inferred product (``bbao reason``'s release) against its record: every file as recorded, and
    recorded as reasoned over the bbao.owl and bbao.nt the source compiles to now. A folder where ``bbao
    reason`` never wrote (no record, no inferred file) has nothing to check."""
    inferred = [out_dir / a.file for a in product("inferred")]
    if record is None:
        return [Stale(path, f"{MANIFEST} has no record of the `bbao reason` that wrote it", "reason")
                for path in inferred if path.exists()]
    stale = [Stale(path, f"{'missing' if not path.exists() else 'does not match'}, though {MANIFEST} lists it: "
                         "a `bbao reason` was interrupted while it renamed its files (or the file was edited by "
                         "hand)", "reason") for path in unmatched(out_dir, record)]
    current = {path.name: digest(data) for path, data in files.items() if path.parent == out_dir}
    changed = sorted(name for name, sha in record.inputs.items() if current.get(name) != sha)
    if changed and not stale:
        stale = [Stale(out_dir / key, f"{' and '.join(changed)} changed since `bbao reason` wrote it", "reason")
                 for key in record.files]
    return stale


def stale_files(files: Mapping[Path, bytes], out_dir: Path | None = None) -> list[Stale]:
    """What ``bbao build --check`` reports for ``out_dir`` (default ``ontology/``), given ``files``, the
    release the source compiles to (:func:`build` with ``write=False``): every file missing or out of date,
    every file that does not match the release manifest (a release interrupted between two renames), the
    manifest itself when missing or out of date, the inferred product when it does not match what ``bbao
    reason`` recorded or was reasoned over another bbao.owl or bbao.nt than the source compiles to, and the
    temporary files an interrupted run left. An empty list: the release is complete and up to date.

    A manifest that is not one is reported (with its line and column) as a file ``bbao build`` rewrites. Reads
    under a shared lock (:func:`bbao.release.lock`): raises :class:`BBAOError` when a build is writing the
    folder."""
    out_dir = out_dir or paths.ontology_dir()
    folders = [f for f in dict.fromkeys([out_dir, *(path.parent for path in files)]) if f.is_dir()]
    with lock(folders, shared=True):
        try:
            records = read_manifest(out_dir)
        except BBAOError as exc:  # `bbao build` replaces it; the inferred files are then unrecorded
            records = {}
            broken = [Stale(out_dir / MANIFEST, (f"line {p.line}, column {p.column}: " if p.line else "") + p.message,
                            "build") for p in exc.problems]
        else:
            broken = []
        built = records.get("build")
        stale = broken + [s for s in _check_built(files, out_dir, built.files if built is not None else None)
                          if not (broken and s.path == out_dir / MANIFEST)]
        stale += _check_inferred(files, out_dir, records.get("reason"))
        stale += [Stale(path, "temporary file left by an interrupted run", "build") for path in leftovers(folders)]
    return stale


def stale_summary(stale: list[Stale]) -> str:
    """The last line ``bbao build --check`` prints for :func:`stale_files`'s answer: up to date, or how
    many files are wrong and what to run, in order (``bbao build``, then ``bbao reason``)."""
    if not stale:
        return "artifacts are up to date"
    runs = " and then ".join(f"`bbao {run}`" for run in ("build", "reason") if any(s.run == run for s in stale))
    return f"{len(stale)} file(s) out of date or half-written: run {runs}"
