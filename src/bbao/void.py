"""The description of a release: ontology headers of its products, VoID statistics and linksets, DCAT
distributions.

``bbao build`` writes the dataset description (``ontology/bbao-void.ttl``) from the graphs and files of
the same build, so every number is counted, not typed: triples, entities, classes, properties, the class
partitions, and one linkset per public ontology that BBAO's own resources (minted terms and claims) point
at, split by link predicate. Version, licence, title and creators come from ``metadata.toml``; the release
date is the version itself (BBAO versions are dates), never the day of the build. Each file of the build
is a distribution with its media type (:data:`bbao.artifacts.ARTIFACTS`) and size. No VoID or DCAT term
carries an example query, so the example is a SHACL ``sh:SPARQLSelectExecutable``, as in the SIB SPARQL
examples.

Every product IRI here comes from :mod:`bbao.artifacts` (:func:`~bbao.artifacts.product_iri`,
:func:`~bbao.artifacts.product_version_iri`, :func:`~bbao.artifacts.versioned_url`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SH, VOID, XSD
from rdflib.term import Node

from bbao.artifacts import ARTIFACT, product_iri, product_version_iri, release_url, versioned_url
from bbao.prefixes import BBAO_NS, OBO, OWN_PREFIXES, PREFIX_MAP, display
from bbao.serialize import Triple, render_all

__all__ = [
    "DATASETS", "EXAMPLE_QUERY", "Statistics", "artifact_header", "describe", "links", "render_void",
]

SCHEMA: Final = Namespace("https://schema.org/")
DCAT_VERSION: Final = URIRef(f"{DCAT}version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
IANA: Final = "https://www.iana.org/assignments/media-types/"
SSSOM_SPEC: Final = URIRef("https://w3id.org/sssom/")
#: The datasets of the release the description covers, by product (bbao.artifacts), with their titles.
DATASETS: Final = ("full", "base", "relation-graph", "tentative-relation-graph", "closure", "mappings")
_TITLES: Final = {
    "full": "{title}",
    "base": "{title}: base (BBAO's own axioms)",
    "relation-graph": "{title}: relation graph",
    "tentative-relation-graph": "{title}: tentative relation graph (claims not stated as established)",
    "closure": "{title}: subclass closure",
    "mappings": "{title}: SSSOM mappings",
}
#: The example: every regulator of ossification or of a subclass of it, with the claim that says so.
EXAMPLE_QUERY = """PREFIX obo: <http://purl.obolibrary.org/obo/>
PREFIX bbao: <https://w3id.org/bbao/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?regulator ?regulator_label ?process ?claim WHERE {
  ?claim a bbao:BBAO_0000001 ;
         bbao:BBAO_0000100 ?regulator ;
         bbao:BBAO_0000102 ?process .
  ?process rdfs:subClassOf* obo:GO_0001503 .
  OPTIONAL { ?regulator rdfs:label ?regulator_label }
}
ORDER BY ?regulator ?process ?claim
"""


def artifact_header(meta: Mapping[str, object], product: str, part: str, description: str) -> list[Triple]:
    """The ontology header of a release product other than the full ontology (relation graph, closure):
    its IRI and versionIRI (:func:`bbao.artifacts.product_iri`, :func:`~bbao.artifacts.product_version_iri`),
    the title "Brain-Bone Axis Ontology: ``part``", ``description``, and licence, source, version and
    creators from ``meta`` (the ``[ontology]`` table of metadata.toml). Raises KeyError for a missing key."""
    node = URIRef(product_iri(meta, product))
    header: list[Triple] = [
        (node, RDF.type, OWL.Ontology),
        (node, DCTERMS.title, Literal(f"Brain-Bone Axis Ontology: {part}", lang="en")),
        (node, DCTERMS.description, Literal(description, lang="en")),
        (node, DCTERMS.license, URIRef(str(meta["license"]))),
        (node, DCTERMS.source, URIRef(f"https://doi.org/{meta['source_doi']}")),
        (node, OWL.versionInfo, Literal(str(meta["version"]))),
        (node, OWL.versionIRI, URIRef(product_version_iri(meta, product))),
    ]
    header += [(node, DCTERMS.creator, Literal(creator)) for creator in _creators(meta)]
    return header


def _creators(meta: Mapping[str, object]) -> list[str]:
    """The ``creators`` of the metadata, as strings."""
    value = meta["creators"]
    return [str(c) for c in value] if isinstance(value, list | tuple) else [str(value)]


class Statistics:
    """The VoID numbers of one graph (any iterable of distinct-or-not triples), counted in one pass:
    ``triples`` (distinct triples less ``rdf:type rdf:List``, which the serializer drops), ``entities``
    (IRI subjects), ``classes`` (IRIs typed ``owl:Class``), ``properties`` (distinct predicates),
    ``subjects`` and ``objects`` (distinct, blank nodes and literals included). ``types`` counts, per class
    IRI, the IRIs typed with it; ``type_objects`` holds every IRI used as a type, of IRIs and blank nodes
    alike."""

    def __init__(self, graph: Iterable[Triple]) -> None:
        triples = set(graph)
        subjects: set[Node] = set()
        objects: set[Node] = set()
        predicates: set[Node] = set()
        classes: set[Node] = set()
        self.types: Counter[Node] = Counter()
        self.type_objects: set[Node] = set()
        lists = 0
        for s, p, o in triples:
            subjects.add(s)
            objects.add(o)
            predicates.add(p)
            if p == RDF.type:
                if o == RDF.List:
                    lists += 1
                if isinstance(o, URIRef):
                    self.type_objects.add(o)
                if isinstance(s, URIRef) and isinstance(o, URIRef):
                    self.types[o] += 1
                    if o == OWL.Class:
                        classes.add(s)
        self.triples = len(triples) - lists
        self.entities = sum(1 for s in subjects if isinstance(s, URIRef))
        self.classes = len(classes)
        self.properties = len(predicates)
        self.subjects = len(subjects)
        self.objects = len(objects)
        self.predicates = predicates
        self.all = triples


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _statistics(g: Graph, node: URIRef, stats: Statistics) -> None:
    """VoID statistics of a dataset, stated on ``node``."""
    g.add((node, VOID.triples, _int(stats.triples)))
    g.add((node, VOID.entities, _int(stats.entities)))
    g.add((node, VOID.classes, _int(stats.classes)))
    g.add((node, VOID.properties, _int(stats.properties)))
    g.add((node, VOID.distinctSubjects, _int(stats.subjects)))
    g.add((node, VOID.distinctObjects, _int(stats.objects)))


def _class_partitions(g: Graph, node: URIRef, stats: Statistics, doc: str) -> None:
    """One partition per class that typed IRIs belong to, with how many there are."""
    for cls, n in stats.types.items():
        if cls == OWL.Ontology:
            continue
        part = URIRef(f"{doc}class-{display(str(cls)).replace(':', '_')}")
        g.add((node, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, _int(n)))


def _vocabularies(stats: Statistics) -> set[URIRef]:
    """Namespaces of the predicates and classes used, other than identifier namespaces."""
    names = stats.predicates | stats.type_objects
    spaces = tuple(set(PREFIX_MAP.values()) | {OBO})
    out = set()
    for name in names:
        text = str(name)
        ns = text[: max(text.rfind("#"), text.rfind("/")) + 1]
        if ns and not text.startswith(spaces) and not text.startswith(BBAO_NS):
            out.add(URIRef(ns))
    return out


def _target(prefix: str, doc: str) -> URIRef:
    """The dataset a linkset points into: an OBO ontology's own IRI, else a node of this document."""
    ns = PREFIX_MAP[prefix]
    return URIRef(f"{OBO}{prefix.lower()}.owl") if ns == f"{OBO}{prefix}_" else URIRef(f"{doc}{prefix}")


def links(data: Iterable[Triple]) -> dict[str, Counter[URIRef]]:
    """Triples from BBAO's own resources (IRIs in ``https://w3id.org/bbao/``) to public terms: the CURIE
    prefix of the target (the first of the prefix map whose namespace the object IRI starts with, BBAO's
    own prefixes excepted) -> link predicate -> number of triples."""
    spaces = {p: ns for p, ns in PREFIX_MAP.items() if p not in OWN_PREFIXES}
    found: dict[str, Counter[URIRef]] = defaultdict(Counter)
    prefix_of: dict[Node, str | None] = {}
    for s, p, o in set(data):
        if not (isinstance(s, URIRef) and s.startswith(BBAO_NS) and isinstance(o, URIRef)):
            continue
        if o not in prefix_of:
            prefix_of[o] = next((k for k, ns in spaces.items() if o.startswith(ns)), None)
        prefix = prefix_of[o]
        if prefix is not None:
            found[prefix][p] += 1  # type: ignore[index]
    return found


def _linksets(g: Graph, dataset: URIRef, stats: Statistics, doc: str) -> None:
    for prefix, predicates in sorted(links(stats.all).items()):
        target = _target(prefix, doc)
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, DCTERMS.title, Literal(prefix)))
        g.add((target, VOID.uriSpace, Literal(PREFIX_MAP[prefix])))
        linkset = URIRef(f"{doc}links-{prefix}")
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.subjectsTarget, dataset))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((linkset, VOID.triples, _int(sum(predicates.values()))))
        g.add((dataset, VOID.subset, linkset))
        for predicate, n in predicates.items():
            part = URIRef(f"{doc}links-{prefix}-{display(str(predicate)).replace(':', '_')}")
            g.add((part, RDF.type, VOID.Linkset))
            g.add((part, VOID.subjectsTarget, dataset))
            g.add((part, VOID.objectsTarget, target))
            g.add((part, VOID.linkPredicate, predicate))
            g.add((part, VOID.triples, _int(n)))
            g.add((linkset, VOID.subset, part))


def _distribution(g: Graph, dataset: URIRef, name: str, size: int, meta: Mapping[str, object], doc: str) -> None:
    """A DCAT distribution of ``dataset``: the release file ``name`` (a key of bbao.artifacts.ARTIFACT)."""
    artifact = ARTIFACT[name]
    node = URIRef(f"{doc}{name}")
    url = URIRef(release_url(meta, name))
    g.add((dataset, DCAT.distribution, node))
    g.add((dataset, VOID.dataDump, url))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(name)))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCAT.accessURL, URIRef(versioned_url(meta, name))))
    g.add((node, DCAT.mediaType, URIRef(IANA + artifact.media_type)))
    g.add((node, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    if artifact.product == "mappings":
        g.add((node, DCTERMS.conformsTo, SSSOM_SPEC))


def _describe(g: Graph, node: URIRef, meta: Mapping[str, object], title: str) -> None:
    """The DCAT/Dublin Core header shared by every dataset of the release."""
    version = str(meta["version"])
    g.add((node, RDF.type, VOID.Dataset))
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.title, Literal(title, lang="en")))
    g.add((node, DCTERMS.license, URIRef(str(meta["license"]))))
    g.add((node, DCAT_VERSION, Literal(version)))
    g.add((node, DCTERMS.issued, Literal(version, datatype=XSD.date)))
    g.add((node, DCTERMS.source, URIRef(f"https://doi.org/{meta['source_doi']}")))
    for creator in _creators(meta):
        g.add((node, DCTERMS.creator, Literal(creator)))


def describe(
    meta: Mapping[str, object], graphs: Mapping[str, Iterable[Triple]],
    distributions: Mapping[str, Mapping[Path, bytes]],
) -> Graph:
    """The VoID/DCAT graph of a release.

    ``meta`` is the ``[ontology]`` table of metadata.toml; ``graphs`` holds, by product, the ``full`` graph
    (required) and any of ``base``, ``relation-graph`` and ``closure`` (rdflib Graphs or iterables of
    triples), each counted; ``distributions`` the rendered files of each product of :data:`DATASETS`
    (path -> bytes, the file name a release file of bbao.artifacts), which become its DCAT distributions
    with their sizes in bytes. Raises KeyError for a missing ``full`` graph or metadata key."""
    doc = product_iri(meta, "void") + "#"
    datasets = {name: URIRef(product_iri(meta, name)) for name in DATASETS}
    stats = {name: Statistics(graph) for name, graph in graphs.items()}
    g = Graph()
    full = datasets["full"]
    for key, node in datasets.items():
        _describe(g, node, meta, _TITLES[key].format(title=meta["title"]))
        if key != "full":
            g.add((full, VOID.subset, node))
        if key in stats:
            _statistics(g, node, stats[key])
        for path, data in distributions.get(key, {}).items():
            _distribution(g, node, path.name, len(data), meta, doc)
    g.add((full, DCTERMS.description, Literal(" ".join(str(meta["description"]).split()), lang="en")))
    g.add((full, VOID.uriSpace, Literal(BBAO_NS)))
    for vocabulary in _vocabularies(stats["full"]):
        g.add((full, VOID.vocabulary, vocabulary))
    _class_partitions(g, full, stats["full"], doc)
    _linksets(g, full, stats["full"], doc)
    example = URIRef(f"{doc}example-ossification-regulators")
    g.add((example, RDF.type, SH.SPARQLExecutable))
    g.add((example, RDF.type, SH.SPARQLSelectExecutable))
    g.add((example, RDFS.comment, Literal(
        "Every regulator of ossification (GO:0001503) or of a subclass of it, with the claim that states it.",
        lang="en")))
    g.add((example, SH.select, Literal(EXAMPLE_QUERY)))
    g.add((example, SCHEMA.target, full))
    g.add((full, RDFS.seeAlso, example))
    return g


def render_void(
    meta: Mapping[str, object], graphs: Mapping[str, Iterable[Triple]],
    distributions: Mapping[str, Mapping[Path, bytes]], out_dir: Path,
) -> dict[Path, bytes]:
    """``bbao-void.ttl`` in ``out_dir`` for the release (see :func:`describe`): path -> Turtle bytes."""
    return render_all(describe(meta, graphs, distributions), [out_dir / ARTIFACT["bbao-void.ttl"].file])
