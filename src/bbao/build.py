"""Compile the curated source into the release artifacts, deterministically.

One source, three views of every claim (README, "Data model"):

a. an OWL 2 DL axiom ``subject SubClassOf relation some object`` whose axiom annotations carry the
   evidence, the source and the context;
b. a reified claim individual (a ``brain-bone axis claim``) with every field as plain triples;
c. a direct ``subject relation object`` triple in the separate relation graph.

The OWL artifacts (``bbao.owl``, ``.ttl``, ``.nt``, ``.jsonld``) merge BBAO's own axioms with the
import modules; the relation graph stays out of them, since its triples between classes are not OWL DL.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from bbao import paths
from bbao.errors import BBAOError, Problem
from bbao.imports import Entity, load_imports
from bbao.prefixes import compress, expand, prefix_of
from bbao.relations import ALLOWED_RELATIONS
from bbao.serialize import render_all, write_atomically
from bbao.source import CLAIM_COLUMNS, CLAIM_CURIE_COLUMNS, LOGICAL_DEFINITIONS, TERM_COLUMNS, Claim, Source, load_source

OBOINOWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")

ARTIFACTS = ("bbao.owl", "bbao.ttl", "bbao.nt", "bbao.jsonld")
RELATION_GRAPH = "bbao-relation-graph.ttl"


def iri(curie: str) -> URIRef:
    return URIRef(expand(curie))


DEFINITION = iri("IAO:0000115")
DEFINITION_SOURCE = iri("IAO:0000119")
EDITOR_NOTE = iri("IAO:0000116")
JOURNAL_ARTICLE = iri("IAO:0000013")
CLAIM_CLASS = iri("BBAO:0000001")

#: Claim field -> BBAO annotation property (see terms.tsv for their definitions).
FIELD_PROPERTY: dict[str, URIRef] = {
    name: iri(f"BBAO:{number:07d}")
    for name, number in (
        ("subject", 100), ("relation", 101), ("object", 102), ("sign", 103), ("receptor", 104),
        ("mediator", 105), ("anatomical_context", 106), ("cell_context", 107), ("taxon", 108),
        ("disease_context", 109), ("developmental_context", 110), ("site", 111), ("cotreatment", 112),
        ("evidence", 113), ("section", 114), ("excerpt", 115), ("direction", 116), ("claim", 117),
    )
}
#: Context fields copied onto the OWL axiom annotations as well.
CONTEXT_FIELDS = (
    "receptor", "mediator", "anatomical_context", "cell_context", "taxon", "disease_context",
    "developmental_context", "site", "cotreatment",
)
ANNOTATION_VOCABULARY = (
    DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator, DCTERMS.source,
    DCTERMS.identifier, DCTERMS.date, DCTERMS.bibliographicCitation, DCTERMS.references,
    SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch,
    OBOINOWL.hasExactSynonym, OBOINOWL.hasRelatedSynonym,
    BIBO.doi, BIBO.volume, BIBO.issue, BIBO.pages, PRISM.publicationName,
)


@dataclass
class Build:
    """The compiled graphs of one build."""

    ontology: Graph
    relation_graph: Graph
    source: Source


def _bnode(*parts: str) -> BNode:
    return BNode("b" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:20])


def check_references(source: Source, declared: dict[str, Entity]) -> None:
    """Every CURIE must be declared by an import module or minted in terms.tsv; labels must agree."""
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
                problems.append(Problem(terms_file, f"{curie} is absent from {where(curie)}", t.line, TERM_COLUMNS.index(column) + 1, column))
        if t.type == "external" and known(t.id):
            actual = declared[expand(t.id)].label
            if actual != t.label:
                problems.append(Problem(terms_file, f"{t.id} label {t.label!r} differs from the import module's {actual!r}", t.line, TERM_COLUMNS.index("label") + 1, "label"))
    for c in source.claims:
        refs = [("subject", c.subject), ("relation", c.relation), ("object", c.object)]
        refs += [(name, v) for name in CLAIM_CURIE_COLUMNS for v in getattr(c, name)]
        for column, curie in refs:
            if not known(curie):
                problems.append(Problem(claims_file, f"{c.id}: {curie} is absent from {where(curie)}", c.line, CLAIM_COLUMNS.index(column) + 1, column))
    if problems:
        raise BBAOError(problems)


_VOCABULARY = ("http://www.w3.org/", "http://purl.org/dc/", "http://www.geneontology.org/formats/oboInOwl#")


def logical_axioms(source: Source, declared: dict[str, Entity]) -> Graph:
    """The curated OWL axioms (equivalences, disjointness) of ``logical-definitions.ttl``, checked:
    every IRI must be declared by an import module or minted in terms.tsv."""
    path = source.directory / LOGICAL_DEFINITIONS
    graph = Graph()
    if not path.is_file():
        return graph
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib's parsers raise several types; all mean malformed Turtle
        raise BBAOError([Problem(str(path), f"malformed Turtle: {exc}")]) from exc
    minted = {expand(t.id) for t in source.terms if t.type != "external"}
    text = path.read_text(encoding="utf-8").splitlines()
    problems = []
    for node in sorted({x for triple in graph for x in triple if isinstance(x, URIRef)}, key=str):
        name = str(node)
        if name.startswith(_VOCABULARY) or name in minted or name in declared:
            continue
        local = name.rsplit("/", 1)[-1]
        line = next((i for i, row in enumerate(text, 1) if local in row), None)
        problems.append(Problem(str(path), f"{compress(name)} is absent from the import modules and terms.tsv", line=line))
    if problems:
        raise BBAOError(problems)
    return graph


def _labels(source: Source, declared: dict[str, Entity]) -> dict[str, str]:
    labels = {e.iri: e.label for e in declared.values()}
    labels.update({expand(t.id): t.label for t in source.terms if t.type != "external"})
    return labels


def _header(g: Graph, source: Source) -> URIRef:
    meta = source.ontology
    onto = URIRef(str(meta["iri"]))
    version = str(meta["version"])
    doi = URIRef(f"https://doi.org/{meta['source_doi']}")
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, OWL.versionIRI, URIRef(str(meta["version_iri_template"]).format(version=version))))
    g.add((onto, OWL.versionInfo, Literal(version)))
    g.add((onto, DCTERMS.title, Literal(str(meta["title"]), lang="en")))
    g.add((onto, DCTERMS.description, Literal(" ".join(str(meta["description"]).split()), lang="en")))
    g.add((onto, DCTERMS.license, URIRef(str(meta["license"]))))
    g.add((onto, DCTERMS.source, doi))
    for creator in meta["creators"]:  # type: ignore[union-attr]
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
    """A readable label: 'subject relation object' plus the context that tells claims apart."""
    name = lambda curie: labels.get(expand(curie), curie)  # noqa: E731
    text = f"{name(c.subject)} {name(c.relation)} {name(c.object)}"
    context = list(c.site)
    context += [f"via {name(r)}" for r in c.receptor]
    context += [f"in {name(x)}" for x in c.cell_context + c.anatomical_context + c.disease_context]
    context += [f"with {name(x)}" for x in c.cotreatment]
    context += list(c.developmental_context) + [name(x) for x in c.taxon]
    return f"{text} ({'; '.join(context)})" if context else text


def _claims(g: Graph, rel: Graph, source: Source, labels: dict[str, str], doi: URIRef) -> None:
    label_counts = Counter(claim_label(c, labels) for c in source.claims)
    for c in source.claims:
        node = iri(c.id)
        section = source.sections[c.section]
        subject, relation, obj = iri(c.subject), iri(c.relation), iri(c.object)
        label = claim_label(c, labels)
        if label_counts[label] > 1:
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
        g.add((node, FIELD_PROPERTY["section"], Literal(section.heading)))
        g.add((node, FIELD_PROPERTY["direction"], Literal(section.direction)))
        g.add((node, FIELD_PROPERTY["excerpt"], Literal(c.excerpt)))
        for e in c.evidence:
            g.add((node, FIELD_PROPERTY["evidence"], iri(e)))
        if c.comment:
            g.add((node, RDFS.comment, Literal(c.comment)))
        context: list[tuple[URIRef, URIRef | Literal]] = []
        for name in CONTEXT_FIELDS:
            for value in getattr(c, name):
                term = Literal(value) if name in ("site", "developmental_context") else iri(value)
                context.append((FIELD_PROPERTY[name], term))
        for prop, value in context:
            g.add((node, prop, value))
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


def describe_artifact(graph: Graph, filename: str, part: str, description: str, meta: Mapping[str, object]) -> None:
    """The ontology header of a release artifact other than bbao.owl (relation graph, closure): its IRI
    beside bbao.owl's, title, description, licence, source, version and creators from ``metadata.toml``."""
    node = URIRef(str(meta["iri"]).replace("bbao.owl", filename))
    graph.add((node, RDF.type, OWL.Ontology))
    graph.add((node, DCTERMS.title, Literal(f"Brain-Bone Axis Ontology: {part}", lang="en")))
    graph.add((node, DCTERMS.description, Literal(description, lang="en")))
    graph.add((node, DCTERMS.license, URIRef(str(meta["license"]))))
    graph.add((node, DCTERMS.source, URIRef(f"https://doi.org/{meta['source_doi']}")))
    graph.add((node, OWL.versionInfo, Literal(str(meta["version"]))))
    graph.add((node, OWL.versionIRI, URIRef(
        str(meta["version_iri_template"]).format(version=meta["version"]).replace("bbao.owl", filename))))
    for creator in meta["creators"]:  # type: ignore[attr-defined]
        graph.add((node, DCTERMS.creator, Literal(creator)))


def build_graphs(source: Source, imports_dir: Path) -> Build:
    """The full OWL graph (BBAO plus import modules) and the relation graph, in memory."""
    imported, declared = load_imports(imports_dir)
    check_references(source, declared)
    labels = _labels(source, declared)
    g = Graph()
    doi = _header(g, source)
    _bibliography(g, source, doi)
    _terms(g, source)
    rel = Graph()
    _claims(g, rel, source, labels, doi)
    _relation_signs(g)
    for triple in logical_axioms(source, declared):
        g.add(triple)
    for triple in imported:
        g.add(triple)
    describe_artifact(rel, RELATION_GRAPH, "relation graph", (
        "One direct 'subject relation object' triple per BBAO claim, between the public IRIs "
        "(Ubergraph style). The sign is readable from the predicate; provenance and context are on the "
        "claim individuals of bbao.ttl."), source.ontology)
    return Build(g, rel, source)


def render_build(result: Build, out_dir: Path) -> dict[Path, bytes]:
    """Every file of a release: the ontology, relation graph, subclass closure, base, prefix context, SSSOM
    mappings (in ``mappings/`` beside ``out_dir``) and the VoID/DCAT description of them all."""
    from bbao.closure import CLOSURE_FILE, closure_graph
    from bbao.export import BASE_ARTIFACTS, base_graph
    from bbao.mappings import SSSOM_FILE, render_sssom
    from bbao.prefixes import CONTEXT_FILE, derive_prefix_map, render_context
    from bbao.void import render_void

    base = base_graph(result.ontology, result.source.directory)
    closure = closure_graph(result.ontology, result.source.ontology)
    parts = {
        "full": render_all(result.ontology, [out_dir / name for name in ARTIFACTS]),
        "relation-graph": render_all(result.relation_graph, [out_dir / RELATION_GRAPH]),
        "closure": render_all(closure, [out_dir / CLOSURE_FILE]),
        "base": render_all(base, [out_dir / name for name in BASE_ARTIFACTS]),
        "mappings": {out_dir.parent / SSSOM_FILE: render_sssom(result.source, result.ontology)},
    }
    graphs = {"full": result.ontology, "relation-graph": result.relation_graph, "closure": closure, "base": base}
    files = {path: data for part in parts.values() for path, data in part.items()}
    files[out_dir / CONTEXT_FILE] = render_context(derive_prefix_map())
    files.update(render_void(result.source.ontology, graphs, parts, out_dir))
    return files


def check_shapes(result: Build) -> None:
    """Refuse a build whose ontology and relation graph do not conform to the shipped SHACL shapes."""
    from bbao.validate import validate_graph

    data = Graph()
    for triple in result.ontology:
        data.add(triple)
    for triple in result.relation_graph:
        data.add(triple)
    validation = validate_graph(data)
    if not validation.conforms:
        raise BBAOError([
            Problem("SHACL validation", f"{r.severity} {r.focus} {r.path}: {r.message}".replace("  ", " "))
            for r in validation.results
        ])


def build(
    source_dir: Path | None = None, out_dir: Path | None = None, *, write: bool = True, validate: bool = True,
) -> tuple[Build, dict[Path, bytes], list[Path]]:
    """Compile ``source_dir`` into ``out_dir``; nothing is written unless the whole build succeeds,
    SHACL validation included (``validate=False`` skips it, for checks that only compare bytes)."""
    source_dir = source_dir or paths.source_dir()
    out_dir = out_dir or paths.ontology_dir()
    imports_dir = source_dir.parent / "imports" if (source_dir.parent / "imports").is_dir() else paths.imports_dir()
    source = load_source(source_dir)
    result = build_graphs(source, imports_dir)
    files = render_build(result, out_dir)
    if write and validate:
        check_shapes(result)
    changed = write_atomically(files) if write else []
    return result, files, changed


def stale_artifacts(out_dir: Path | None = None) -> list[Path]:
    """Committed artifacts that differ from what the current source compiles to."""
    out_dir = out_dir or paths.ontology_dir()
    _, files, _ = build(out_dir=out_dir, write=False, validate=False)
    return [p for p, data in files.items() if not p.is_file() or p.read_bytes() != data]


__all__ = ["ARTIFACTS", "RELATION_GRAPH", "Build", "build", "build_graphs", "claim_label", "describe_artifact",
           "stale_artifacts"]
