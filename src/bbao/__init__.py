"""Brain-Bone Axis Ontology (BBAO): the review by Yang & Liu (2026) as an OBO-style OWL ontology.

The pipeline follows the modules: :mod:`bbao.source` reads the curated tables, :mod:`bbao.imports`
refreshes the import modules, :mod:`bbao.build` compiles the artifacts, :mod:`bbao.reason` checks them
with a reasoner, :mod:`bbao.store` loads them and :mod:`bbao.query` answers SPARQL questions.
"""

from bbao.errors import BBAOError
from bbao.store import load_graph, load_store  # noqa: E402

__all__ = ["BBAOError", "load_graph", "load_store", "__version__"]
__version__ = "0.1.0"
