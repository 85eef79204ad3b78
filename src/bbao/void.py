"""The dataset description of a release: VoID statistics and linksets, DCAT distributions.

``bbao build`` writes it (``ontology/bbao-void.ttl``) from the graphs and files of the same build, so
every number is counted, not typed: triples, entities, classes, properties, the class partitions, and
one linkset per public ontology that BBAO's own resources (minted terms and claims) point at, split by
link predicate. Version, licence, title and creators come from ``metadata.toml``; the release date is
the version itself (BBAO versions are dates), never the day of the build. Each artifact of the build is a
distribution with its media type and size. No VoID or DCAT term carries an example query, so the example
is a SHACL ``sh:SPARQLSelectExecutable``, as in the SIB SPARQL examples.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SH, VOID, XSD

from bbao.prefixes import BBAO_NS, OBO, PREFIX_MAP, display
from bbao.serialize import render_all

VOID_FILE = "bbao-void.ttl"
SCHEMA = Namespace("https://schema.org/")
DOC = f"{BBAO_NS}{VOID_FILE}#"
DCAT_VERSION = URIRef(f"{DCAT}version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
IANA = "https://www.iana.org/assignments/media-types/"
MEDIA_TYPES = {
    ".owl": "application/rdf+xml", ".ttl": "text/turtle", ".nt": "application/n-triples",
    ".jsonld": "application/ld+json", ".tsv": "text/tab-separated-values",
}
SSSOM_SPEC = URIRef("https://w3id.org/sssom/")
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


def triple_count(graph: Graph) -> int:
    """Triples as the artifacts hold them (the serializer drops ``rdf:type rdf:List``)."""
    return len(graph) - len(list(graph.triples((None, RDF.type, RDF.List))))


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _statistics(g: Graph, node: URIRef, data: Graph) -> None:
    """VoID statistics of ``data``, stated on ``node``."""
    subjects = {s for s in data.subjects() if isinstance(s, URIRef)}
    g.add((node, VOID.triples, _int(triple_count(data))))
    g.add((node, VOID.entities, _int(len(subjects))))
    g.add((node, VOID.classes, _int(len({s for s in data.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}))))
    g.add((node, VOID.properties, _int(len(set(data.predicates())))))
    g.add((node, VOID.distinctSubjects, _int(len(set(data.subjects())))))
    g.add((node, VOID.distinctObjects, _int(len(set(data.objects())))))


def _class_partitions(g: Graph, node: URIRef, data: Graph) -> None:
    """One partition per class that typed IRIs belong to, with how many there are."""
    counts = Counter(o for s, o in data.subject_objects(RDF.type) if isinstance(s, URIRef) and isinstance(o, URIRef))
    for cls, n in counts.items():
        if cls == OWL.Ontology:
            continue
        part = URIRef(f"{DOC}class-{display(str(cls)).replace(':', '_')}")
        g.add((node, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, _int(n)))


def _vocabularies(data: Graph) -> set[URIRef]:
    """Namespaces of the predicates and classes used, other than identifier namespaces."""
    names = set(data.predicates()) | {o for o in data.objects(None, RDF.type) if isinstance(o, URIRef)}
    spaces = set(PREFIX_MAP.values()) | {OBO}
    out = set()
    for name in names:
        text = str(name)
        ns = text[: max(text.rfind("#"), text.rfind("/")) + 1]
        if ns and not any(text.startswith(s) for s in spaces) and not text.startswith(BBAO_NS):
            out.add(URIRef(ns))
    return out


def _target(prefix: str) -> URIRef:
    """The dataset a linkset points into: an OBO ontology's own IRI, else a node of this document."""
    ns = PREFIX_MAP[prefix]
    return URIRef(f"{OBO}{prefix.lower()}.owl") if ns == f"{OBO}{prefix}_" else URIRef(f"{DOC}{prefix}")


def links(data: Graph) -> dict[str, Counter[URIRef]]:
    """Triples from BBAO's own resources to public terms: target prefix -> predicate -> count."""
    spaces = {p: ns for p, ns in PREFIX_MAP.items() if p not in ("BBAO", "BBAC")}
    found: dict[str, Counter[URIRef]] = defaultdict(Counter)
    for s, p, o in data:
        if not (isinstance(s, URIRef) and str(s).startswith(BBAO_NS) and isinstance(o, URIRef)):
            continue
        prefix = next((k for k, ns in spaces.items() if str(o).startswith(ns)), None)
        if prefix is not None:
            found[prefix][p] += 1
    return found


def _linksets(g: Graph, dataset: URIRef, data: Graph) -> None:
    for prefix, predicates in sorted(links(data).items()):
        target = _target(prefix)
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, DCTERMS.title, Literal(prefix)))
        g.add((target, VOID.uriSpace, Literal(PREFIX_MAP[prefix])))
        linkset = URIRef(f"{DOC}links-{prefix}")
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.subjectsTarget, dataset))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((linkset, VOID.triples, _int(sum(predicates.values()))))
        g.add((dataset, VOID.subset, linkset))
        for predicate, n in predicates.items():
            part = URIRef(f"{DOC}links-{prefix}-{display(str(predicate)).replace(':', '_')}")
            g.add((part, RDF.type, VOID.Linkset))
            g.add((part, VOID.subjectsTarget, dataset))
            g.add((part, VOID.objectsTarget, target))
            g.add((part, VOID.linkPredicate, predicate))
            g.add((part, VOID.triples, _int(n)))
            g.add((linkset, VOID.subset, part))


def _distribution(g: Graph, dataset: URIRef, name: str, size: int, versioned: str) -> None:
    suffix = Path(name).suffix
    node = URIRef(f"{DOC}{name}")
    url = URIRef(f"{BBAO_NS}{name}")
    g.add((dataset, DCAT.distribution, node))
    g.add((dataset, VOID.dataDump, url))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(name)))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCAT.accessURL, URIRef(versioned.replace("bbao.owl", name))))
    g.add((node, DCAT.mediaType, URIRef(IANA + MEDIA_TYPES[suffix])))
    g.add((node, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    if name.endswith(".sssom.tsv"):
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
    for creator in meta["creators"]:  # type: ignore[attr-defined]
        g.add((node, DCTERMS.creator, Literal(creator)))


def describe(
    meta: Mapping[str, object], graphs: Mapping[str, Graph], distributions: Mapping[str, Mapping[Path, bytes]],
) -> Graph:
    """The VoID/DCAT graph of a release.

    ``graphs`` holds the ``full``, ``base``, ``relation-graph`` and ``closure`` graphs, counted; ``distributions`` the
    rendered files of each dataset (those and ``mappings``), which become its DCAT distributions."""
    onto = str(meta["iri"])
    versioned = str(meta["version_iri_template"]).format(version=meta["version"])
    datasets = {
        "full": URIRef(onto),
        "base": URIRef(onto.replace("bbao.owl", "bbao-base.owl")),
        "relation-graph": URIRef(onto.replace("bbao.owl", "bbao-relation-graph.ttl")),
        "closure": URIRef(onto.replace("bbao.owl", "bbao-closure.ttl")),
        "mappings": URIRef(onto.replace("bbao.owl", "bbao.sssom.tsv")),
    }
    titles = {
        "full": str(meta["title"]),
        "base": f"{meta['title']}: base (BBAO's own axioms)",
        "relation-graph": f"{meta['title']}: relation graph",
        "closure": f"{meta['title']}: subclass closure",
        "mappings": f"{meta['title']}: SSSOM mappings",
    }
    g = Graph()
    full = datasets["full"]
    for key, node in datasets.items():
        _describe(g, node, meta, titles[key])
        if key != "full":
            g.add((full, VOID.subset, node))
        if key in graphs:
            _statistics(g, node, graphs[key])
        for path, data in distributions.get(key, {}).items():
            _distribution(g, node, path.name, len(data), versioned)
    g.add((full, DCTERMS.description, Literal(" ".join(str(meta["description"]).split()), lang="en")))
    g.add((full, VOID.uriSpace, Literal(BBAO_NS)))
    for vocabulary in _vocabularies(graphs["full"]):
        g.add((full, VOID.vocabulary, vocabulary))
    _class_partitions(g, full, graphs["full"])
    _linksets(g, full, graphs["full"])
    example = URIRef(f"{DOC}example-ossification-regulators")
    g.add((example, RDF.type, SH.SPARQLExecutable))
    g.add((example, RDF.type, SH.SPARQLSelectExecutable))
    g.add((example, RDFS.comment, Literal(
        "Every regulator of ossification (GO:0001503) or of a subclass of it, with the claim that states it.", lang="en")))
    g.add((example, SH.select, Literal(EXAMPLE_QUERY)))
    g.add((example, SCHEMA.target, full))
    g.add((full, RDFS.seeAlso, example))
    return g


def render_void(
    meta: Mapping[str, object], graphs: Mapping[str, Graph], distributions: Mapping[str, Mapping[Path, bytes]],
    out_dir: Path,
) -> dict[Path, bytes]:
    """``bbao-void.ttl`` for the release (see :func:`describe`)."""
    return render_all(describe(meta, graphs, distributions), [out_dir / VOID_FILE])


__all__ = ["EXAMPLE_QUERY", "VOID_FILE", "describe", "links", "render_void", "triple_count"]
