"""The one prefix map of BBAO: CURIE <-> IRI for every identifier the ontology uses.

The entries come from Bioregistry, not from a table typed here. OBO ontologies get the CURIE prefix and
URI prefix of Bioregistry's OBO context (``bioregistry.get_context("obo")``: OBO Foundry preferred
prefix, OBO PURL). HGNC and NCBI Gene have no OBO PURL; for them BBAO keeps the identifiers.org IRIs
(``http://identifiers.org/hgnc/``) and the CURIE prefixes of the BioContext map that Mondo uses, both
known to Bioregistry, where its OBO context has genenames.org and UniProt IRIs instead
(``tests/test_prefixes.py`` shows the difference). Every output and every CURIE parsed anywhere in the
package goes through this module.

Importing Bioregistry takes about a second, so ``bbao build`` writes the derived map into the release
artifact ``ontology/bbao.context.jsonld`` (a JSON-LD context) and this module reads that file; only without
it is Bioregistry asked directly. The build itself does not import Bioregistry either: it takes the map
from :func:`prefix_map_for_build`, which asks Bioregistry once per installation of Bioregistry and of this
module (a cache in :func:`bbao.paths.cache_dir`, ``~/.cache/bbao`` by default, keyed by the size and modification time
of Bioregistry's code version and registry files and by this file's bytes) and reuses that answer until
either changes.
``bbao build --check`` always asks Bioregistry itself, so a context that no longer matches it fails the
check.

>>> expand("GO:0001649")
'http://purl.obolibrary.org/obo/GO_0001649'
>>> compress("http://identifiers.org/hgnc/1043")
'HGNC:1043'
>>> expand("BBAO:0000010")
'https://w3id.org/bbao/BBAO_0000010'
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any, Final

import curies

from bbao import paths
from bbao.artifacts import ARTIFACT

OBO = "http://purl.obolibrary.org/obo/"
BBAO_NS = "https://w3id.org/bbao/"

#: The OBO ontologies whose terms BBAO uses (their prefixes and IRIs come from Bioregistry).
OBO_PREFIXES = (
    "GO", "CHEBI", "UBERON", "CL", "MONDO", "PR", "HP", "NCBITaxon", "RO", "BFO", "ECO", "IAO",
    "NBO", "OGMS", "UPHENO", "COB", "PATO", "OBI",
)
#: Resources without an OBO PURL, identified by their identifiers.org IRIs as in Mondo.
IDENTIFIERS_ORG = ("HGNC", "NCBIGene")
#: BBAO's own namespaces: terms, claims and mechanisms.
OWN_PREFIXES = {"BBAO": f"{BBAO_NS}BBAO_", "BBAC": f"{BBAO_NS}BBAC_", "BBAM": f"{BBAO_NS}BBAM_"}
#: The release artifact holding the derived map.
CONTEXT: Final = ARTIFACT["bbao.context.jsonld"]
#: Bioregistry's files that decide what it derives: its code version and the registry and context data.
_BIOREGISTRY_FILES = ("version.py", "data/bioregistry.json", "data/contexts.json")


def derive_prefix_map() -> dict[str, str]:
    """The prefix map as Bioregistry gives it today (offline: Bioregistry ships its registry): CURIE
    prefix -> URI prefix, OBO prefixes first (in :data:`OBO_PREFIXES` order), then :data:`IDENTIFIERS_ORG`,
    then BBAO's own. Imports Bioregistry (about a second). Raises :class:`RuntimeError` when Bioregistry
    lacks the OBO context or one of the prefixes."""
    import bioregistry  # deferred: about a second to import

    context = bioregistry.get_context("obo")
    if context is None:
        raise RuntimeError("this version of bioregistry has no 'obo' context")
    derived: dict[str, str] = {}
    for name in OBO_PREFIXES:
        resource = _resource(bioregistry, name)
        derived[resource.get_priority_prefix(context.prefix_priority)] = resource.get_uri_prefix(
            priority=context.uri_prefix_priority)
    for name in IDENTIFIERS_ORG:
        resource = _resource(bioregistry, name)
        derived[resource.get_mappings()["biocontext"]] = f"http://identifiers.org/{resource.prefix}/"
    derived.update(OWN_PREFIXES)
    return derived


def _resource(bioregistry: ModuleType, name: str) -> Any:
    resource = bioregistry.get_resource(name)
    if resource is None:
        raise RuntimeError(f"bioregistry does not know the prefix {name!r}")
    return resource


def _derivation_key() -> str | None:
    """A digest of what :func:`derive_prefix_map` depends on: the installed Bioregistry (location, and size
    and modification time of :data:`_BIOREGISTRY_FILES`) and this module's source. ``None`` when
    Bioregistry cannot be located without importing it."""
    spec = importlib.util.find_spec("bioregistry")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    state: list[object] = [str(root)]
    try:
        for name in _BIOREGISTRY_FILES:
            stat = (root / name).stat()
            state.append([name, stat.st_size, stat.st_mtime_ns])
        state.append(hashlib.sha256(Path(__file__).read_bytes()).hexdigest())
    except OSError:
        return None
    return hashlib.sha256(json.dumps(state).encode("utf-8")).hexdigest()[:32]


def prefix_map_for_build(*, fresh: bool = False) -> dict[str, str]:
    """The map the build writes into ``bbao.context.jsonld``: :func:`derive_prefix_map`'s answer.

    Bioregistry's last answer for the same Bioregistry installation and the same version of this module is
    reused from :func:`bbao.paths.cache_dir` (``prefix-map-KEY.json``, the entries in prefix-map order); Bioregistry is
    asked, and its answer stored, when there is none or it is not a map Bioregistry could have given. With
    ``fresh`` (``bbao build --check``) Bioregistry is always asked and nothing is stored. A cache that cannot
    be read or written is passed over. Raises what :func:`derive_prefix_map` raises."""
    key = _derivation_key()
    path = paths.cache_dir() / f"prefix-map-{key}.json" if key else None
    if fresh:  # a check writes nothing, not even the cache
        return derive_prefix_map()
    if path is not None and path.is_file():
        cached = _cached(path)
        if cached is not None:
            return cached
    derived = derive_prefix_map()
    if path is not None:
        _store(path, derived)
    return derived




def _cached(path: Path) -> dict[str, str] | None:
    """The map stored at ``path``, or ``None`` when it cannot be read or is not one :func:`derive_prefix_map`
    could have given (a list of [prefix, URI prefix] pairs naming every prefix of :data:`OBO_PREFIXES`, and
    BBAO's own as :data:`OWN_PREFIXES` says). A wrong URI prefix is not caught here: ``bbao build --check``
    compares with Bioregistry itself."""
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(cached, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair) for pair in cached):
        return None
    prefix_map = {prefix: uri for prefix, uri in cached}
    if any(name not in prefix_map for name in OBO_PREFIXES):
        return None
    if any(prefix_map.get(name) != uri for name, uri in OWN_PREFIXES.items()):
        return None
    return prefix_map


def _store(path: Path, prefix_map: dict[str, str]) -> None:
    """Write ``prefix_map`` to ``path`` atomically; an OSError is ignored (the cache is optional)."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump([[prefix, uri] for prefix, uri in prefix_map.items()], handle)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def render_context(prefix_map: dict[str, str]) -> bytes:
    """The prefix map (CURIE prefix -> URI prefix) as the bytes of a JSON-LD 1.1 context file, the entries in
    prefix-map order, for stable output. Each prefix is an expanded term definition with ``"@prefix": true``:
    JSON-LD 1.1 uses a term as the prefix of a compact IRI (``GO:0001649``) only when its IRI ends with a
    gen-delim character or the term says so, and OBO's URI prefixes end with ``_``
    (https://www.w3.org/TR/json-ld11/#compact-iris).

    >>> print(render_context({"GO": "http://purl.obolibrary.org/obo/GO_"}).decode())
    {
     "@context": {
      "@version": 1.1,
      "GO": {
       "@id": "http://purl.obolibrary.org/obo/GO_",
       "@prefix": true
      }
     }
    }
    <BLANKLINE>
    """
    context: dict[str, object] = {"@version": 1.1}
    context.update({prefix: {"@id": uri, "@prefix": True} for prefix, uri in prefix_map.items()})
    return (json.dumps({"@context": context}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_context(data: bytes | str) -> dict[str, str]:
    """The prefix map of a JSON-LD context file as :func:`render_context` writes it (a term given as a plain IRI
    string is read too), in its order: CURIE prefix -> URI prefix; keywords (``@version``) are left out.

    >>> read_context(render_context({"GO": "http://purl.obolibrary.org/obo/GO_"}))
    {'GO': 'http://purl.obolibrary.org/obo/GO_'}
    """
    context = json.loads(data)["@context"]
    out: dict[str, str] = {}
    for term, value in context.items():
        if term.startswith("@"):
            continue
        out[term] = value if isinstance(value, str) else str(value["@id"])
    return out


def _load_prefix_map() -> dict[str, str]:
    """The map of the shipped ``bbao.context.jsonld`` (with BBAO's own prefixes, which a release built before one
    of them was added lacks); derived from Bioregistry when there is none."""
    path = CONTEXT.path()
    if path.is_file():
        return {**read_context(path.read_bytes()), **OWN_PREFIXES}
    return derive_prefix_map()


PREFIX_MAP: dict[str, str] = _load_prefix_map()

#: Vocabulary prefixes used in serializations (not for identifiers of terms).
VOCAB_PREFIXES: dict[str, str] = {
    "obo": OBO,
    "bbao": BBAO_NS,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "bibo": "http://purl.org/ontology/bibo/",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
}

#: Local identifiers: digits for every prefix (BBAO's own: exactly seven).
_LOCAL = {name: re.compile(r"\d{7}") for name in OWN_PREFIXES}
_DIGITS = re.compile(r"\d+")

CONVERTER = curies.Converter.from_prefix_map(PREFIX_MAP)


class CurieError(ValueError):
    """A CURIE with an unknown prefix or a malformed local identifier."""


def expand(curie: str) -> str:
    """The IRI of a CURIE; raises :class:`CurieError` on an unknown prefix or malformed ID.

    >>> expand("FOO:1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bbao.prefixes.CurieError: unknown prefix 'FOO' in 'FOO:1' (known: BBAC, BBAM, BBAO, BFO, CHEBI, CL, ...)
    """
    if ":" not in curie or curie != curie.strip() or " " in curie:
        raise CurieError(f"malformed CURIE {curie!r} (expected PREFIX:ID)")
    prefix, local = curie.split(":", 1)
    if prefix not in PREFIX_MAP:
        known = ", ".join(sorted(PREFIX_MAP, key=str.upper))
        raise CurieError(f"unknown prefix {prefix!r} in {curie!r} (known: {known})")
    pattern = _LOCAL.get(prefix, _DIGITS)
    if not pattern.fullmatch(local):
        raise CurieError(f"malformed local identifier {local!r} in {curie!r}")
    return CONVERTER.expand(curie, strict=True)


def compress(iri: str) -> str:
    """The CURIE of an IRI under the BBAO prefix map, or the IRI itself when no prefix fits."""
    return CONVERTER.compress(iri, passthrough=True)


def prefix_of(curie: str) -> str:
    """The prefix of a CURIE (the text before its first colon; the whole text when there is none).

    >>> prefix_of("NCBITaxon:10090")
    'NCBITaxon'
    """
    return curie.split(":", 1)[0]


_VOCAB_CONVERTER = curies.Converter.from_prefix_map(
    {k: v for k, v in VOCAB_PREFIXES.items() if k not in ("obo", "bbao")}
)


def display(iri: str) -> str:
    """A short name for reports: the term CURIE, else a vocabulary CURIE (``rdfs:label``), else the IRI.

    >>> display("http://www.w3.org/2000/01/rdf-schema#label")
    'rdfs:label'
    """
    curie = compress(iri)
    return curie if curie != iri else _VOCAB_CONVERTER.compress(iri, passthrough=True)
