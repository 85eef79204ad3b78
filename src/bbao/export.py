"""Export views of BBAO in several RDF syntaxes, named as ODK names its release products.

- ``full``: the built ontology, BBAO merged with its import modules (``bbao.owl``);
- ``base``: BBAO's own axioms only (``bbao-base.owl``): the import modules' triples are left out, but
  BBAO's annotations and axioms on external terms stay, with a declaration of every external entity it
  uses, so that the file is valid OWL 2 on its own and merges cleanly with the public ontologies;
- ``relation-graph``: one direct triple per claim (``bbao-relation-graph.ttl``);
- ``closure``: the reflexive transitive closure of the class hierarchy (``bbao-closure.ttl``, see
  :mod:`bbao.closure`);
- ``inferred``: the classified ontology that ``bbao reason`` writes (``bbao-inferred.ttl``).

The base files are written by ``bbao build`` with the other artifacts; ``bbao export`` reads the artifact
of a view and renders it through :func:`bbao.serialize.render_all`, so an export is byte-identical to the
shipped file of the same syntax.

OBO flat-file format is refused: no maintained Python library writes it correctly from BBAO's OWL.
pronto 2.7.4 (the one that writes OBO; fastobo only reads and writes OBO documents it is given) cannot
parse RDF/XML written by Oxigraph or rdflib, and on owlready2's RDF/XML it drops the defined classes
(``equivalent_to``/``intersection_of``), the claim individuals and the axiom annotations, and writes
BBAO and HGNC identifiers as full IRIs.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from bbao import paths
from bbao.errors import BBAOError
from bbao.imports import load_imports

BASE_ARTIFACTS = ("bbao-base.owl", "bbao-base.ttl")
#: View -> the artifact it is read from.
VIEWS = {
    "full": "bbao.nt",
    "base": "bbao-base.ttl",
    "relation-graph": "bbao-relation-graph.ttl",
    "closure": "bbao-closure.ttl",
    "inferred": "bbao-inferred.ttl",
}
#: Export format -> file extension (the serializer is chosen by extension).
FORMATS = {"owl": ".owl", "ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld"}
OBO_REFUSAL = (
    "OBO format is not supported: no maintained Python library writes it correctly from OWL "
    "(pronto 2.7.4 drops BBAO's defined classes, claim individuals and axiom annotations and writes "
    "BBAO and HGNC IDs as IRIs). Export OWL and convert it with ROBOT: "
    "`bbao export --format owl > bbao.owl && robot convert -i bbao.owl -o bbao.obo`."
)
#: What the base keeps of an external entity: its declaration (rdf:type of one of these).
_DECLARATIONS = {
    OWL.Class: OWL.Class, OWL.ObjectProperty: OWL.ObjectProperty, OWL.TransitiveProperty: OWL.ObjectProperty,
    OWL.AnnotationProperty: OWL.AnnotationProperty, OWL.DatatypeProperty: OWL.DatatypeProperty,
    OWL.NamedIndividual: OWL.NamedIndividual,
}


def _imports_dir(source_dir: Path) -> Path:
    """The import modules the build read (the same rule as :func:`bbao.build.build`)."""
    beside = source_dir.parent / "imports"
    return beside if beside.is_dir() else paths.imports_dir()


def base_iri(iri: str) -> str:
    """``.../bbao.owl`` -> ``.../bbao-base.owl`` (ontology and version IRIs)."""
    return iri.replace("bbao.owl", "bbao-base.owl")


def base_graph(ontology: Graph, source_dir: Path) -> Graph:
    """BBAO's own axioms: the built ontology minus the import modules' triples, plus declarations of the
    external entities it refers to, under the base ontology and version IRIs."""
    imported, _ = load_imports(_imports_dir(source_dir))
    base = Graph()
    for s, p, o in ontology:
        if (s, p, o) in imported:
            continue
        if (s, RDF.type, OWL.Ontology) in ontology:
            s = URIRef(base_iri(str(s)))
            o = URIRef(base_iri(str(o))) if p == OWL.versionIRI else o
        base.add((s, p, o))
    used = {x for triple in base for x in triple if isinstance(x, URIRef)}
    for iri in used:
        for kind in imported.objects(iri, RDF.type):
            if kind in _DECLARATIONS:
                base.add((iri, RDF.type, _DECLARATIONS[kind]))
    return base


def view_path(view: str) -> Path:
    """The artifact of ``view``; a missing one is a :class:`BBAOError` naming the command that writes it."""
    if view not in VIEWS:
        raise BBAOError(f"unknown view {view!r} (choose {', '.join(VIEWS)})")
    path = paths.ontology_dir() / VIEWS[view]
    if not path.is_file():
        command = "bbao reason" if view == "inferred" else "bbao build"
        raise BBAOError(f"{path} is missing: run `{command}` first")
    return path


def export(view: str = "full", fmt: str = "owl") -> bytes:
    """The ``view`` of BBAO serialized as ``fmt`` (owl, ttl, nt or jsonld)."""
    from bbao.serialize import render_all

    if fmt == "obo":
        raise BBAOError(OBO_REFUSAL)
    if fmt not in FORMATS:
        raise BBAOError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)} or obo)")
    path = view_path(view)
    graph = Graph().parse(path, format="nt" if path.suffix == ".nt" else "turtle")
    target = Path(f"{view}{FORMATS[fmt]}")
    return render_all(graph, [target])[target]


__all__ = ["BASE_ARTIFACTS", "FORMATS", "OBO_REFUSAL", "VIEWS", "base_graph", "export", "view_path"]
