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
of a view (the file :data:`bbao.artifacts.MAIN` names for the product of the same name) and renders it
through :func:`bbao.serialize.render_all`, so an export is byte-identical to the shipped file of the same
syntax.

OBO flat-file format is refused: no maintained Python library writes it correctly from BBAO's OWL.
pronto 2.7.4 reads ``bbao.owl`` but drops the defined classes' equivalences (``intersection_of``) and the
axiom annotations, and writes BBAO and HGNC identifiers as full IRIs; fastobo 0.14 (behind pronto) turns the
OBO Graphs product ``bbao.json`` into OBO but drops its logical definitions and writes literal annotation
values (``IAO:0000119 "doi:..."``) as identifiers. The OBO tools read ``bbao.json`` (README, "OBO tools").
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from rdflib import Graph

from bbao import paths
from bbao.artifacts import MAIN, Artifact, existing_path, product, product_iri, syntax_of
from bbao.errors import BBAOError
from bbao.imports import base_triples, load_imports

#: The files of the base product, in release order (``bbao build`` renders :func:`base_graph` into them).
BASE_ARTIFACTS: Final = tuple(a.file for a in product("base"))
#: View -> the artifact it is read from (the product of the same name in :data:`bbao.artifacts.MAIN`).
VIEWS: Final[dict[str, Artifact]] = {
    view: MAIN[view] for view in ("full", "base", "relation-graph", "closure", "inferred")
}
#: The export formats: each is the extension of the file it renders as (its syntax:
#: :func:`bbao.artifacts.syntax_of`), one per syntax :func:`bbao.serialize.render_all` writes.
FORMATS: Final = ("owl", "ttl", "nt", "jsonld")
#: Why `bbao export --format obo` is refused, and what to do instead.
OBO_REFUSAL = (
    "OBO format is not supported: no maintained Python library writes it correctly from OWL "
    "(pronto 2.7.4 and fastobo 0.14 drop BBAO's logical definitions and write BBAO and HGNC IDs as IRIs). "
    "OBO tools (oaklib, pronto) read the OBO Graphs JSON ontology/bbao.json; for OBO itself export OWL and "
    "convert it with ROBOT: `bbao export --format owl > bbao.owl && robot convert -i bbao.owl -o bbao.obo`."
)


def _imports_dir(source_dir: Path) -> Path:
    """The import modules the build read (the same rule as :func:`bbao.build.build`)."""
    beside = source_dir.parent / "imports"
    return beside if beside.is_dir() else paths.imports_dir()


def base_iri(iri: str) -> str:
    """The base product's counterpart of an ontology or version IRI of the full product: its last path
    segment replaced by the base product's file (:func:`bbao.artifacts.product_iri`).

    >>> base_iri("https://w3id.org/bbao/releases/2026-01-01/bbao.owl")
    'https://w3id.org/bbao/releases/2026-01-01/bbao-base.owl'
    """
    return product_iri({"iri": iri}, "base")


def base_graph(ontology: Graph, source_dir: Path) -> Graph:
    """BBAO's own axioms (:func:`bbao.imports.base_triples`): the built ``ontology`` minus the triples of the
    import modules (read from the ``imports`` folder beside ``source_dir``, else the shipped one), plus
    declarations of the external entities it refers to, under the base ontology and version IRIs."""
    imported, _ = load_imports(_imports_dir(source_dir))
    base = Graph()
    base.addN((s, p, o, base) for s, p, o in base_triples(ontology, imported))
    return base


def view_path(view: str) -> Path:
    """The path of the artifact of ``view`` (:data:`VIEWS`); raises :class:`BBAOError` for an unknown view,
    or a missing artifact (naming the command that writes it, :func:`bbao.artifacts.existing_path`)."""
    if view not in VIEWS:
        raise BBAOError(f"unknown view {view!r} (choose {', '.join(VIEWS)})")
    return existing_path(VIEWS[view].file)


def export(view: str = "full", fmt: str = "owl") -> bytes:
    """The ``view`` of BBAO (:data:`VIEWS`) serialized as ``fmt`` (one of :data:`FORMATS`), the bytes
    :func:`bbao.serialize.render_all` writes for a file with that extension.

    Raises :class:`BBAOError` for ``obo`` (:data:`OBO_REFUSAL`), another unknown format, an unknown view
    or a missing artifact."""
    from bbao.serialize import render_all

    if fmt == "obo":
        raise BBAOError(OBO_REFUSAL)
    if fmt not in FORMATS:
        raise BBAOError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)} or obo)")
    path = view_path(view)
    graph = Graph().parse(path, format=syntax_of(path).rdflib)
    target = Path(f"{view}.{fmt}")
    return render_all(graph, [target])[target]


__all__ = ["BASE_ARTIFACTS", "FORMATS", "OBO_REFUSAL", "VIEWS", "base_graph", "base_iri", "export", "view_path"]
