"""The one prefix map of BBAO: CURIE <-> IRI for every identifier the ontology uses.

The entries come from Bioregistry, not from a table typed here. OBO ontologies get the CURIE prefix and
URI prefix of Bioregistry's OBO context (``bioregistry.get_context("obo")``: OBO Foundry preferred
prefix, OBO PURL). HGNC and NCBI Gene have no OBO PURL; for them BBAO keeps the identifiers.org IRIs
(``http://identifiers.org/hgnc/``) and the CURIE prefixes of the BioContext map that Mondo uses, both
known to Bioregistry, where its OBO context has genenames.org and UniProt IRIs instead
(``tests/test_prefixes.py`` shows the difference). Every output and every CURIE parsed anywhere in the
package goes through this module.

Importing Bioregistry takes about a second, so ``bbao build`` writes the derived map into the release
artifact ``ontology/bbao.context.jsonld`` (a JSON-LD context; ``bbao build --check`` fails when it no
longer matches Bioregistry) and this module reads that file; only without it is Bioregistry asked directly.

>>> expand("GO:0001649")
'http://purl.obolibrary.org/obo/GO_0001649'
>>> compress("http://identifiers.org/hgnc/1043")
'HGNC:1043'
>>> expand("BBAO:0000010")
'https://w3id.org/bbao/BBAO_0000010'
"""

from __future__ import annotations

import json
import re
from types import ModuleType
from typing import Any

import curies

from bbao import paths

OBO = "http://purl.obolibrary.org/obo/"
BBAO_NS = "https://w3id.org/bbao/"

#: The OBO ontologies whose terms BBAO uses (their prefixes and IRIs come from Bioregistry).
OBO_PREFIXES = (
    "GO", "CHEBI", "UBERON", "CL", "MONDO", "PR", "HP", "NCBITaxon", "RO", "BFO", "ECO", "IAO",
    "NBO", "OGMS", "UPHENO", "COB", "PATO", "OBI",
)
#: Resources without an OBO PURL, identified by their identifiers.org IRIs as in Mondo.
IDENTIFIERS_ORG = ("HGNC", "NCBIGene")
#: BBAO's own namespaces: terms and claims.
OWN_PREFIXES = {"BBAO": f"{BBAO_NS}BBAO_", "BBAC": f"{BBAO_NS}BBAC_"}
#: The release artifact holding the derived map.
CONTEXT_FILE = "bbao.context.jsonld"


def derive_prefix_map() -> dict[str, str]:
    """The prefix map as Bioregistry gives it today (offline: Bioregistry ships its registry)."""
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


def render_context(prefix_map: dict[str, str]) -> bytes:
    """The prefix map as a JSON-LD context file (the entries in prefix-map order, for stable output)."""
    return (json.dumps({"@context": prefix_map}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _load_prefix_map() -> dict[str, str]:
    path = paths.ontology_dir() / CONTEXT_FILE
    if path.is_file():
        return dict(json.loads(path.read_text(encoding="utf-8"))["@context"])
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

#: Local identifiers: digits for every prefix (BBAO and BBAC: exactly seven).
_LOCAL = {"BBAO": re.compile(r"\d{7}"), "BBAC": re.compile(r"\d{7}")}
_DIGITS = re.compile(r"\d+")

CONVERTER = curies.Converter.from_prefix_map(PREFIX_MAP)


class CurieError(ValueError):
    """A CURIE with an unknown prefix or a malformed local identifier."""


def expand(curie: str) -> str:
    """The IRI of a CURIE; raises :class:`CurieError` on an unknown prefix or malformed ID.

    >>> expand("FOO:1")
    Traceback (most recent call last):
    ...
    bbao.prefixes.CurieError: unknown prefix 'FOO' in 'FOO:1' (known: BBAC, BBAO, BFO, CHEBI, CL, COB, ECO, GO, HGNC, HP, IAO, MONDO, NBO, NCBIGene, NCBITaxon, OBI, OGMS, PATO, PR, RO, UBERON, UPHENO)
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
