"""Brain-Bone Axis Ontology (BBAO): the review by Yang & Liu (2026) as an OBO-style OWL ontology.

The pipeline follows the modules: :mod:`bbao.source` reads the curated tables, :mod:`bbao.imports`
refreshes the import modules, :mod:`bbao.build` compiles the artifacts, :mod:`bbao.reason` checks them
with a reasoner, :mod:`bbao.store` loads them and :mod:`bbao.query` answers SPARQL questions.
"""

from __future__ import annotations

from typing import Any

from bbao.errors import BBAOError

__all__ = ["BBAOError", "__version__", "load_graph", "load_store"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Load rdflib/pyoxigraph only when the API is used, so the CLI starts fast."""
    if name in ("load_graph", "load_store"):
        from bbao import store

        return getattr(store, name)
    raise AttributeError(name)
