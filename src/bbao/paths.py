"""Where the curated source, the release artifacts, the queries and the shapes live.

A command works on the BBAO *project* it runs in: ``$BBAO_PROJECT`` when set, else the current folder or
the nearest parent holding ``ontology/src/terms.tsv`` (a clone of the repository, or a project of your
own with the same layout). Outside any project it reads the release carried by the package, under
``bbao/data`` in an installed wheel or the repository itself in an editable install; that copy is read, never
written (:func:`project_root` tells the two apart). Nothing is looked up on the network.
"""

from __future__ import annotations

import os
from pathlib import Path

from bbao.errors import BBAOError

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent
#: What makes a folder a BBAO project: its curated terms table.
_MARKER = Path("ontology") / "src" / "terms.tsv"


def project_root(start: Path | None = None) -> Path | None:
    """The project a command runs in: ``$BBAO_PROJECT`` (which must hold ``ontology/src/terms.tsv``), else
    ``start`` (default: the current folder) or its nearest parent that holds one; ``None`` outside any.

    Raises :class:`BBAOError` when ``$BBAO_PROJECT`` names a folder that is not a project."""
    chosen = os.environ.get("BBAO_PROJECT")
    if chosen:
        root = Path(chosen).resolve()
        if not (root / _MARKER).is_file():
            raise BBAOError(f"BBAO_PROJECT={chosen} is not a BBAO project (it has no {_MARKER})")
        return root
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if (folder / _MARKER).is_file()), None)


def _editable_checkout() -> Path | None:
    """The repository this package runs from, in an editable install (it has pyproject.toml beside it)."""
    if (_REPO / _MARKER).is_file() and (_REPO / "pyproject.toml").is_file():
        return _REPO
    return None


def data_root() -> Path:
    """The folder holding ``ontology/``, ``queries/`` and ``shapes/``: the project the command runs in, else
    the repository of an editable install, else the package's own data."""
    return project_root() or _editable_checkout() or _PACKAGE / "data"


#: What ``bbao build`` can do instead outside a project (:func:`writable_root`).
BUILD_INSTEAD = "pass --source and --out"


def writable_root(instead: str = BUILD_INSTEAD) -> Path:
    """The project that ``bbao build``, ``bbao reason`` and ``bbao query --update-expected`` write into (see
    :func:`data_root`).

    Raises :class:`BBAOError` outside a project, where that would be the installed package's own copy (never
    written), saying what to do: run in a clone of the repository, set BBAO_PROJECT, or ``instead`` (what the
    command offers, e.g. ``bbao reason``'s ``--no-write``)."""
    root = data_root()
    if root == _PACKAGE / "data":
        raise BBAOError(f"{Path.cwd()} is not in a BBAO project (no {_MARKER} here or above), and the files "
                        "inside the installed package are never written: run in a clone of the repository, set "
                        f"BBAO_PROJECT, or {instead}")
    return root


def writable_ontology_dir(instead: str = BUILD_INSTEAD) -> Path:
    """The release folder ``bbao build`` and ``bbao reason`` write by default: :func:`ontology_dir` of the
    project the command runs in. Raises :class:`BBAOError` outside a project (:func:`writable_root`)."""
    writable_root(instead)
    return ontology_dir()


def ontology_dir() -> Path:
    """The release artifacts' folder (``ontology/``), which holds ``src/`` and ``imports/`` too."""
    return data_root() / "ontology"


def source_dir() -> Path:
    """The curated source (``ontology/src``): terms.tsv, claims.tsv, metadata.toml, review.txt."""
    return ontology_dir() / "src"


def imports_dir() -> Path:
    """The import modules (``ontology/imports/*_import.ttl``)."""
    return ontology_dir() / "imports"


def _project_or_shipped(name: str) -> Path:
    """The project's folder ``name`` when it has one, else the one shipped with the package."""
    own = data_root() / name
    return own if own.is_dir() else (_editable_checkout() or _PACKAGE / "data") / name


def queries_dir() -> Path:
    """The bundled SPARQL questions (``queries/*.rq``) and their expected answers: the project's own, else
    the package's."""
    return _project_or_shipped("queries")


def shapes_dir() -> Path:
    """The SHACL shapes (``shapes/bbao-shapes.ttl``) and the quality-report checks: the project's own, else
    the package's."""
    return _project_or_shipped("shapes")


def reference_dir() -> Path | None:
    """The shared, verified reference beside the repository, when there is one (development only)."""
    candidate = _REPO.parent / "shared" / "reference"
    return candidate if (candidate / "terms.tsv").is_file() else None


def cache_dir() -> Path:
    """Where BBAO keeps what it computes once per installation (Bioregistry's prefix map, the compiled Java
    explanation entry point): ``$BBAO_CACHE_DIR``, else ``$XDG_CACHE_HOME/bbao``, else ``~/.cache/bbao``. Nothing
    in it is needed: a missing or unwritable cache only costs time."""
    if os.environ.get("BBAO_CACHE_DIR"):
        return Path(os.environ["BBAO_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bbao"
