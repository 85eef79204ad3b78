"""The release products in one registry: file, RDF syntax, media type, named graph, product, IRIs.

Every module that writes, reads, loads or describes a release file takes its name, syntax and IRIs from
here (README, "What is in the repository"). The product names follow the Ontology Development Kit where it
has one (``full``: BBAO merged with its import modules, ``base``: BBAO's own axioms); the others are
BBAO's own (``relation-graph`` as in Ubergraph, ``tentative-relation-graph``, ``closure``, ``inferred``,
``void``, ``context``, ``mappings``, ``gocam``: the mechanisms as GO-CAM models).

>>> ARTIFACT["bbao.nt"].syntax.rdflib
'nt'
>>> [a.file for a in product("base")]
['bbao-base.owl', 'bbao-base.ttl']
>>> product_iri({"iri": "https://w3id.org/bbao/bbao.owl"}, "closure")
'https://w3id.org/bbao/bbao-closure.ttl'
>>> syntax_of(Path("claims.jsonld")).media_type
'application/ld+json'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar, overload

import pyoxigraph

from bbao import paths
from bbao.errors import BBAOError, Problem

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "ARTIFACT",
    "ARTIFACTS",
    "GRAPH_BASE",
    "MAIN",
    "NAMED_GRAPHS",
    "PRODUCTS",
    "SYNTAXES",
    "Artifact",
    "RdfSyntax",
    "existing_path",
    "graph_iri",
    "in_syntax",
    "parse_product",
    "product",
    "product_iri",
    "product_version_iri",
    "release_url",
    "syntax_of",
    "versioned_url",
]


@dataclass(frozen=True)
class RdfSyntax:
    """One RDF syntax: its rdflib parser/serializer name, pyoxigraph format and IANA media type."""

    rdflib: str
    oxigraph: pyoxigraph.RdfFormat
    media_type: str
    suffixes: tuple[str, ...]


#: The RDF syntaxes BBAO reads and writes, by name (the ``--format``/``--data-format`` values).
SYNTAXES: Final[dict[str, RdfSyntax]] = {
    "turtle": RdfSyntax("turtle", pyoxigraph.RdfFormat.TURTLE, "text/turtle", (".ttl", ".turtle")),
    "nt": RdfSyntax("nt", pyoxigraph.RdfFormat.N_TRIPLES, "application/n-triples", (".nt",)),
    "rdfxml": RdfSyntax("xml", pyoxigraph.RdfFormat.RDF_XML, "application/rdf+xml", (".owl", ".rdf", ".xml")),
    "jsonld": RdfSyntax("json-ld", pyoxigraph.RdfFormat.JSON_LD, "application/ld+json", (".jsonld", ".json")),
    "nquads": RdfSyntax("nquads", pyoxigraph.RdfFormat.N_QUADS, "application/n-quads", (".nq",)),
    "trig": RdfSyntax("trig", pyoxigraph.RdfFormat.TRIG, "application/trig", (".trig",)),
}
_BY_SUFFIX: Final = {suffix: syntax for syntax in SYNTAXES.values() for suffix in syntax.suffixes}


def syntax_of(path: Path) -> RdfSyntax:
    """The RDF syntax of a file, from its extension (case-insensitive).

    Raises :class:`BBAOError` naming the file when the extension is not an RDF one.

    >>> syntax_of(Path("x.OWL")).rdflib
    'xml'
    """
    syntax = _BY_SUFFIX.get(path.suffix.lower())
    if syntax is None:
        known = ", ".join(sorted(_BY_SUFFIX))
        raise BBAOError(f"cannot tell the RDF syntax of {path.name!r} from its extension (known: {known})", path)
    return syntax


@dataclass(frozen=True)
class Artifact:
    """One file of the release.

    ``folder`` is relative to the data root (the checkout, or ``bbao/data`` in a wheel); ``named_graph`` is
    the store graph it is loaded into (``None``: not loaded); ``checked``: ``bbao build --check`` compares
    it with what the source compiles to; ``written_by``: the command that writes it."""

    file: str
    product: str
    media_type: str
    syntax: RdfSyntax | None = None
    folder: str = "ontology"
    named_graph: str | None = None
    checked: bool = True
    written_by: str = "build"

    def path(self, root: Path | None = None) -> Path:
        """Where the file lives under ``root`` (default: :func:`bbao.paths.data_root`)."""
        return (root if root is not None else paths.data_root()) / self.folder / self.file


def _rdf(file: str, product: str, syntax: str, **extra: object) -> Artifact:
    return Artifact(file, product, SYNTAXES[syntax].media_type, SYNTAXES[syntax], **extra)  # type: ignore[arg-type]


#: Every release file, in the order ``bbao build`` renders them (``bbao reason`` writes the inferred ones).
ARTIFACTS: Final[tuple[Artifact, ...]] = (
    _rdf("bbao.owl", "full", "rdfxml"),
    _rdf("bbao.ttl", "full", "turtle"),
    _rdf("bbao.nt", "full", "nt", named_graph="ontology"),
    _rdf("bbao.jsonld", "full", "jsonld"),
    # the full ontology as an OBO Graphs JSON document (bbao.obographs): what oaklib, pronto and the OBO tools read.
    # Not RDF (no syntax): its ".json" would otherwise read as JSON-LD
    Artifact("bbao.json", "full", "application/json"),
    _rdf("bbao-relation-graph.ttl", "relation-graph", "turtle", named_graph="relation-graph"),
    # the claims the review does not state as established, kept out of bbao.owl and the relation graph
    _rdf("bbao-tentative-relation-graph.ttl", "tentative-relation-graph", "turtle",
         named_graph="tentative-relation-graph"),
    _rdf("bbao-closure.ttl", "closure", "turtle", named_graph="closure"),
    _rdf("bbao-base.owl", "base", "rdfxml"),
    _rdf("bbao-base.ttl", "base", "turtle"),
    # the mechanisms as GO-CAM models: individuals linked by RO relations (bbao.gocam)
    _rdf("bbao-gocam.ttl", "gocam", "turtle"),
    Artifact("bbao.sssom.tsv", "mappings", "text/tab-separated-values", folder="mappings"),
    Artifact("bbao.context.jsonld", "context", "application/ld+json"),
    _rdf("bbao-void.ttl", "void", "turtle"),
    # the release's manifest (bbao.release): the sha256 of every file the last `bbao build` and `bbao reason`
    # wrote, so that a release interrupted between two renames is found (`bbao build --check`)
    Artifact("bbao-release.json", "manifest", "application/json"),
    _rdf("bbao-inferred.owl", "inferred", "rdfxml", checked=False, written_by="reason"),
    _rdf("bbao-inferred.ttl", "inferred", "turtle", checked=False, written_by="reason"),
)
#: File name -> its artifact.
ARTIFACT: Final[dict[str, Artifact]] = {a.file: a for a in ARTIFACTS}
#: The products, in release order.
PRODUCTS: Final = tuple(dict.fromkeys(a.product for a in ARTIFACTS))
#: RDF product -> the file read when the product is read back as RDF (N-Triples where there is one: fastest).
MAIN: Final[dict[str, Artifact]] = {
    name: ARTIFACT[file] for name, file in (
        ("full", "bbao.nt"), ("base", "bbao-base.ttl"), ("relation-graph", "bbao-relation-graph.ttl"),
        ("tentative-relation-graph", "bbao-tentative-relation-graph.ttl"),
        ("closure", "bbao-closure.ttl"), ("inferred", "bbao-inferred.ttl"), ("void", "bbao-void.ttl"),
        ("gocam", "bbao-gocam.ttl"),
    )
}
#: The IRI base of the named graphs ``bbao load`` writes and the embedded store holds.
GRAPH_BASE: Final = "https://w3id.org/bbao/graph/"
#: Named graph -> the artifact loaded into it.
NAMED_GRAPHS: Final[dict[str, Artifact]] = {a.named_graph: a for a in ARTIFACTS if a.named_graph}


def product(name: str) -> list[Artifact]:
    """The files of a product, in release order; raises :class:`BBAOError` for an unknown product."""
    files = [a for a in ARTIFACTS if a.product == name]
    if not files:
        raise BBAOError(f"unknown product {name!r} (choose {', '.join(PRODUCTS)})")
    return files


def in_syntax(name: str, syntax: str) -> Artifact:
    """The file of product ``name`` written in ``syntax`` (a key of :data:`SYNTAXES`), e.g. the RDF/XML of
    ``full`` that the reasoners read.

    >>> in_syntax("full", "rdfxml").file
    'bbao.owl'

    Raises :class:`BBAOError` for an unknown product or a syntax the product is not released in."""
    for artifact in product(name):
        if artifact.syntax is SYNTAXES.get(syntax):
            return artifact
    raise BBAOError(f"the {name} product has no {syntax} file")


def graph_iri(name: str) -> str:
    """The IRI of the named graph ``name`` (a key of :data:`NAMED_GRAPHS`, or ``user/FILE``).

    >>> graph_iri("closure")
    'https://w3id.org/bbao/graph/closure'
    """
    return GRAPH_BASE + name


def _sibling(iri: str, file: str) -> str:
    """``iri`` with its last path segment replaced by ``file``."""
    return f"{iri.rsplit('/', 1)[0]}/{file}"


#: Products whose ontology header carries another product's IRIs: none since the inferred product got IRIs of its
#: own (:func:`bbao.reason.inferred_graph`), so that the OWL API opens it beside bbao.owl.
_SHARES_IRI: Final[dict[str, str]] = {}


def _identifying_file(name: str) -> str:
    """The file that names a product's ontology IRI: its first (for ``full``: bbao.owl)."""
    return product(_SHARES_IRI.get(name, name))[0].file


def product_iri(meta: Mapping[str, object], name: str) -> str:
    """The ontology (or VoID dataset) IRI of product ``name``, beside ``meta["iri"]`` (metadata.toml).

    ``full`` is ``meta["iri"]`` itself; the others replace its file name with the product's first file."""
    return _sibling(str(meta["iri"]), _identifying_file(name))


def release_url(meta: Mapping[str, object], file: str) -> str:
    """The URL of the current release's ``file``, beside ``meta["iri"]`` (metadata.toml).

    >>> release_url({"iri": "https://w3id.org/bbao/bbao.owl"}, "bbao.nt")
    'https://w3id.org/bbao/bbao.nt'
    """
    return _sibling(str(meta["iri"]), file)


def versioned_url(meta: Mapping[str, object], file: str) -> str:
    """The URL of ``file`` in this release: ``meta["version_iri_template"]`` filled with the version,
    its file name replaced by ``file``.

    >>> versioned_url({"version_iri_template": "https://w3id.org/bbao/releases/{version}/bbao.owl",
    ...                "version": "2026-01-01"}, "bbao.nt")
    'https://w3id.org/bbao/releases/2026-01-01/bbao.nt'
    """
    return _sibling(str(meta["version_iri_template"]).format(version=meta["version"]), file)


def product_version_iri(meta: Mapping[str, object], name: str) -> str:
    """The versionIRI of product ``name`` (see :func:`versioned_url`)."""
    return versioned_url(meta, _identifying_file(name))


class _Parses(Protocol):
    """What can read RDF files: an rdflib Graph, or rdflib-turbo's native Dataset."""

    def parse(self, *args: Any, **kwargs: Any) -> Any: ...


_Target = TypeVar("_Target", bound=_Parses)


@overload
def parse_product(name: str, into: None = None, **options: Any) -> Graph: ...
@overload
def parse_product(name: str, into: _Target, **options: Any) -> _Target: ...
def parse_product(name: str, into: _Parses | None = None, **options: Any) -> Any:
    """Product ``name``'s file of :data:`MAIN` (``full``: bbao.nt) parsed into ``into`` (default: a new
    rdflib Graph; anything with rdflib's ``parse``) in its registered syntax, with the parser's ``options``
    (e.g. ``skolemize=True``); returns what it parsed into.

    Raises :class:`BBAOError` when the file is missing (naming the command that writes it), and
    :class:`KeyError` for a product that is not read as RDF."""
    from rdflib import Graph

    artifact = MAIN[name]
    assert artifact.syntax is not None  # every product of MAIN is an RDF file
    target = into if into is not None else Graph()
    target.parse(str(existing_path(artifact.file)), format=artifact.syntax.rdflib, **options)
    return target


def existing_path(file: str) -> Path:
    """The path of a shipped artifact that must exist; raises :class:`BBAOError` naming the command that
    writes it when it is missing, and :class:`KeyError` for a name that is not a release file."""
    artifact = ARTIFACT[file]
    path = artifact.path()
    if not path.is_file():
        raise BBAOError([Problem(str(path), f"missing: run `bbao {artifact.written_by}` first")])
    return path
