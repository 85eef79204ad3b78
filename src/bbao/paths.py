"""Where the curated source, the release artifacts, the queries and the shapes live.

In a source checkout (or an editable install) they are the repository's own folders; in an installed
wheel they are carried inside the package under ``bbao/data``. Nothing is looked up on the network.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent


def data_root() -> Path:
    """The folder holding ``ontology/``, ``queries/`` and ``shapes/``."""
    if (_REPO / "ontology" / "src" / "terms.tsv").is_file() and (_REPO / "pyproject.toml").is_file():
        return _REPO
    return _PACKAGE / "data"


def ontology_dir() -> Path:
    """The release artifacts' folder (``ontology/``), which holds ``src/`` and ``imports/`` too."""
    return data_root() / "ontology"


def source_dir() -> Path:
    """The curated source (``ontology/src``): terms.tsv, claims.tsv, metadata.toml, review.txt."""
    return ontology_dir() / "src"


def imports_dir() -> Path:
    """The import modules (``ontology/imports/*_import.ttl``)."""
    return ontology_dir() / "imports"


def queries_dir() -> Path:
    """The bundled SPARQL questions (``queries/*.rq``) and their expected answers."""
    return data_root() / "queries"


def shapes_dir() -> Path:
    """The SHACL shapes (``shapes/bbao-shapes.ttl``) and the quality-report checks."""
    return data_root() / "shapes"


def reference_dir() -> Path | None:
    """The shared, verified reference beside the repository, when there is one (development only)."""
    candidate = _REPO.parent / "shared" / "reference"
    return candidate if (candidate / "terms.tsv").is_file() else None
