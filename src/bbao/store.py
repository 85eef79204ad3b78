"""Load the shipped ontology: as an rdflib Graph, or into an embedded pyoxigraph Store (the default).

Both read the committed release artifacts (inside the installed package or the checkout); nothing is
fetched. In the store, each artifact is a named graph, and queries see their union by default.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from rdflib import Graph

from bbao import paths
from bbao.build import RELATION_GRAPH

GRAPH_BASE = "https://w3id.org/bbao/graph/"
#: Named graph -> artifact file name, for the store.
NAMED_GRAPHS = {"ontology": "bbao.nt", "relation-graph": RELATION_GRAPH}


def artifact(name: str) -> Path:
    """Path of a shipped artifact, e.g. ``artifact("bbao.ttl")``."""
    path = paths.ontology_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `bbao build` first")
    return path


def load_graph(*, relation_graph: bool = False) -> Graph:
    """The ontology (BBAO with its import modules) as an rdflib Graph; optionally the relation graph too."""
    graph = Graph()
    graph.parse(artifact("bbao.nt"), format="nt")
    if relation_graph:
        graph.parse(artifact(RELATION_GRAPH), format="turtle")
    return graph


def load_store(extra: list[Path] | None = None) -> pyoxigraph.Store:
    """An in-memory pyoxigraph Store with one named graph per artifact (and per extra file)."""
    store = pyoxigraph.Store()
    for name, filename in NAMED_GRAPHS.items():
        path = artifact(filename)
        fmt = pyoxigraph.RdfFormat.N_TRIPLES if path.suffix == ".nt" else pyoxigraph.RdfFormat.TURTLE
        store.bulk_load(path=str(path), format=fmt, to_graph=pyoxigraph.NamedNode(GRAPH_BASE + name))
    for path in extra or []:
        fmt = pyoxigraph.RdfFormat.from_extension(path.suffix.lstrip(".")) or pyoxigraph.RdfFormat.TURTLE
        store.bulk_load(path=str(path), format=fmt, to_graph=pyoxigraph.NamedNode(GRAPH_BASE + "user/" + path.name))
    return store
