"""The one prefix map of BBAO: CURIE <-> IRI for every identifier the ontology uses.

OBO ontologies use OBO PURLs; HGNC and NCBI Gene have none, so they use the identifiers.org form that
Mondo uses. Every output and every CURIE parsed anywhere in the package goes through this module.

>>> expand("GO:0001649")
'http://purl.obolibrary.org/obo/GO_0001649'
>>> compress("http://identifiers.org/hgnc/1043")
'HGNC:1043'
>>> expand("BBAO:0000010")
'https://w3id.org/bbao/BBAO_0000010'
"""

from __future__ import annotations

import re

import curies

OBO = "http://purl.obolibrary.org/obo/"
BBAO_NS = "https://w3id.org/bbao/"

OBO_PREFIXES = (
    "GO", "CHEBI", "UBERON", "CL", "MONDO", "PR", "HP", "NCBITaxon", "RO", "BFO", "ECO", "IAO",
    "NBO", "OGMS", "UPHENO", "COB", "PATO", "OBI",
)

PREFIX_MAP: dict[str, str] = {p: f"{OBO}{p}_" for p in OBO_PREFIXES}
PREFIX_MAP.update(
    {
        "HGNC": "http://identifiers.org/hgnc/",
        "NCBIGene": "http://identifiers.org/ncbigene/",
        "BBAO": f"{BBAO_NS}BBAO_",
        "BBAC": f"{BBAO_NS}BBAC_",
    }
)

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
