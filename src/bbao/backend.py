"""What a query backend is: the interface every SPARQL engine of BBAO implements, and what it answers with.

The engines (:mod:`bbao.store`: Oxigraph, rdflib, a remote endpoint; :mod:`bbao.columnar`: maplib) all
import this module and none imports another's, so there is no import cycle between them. A backend
evaluates a SELECT query and returns :data:`Solutions`, whose cells are pyoxigraph terms built by
:func:`make_term` from an engine's own parts (SPARQL JSON results, maplib's columns), or converted from
rdflib terms by :func:`bbao.rdfterms.to_oxigraph`.

>>> make_term("literal", "chat", language="fr")
<Literal value=chat language=fr>
>>> values_clause({"x": "http://purl.obolibrary.org/obo/GO_0001649"})
'\\nVALUES (?x) { (<http://purl.obolibrary.org/obo/GO_0001649>) }\\n'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Literal, Protocol, runtime_checkable

import pyoxigraph

from bbao.errors import BBAOError
from bbao.rdfterms import OxigraphTerm

__all__ = ["Backend", "RenderingBackend", "Solutions", "Term", "TermKind", "make_term", "values_clause"]

#: One cell of an answer: a pyoxigraph IRI, blank node or literal.
Term = OxigraphTerm
#: Result of a SELECT: the projected variable names, and one row of terms (None: unbound) per solution.
Solutions = tuple[list[str], list[list[Term | None]]]
#: What kind of term :func:`make_term` builds.
TermKind = Literal["iri", "bnode", "literal"]
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@runtime_checkable
class Backend(Protocol):
    """Evaluates a SPARQL SELECT query over BBAO.

    ``bindings`` maps variable names to absolute IRIs that the caller has already validated; a backend
    binds them without ever splicing user text into the query. ``select`` returns :data:`Solutions` in the
    query's projection order; it raises :class:`bbao.errors.QuerySyntaxError` for a query the engine cannot
    parse and :class:`bbao.errors.BBAOError` for one it cannot evaluate or that is not a SELECT query.
    """

    name: str

    def select(self, query: str, bindings: Mapping[str, str]) -> Solutions:
        """The answer to ``query`` with ``bindings`` applied (see the class)."""
        ...


@runtime_checkable
class RenderingBackend(Backend, Protocol):
    """A backend that can also give the answer already as text, when it makes that faster than a term per
    cell (the columnar one): :func:`bbao.query.run` then prints what ``rendered`` returns."""

    def rendered(self, query: str, bindings: Mapping[str, str],
                 iri: Callable[[str], str]) -> tuple[list[str], list[list[str]]]:
        """The answer as :func:`bbao.query.run` prints it: IRIs through ``iri``, blank nodes as ``_:id``,
        literals as their lexical form, unbound cells as empty strings; raises as ``select`` does."""
        ...


def make_term(kind: TermKind, value: str, *, datatype: str | None = None, language: str | None = None) -> Term:
    """The pyoxigraph term of an answer's cell, from its parts: its kind, its value (an IRI, a blank node
    label, or a literal's lexical form) and, for a literal, its datatype IRI or language tag (neither: an
    ``xsd:string``). Every backend that does not get pyoxigraph terms from its engine builds them here.

    Raises :class:`ValueError` for an invalid IRI, blank node label or language tag (pyoxigraph's checks).

    >>> make_term("literal", "2", datatype="http://www.w3.org/2001/XMLSchema#integer").datatype.value
    'http://www.w3.org/2001/XMLSchema#integer'
    """
    if kind == "iri":
        return pyoxigraph.NamedNode(value)
    if kind == "bnode":
        return pyoxigraph.BlankNode(value)
    if language:
        return pyoxigraph.Literal(value, language=language)
    return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(datatype) if datatype else None)


def values_clause(bindings: Mapping[str, str]) -> str:
    """A trailing SPARQL 1.1 ``VALUES`` clause that binds each variable of ``bindings`` to its IRI, for an
    engine that takes bindings only in the query text (a remote endpoint, maplib); ``""`` for none.

    The values never travel as raw user text: each is parsed as an absolute IRI by pyoxigraph (which
    rejects spaces, ``<``, ``>``, ``"``, ``{``, ``}`` and every other character that could end the IRI,
    raising :class:`ValueError`) and written back in N-Triples form ``<...>``. A variable name that is not
    a SPARQL variable name raises :class:`bbao.errors.BBAOError`. A trailing VALUES clause is joined with
    the query's solutions, which binds a variable the query projects the same way as substitution.
    """
    if not bindings:
        return ""
    names = list(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise BBAOError(f"not a SPARQL variable name: {name!r}")
    iris = " ".join(str(pyoxigraph.NamedNode(bindings[n])) for n in names)
    return f"\nVALUES ({' '.join('?' + n for n in names)}) {{ ({iris}) }}\n"
